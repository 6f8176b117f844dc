package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixes as diffs that touch only the directive concerned, and one finding per shared directive. */
class PolicyFixTest {
  static final String DUMP = String.join("\n",
      "# configuration file /etc/nginx/nginx.conf:",
      "events {}",
      "http {",
      "  server { listen 443 ssl; ssl_ciphers \"A;B\"; server_name x; }",
      "  server {",
      "    listen 8443 ssl;",
      "  }",
      "}",
      "");

  static NginxConfig read() throws Exception {
    return NginxConfigReader.strict().readDump(DUMP.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void replace_keepsOtherDirectivesAndQuotedSemicolons() throws Exception {
    NginxConfig c = read();
    Directive ciphers = c.find("ssl_ciphers").get(0);
    Fix fix = new Fix(SourceLines.fromDump(DUMP.getBytes(StandardCharsets.UTF_8)));
    assertThat(fix.replace(ciphers, "ssl_ciphers HIGH;")).isEqualTo("--- a/etc/nginx/nginx.conf\n"
        + "+++ b/etc/nginx/nginx.conf\n@@ -3,1 +3,1 @@\n"
        + "-  server { listen 443 ssl; ssl_ciphers \"A;B\"; server_name x; }\n"
        + "+  server { listen 443 ssl; ssl_ciphers HIGH; server_name x; }\n");
  }

  @Test
  void insertAfter_blockEndingItsLine_addsIndentedLines() throws Exception {
    NginxConfig c = read();
    Directive server = c.httpServers().get(1);
    Fix fix = new Fix(SourceLines.fromDump(DUMP.getBytes(StandardCharsets.UTF_8)));
    assertThat(fix.insertAfter(server, "ssl_protocols TLSv1.2 TLSv1.3;", "x y;")).isEqualTo(
        "--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n@@ -4,1 +4,3 @@\n"
            + "   server {\n+    ssl_protocols TLSv1.2 TLSv1.3;\n+    x y;\n"); // as the block's own lines
  }

  @Test
  void insertAfter_tabsAndCrlf_addedLinesAsTheFileHasThem() throws Exception {
    // nginx -T writes its own lines with LF and the file as it is
    String dump = "# configuration file /etc/nginx/nginx.conf:\nevents {}\r\nhttp {\r\n\tserver {\r\n"
        + "\t\tlisten 8443 ssl;\r\n\t}\r\n\tserver {\r\n\t}\r\n}\r\n";
    NginxConfig c = NginxConfigReader.strict().readDump(dump.getBytes(StandardCharsets.UTF_8));
    Fix fix = new Fix(SourceLines.fromDump(dump.getBytes(StandardCharsets.UTF_8)));
    // the block's next line gives the indentation: two tabs
    assertThat(fix.insertAfter(c.httpServers().get(0), "ssl_protocols TLSv1.2;")).isEqualTo(
        "--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n@@ -3,1 +3,2 @@\n"
            + " \tserver {\r\n+\t\tssl_protocols TLSv1.2;\r\n");
    // an empty block: one tab more than the block's own line
    assertThat(fix.insertAfter(c.httpServers().get(1), "ssl_protocols TLSv1.2;")).isEqualTo(
        "--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n@@ -6,1 +6,2 @@\n"
            + " \tserver {\r\n+\t\tssl_protocols TLSv1.2;\r\n");
  }

  @Test
  void insertAfter_unknownLine_null() throws Exception {
    Directive server = read().httpServers().get(1);
    assertThat(new Fix(SourceLines.fromDump(new byte[0])).insertAfter(server, "a;")).isNull();
  }

  static final String SSL_ON = String.join("\n",
      "# configuration file /etc/nginx/nginx.conf:",
      "events {}",
      "http {",
      "  server { listen 443; ssl on; server_name x; }",
      "  server {",
      "    listen 8443;",
      "    ssl on;",
      "  }",
      "}",
      "");

  /** Several changes of one file: a hunk per line, in order, the second numbered after the first's change. */
  @Test
  void edits_removeAndAppendParameter_oneHunkPerLine() throws Exception {
    byte[] dump = SSL_ON.getBytes(StandardCharsets.UTF_8);
    NginxConfig c = NginxConfigReader.strict().readDump(dump);
    Fix fix = new Fix(SourceLines.fromDump(dump));
    List<Directive> ssl = c.find("ssl");
    List<Directive> listen = c.find("listen");
    // on one line: the directive goes with the space after it, the flag goes before the listen's ';'
    assertThat(fix.edits(List.of(Fix.Edit.remove(ssl.get(0)), Fix.Edit.appendParameter(listen.get(0), "ssl"))))
        .isEqualTo("--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n@@ -3,1 +3,1 @@\n"
            + "-  server { listen 443; ssl on; server_name x; }\n"
            + "+  server { listen 443 ssl; server_name x; }\n");
    // on lines of their own: a line left blank goes, the next hunk's new line number counts it
    assertThat(fix.edits(List.of(Fix.Edit.remove(ssl.get(1)), Fix.Edit.appendParameter(listen.get(1), "ssl"),
        Fix.Edit.insertAfter(listen.get(1), "http2 on;"))))
        .isEqualTo("--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n"
            + "@@ -5,1 +5,2 @@\n-    listen 8443;\n+    listen 8443 ssl;\n+    http2 on;\n"
            + "@@ -6,1 +6,0 @@\n-    ssl on;\n");
    // and the result applies: what the verifier does with it
    List<String> file = List.of(SSL_ON.substring(SSL_ON.indexOf('\n') + 1).split("\n", -1));
    String fixed = String.join("\n", dev.tlsdoctor.nginx.fix.Patch.apply(file,
        fix.edits(List.of(Fix.Edit.remove(ssl.get(1)), Fix.Edit.appendParameter(listen.get(1), "ssl")))));
    assertThat(fixed).contains("    listen 8443 ssl;\n  }").doesNotContain("    ssl on;");
  }

  @Test
  void edits_otherFileOrUnknownLine_null() throws Exception {
    byte[] dump = SSL_ON.getBytes(StandardCharsets.UTF_8);
    NginxConfig c = NginxConfigReader.strict().readDump(dump);
    assertThat(new Fix(SourceLines.fromDump(new byte[0])).edits(List.of(Fix.Edit.remove(c.find("ssl").get(0)))))
        .isNull();
    Directive elsewhere = new Directive("listen", List.of(), null,
        new dev.tlsdoctor.nginx.config.Position("/etc/nginx/other.conf", 1, 1));
    assertThat(new Fix(SourceLines.fromDump(dump)).edits(List.of(Fix.Edit.remove(c.find("ssl").get(0)),
        Fix.Edit.appendParameter(elsewhere, "ssl")))).isNull();
  }

  @Test
  void merge_sameProblem_oneFindingWithAllSocketsAndNames() {
    Finding a = new Finding("cipher-weak", Severity.INFO, "f", 3, List.of("*:443"), "a", "m", "x", null);
    Finding b = new Finding("cipher-weak", Severity.INFO, "f", 3, List.of("*:8443", "*:443"), "b", "m", "x", null);
    Finding other = new Finding("cipher-weak", Severity.INFO, "f", 4, List.of("*:443"), "c", "m", "x", null);
    assertThat(PolicyFindings.merge(List.of(a, b, other))).containsExactly(
        new Finding("cipher-weak", Severity.INFO, "f", 3, List.of("*:443", "*:8443"), "a, b", "m", "x", null), other);
  }
}
