package dev.tlsdoctor.report;

import dev.tlsdoctor.explain.Explanation;
import dev.tlsdoctor.kb.KbEntry;
import java.io.PrintWriter;
import java.util.List;

/**
 * Renders an {@link Explanation} for a person. The fields parsed from the message (which comes from outside: a log
 * line, a client's output) go through {@link Safe#text} in {@link #field}; the knowledge-base entry is the tool's own.
 */
public final class ExplainText {
  private ExplainText() {
  }

  public static void render(Explanation x, PrintWriter out, Style st) {
    Explanation.Fields f = x.parsed();
    out.println(st.bold("Parsed") + " (" + Safe.text(f.kind()) + ")");
    field(out, "direction", "unknown".equals(f.direction()) ? null : f.direction() + directionNote(f.direction()));
    field(out, "time", f.time() == null ? null : f.time().replace('T', ' '));
    field(out, "level", f.level());
    field(out, "connection", f.connection() == null ? null : "*" + f.connection());
    field(out, "client", f.client());
    field(out, "server", f.server());
    field(out, "request", f.request());
    field(out, "upstream", f.upstream());
    field(out, "host", f.host());
    field(out, "message", f.message());
    field(out, "while", f.action());
    field(out, "reason", f.reason());
    field(out, "code", f.code() == null ? null : f.code() + (f.symbol() == null ? "" : " (" + f.symbol() + ")"));
    field(out, "function", f.function());
    field(out, "openssl", f.generation());
    field(out, "alert", f.alert());
    field(out, "verify", f.verify() == null ? null
        : (f.verifyCode() == null ? "" : f.verifyCode() + ": ") + f.verify());
    out.println();
    if (!x.recognized()) {
      out.println(st.yellow("This message is not in the knowledge base."));
      if (!x.closest().isEmpty()) {
        out.println("Closest entries: " + String.join(", ", x.closest())
            + "  (tlsdoctor explain --entry ID shows one)");
      }
      return;
    }
    List<String> client = x.clientFixes();
    if (!client.isEmpty()) {
      // whoever holds a client's message runs the client: its side first, then what the server's operator checks
      out.println(st.bold("On the client (this message comes from " + Safe.text(f.kind()) + ")"));
      client.forEach(c -> out.println("  - " + c));
      out.println("  Then, on the server: the causes and fixes below (they name nginx's directives).");
      out.println();
    } else if ("server".equals(x.holder())) {
      out.println(st.bold("On the server") + " (a TLS server other than nginx wrote this message): the causes below"
          + " apply to it; the fixes name nginx's directives, and that server has settings of the same kind.");
      out.println();
    }
    entry(x.entry(), f.direction(), out, st);
    out.println();
    out.println(st.dim("matched by " + x.match().kind() + " signature: " + Safe.text(x.match().signature())));
  }

  /** Prints a knowledge-base entry; fixes for the given direction first. */
  public static void entry(KbEntry e, String direction, PrintWriter out, Style st) {
    out.println(st.bold(e.id()) + " - " + e.title() + "   [class " + e.failureClass().id() + "]");
    out.println();
    section(out, st, "What it means", List.of(e.meaning()));
    section(out, st, "Who raised it", List.of(e.side()));
    out.println(st.bold("Likely causes (most likely first)"));
    for (int i = 0; i < e.causes().size(); i++) {
      out.println("  " + (i + 1) + ". " + e.causes().get(i));
    }
    out.println();
    boolean upstreamFirst = "upstream".equals(direction);
    fixes(out, st, upstreamFirst ? "Fix (nginx as client of the upstream)" : "Fix (nginx as server)",
        upstreamFirst ? e.fixes().upstream() : e.fixes().server());
    fixes(out, st, upstreamFirst ? "Fix (nginx as server)" : "Fix (nginx as client of the upstream)",
        upstreamFirst ? e.fixes().server() : e.fixes().upstream());
    if (!e.deadEnds().isEmpty()) {
      out.println(st.bold("Does not help"));
      for (KbEntry.DeadEnd d : e.deadEnds()) {
        out.println("  - " + d.remedy() + ": " + d.why());
      }
      out.println();
    }
    commands(out, st, "Reproduce", e.reproduce());
    commands(out, st, "Diagnose", e.diagnose());
    if (!e.related().isEmpty()) {
      out.println(st.bold("Related") + ": " + String.join(", ", e.related()));
    }
  }

  private static String directionNote(String d) {
    return switch (d) {
      case "client" -> " (a client connected to nginx; nginx was the TLS server)";
      case "upstream" -> " (nginx connected to an upstream; nginx was the TLS client)";
      case "local" -> " (nginx's own configuration or files)";
      default -> "";
    };
  }

  /** One parsed field: a value from the message, escaped. */
  private static void field(PrintWriter out, String name, String value) {
    if (value != null) {
      out.printf("  %-11s %s%n", name + ":", Safe.text(value));
    }
  }

  private static void section(PrintWriter out, Style st, String title, List<String> paragraphs) {
    out.println(st.bold(title));
    for (String p : paragraphs) {
      out.println("  " + p.strip().replace("\n", "\n  "));
    }
    out.println();
  }

  private static void fixes(PrintWriter out, Style st, String title, List<KbEntry.Fix> fixes) {
    if (fixes.isEmpty()) {
      return;
    }
    out.println(st.bold(title));
    for (KbEntry.Fix f : fixes) {
      out.println("  - " + f.when() + ":");
      out.println("      " + st.green(f.change().strip().replace("\n", "\n      ")));
    }
    out.println();
  }

  private static void commands(PrintWriter out, Style st, String title, List<String> cmds) {
    if (cmds.isEmpty()) {
      return;
    }
    out.println(st.bold(title));
    for (String c : cmds) {
      out.println("  $ " + c);
    }
    out.println();
  }
}
