package dev.tlsdoctor.report;

import dev.tlsdoctor.diagnose.Report;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The human report of {@code diagnose}: the most important first — each failure with its cause, where it is
 * written, the fix, who is hurt — then latent problems and probe traffic. Every value from logs and configurations
 * goes through {@link Safe#text}.
 */
public final class DiagnoseText {
  /** Latent problems shown without {@code --verbose}. */
  static final int LATENT_SHOWN = 5;

  private DiagnoseText() {
  }

  public static void render(Report r, boolean verbose, PrintWriter out) {
    Report.Inputs in = r.inputs();
    out.printf("tlsdoctor diagnose: %s%s%s%n", in.logs().isEmpty() ? "no logs" : in.logs().size() + " log input(s), "
        + in.lines() + " lines, " + in.tlsEvents() + " TLS-related", in.config() == null ? ", no configuration"
        : ", configuration " + v(in.config()) + " (nginx " + v(in.nginxVersion()) + ")", in.scanned() == null
        || in.scanned().isEmpty() ? "" : ", " + in.scanned().size() + " endpoint(s) scanned" + (in.scannedAs().isEmpty()
        ? "" : " (" + in.scannedAs().size() + " of them sockets answering as another with the same servers, "
        + "whose scan stands for them)"));
    if (r.diagnoses().isEmpty()) {
      out.println(in.logs().isEmpty() ? "\nNo logs given: only latent problems can be shown."
          : "\nNo TLS handshake failure in the logs.");
    }
    for (Report.Diagnosis d : r.diagnoses()) {
      diagnosis(d, verbose, out);
    }
    if (!r.latent().isEmpty()) {
      out.printf("%nLatent (in the configuration or a scan, not in the logs): %d%n", r.latent().size());
      List<Report.Diagnosis> shown = verbose ? r.latent() : r.latent().stream().limit(LATENT_SHOWN).toList();
      for (Report.Diagnosis d : shown) {
        // a scan's finding has no directive to point at: the endpoint it was found at says where
        out.printf("  %s  %s  %s%n", v(d.failureClass()), d.causeAt() != null ? v(d.causeAt().file()) + ":"
            + d.causeAt().line() : d.listen() == null ? "" : "listen " + v(d.listen()), v(d.cause()));
        if (d.affected().simulatedClients() != null && !d.affected().simulatedClients().isEmpty()) {
          out.print("  ");
          simulated(d.affected(), out);
        }
        if (verbose && d.fix().diff() != null) {
          diff(d.fix(), out);
        }
      }
      if (shown.size() < r.latent().size()) {
        out.printf("  ... and %d more (--verbose)%n", r.latent().size() - shown.size());
      }
    }
    ProbeText.render(r.probeTraffic(), out);
  }

  private static void diagnosis(Report.Diagnosis d, boolean verbose, PrintWriter out) {
    out.printf("%n#%d %s (%s)%s%s%n", d.rank(), v(d.failureClass()), v(d.direction()), d.listen() == null ? ""
        : "  listen " + v(d.listen()), d.serverName() == null ? "" : "  server_name \"" + v(d.serverName()) + "\"");
    out.println("  cause:     " + v(d.cause()));
    if (d.causeAt() != null) {
      out.printf("  at:        %s:%d (%s)%n", v(d.causeAt().file()), d.causeAt().line(), v(d.causeAt().directive()));
    }
    out.println("  fix in:    " + v(d.fixWhere()));
    Report.Affected a = d.affected();
    out.printf("  affected:  %d event(s)%s%s%n", a.logEvents(), a.backendEvents() > 0 ? " (and " + a.backendEvents()
        + " logged by the backend)" : "", a.clients().isEmpty() ? "" : "; clients " + a.clients().stream()
        .map(c -> v(c.ip()) + " (" + c.count() + ")").collect(Collectors.joining(", ")));
    simulated(a, out);
    // without --verbose: the first two log pieces (a proxied failure's two ends), the first of each other kind
    // (config, scan), so that every source that agrees is seen
    java.util.Map<String, Integer> kinds = new java.util.HashMap<>();
    for (Report.Evidence e : verbose ? d.evidence() : d.evidence().stream().filter(e -> kinds.merge(e.kind(), 1,
        Integer::sum) <= (e.kind().equals("log") ? 2 : 1)).toList()) {
      out.printf("  %-10s %s%s%n", e.kind() + ":", e.at() == null ? "" : v(e.at()) + "  ", v(e.text()));
    }
    if (d.fix().diff() != null) {
      diff(d.fix(), out);
    } else if (d.fix().verification() != null) {
      out.println("  fix:       " + v(d.fix().verification()));
    }
    List<String> dead = verbose ? d.deadEnds() : d.deadEnds().stream().limit(2).toList();
    for (String x : dead) {
      out.println("  won't help: " + v(x));
    }
    for (String x : d.verify()) {
      out.println("  verify:    " + v(x));
    }
  }

  /** "clients that cannot connect: N of 63 (e.g. ...)" when the simulation ran there. */
  private static void simulated(Report.Affected a, PrintWriter out) {
    if (a.simulatedClients() == null) {
      return;
    }
    List<Report.SimulatedClient> sim = a.simulatedClients();
    out.printf("  clients that cannot connect: %d of %d%s%n", sim.size(), a.simulatedProfiles(), sim.isEmpty() ? ""
        : " (e.g. " + sim.stream().limit(4).map(c -> v(c.name())).collect(Collectors.joining(", "))
            + (sim.size() > 4 ? " ..." : "") + ")");
  }

  private static void diff(Report.Fix f, PrintWriter out) {
    out.println("  fix (" + v(f.verification()) + "):");
    for (String l : f.diff().split("\n")) {
      out.println("    " + Safe.keepingTabs(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l));
    }
  }

  private static String v(Object o) {
    return Safe.text(o);
  }
}
