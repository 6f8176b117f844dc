package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyzeDump;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.ids;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
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
 * Server-side findings against a real nginx (the local one, before 1.29.2) on loopback: each configuration provokes
 * the failure the finding predicts, and the finding points at the exact line.
 */
class PolicyServerNginxTest {
  static final String LOCAL = PolicyHarness.localVersion().toString();
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  static String cert(TestCerts.Pair p) {
    return "ssl_certificate " + p.cert() + "; ssl_certificate_key " + p.key() + ";";
  }

  @Test
  void protocolOfNonDefaultServer_ignored_tls12Accepted() throws IOException {
    assumeTrue(!NginxDefaults.perServerProtocols(NginxVersion.parse(LOCAL)),
        "nginx " + LOCAL + " applies it per server");
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + " ssl default_server; server_name def.test;",
        "    " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.2 TLSv1.3; }",
        "server { listen 127.0.0.1:" + port + " ssl; server_name good.test;",
        "    " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.3; # only 1.3 wanted",
        "    location / { return 200; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "protocol-ignored-non-default-server");
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(lineOf(conf, "# only 1.3 wanted"));
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.serverName()).isEqualTo("good.test");
      assertThat(f.affected()).isEqualTo("clients asking for good.test (SNI): TLSv1.2 is accepted though not"
          + " configured");
      // narrowing the default server's list would take TLS 1.2 from def.test: the fix writes what good.test gets
      int line = lineOf(conf, "# only 1.3 wanted");
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + line + ",1 +" + line
          + ",1 @@\n-    ssl_protocols TLSv1.3; # only 1.3 wanted\n+    ssl_protocols TLSv1.2 TLSv1.3; # only 1.3 wanted\n");
      // what really happens: the TLSv1.3-only server accepts TLS 1.2
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_2");
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.stdout()).containsPattern("Protocol\\s*: TLSv1\\.2");
      // and nginx -T gives the same findings
      assertThat(key(analyzeDump(nginx.prefix(), LOCAL))).isEqualTo(key(findings));
      // from 1.29.2 on the setting works: no finding
      assertThat(ids(analyze(conf, "1.29.2"))).doesNotContain("protocol-ignored-non-default-server");
    }
  }

  /**
   * TLS 1.3 picks its suite before nginx switches to the server SNI names: a non-default server's Ciphersuites and
   * server preference do not apply to TLS 1.3 before 1.29.2 (they do to TLS 1.2).
   */
  @Test
  void tls13SettingsOfNonDefaultServer_ignored_defaultServerDecides() throws IOException {
    assumeTrue(!NginxDefaults.perServerProtocols(NginxVersion.parse(LOCAL)),
        "nginx " + LOCAL + " switches servers before TLS 1.3 picks a suite");
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + " ssl default_server; server_name def.test;",
        "    " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.2 TLSv1.3; }",
        "server { listen 127.0.0.1:" + port + " ssl; server_name good.test;",
        "    " + cert(certs.leaf()),
        "    ssl_prefer_server_ciphers on; # server order wanted",
        "    ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384; # only AES-256 wanted",
        "    location / { return 200; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL).stream()
          .filter(f -> f.id().equals("tls13-setting-ignored-non-default-server")).toList();
      int defLine = lineOf(conf, "server_name def.test;");
      assertThat(findings).extracting(Finding::line, Finding::serverName, Finding::severity, Finding::affected)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(lineOf(conf, "# server order wanted"), "good.test", Severity.WARNING,
                  "TLS 1.3 clients asking for good.test (SNI): the client's order, not the server's, picks the TLS"
                      + " 1.3 suite"),
              org.assertj.core.groups.Tuple.tuple(lineOf(conf, "# only AES-256 wanted"), "good.test", Severity.WARNING,
                  "TLS 1.3 clients asking for good.test (SNI): TLS 1.3 suites outside \"TLS_AES_256_GCM_SHA384\""
                      + " are accepted and the default server's list decides"));
      assertThat(findings.get(1).message()).startsWith("ssl_conf_command Ciphersuites \"TLS_AES_256_GCM_SHA384\""
          + " of a non-default server is ignored for TLS 1.3 by nginx " + LOCAL + ": on 127.0.0.1:" + port
          + " TLS 1.3 handshakes use the default server's \"TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
          + "TLS_AES_128_GCM_SHA256\" (default)");
      // the fix: the setting on the default server, just inside its block
      assertThat(findings.get(0).fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + defLine + ",1 +"
          + defLine + ",1 @@\n-server { listen 127.0.0.1:" + port + " ssl default_server; server_name def.test;\n"
          + "+server { ssl_prefer_server_ciphers on; listen 127.0.0.1:" + port + " ssl default_server; server_name"
          + " def.test;\n");
      // what really happens: AES-128 alone is accepted, and the client's first choice wins
      Tools.Result aes128 = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_3", "-ciphersuites",
          "TLS_AES_128_GCM_SHA256");
      assertThat(aes128.stdout()).contains("Cipher is TLS_AES_128_GCM_SHA256");
      Tools.Result order = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_3", "-ciphersuites",
          "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384");
      assertThat(order.stdout()).contains("Cipher is TLS_AES_128_GCM_SHA256");
      // TLS 1.2 does get the server's order: offered in the client's order, the server's first choice wins
      Tools.Result tls12 = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_2", "-cipher",
          "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384");
      assertThat(tls12.stdout()).contains("Cipher is ECDHE-RSA-AES256-GCM-SHA384");
      assertThat(ids(analyze(conf, "1.29.2"))).doesNotContain("tls13-setting-ignored-non-default-server");
    }
  }

  @Test
  void broaderProtocolsOfNonDefaultServer_ignored_tls12Refused() throws IOException {
    assumeTrue(!NginxDefaults.perServerProtocols(NginxVersion.parse(LOCAL)),
        "nginx " + LOCAL + " applies it per server");
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + " ssl; server_name def.test; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.3; }",
        "server { listen 127.0.0.1:" + port + " ssl; server_name good.test; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.2 TLSv1.3; # 1.2 wanted too",
        "}");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "protocol-ignored-non-default-server");
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.line()).isEqualTo(lineOf(conf, "# 1.2 wanted too"));
      assertThat(f.affected()).isEqualTo("clients asking for good.test (SNI): TLSv1.2 is refused though configured");
      List<String> log = nginx.linesDuring(() -> {
        Tools.Result r = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_2");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
      });
      assertThat(String.join("\n", log)).contains("unsupported protocol");
    }
  }

  /**
   * A protocol list inherited from {@code http {}} is as ignored for a non-default server as its own: the default
   * server's own list decides. One finding at the inherited directive names every server that inherits it.
   */
  @Test
  void inheritedProtocolsWiderThanDefaultServers_ignored_oneFindingForEveryInheritingServer() throws IOException {
    assumeTrue(!NginxDefaults.perServerProtocols(NginxVersion.parse(LOCAL)),
        "nginx " + LOCAL + " applies it per server");
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "ssl_protocols TLSv1.2 TLSv1.3; # for every server",
        "server { listen 127.0.0.1:" + port + " ssl default_server; server_name def.test; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.3; }",
        "server { listen 127.0.0.1:" + port + " ssl; server_name good.test; " + cert(certs.leaf()) + " }",
        "server { listen 127.0.0.1:" + port + " ssl; server_name other.test; " + cert(certs.leaf()) + " }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = PolicyHarness.analyzeVerified(conf, LOCAL);
      Finding f = only(findings, "protocol-ignored-non-default-server");
      int line = lineOf(conf, "# for every server");
      int defLine = lineOf(conf, "ssl_protocols TLSv1.3; }");
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.serverName()).isEqualTo("good.test, other.test");
      assertThat(f.message()).isEqualTo("ssl_protocols \"TLSv1.2 TLSv1.3\", which the non-default servers good.test,"
          + " other.test inherit (the default server sets its own), is ignored for them by nginx " + LOCAL + ": on"
          + " 127.0.0.1:" + port + " every handshake uses the default server's protocols \"TLSv1.3\" (" + conf + ":"
          + defLine + "); nginx 1.29.2 and later apply it per server. The fix sets it on the default server, which"
          + " changes it for every server on the socket; else give these servers a socket of their own");
      assertThat(f.affected()).isEqualTo("clients asking for good.test, other.test (SNI): TLSv1.2 is refused though"
          + " configured");
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + defLine + ",1 +" + defLine
          + ",1 @@\n-    ssl_protocols TLSv1.3; }\n+    ssl_protocols TLSv1.2 TLSv1.3; }\n");
      assertThat(f.fixVerified()).isTrue();
      // what really happens: TLS 1.2 refused for both names
      List<String> log = nginx.linesDuring(() -> {
        for (String name : List.of("good.test", "other.test")) {
          Tools.Result r = Tools.opensslClient(port, "", "-servername", name, "-tls1_2");
          assertThat(r.exitCode()).as(r.output()).isNotZero();
        }
      });
      assertThat(log).filteredOn(l -> l.contains("unsupported protocol")).hasSize(2);
      assertThat(ids(analyze(conf, "1.29.2"))).doesNotContain("protocol-ignored-non-default-server");

      PolicyHarness.applyAndReload(nginx, f.fix());

      Tools.Result r = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_2");
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(ids(analyze(conf, LOCAL))).doesNotContain("protocol-ignored-non-default-server");
    }
  }

  @Test
  void rsaCertificateWithEcdsaOnlyCiphers_noUsableCipher_tls12Fails() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + " ssl; server_name good.test;",
        "    " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.2 TLSv1.3;",
        "    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384;",
        "}");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "no-usable-cipher");
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_ciphers ECDHE-ECDSA"));
      assertThat(f.message()).contains("it selects only ECDSA suites and the certificate is RSA");
      assertThat(f.affected()).startsWith("clients without TLS 1.3");
      assertThat(f.fix()).endsWith("\n+    ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + ";\n");
      List<String> log = nginx.linesDuring(() -> {
        Tools.Result r = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_2");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        // TLS 1.3 still works
        Tools.Result r13 = Tools.opensslClient(port, "", "-servername", "good.test", "-tls1_3");
        assertThat(r13.exitCode()).as(r13.output()).isZero();
      });
      assertThat(String.join("\n", log)).contains("no shared cipher");
      assertThat(key(analyzeDump(nginx.prefix(), LOCAL))).isEqualTo(key(findings));
    }
  }

  @Test
  void serverWithoutCertificate_getsDefaultServersCertificate() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;",
        "    " + cert(certs.selfSigned()) + " }",
        "server { listen 127.0.0.1:" + port + " ssl; server_name other.test; # no certificate",
        "    location / { return 200; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "default-server-policy-gap");
      assertThat(f.line()).isEqualTo(lineOf(conf, "# no certificate"));
      assertThat(f.serverName()).isEqualTo("other.test");
      Finding s = only(findings, "certificate-self-signed");
      assertThat(s.line()).isEqualTo(lineOf(conf, "self-signed.crt"));
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "other.test", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      // the default server's self-signed certificate is what other.test's clients get
      assertThat(r.output()).contains(" 0 s:CN = localhost\n   i:CN = localhost").contains("self-signed certificate");
      assertThat(r.exitCode()).isNotZero();
    }
  }

  @Test
  void defaultProtocolsOf1221_deprecatedEnabled_butOpenssl30RefusesThem() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; # tls server\n    " + cert(certs.leaf()) + " }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, "1.22.1"), "protocol-deprecated"); // the defaults of 1.22.1 have TLSv1
      assertThat(f.line()).isEqualTo(lineOf(conf, "# tls server"));
      assertThat(f.message()).isEqualTo("the default ssl_protocols of nginx 1.22.1 enables TLSv1 TLSv1.1"
          + " (deprecated by RFC 8996); OpenSSL 3.0 at security level 1 refuses them anyway, so the setting only"
          + " misleads");
      assertThat(f.fix()).endsWith("\n+server { ssl_protocols TLSv1.2; listen 127.0.0.1:" + port
          + " ssl; # tls server\n");
      assertThat(ids(analyze(conf, "1.27.3"))).doesNotContain("protocol-deprecated");
      Tools.Result r = Tools.opensslClient(port, "", "-tls1", "-cipher", "DEFAULT@SECLEVEL=0");
      assertThat(r.exitCode()).as(r.output()).isNotZero();
    }
  }

  @Test
  void unknownCipherWords_reportedWhileNginxSaysNothing() throws IOException {
    String http = "server { listen 127.0.0.1:1; " + cert(certs.leaf()) + "\n"
        + "    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:3DES:NO-SUCH-CIPHER; }";
    Tools.Result t = PolicyHarness.nginxTest(tmp, http);
    assertThat(t.exitCode()).as(t.output()).isZero();
    assertThat(t.output()).doesNotContain("3DES").doesNotContain("NO-SUCH-CIPHER");
    Path conf = tmp.resolve("test.conf");
    Files.writeString(conf, Files.readString(conf).replace(" ssl_cert", " ssl; ssl_cert").replace(":1;", ":1"));
    Finding f = only(analyze(conf, LOCAL), "cipher-unavailable");
    assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_ciphers"));
    assertThat(f.message()).contains("\"3DES\"").contains("\"NO-SUCH-CIPHER\"");
    assertThat(f.fix()).endsWith("\n+    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256; }\n");
  }

  /** Mozilla's intermediate configuration with an ECDSA certificate. */
  @Test
  void mozillaIntermediate_noErrorOrWarning() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "ssl_ecdh_curve X25519:prime256v1:secp384r1;",
        "ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + ";",
        "ssl_prefer_server_ciphers off;",
        "server { listen 127.0.0.1:" + port + " ssl; server_name localhost good.test;",
        "    " + cert(certs.ecdsaLeaf()) + " location / { return 200; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      assertThat(findings).filteredOn(Finding::isProblem).isEmpty();
      assertThat(only(findings, "mozilla-profile").message()).isEqualTo("meets the Mozilla profile intermediate of"
          + " guidelines 5.8 and 6.0; for modern it needs TLSv1.2 switched off");
      Tools.Result r = Tools.curlAs("good.test", port, "--cacert", certs.rootCa().toString(), "--tlsv1.2",
          "--tls-max", "1.2");
      assertThat(r.stdout()).as(r.output()).isEqualTo("200");
    }
  }

  /**
   * A configuration generated from Mozilla's guideline 5.7 (intermediate, with its DHE suites and ssl_dhparam): the
   * comparison names the guidelines it uses and says which older one the lists are; the DHE suite that only 5.7
   * allowed is really negotiated.
   */
  @Test
  void mozillaGuideline57Intermediate_namedAsSuch_itsDheSuiteNegotiated() throws IOException {
    Path dh = tmp.resolve("dhparam.pem");
    Tools.openssl(tmp, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out",
        dh.toString());
    String v57 = Suites.MOZILLA_INTERMEDIATE + ":DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:"
        + "DHE-RSA-CHACHA20-POLY1305";
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "ssl_ciphers " + v57 + ";",
        "ssl_dhparam " + dh + ";",
        "server { listen 127.0.0.1:" + port + " ssl; server_name localhost; # generated with guideline 5.7",
        "    " + cert(certs.leaf()) + " }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "mozilla-profile");
      String dhe = "DHE-RSA-AES128-GCM-SHA256, DHE-RSA-AES256-GCM-SHA384, DHE-RSA-CHACHA20-POLY1305";
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.line()).isEqualTo(lineOf(conf, "# generated with guideline 5.7"));
      assertThat(f.message()).isEqualTo("meets no Mozilla profile of guidelines 5.8 and 6.0 (old or custom);"
          + " for intermediate it needs no suites outside the intermediate list (" + dhe + "); its protocols and"
          + " TLS 1.2 suites are those of the intermediate profile of guideline 5.7 (a configuration generated"
          + " then), which allowed " + dhe + "; 5.8 dropped the DHE suites");
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost", "-tls1_2", "-cipher",
          "DHE-RSA-CHACHA20-POLY1305");
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.stdout()).contains("Cipher is DHE-RSA-CHACHA20-POLY1305");
    }
    // the lists of 5.0 to 5.6 (without DHE-RSA-CHACHA20-POLY1305) were allowed by 5.7 too
    Path conf = tmp.resolve("older.conf");
    Files.writeString(conf, "events {}\nhttp {\n  ssl_protocols TLSv1.2 TLSv1.3;\n  ssl_dhparam " + dh + ";\n"
        + "  ssl_ciphers " + v57.replace(":DHE-RSA-CHACHA20-POLY1305", "") + ";\n"
        + "  server { listen 443 ssl; " + cert(certs.leaf()) + " }\n}\n");
    assertThat(only(analyze(conf, LOCAL), "mozilla-profile").message()).endsWith("; its protocols and TLS 1.2"
        + " suites are those of the intermediate profile of guidelines 5.0 to 5.7 (a configuration generated then),"
        + " which allowed DHE-RSA-AES128-GCM-SHA256, DHE-RSA-AES256-GCM-SHA384; 5.8 dropped the DHE suites");
    // guideline 4.0's intermediate: TLSv1 to TLSv1.2 (nginx 1.22's default) with CBC and RSA key exchange
    Files.writeString(conf, "events {}\nhttp {\n  ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:"
        + "AES128-SHA;\n  server { listen 443 ssl; " + cert(certs.leaf()) + " }\n}\n");
    assertThat(only(analyze(conf, "1.22.1"), "mozilla-profile").message()).isEqualTo("meets no Mozilla profile of"
        + " guidelines 5.8 and 6.0 (old or custom); for intermediate it needs TLSv1 TLSv1.1 switched off,"
        + " TLSv1.3 and no suites outside the intermediate list (ECDHE-RSA-AES128-SHA, AES128-SHA); its protocols and"
        + " TLS 1.2 suites are those of the intermediate profile of guideline 4.0 (a configuration generated then),"
        + " which 5.0 (2019) narrowed to TLSv1.2 and TLSv1.3 with AEAD suites");
  }

  @Test
  void anonymousSuitesAtLevel0_cipherWeak_anonymousHandshakeWorks() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + " ssl; server_name localhost; " + cert(certs.leaf()),
        "    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AECDH-AES128-SHA:@SECLEVEL=0; }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "cipher-anonymous");
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.line()).isEqualTo(lineOf(conf, "AECDH-AES128-SHA"));
      assertThat(f.message()).endsWith("1 suite with anonymous (no server authentication): AECDH-AES128-SHA");
      Tools.Result r = Tools.opensslClient(port, "", "-tls1_2", "-cipher", "aNULL:@SECLEVEL=0");
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.stdout()).contains("Cipher is AECDH-AES128-SHA").contains("no peer certificate available");
    }
  }

  @Test
  void p521OnlyOnDefaultServer_groupsRestrictive_evenForOtherSniServer() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;",
        "server { listen 127.0.0.1:" + port + " ssl; server_name localhost; " + cert(certs.leaf()),
        "    ssl_ecdh_curve secp521r1; }",
        "server { listen 127.0.0.1:" + port + " ssl; server_name good.test; " + cert(certs.leaf()) + " }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "groups-restrictive");
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_ecdh_curve secp521r1"));
      assertThat(f.affected()).endsWith("(browsers, curl, Java, Go): the handshake fails (\"no shared cipher\")");
      // good.test sets no groups, yet the default server's apply to it too
      for (String name : List.of("localhost", "good.test")) {
        Tools.Result r = Tools.opensslClient(port, "", "-servername", name, "-groups", "X25519:prime256v1");
        assertThat(r.exitCode()).as(name + ": " + r.output()).isNotZero();
      }
      Tools.Result ok = Tools.opensslClient(port, "", "-servername", "good.test", "-groups", "secp521r1");
      assertThat(ok.exitCode()).as(ok.output()).isZero();
    }
  }

  @Test
  void p521OnlyWithRsaKeyExchangeLeft_groupsRestrictive_tls13FailsTls12FallsBack() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + " ssl; server_name localhost; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.2 TLSv1.3; ssl_ecdh_curve secp521r1; }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "groups-restrictive");
      assertThat(f.affected()).endsWith(": those offering TLS 1.3 fail the handshake (no shared group; OpenSSL"
          + " does not fall back to TLS 1.2); TLS 1.2-only ones get no ECDHE: TLS 1.2 with AES256-GCM-SHA384 and 15"
          + " other non-ECDHE suite(s)");
      Tools.Result r13 = Tools.opensslClient(port, "", "-servername", "localhost", "-groups", "X25519:prime256v1");
      assertThat(r13.exitCode()).as(r13.output()).isNotZero();
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost", "-groups", "X25519:prime256v1",
          "-tls1_2");
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.stdout()).contains("New, TLSv1.2, Cipher is AES256-GCM-SHA384");
    }
  }

  static List<String> key(List<Finding> fs) {
    return fs.stream().map(f -> f.id() + " " + f.file() + ":" + f.line() + " " + f.fix()).toList();
  }
}
