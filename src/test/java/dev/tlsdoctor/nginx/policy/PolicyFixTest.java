package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
            + "   server {\n+      ssl_protocols TLSv1.2 TLSv1.3;\n+      x y;\n");
  }

  @Test
  void insertAfter_unknownLine_null() throws Exception {
    Directive server = read().httpServers().get(1);
    assertThat(new Fix(SourceLines.fromDump(new byte[0])).insertAfter(server, "a;")).isNull();
  }

  @Test
  void merge_sameProblem_oneFindingWithAllSocketsAndNames() {
    Finding a = new Finding("cipher-weak", "info", "f", 3, List.of("*:443"), "a", "m", "x", null);
    Finding b = new Finding("cipher-weak", "info", "f", 3, List.of("*:8443", "*:443"), "b", "m", "x", null);
    Finding other = new Finding("cipher-weak", "info", "f", 4, List.of("*:443"), "c", "m", "x", null);
    assertThat(PolicyFindings.merge(List.of(a, b, other))).containsExactly(
        new Finding("cipher-weak", "info", "f", 3, List.of("*:443", "*:8443"), "a, b", "m", "x", null), other);
  }
}
