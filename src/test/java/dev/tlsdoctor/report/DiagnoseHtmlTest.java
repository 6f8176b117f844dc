package dev.tlsdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.testing.Tools;
import java.io.DataInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of {@code diagnose}, rendered by a real browser: headless Chromium loads the file, its DOM (after
 * the page has run whatever it would run) is checked, and a screenshot is taken. Also hostile strings: a
 * {@code <script>} in a server_name and in a log line stays text.
 */
class DiagnoseHtmlTest {
  @TempDir
  Path tmp;

  private Path html(String... args) throws Exception {
    Path file = tmp.resolve("report.html");
    List<String> all = new ArrayList<>(List.of("diagnose", "--format", "html", "--output", file.toString(),
        "--nginx-version", "1.22.1"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).endsWith("tlsdoctor: diagnose: wrote " + file + "\n");
    return file;
  }

  private List<String> chromium(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Tools.require("chromium").toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--user-data-dir=" + tmp.resolve("profile")));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The DOM Chromium built from {@code file}, after its scripts (if any could run) ran. */
  private String dom(Path file) {
    Tools.Result r = Tools.run(chromium("--dump-dom", file.toUri().toString()), new byte[0], Duration.ofSeconds(90));
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
    return r.stdout();
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void bundledExample_domHasTheDiagnosesDiffsTimelineAndMatrixPlace_screenshotTaken() throws Exception {
    Path file = html("--config", "examples/diagnose/nginx.conf", "--log", "examples/diagnose/error.log");
    String source = Files.readString(file);
    // self-contained: nothing to fetch, nothing to run
    assertThat(source).doesNotContain("<script", "<link", "src=", "@import", "url(");
    assertThat(source).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");

    String dom = dom(file);
    assertThat(dom).contains("<title>tlsdoctor diagnose</title>");
    assertThat(count(dom, "<tr><td><a href=\"#d\\d\">")).isEqualTo(4); // the summary: four diagnoses
    assertThat(dom).contains("<h2>Diagnoses (4)</h2>");
    assertThat(dom).contains("<h3>#1 protocol-version-mismatch <span class=\"dir\">(upstream)</span></h3>");
    assertThat(dom).contains("<span class=\"del\">-        proxy_ssl_protocols TLSv1.3;</span>\n"
        + "<span class=\"add\">+        proxy_ssl_protocols TLSv1.2 TLSv1.3;</span>");
    // the timeline: one chart per class and direction in the log (the backend's lines are a series of their own)
    assertThat(count(dom, "<svg class=\"chart\"")).isEqualTo(5);
    assertThat(dom).contains("<svg class=\"chart\" data-class=\"signature-algorithm-mismatch\"");
    // the client matrix: the two diagnoses whose cause is the server's policy (not the upstream one, whose client
    // is nginx, nor plain HTTP to a TLS port)
    assertThat(dom).contains("<section id=\"client-matrix\">\n<h2>Client matrix</h2>\n<table class=\"matrix\">\n"
        + "<thead><tr><th>client</th><th>#2 127.0.0.1:18443</th><th>#3 127.0.0.1:18444</th></tr></thead>");
    assertThat(dom).contains("<tr><td>Java 8u161</td><td class=\"fail\" title=\"the highest version both speak is TLS"
        + " 1.1 (the server enables nothing newer), which OpenSSL 3.0 at security level 1 cannot sign for (&quot;no"
        + " suitable signature algorithm&quot;; TLS 1.0 and 1.1 need security level 0): the server answers"
        + " internal_error (", "servers.conf:8 ssl_protocols TLSv1.1)\">internal-error-alert</td><td class=\"fail\""
        + " title=\"the suites in common need an ECDSA certificate; the server has RSA 2048 certificate (");
    assertThat(count(dom, "<tr><td>[^<]*</td><td class=")).isEqualTo(63);
    assertThat(dom).contains("<h2>Latent (in the configuration or a scan, not in the logs): 3</h2>");
    assertThat(dom).contains("<section id=\"probe-traffic\">");

    Path png = tmp.resolve("report.png");
    Tools.Result shot = Tools.run(chromium("--screenshot=" + png, "--window-size=1200,2400", "--hide-scrollbars",
        file.toUri().toString()), new byte[0], Duration.ofSeconds(90));
    assertThat(shot.exitCode()).as(shot.output()).isZero();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(png))) {
      byte[] signature = in.readNBytes(8);
      assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
      in.readInt(); // IHDR length
      assertThat(new String(in.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IHDR");
      assertThat(in.readInt()).isEqualTo(1200);
      assertThat(in.readInt()).isEqualTo(2400);
    }
    assertThat(Files.size(png)).isGreaterThan(50_000); // a page with text and colour, not a blank one
  }

  @Test
  void hostileStrings_inServerNameAndLogLine_stayText() throws Exception {
    String evil = "<script>document.title='pwned'</script>";
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n  server {\n    listen 127.0.0.1:8443 ssl;\n"
        + "    server_name \"" + evil + "\";\n    ssl_certificate /nonexistent/leaf.crt;\n"
        + "    ssl_certificate_key /nonexistent/leaf.key;\n    ssl_protocols TLSv1.1;\n  }\n}\n");
    Path log = tmp.resolve("error.log");
    Files.writeString(log, "2026/11/23 01:00:00 [info] 100#100: *1 SSL_do_handshake() failed (SSL: error:0A000102:"
        + "SSL routines::unsupported protocol) while SSL handshaking, client: 192.0.2.7, server: 127.0.0.1:8443\n"
        + "2026/11/23 01:00:01 [info] 100#100: *2 client sent plain HTTP request to HTTPS port while reading client"
        + " request headers, client: 192.0.2.8, server: " + evil + ", request: \"GET /<img src=x onerror=alert(1)>"
        + " HTTP/1.1\", host: \"<b>bold</b>:8443\"\n");
    Path file = html("--config", conf.toString(), "--log", log.toString());
    String source = Files.readString(file);
    assertThat(source).doesNotContain("<script", "<img", "<b>");
    assertThat(source).contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;");

    String dom = dom(file);
    assertThat(dom).contains("<title>tlsdoctor diagnose</title>"); // no script ran to change it
    assertThat(dom).doesNotContain("<script", "<img", "<b>");
    assertThat(dom).contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;");
    assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void simulatedClients_matrixOfClientsAgainstDiagnoses_namesEscaped() throws Exception {
    dev.tlsdoctor.diagnose.Report.Affected a1 = new dev.tlsdoctor.diagnose.Report.Affected(3, 0, List.of(), List.of(
        new dev.tlsdoctor.diagnose.Report.SimulatedClient("java-8", "Java", "8u31", false,
            "protocol-version-mismatch", "offers TLS 1.0 at most"),
        new dev.tlsdoctor.diagnose.Report.SimulatedClient("firefox", "Firefox <b>", "128", true, null, null)));
    dev.tlsdoctor.diagnose.Report.Affected a2 = new dev.tlsdoctor.diagnose.Report.Affected(1, 0, List.of(), List.of(
        new dev.tlsdoctor.diagnose.Report.SimulatedClient("firefox", "Firefox <b>", "128", false,
            "no-shared-cipher", "no suite in common")));
    dev.tlsdoctor.diagnose.Report.Fix none = new dev.tlsdoctor.diagnose.Report.Fix(null, null, "upgrade");
    dev.tlsdoctor.diagnose.Report r = new dev.tlsdoctor.diagnose.Report(List.of(
        new dev.tlsdoctor.diagnose.Report.Diagnosis(1, "protocol-version-mismatch", "client", "127.0.0.1:443", "a.test",
            "old clients", null, "client", none, a1, List.of(), List.of(), List.of()),
        new dev.tlsdoctor.diagnose.Report.Diagnosis(2, "no-shared-cipher", "client", "127.0.0.1:8443", "b.test",
            "suites", null, "client", none, a2, List.of(), List.of(), List.of())), List.of(), List.of(), null,
        new dev.tlsdoctor.diagnose.Report.Inputs(List.of(), 0, 0, null, null, List.of(), List.of()));
    Path file = tmp.resolve("matrix.html");
    Files.writeString(file, DiagnoseHtml.render(r, "test"));

    String dom = dom(file);
    assertThat(dom).contains("<table class=\"matrix\">\n<thead><tr><th>client</th><th>#1 127.0.0.1:443</th>"
        + "<th>#2 127.0.0.1:8443</th></tr></thead>");
    assertThat(dom).contains("<tr><td>Java 8u31</td><td class=\"fail\" title=\"offers TLS 1.0 at most\">"
        + "protocol-version-mismatch</td><td></td></tr>");
    assertThat(dom).contains("<tr><td>Firefox &lt;b&gt; 128</td><td class=\"ok\">connects</td><td class=\"fail\""
        + " title=\"no suite in common\">no-shared-cipher</td></tr>");
    assertThat(dom).doesNotContain("<b>");
  }
}
