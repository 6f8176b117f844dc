package dev.tlsdoctor.nginx.fix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.PolicyFindings;
import dev.tlsdoctor.nginx.policy.SourceLines;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixes tried on copies of an nginx -T dump, without nginx. */
class FixVerifierTest {
  /** Two servers on one socket: the default one in nginx.conf, the other in an included file with its own protocols. */
  static final String DUMP = String.join("\n",
      "# configuration file /etc/nginx/nginx.conf:",
      "events {}",
      "http {",
      "    server {",
      "        listen 443 ssl default_server;",
      "        server_name a.test;",
      "        ssl_certificate /nonexistent/a.crt;",
      "        ssl_certificate_key /nonexistent/a.key;",
      "        ssl_protocols TLSv1.2;",
      "    }",
      "    include /etc/nginx/conf.d/*.conf;",
      "}",
      "",
      "# configuration file /etc/nginx/conf.d/b.conf:",
      "server {",
      "    listen 443 ssl;",
      "    server_name b.test;",
      "    ssl_certificate /nonexistent/b.crt;",
      "    ssl_certificate_key /nonexistent/b.key;",
      "    ssl_protocols TLSv1.2 TLSv1.3;",
      "}",
      "");

  @Test
  void fixInAnotherFileThanTheFinding_triedOnThatFile() throws Exception {
    byte[] bytes = DUMP.getBytes(StandardCharsets.UTF_8);
    NginxConfig config = NginxConfigReader.strict().readDump(bytes);
    NginxVersion v = NginxVersion.parse("1.22.1");
    SourceLines lines = SourceLines.fromDump(bytes);
    List<Finding> found = PolicyFindings.analyze(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines,
        Clock.systemUTC());
    Finding ignored = found.stream().filter(f -> f.id().equals("protocol-ignored-non-default-server")).findFirst()
        .orElseThrow();
    assertThat(ignored.file()).isEqualTo("/etc/nginx/conf.d/b.conf");
    assertThat(ignored.fix()).startsWith("--- a/etc/nginx/nginx.conf\n");

    Finding verified = new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, Clock.systemUTC(), null)
        .verify(List.of(ignored)).get(0);

    assertThat(verified.fixVerification()).isEqualTo("applied to a copy and analysed again:"
        + " protocol-ignored-non-default-server is gone, no new error");
    assertThat(verified.fixVerified()).isTrue();
    assertThat(verified.fix()).isEqualTo("--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n"
        + "@@ -8,1 +8,1 @@\n-        ssl_protocols TLSv1.2;\n+        ssl_protocols TLSv1.2 TLSv1.3;\n");
  }

  /**
   * Trials made on several threads give what one thread gives, in the same order: twelve servers on sockets of
   * their own, each with a change of its own, and one change to {@code http {}}.
   */
  @Test
  void trialsOnSeveralThreads_sameVerdictsAsOneAfterAnother() throws Exception {
    StringBuilder dump = new StringBuilder("# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n"
        + "    ssl_session_tickets on;\n");
    for (int i = 0; i < 12; i++) {
      dump.append("    server {\n        listen ").append(8440 + i).append(" ssl;\n        server_name s").append(i)
          .append(".test;\n        ssl_certificate /nonexistent/s.crt;\n        ssl_certificate_key /nonexistent/s.key;\n")
          .append(i % 3 == 0 ? "        ssl_protocols TLSv1 TLSv1.1;\n" : i % 3 == 1 ? "        ssl_ciphers RC4:3DES;\n"
              : "        ssl_protocols TLSv1.1 TLSv1.2;\n        ssl_prefer_server_ciphers off;\n")
          .append("    }\n");
    }
    dump.append("}\n");
    byte[] bytes = dump.toString().getBytes(StandardCharsets.UTF_8);
    NginxConfig config = NginxConfigReader.strict().policyOnly().readDump(bytes);
    NginxVersion v = NginxVersion.parse("1.22.1");
    SourceLines lines = SourceLines.fromDump(bytes);
    List<Finding> found = PolicyFindings.analyze(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines,
        Clock.systemUTC());
    assertThat(found.stream().filter(f -> f.fix() != null).count()).isGreaterThanOrEqualTo(8);

    FixVerifier oneThread = new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, Clock.systemUTC(), null)
        .threads(1);
    List<Finding> one = oneThread.verify(found);
    FixVerifier fourThreads = new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, Clock.systemUTC(), null)
        .threads(4);
    List<Finding> four = fourThreads.verify(found);

    assertThat(four).isEqualTo(one);
    assertThat(fourThreads.scopes()).usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(oneThread.scopes());
    assertThat(one.stream().filter(f -> Boolean.TRUE.equals(f.fixVerified())).count()).isGreaterThanOrEqualTo(4);
    assertThat(oneThread.scopes().size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void target_theFileTheDiffNames_elseTheFindings() {
    Finding f = new Finding("x", Severity.WARNING, "/etc/nginx/conf.d/b.conf", 3, List.of(), "", "m", "a",
        "--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n@@ -1,1 +1,1 @@\n-a\n+b\n");
    assertThat(FixVerifier.target(f, java.util.Map.of("/etc/nginx/nginx.conf", "a"))).isEqualTo(
        "/etc/nginx/nginx.conf");
    assertThat(FixVerifier.target(f, java.util.Map.of("etc/nginx/nginx.conf", "a"))).isEqualTo(
        "etc/nginx/nginx.conf");
    assertThat(FixVerifier.target(f, java.util.Map.of())).isEqualTo("/etc/nginx/conf.d/b.conf");
  }

  @Test
  void nginxMessage_withoutTimeProcessAndLevel() {
    assertThat(NginxSyntaxCheck.message("2026/12/06 21:43:43 [emerg] 12561#12561: host not found in upstream"
        + " \"backend.example\" in nginx.conf:10")).isEqualTo("host not found in upstream \"backend.example\" in"
        + " nginx.conf:10");
    assertThat(NginxSyntaxCheck.message("nginx: [emerg] cannot load certificate \"/x.crt\"")).isEqualTo(
        "cannot load certificate \"/x.crt\"");
    assertThat(NginxSyntaxCheck.message("something else")).isEqualTo("something else");
  }
}
