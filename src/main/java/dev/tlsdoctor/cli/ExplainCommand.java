package dev.tlsdoctor.cli;

import dev.tlsdoctor.explain.Explanation;
import dev.tlsdoctor.kb.KbEntry;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.report.ExplainText;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Explain a TLS error message: meaning, causes, fixes, dead ends.",
    description = "Explains a TLS error message: an nginx error.log line, a bare OpenSSL error of any generation, a"
        + " packed code alone, or a client's message (curl, openssl s_client, Java, Go, Python, browsers). Prints"
        + " the fields found in it and the knowledge-base entry: what it means, who raised it, the causes, the fixes"
        + " for the server and the upstream side, the dead ends, and commands to reproduce and diagnose it.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor explain '2026/06/27 11:51:44 [info] 2841#2843: *934",
        "    SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared",
        "    cipher) while SSL handshaking, client: 192.0.2.45, server: 0.0.0.0:443'",
        "  tlsdoctor explain 'error:14094410:SSL routines:ssl3_read_bytes:sslv3",
        "    alert handshake failure'",
        "  tlsdoctor explain 0A0000C1",
        "  tlsdoctor explain 'curl: (35) error:0A00042E:SSL routines::tlsv1 alert",
        "    protocol version'",
        "  tlsdoctor explain 'Received fatal alert: handshake_failure'",
        "  tlsdoctor explain ERR_SSL_VERSION_OR_CIPHER_MISMATCH",
        "  openssl s_client -connect host:443 2>&1 | tlsdoctor explain -",
        "  tlsdoctor explain --list",
        "  tlsdoctor explain --entry no-shared-cipher",
        "",
        "Exit codes:",
        "  0  recognised",
        "  1  not recognised (the closest entries are shown)",
        "  2  usage error"})
final class ExplainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "MESSAGE", description = "The message (several words are joined with"
      + " spaces); - reads it from standard input.")
  List<String> words = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  String format = "text";

  @Option(names = "--entry", paramLabel = "ID", description = "Show the knowledge-base entry with this id.")
  String entryId;

  @Option(names = "--list", description = "List every knowledge-base entry: id, class, title.")
  boolean list;

  @Option(names = "--no-color", description = "No colours, even on a terminal.")
  boolean noColor;

  @Override
  public Integer call() throws IOException {
    Options.requireOneOf(spec, "--format", format, "text", "json");
    KnowledgeBase kb = KnowledgeBase.get();
    Style st = Style.forTerminal(!noColor);
    PrintWriter out = text(spec.commandLine().getOut(), st);
    if (list) {
      if (format.equals("json")) {
        out.println(Json.pretty(kb.entries()));
      } else {
        for (KbEntry e : kb.entries()) {
          out.printf("%-36s %-30s %s%n", e.id(), e.failureClass().id(), e.title());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
    if (entryId != null) {
      Optional<KbEntry> e = kb.entry(entryId);
      if (e.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--entry: no knowledge-base entry '" + Safe.text(entryId)
            + "' (tlsdoctor explain --list shows the ids)");
      }
      if (format.equals("json")) {
        out.println(Json.pretty(e.get()));
      } else {
        ExplainText.entry(e.get(), "client", out, st);
      }
      out.flush();
      return ExitCodes.OK;
    }
    String message = message();
    if (message.isBlank()) {
      throw new ParameterException(spec.commandLine(), "give a message to explain, e.g. tlsdoctor explain "
          + "'SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher)'");
    }
    return explain(message, kb, format, out, st);
  }

  /**
   * {@code explain [--format json|text] WORD...} without picocli (see {@link PlainCommandLine}); null for any other
   * command line, or one whose words are all blank (picocli's message asks for one).
   */
  static java.util.concurrent.Callable<Integer> plain(String[] args, PrintWriter stdout) {
    PlainCommandLine p = PlainCommandLine.of(args, "explain", w -> true);
    if (p == null || String.join(" ", p.arguments()).isBlank()) {
      return null;
    }
    return () -> {
      Style st = Style.forTerminal(true);
      return explain(String.join(" ", p.arguments()), KnowledgeBase.get(), p.format(),
          text(stdout, p.format(), st), st);
    };
  }

  private static int explain(String message, KnowledgeBase kb, String format, PrintWriter out, Style st) {
    Explanation x = Explanation.of(message, kb);
    if (format.equals("json")) {
      out.println(Json.pretty(x));
    } else {
      ExplainText.render(x, out, st);
    }
    out.flush();
    return x.recognized() ? ExitCodes.OK : ExitCodes.FOUND;
  }

  /**
   * Standard output; for text, behind the safety net that lets no escape sequence through but {@code st}'s own
   * (ExplainText escapes what it prints from the message).
   */
  private PrintWriter text(PrintWriter out, Style st) {
    return text(out, format, st);
  }

  private static PrintWriter text(PrintWriter out, String format, Style st) {
    return format.equals("json") ? out : TerminalWriter.wrap(out, st);
  }

  private String message() throws IOException {
    if (words.size() == 1 && words.get(0).equals("-")) {
      InputStream in = System.in;
      byte[] b = in.readNBytes(1 << 20); // a pasted message; more than 1 MiB is not a message
      return new String(b, StandardCharsets.UTF_8);
    }
    return String.join(" ", words);
  }
}
