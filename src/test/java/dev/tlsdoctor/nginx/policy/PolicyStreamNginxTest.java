package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyzeDump;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.ids;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stream {} in a real nginx with the stream module loaded: what the analysis says of a stream TLS listener and of a
 * stream proxy_pass with proxy_ssl, and what nginx does with a connection. Without the stream module these tests
 * fail and say how to get it.
 */
class PolicyStreamNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  static String cert(TestCerts.Pair p) {
    return PolicyServerNginxTest.cert(p);
  }

  static NginxServer start(Path dir, String... stream) throws IOException {
    return NginxServer.start(Files.createDirectories(dir), "",
        NginxServer.streamModule() + "\nstream {\n" + String.join("\n", stream) + "\n}");
  }

  /** What a client connecting to {@code port} and sending nothing receives. */
  static String receive(int port) {
    return new String(Tools.raw(port, new byte[0], Duration.ofMillis(500), Tools.Close.GRACEFUL),
        StandardCharsets.UTF_8);
  }

  @Test
  void streamListenerWithEcdsaOnlyCiphersAndRsaCertificate_noUsableCipher_tls12Fails() throws IOException {
    int port = Tools.freePorts(1)[0];
    try (NginxServer nginx = start(tmp.resolve("n"),
        "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "server { listen 127.0.0.1:" + port + " ssl; " + cert(certs.leaf()) + " return \"ok\\n\"; }")) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "no-usable-cipher");
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_ciphers ECDHE-ECDSA"));
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.fix()).contains("+ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + ";");
      List<String> log = nginx.linesDuring(() -> {
        Tools.Result r = Tools.opensslClient(port, "", "-tls1_2");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        // TLS 1.3 does not use ssl_ciphers: it still works
        Tools.Result r13 = Tools.opensslClient(port, "", "-tls1_3");
        assertThat(r13.exitCode()).as(r13.output()).isZero();
      });
      assertThat(String.join("\n", log)).contains("no shared cipher");
      assertThat(PolicyServerNginxTest.key(analyzeDump(nginx.prefix(), LOCAL)))
          .isEqualTo(PolicyServerNginxTest.key(findings));
    }
  }

  @Test
  void proxySslOnToPlainStreamListener_upstreamNotTls_wrongVersionNumber() throws IOException {
    int[] p = Tools.freePorts(2);
    try (NginxServer nginx = start(tmp.resolve("n"),
        "server { listen 127.0.0.1:" + p[0] + "; return \"plain\\n\"; }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    proxy_pass 127.0.0.1:" + p[0] + ";",
        "    proxy_ssl on; }")) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "upstream-not-tls");
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass 127.0.0.1:" + p[0]));
      assertThat(f.fix()).endsWith("\n-    proxy_ssl on; }\n+    proxy_ssl off; }\n");
      List<String> log = nginx.linesDuring(() -> assertThat(receive(p[1])).isEmpty());
      assertThat(String.join("\n", log)).contains("wrong version number");
      assertThat(PolicyServerNginxTest.key(analyzeDump(nginx.prefix(), LOCAL)))
          .isEqualTo(PolicyServerNginxTest.key(findings));
    }
  }

  @Test
  void proxySslOnToTlsStreamListener_noNotTls_dataRelayed() throws IOException {
    int[] p = Tools.freePorts(2);
    try (NginxServer nginx = start(tmp.resolve("n"),
        "server { listen 127.0.0.1:" + p[0] + " ssl; " + cert(certs.leaf()) + " return \"over tls\\n\"; }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    proxy_pass 127.0.0.1:" + p[0] + ";",
        "    proxy_ssl on; }")) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      assertThat(ids(analyze(conf, LOCAL))).doesNotContain("upstream-not-tls", "upstream-protocol-mismatch",
          "upstream-cipher-mismatch", "no-usable-cipher");
      assertThat(receive(p[1])).isEqualTo("over tls\n");
    }
  }

  @Test
  void plainStreamProxyToTlsStreamListener_upstreamNotTls_handshakeFailsThere() throws IOException {
    int[] p = Tools.freePorts(2);
    try (NginxServer nginx = start(tmp.resolve("n"),
        "server { listen 127.0.0.1:" + p[0] + " ssl; " + cert(certs.leaf()) + " return \"over tls\\n\"; }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    proxy_pass 127.0.0.1:" + p[0] + "; }")) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-not-tls");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass 127.0.0.1:" + p[0]));
      assertThat(f.fix()).endsWith("\n+    proxy_pass 127.0.0.1:" + p[0] + "; proxy_ssl on; }\n");
      // plain bytes reach the TLS listener, which never completes a handshake
      byte[] got = Tools.raw(p[1], "hello\n".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500),
          Tools.Close.GRACEFUL);
      assertThat(new String(got, StandardCharsets.UTF_8)).doesNotContain("over tls");
    }
  }
}
