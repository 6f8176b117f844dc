package dev.tlsdoctor.report;

import dev.tlsdoctor.logs.LogSummary;
import dev.tlsdoctor.logs.TopCounter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link LogReport} for a person: the table of classes first, then one paragraph per class. Everything
 * taken from the logs (file names, errors and notes, values, reasons, example and sample lines) goes through
 * {@link Safe#text}.
 */
public final class LogText {
  private LogText() {
  }

  public static void render(LogReport r, PrintWriter out, Style st) {
    long files = r.inputs().size();
    out.printf(Locale.ROOT, "%s %d input%s, %,d lines, %,d TLS-related%s%n", st.bold("tlsdoctor logs:"), files,
        files == 1 ? "" : "s", r.lines(), r.tlsEvents(),
        r.firstSeen() == null ? "" : ", " + r.firstSeen().replace('T', ' ') + " .. " + r.lastSeen().replace('T', ' '));
    if (r.outsideTimeRange() > 0) {
      out.printf(Locale.ROOT, "  (%,d TLS-related lines outside --since/--until not counted)%n",
          r.outsideTimeRange());
    }
    for (LogReport.InputReport in : r.inputs()) {
      // an input's error went to standard error, where errors go in every format
      for (String n : in.notes()) {
        out.println(st.yellow("  note: " + Safe.text(n)));
      }
    }
    if (r.classes().isEmpty() && r.unclassified().count() == 0) {
      out.println(st.green("No TLS failures found" + (r.probeTraffic() == null || r.probeTraffic().isEmpty() ? "."
          : " from real clients.")));
      ProbeText.render(r.probeTraffic(), out);
      return;
    }
    out.println();
    out.printf(Locale.ROOT, "%8s %6s  %-30s %-9s %9s  %s%n", "COUNT", "SHARE", "CLASS", "DIRECTION", "RATE/MIN",
        "PEAK MINUTE");
    for (LogReport.ClassReport c : r.classes()) {
      out.printf(Locale.ROOT, "%8s %5.1f%%  %-30s %-9s %9.2f  %s%n", String.format(Locale.ROOT, "%,d", c.count()),
          c.share() * 100, c.failureClass(), c.direction(), c.ratePerMinute(),
          c.peakMinute() == null ? "-" : c.peakMinute().minute().replace('T', ' ').substring(0, 16) + " ("
              + c.peakMinute().count() + ")");
    }
    if (r.unclassified().count() > 0) {
      out.printf(Locale.ROOT, "%8s %5.1f%%  %-30s%n", String.format(Locale.ROOT, "%,d", r.unclassified().count()),
          r.tlsEvents() == 0 ? 0.0 : 100.0 * r.unclassified().count() / r.tlsEvents(), "unclassified");
    }
    for (LogReport.ClassReport c : r.classes()) {
      out.println();
      out.println(st.bold(c.failureClass() + " (" + c.direction() + ")") + " - " + c.title());
      out.println("  " + c.meaning());
      if (c.firstSeen() != null) {
        out.println("  seen:      " + c.firstSeen().replace('T', ' ') + " .. " + c.lastSeen().replace('T', ' '));
      }
      for (LogReport.Spike s : c.spikes()) {
        out.printf(Locale.ROOT, "  %s %s: %d events in one minute (baseline %.2f/min)%n", st.yellow("spike:"),
            s.minute().replace('T', ' ').substring(0, 16), s.count(), s.baselinePerMinute());
      }
      if (c.entries().size() > 1 || (c.entries().size() == 1 && !c.entries().get(0).value().equals(c.failureClass()))) {
        line(out, "entries:", c.entries()); // the knowledge-base variants, for: tlsdoctor explain --entry ID
      }
      line(out, "reasons:", c.reasons());
      line(out, "servers:", c.servers());
      line(out, "hosts:", c.hosts());
      line(out, "upstreams:", c.upstreams());
      line(out, "clients:", c.topClients());
      if (c.example() != null) {
        out.println("  example:   " + Safe.text(c.example().file()) + ":" + c.example().line());
        out.println("             " + st.dim(Safe.text(c.example().text())));
      }
      out.println("  more:      " + Safe.text(c.explain())); // tlsdoctor explain 'the top reason'
    }
    if (r.unclassified().count() > 0) {
      out.println();
      out.println(st.bold("unclassified") + " - TLS-related lines that fit no class (" + r.unclassified().count()
          + "); samples:");
      for (LogSummary.Sample e : r.unclassified().samples()) {
        out.println("  " + Safe.text(e.file()) + ":" + e.line() + ": " + Safe.text(e.text()));
      }
    }
    ProbeText.render(r.probeTraffic(), out);
  }

  private static void line(PrintWriter out, String label, List<TopCounter.Count> values) {
    if (values.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "  %-10s %s%n", label,
        values.stream().map(v -> Safe.text(v.value()) + " (" + v.count() + ")").collect(Collectors.joining(", ")));
  }
}
