package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyzeDump;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mail {} in a real nginx with the mail module loaded: what the analysis says of an IMAP server with TLS at once
 * ({@code listen ... ssl}) and by STARTTLS, and what nginx does with a client. nginx greets an IMAP client after the
 * handshake without asking {@code auth_http}, which nothing answers here. Without the mail module these tests fail
 * and say how to get it.
 */
class PolicyMailNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  static NginxServer start(Path dir, String... mail) throws IOException {
    return NginxServer.start(Files.createDirectories(dir), "",
        NginxServer.mailModule() + "\nmail {\nauth_http 127.0.0.1:1/auth;\ntimeout 1s;\n" + String.join("\n", mail)
            + "\n}");
  }

  /**
   * {@code openssl s_client} that sends nothing and stays until nginx closes the idle session ({@code timeout 1s}),
   * so the greeting is always read (a command sent with the last handshake message may wait unread in nginx).
   */
  static Tools.Result imap(int port, String... args) {
    List<String> a = new java.util.ArrayList<>(List.of("-ign_eof"));
    a.addAll(List.of(args));
    return Tools.opensslClient(port, "", a.toArray(String[]::new));
  }

  @Test
  void imapsWithEcdsaOnlyCiphersAndRsaCertificate_noUsableCipher_tls12Fails() throws IOException {
    int port = Tools.freePorts(1)[0];
    try (NginxServer nginx = start(tmp.resolve("n"),
        "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "server { listen 127.0.0.1:" + port + " ssl; protocol imap; " + PolicyServerNginxTest.cert(certs.leaf())
            + " }")) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "no-usable-cipher");
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_ciphers ECDHE-ECDSA"));
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.fix()).contains("+ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + ";");
      List<String> log = nginx.linesDuring(() -> {
        Tools.Result r = imap(port, "-tls1_2");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).doesNotContain("* OK");
        // TLS 1.3 does not use ssl_ciphers: the client gets the IMAP greeting
        // (nginx ends the idle session without close_notify, so s_client exits non-zero after it)
        Tools.Result r13 = imap(port, "-tls1_3");
        assertThat(r13.output()).contains("New, TLSv1.3, Cipher is TLS_").contains("* OK");
      });
      assertThat(String.join("\n", log)).contains("no shared cipher");
      assertThat(PolicyServerNginxTest.key(analyzeDump(nginx.prefix(), LOCAL)))
          .isEqualTo(PolicyServerNginxTest.key(findings));
    }
  }

  @Test
  void starttlsWithEcdsaOnlyCiphers_noUsableCipher_tls12FailsAfterStarttls() throws IOException {
    int port = Tools.freePorts(1)[0];
    try (NginxServer nginx = start(tmp.resolve("n"),
        PolicyServerNginxTest.cert(certs.leaf()),
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "server { listen 127.0.0.1:" + port + "; protocol imap; starttls only;",
        "    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256; }")) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "no-usable-cipher");
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_ciphers ECDHE-ECDSA"));
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.fix()).endsWith("\n+    ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + "; }\n");
      List<String> log = nginx.linesDuring(() -> {
        Tools.Result r = imap(port, "-starttls", "imap", "-tls1_2");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).doesNotContain("New, TLSv1");
        Tools.Result r13 = imap(port, "-starttls", "imap", "-tls1_3");
        assertThat(r13.output()).contains("New, TLSv1.3, Cipher is TLS_");
      });
      assertThat(String.join("\n", log)).contains("no shared cipher");
      assertThat(PolicyServerNginxTest.key(analyzeDump(nginx.prefix(), LOCAL)))
          .isEqualTo(PolicyServerNginxTest.key(findings));
    }
  }
}
