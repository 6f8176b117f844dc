package dev.tlsdoctor.report;

import dev.tlsdoctor.diagnose.Report;
import dev.tlsdoctor.logs.ProbeTraffic;
import dev.tlsdoctor.logs.TopCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report of {@code diagnose} as one self-contained HTML page: no script, no font, no request of any kind (a
 * Content-Security-Policy of {@code default-src 'none'} says so to the browser too), the charts drawn as inline SVG.
 * Sections: what was read, the timeline of failures per class, each diagnosis with its evidence and diff, the
 * latent problems, the client matrix (simulated clients, when the report has them) and the probe traffic. Every
 * value from logs, certificates, configurations and scans goes through {@link #esc}, so a {@code <script>} in a
 * server_name is text on the page.
 */
public final class DiagnoseHtml {
  private static final int CHART_WIDTH = 720;
  private static final int CHART_HEIGHT = 48;
  /** The widest bar: a timeline of a few buckets stays a timeline. */
  private static final double MAX_BAR = 16;

  private DiagnoseHtml() {
  }

  public static String render(Report r, String version) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';")
        .append(" img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>tlsdoctor diagnose</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>tlsdoctor diagnose</h1>\n");
    inputs(h, r.inputs(), version);
    summary(h, r);
    timeline(h, r.timeline());
    h.append("<section id=\"diagnoses\">\n<h2>Diagnoses (").append(r.diagnoses().size()).append(")</h2>\n");
    if (r.diagnoses().isEmpty()) {
      h.append("<p class=\"none\">").append(r.inputs().logs().isEmpty() ? "No logs given: only latent problems can"
          + " be shown." : "No TLS handshake failure in the logs.").append("</p>\n");
    }
    for (Report.Diagnosis d : r.diagnoses()) {
      diagnosis(h, d, "diagnosis");
    }
    h.append("</section>\n<section id=\"latent\">\n<h2>Latent (in the configuration or a scan, not in the logs): ")
        .append(r.latent().size()).append("</h2>\n");
    for (Report.Diagnosis d : r.latent()) {
      diagnosis(h, d, "diagnosis latent");
    }
    h.append("</section>\n");
    clientMatrix(h, r);
    probes(h, r.probeTraffic());
    h.append("<footer>Written by tlsdoctor ").append(esc(version)).append(". This page loads nothing from the"
        + " network.</footer>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void inputs(StringBuilder h, Report.Inputs in, String version) {
    h.append("<section id=\"inputs\">\n<dl class=\"inputs\">\n");
    item(h, "logs", in.logs().isEmpty() ? "none" : String.join(", ", in.logs()) + " (" + in.lines() + " lines, "
        + in.tlsEvents() + " TLS-related)");
    item(h, "configuration", in.config() == null ? "none" : in.config() + " (nginx " + in.nginxVersion() + ")");
    item(h, "scanned", in.scanned() == null || in.scanned().isEmpty() ? "nothing" : String.join(", ",
        in.scanned().stream().map(t -> in.scannedAs().containsKey(t) ? t + " (as " + in.scannedAs().get(t) + ")" : t)
            .toList()));
    for (String e : in.errors()) {
      item(h, "problem", e);
    }
    h.append("</dl>\n</section>\n");
  }

  private static void summary(StringBuilder h, Report r) {
    h.append("<table id=\"summary\">\n<thead><tr><th>#</th><th>class</th><th>direction</th><th>listen</th>"
        + "<th>server_name</th><th>fix in</th><th>events</th><th>at</th></tr></thead>\n<tbody>\n");
    for (Report.Diagnosis d : r.diagnoses()) {
      h.append("<tr><td><a href=\"#d").append(d.rank()).append("\">").append(d.rank()).append("</a></td><td>")
          .append(esc(d.failureClass())).append("</td><td>").append(esc(d.direction())).append("</td><td>")
          .append(esc(d.listen())).append("</td><td>").append(esc(d.serverName())).append("</td><td>")
          .append(esc(d.fixWhere())).append("</td><td class=\"n\">").append(d.affected().logEvents()
              + d.affected().backendEvents()).append("</td><td>").append(d.causeAt() == null ? ""
              : esc(d.causeAt().file() + ":" + d.causeAt().line())).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  /** One row per class: a bar per bucket, scaled to the busiest bucket of that class. */
  private static void timeline(StringBuilder h, Report.Timeline t) {
    h.append("<section id=\"timeline\">\n<h2>Timeline of failures per class</h2>\n");
    if (t == null || t.series().isEmpty()) {
      h.append("<p class=\"none\">No failure with a time in the logs.</p>\n</section>\n");
      return;
    }
    h.append("<p>From ").append(esc(t.start().replace('T', ' '))).append(", ").append(t.buckets())
        .append(" bars of ").append(t.bucketMinutes()).append(" minute(s); probe traffic left out.</p>\n");
    double w = Math.min(MAX_BAR, (double) CHART_WIDTH / Math.max(1, t.buckets()));
    for (Report.Series s : t.series()) {
      long max = 1;
      for (long n : s.counts()) {
        max = Math.max(max, n);
      }
      h.append("<div class=\"series\"><div class=\"label\">").append(esc(s.failureClass())).append(" (")
          .append(esc(s.direction())).append(") <span class=\"n\">").append(s.total()).append("</span></div>\n")
          .append("<svg class=\"chart\" data-class=\"").append(esc(s.failureClass())).append("\" width=\"")
          .append(CHART_WIDTH).append("\" height=\"").append(CHART_HEIGHT).append("\" viewBox=\"0 0 ")
          .append(CHART_WIDTH).append(' ').append(CHART_HEIGHT).append("\" role=\"img\"><title>")
          .append(esc(s.failureClass())).append(": ").append(s.total()).append(" failure(s), at most ").append(max)
          .append(" per bar</title>");
      for (int i = 0; i < s.counts().length; i++) {
        long n = s.counts()[i];
        if (n > 0) {
          double bh = Math.max(1.0, (double) n / max * (CHART_HEIGHT - 2));
          h.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"><title>%d"
              + "</title></rect>", i * w, CHART_HEIGHT - bh, Math.max(1.0, w - 0.5), bh, n));
        }
      }
      h.append("</svg></div>\n");
    }
    h.append("</section>\n");
  }

  private static void diagnosis(StringBuilder h, Report.Diagnosis d, String cls) {
    h.append("<article class=\"").append(cls).append("\" id=\"d").append(d.rank()).append("\">\n<h3>#")
        .append(d.rank()).append(' ').append(esc(d.failureClass())).append(" <span class=\"dir\">(")
        .append(esc(d.direction())).append(")</span></h3>\n<dl>\n");
    if (d.listen() != null) {
      item(h, "listen", d.listen());
    }
    if (d.serverName() != null) {
      item(h, "server_name", d.serverName());
    }
    item(h, "cause", d.cause());
    if (d.causeAt() != null) {
      item(h, "at", d.causeAt().file() + ":" + d.causeAt().line() + " (" + d.causeAt().directive() + ")");
    }
    item(h, "fix in", d.fixWhere());
    Report.Affected a = d.affected();
    item(h, "affected", a.logEvents() + " event(s)" + (a.backendEvents() > 0 ? " and " + a.backendEvents()
        + " logged by the backend" : "") + (a.clients().isEmpty() ? "" : "; clients " + a.clients().stream()
        .map(c -> c.ip() + " (" + c.count() + ")").collect(Collectors.joining(", "))));
    h.append("</dl>\n<ul class=\"evidence\">\n");
    for (Report.Evidence e : d.evidence()) {
      h.append("<li><span class=\"kind kind-").append(esc(e.kind())).append("\">").append(esc(e.kind()))
          .append("</span> ").append(e.at() == null ? "" : "<code>" + esc(e.at()) + "</code> ").append(esc(e.text()))
          .append("</li>\n");
    }
    h.append("</ul>\n");
    if (d.fix().diff() != null) {
      h.append("<p class=\"fix\">Fix (").append(Boolean.TRUE.equals(d.fix().verified()) ? "verified" : "not verified")
          .append("): ").append(esc(d.fix().verification())).append("</p>\n<pre class=\"diff\">");
      for (String l : d.fix().diff().split("\n")) {
        String line = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
        String kind = line.startsWith("+++") || line.startsWith("---") ? "file" : line.startsWith("+") ? "add"
            : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "ctx";
        h.append("<span class=\"").append(kind).append("\">").append(esc(line)).append("</span>\n");
      }
      h.append("</pre>\n");
    } else if (d.fix().verification() != null) {
      h.append("<p class=\"fix\">Fix: ").append(esc(d.fix().verification())).append("</p>\n");
    }
    if (!d.deadEnds().isEmpty()) {
      h.append("<details><summary>Will not help (").append(d.deadEnds().size()).append(")</summary><ul>");
      d.deadEnds().forEach(x -> h.append("<li>").append(esc(x)).append("</li>"));
      h.append("</ul></details>\n");
    }
    for (String v : d.verify()) {
      h.append("<p class=\"verify\">Verify: <code>").append(esc(v)).append("</code></p>\n");
    }
    h.append("</article>\n");
  }

  /**
   * Clients (rows) against the diagnosed places (columns): connects or the failure class. Filled from the
   * diagnoses' simulated clients; a report without a simulation says so.
   */
  private static void clientMatrix(StringBuilder h, Report r) {
    h.append("<section id=\"client-matrix\">\n<h2>Client matrix</h2>\n");
    List<Report.Diagnosis> columns = new ArrayList<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (Report.Diagnosis d : r.diagnoses()) {
      List<Report.SimulatedClient> sim = d.affected().simulatedClients();
      if (sim != null && !sim.isEmpty()) {
        columns.add(d);
        sim.forEach(c -> names.putIfAbsent(c.id(), c.name() + (c.version() == null
            || c.name().contains(c.version()) ? "" : " " + c.version())));
      }
    }
    if (columns.isEmpty()) {
      h.append("<p class=\"none\">No client simulation in this report: which client families fail is not known"
          + " here.</p>\n</section>\n");
      return;
    }
    h.append("<table class=\"matrix\">\n<thead><tr><th>client</th>");
    for (Report.Diagnosis d : columns) {
      h.append("<th>#").append(d.rank()).append(' ').append(esc(d.listen())).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (Map.Entry<String, String> c : names.entrySet()) {
      h.append("<tr><td>").append(esc(c.getValue())).append("</td>");
      for (Report.Diagnosis d : columns) {
        Report.SimulatedClient v = d.affected().simulatedClients().stream().filter(x -> x.id().equals(c.getKey()))
            .findFirst().orElse(null);
        if (v == null) {
          h.append("<td></td>");
        } else if (v.connects()) {
          h.append("<td class=\"ok\">connects</td>");
        } else {
          h.append("<td class=\"fail\" title=\"").append(esc(v.reason())).append("\">").append(esc(v.failureClass()))
              .append("</td>");
        }
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void probes(StringBuilder h, List<ProbeTraffic.Probe> probes) {
    h.append("<section id=\"probe-traffic\">\n<h2>Probe traffic (set apart from real clients)</h2>\n");
    if (probes == null || probes.isEmpty()) {
      h.append("<p class=\"none\">None.</p>\n</section>\n");
      return;
    }
    h.append("<table>\n<thead><tr><th>client</th><th>socket</th><th>failures</th><th>bursts</th><th>first</th>"
        + "<th>last</th><th>classes</th></tr></thead>\n<tbody>\n");
    for (ProbeTraffic.Probe p : probes) {
      h.append("<tr><td>").append(esc(p.client())).append("</td><td>").append(esc(p.server())).append("</td><td class="
          + "\"n\">").append(p.events()).append("</td><td class=\"n\">").append(p.bursts()).append("</td><td>")
          .append(esc(p.firstSeen())).append("</td><td>").append(esc(p.lastSeen())).append("</td><td>")
          .append(esc(p.classes().stream().map((TopCounter.Count c) -> c.value() + " " + c.count())
              .collect(Collectors.joining(", ")))).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void item(StringBuilder h, String term, String value) {
    h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  /**
   * {@code s} as HTML text, also inside a double-quoted attribute: {@code & < > " '} as character references, and
   * the characters a terminal would act on as {@link Safe#text} shows them ("" for null).
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    String t = Safe.text(s);
    StringBuilder b = new StringBuilder(t.length() + 16);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px; padding: 0 1em;
        color: #1b1f24; background: #fff; }
      h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
      h3 { margin: 0 0 .4em; } .dir { color: #57606a; font-weight: normal; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .4em 0; }
      dt { color: #57606a; } dd { margin: 0; overflow-wrap: anywhere; }
      table { border-collapse: collapse; width: 100%; margin: .6em 0; }
      th, td { border: 1px solid #d0d7de; padding: .25em .5em; text-align: left; vertical-align: top;
        overflow-wrap: anywhere; }
      th { background: #f6f8fa; } #summary td:nth-child(-n+7) { white-space: nowrap; } td.n, .n { text-align: right; font-variant-numeric: tabular-nums; }
      article.diagnosis { border: 1px solid #d0d7de; border-left: 5px solid #cf222e; border-radius: 6px;
        padding: .8em 1em; margin: 1em 0; }
      article.latent { border-left-color: #bf8700; }
      .evidence { padding-left: 1.2em; } .kind { display: inline-block; min-width: 4em; font-weight: 600; }
      .kind-scan { color: #0550ae; } .kind-config { color: #8250df; } .kind-log { color: #1a7f37; }
      pre.diff { background: #f6f8fa; padding: .6em; overflow-x: auto; font-size: 12.5px; }
      pre.diff .add { color: #1a7f37; background: #dafbe1; } pre.diff .del { color: #cf222e; background: #ffebe9; }
      pre.diff .hunk { color: #8250df; } pre.diff .file { font-weight: 600; }
      .series { margin: .3em 0; } .series .label { font-family: ui-monospace, monospace; font-size: 12.5px; }
      svg.chart { background: #f6f8fa; display: block; } svg.chart rect { fill: #cf222e; }
      .matrix td.ok { color: #1a7f37; } .matrix td.fail { color: #cf222e; font-weight: 600; }
      .none { color: #57606a; font-style: italic; } code { font-family: ui-monospace, monospace; font-size: 12.5px; }
      footer { margin-top: 2em; color: #57606a; font-size: 12px; }
      """;
}
