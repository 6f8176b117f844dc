package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.nginx.OpensslBuild;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate findings: the files the configuration names, read with the JDK, against what clients of nginx see. */
class PolicyCertificateNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  static String cert(TestCerts.Pair p) {
    return PolicyServerNginxTest.cert(p);
  }

  @Test
  void expiredCertificate_clientsRefuseIt() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name expired.test;\n    "
        + cert(certs.expiredLeaf()) + " }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-expired");
      assertThat(f.line()).isEqualTo(lineOf(conf, "expired-leaf-chain.crt"));
      assertThat(f.message()).endsWith("expired on 2021-01-01T00:00:00Z");
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "expired.test", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("certificate has expired");
    }
  }

  @Test
  void leafWithoutIntermediate_incompleteChain_unableToGetIssuer() throws Exception {
    Path leafOnly = tmp.resolve("leaf-only.crt");
    String pem = Files.readString(certs.leaf().cert());
    Files.writeString(leafOnly, pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 26));
    Path reversed = tmp.resolve("reversed.crt");
    int split = pem.indexOf("-----END CERTIFICATE-----") + 26;
    Files.writeString(reversed, pem.substring(split).strip() + "\n" + pem.substring(0, split));
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name localhost;",
        "    ssl_certificate " + leafOnly + "; ssl_certificate_key " + certs.leaf().key() + "; }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-incomplete-chain");
      assertThat(f.severity()).isEqualTo("warning");
      assertThat(f.line()).isEqualTo(lineOf(conf, "leaf-only.crt"));
      Tools.Result r = Tools.opensslClient(p[0], "", "-servername", "localhost", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("unable to get local issuer certificate");
    }
    // the intermediate first: nginx pairs the leaf's RSA key with nothing and starts anyway
    Tools.Result t = PolicyHarness.nginxTest(tmp, "server { listen 127.0.0.1:1 ssl; ssl_certificate " + reversed
        + "; ssl_certificate_key " + certs.leaf().key() + "; }");
    assertThat(t.exitCode()).as(t.output()).isZero();
    List<Finding> fs = analyze(tmp.resolve("test.conf"), LOCAL);
    assertThat(only(fs, "certificate-incomplete-chain").severity()).isEqualTo("error");
    assertThat(only(fs, "certificate-key-mismatch").line()).isEqualTo(5);
  }

  @Test
  void keyOfAnotherType_keyMismatch_nginxStartsButHandshakesFail() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.ecdsaLeaf().key()
        + "; }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-key-mismatch");
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_certificate_key"));
      assertThat(f.message()).contains("(an EC key for an RSA certificate)");
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("alert handshake failure");
    }
  }

  @Test
  void keyOfAnotherCertificate_keyMismatch_nginxRefusesToStart() throws Exception {
    Tools.openssl(tmp, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.key");
    Tools.Result t = PolicyHarness.nginxTest(tmp, "server { listen 127.0.0.1:1 ssl;\n"
        + "  ssl_certificate " + certs.leaf().cert() + ";\n  ssl_certificate_key " + tmp.resolve("other.key")
        + ";\n}");
    assertThat(t.exitCode()).isNotZero();
    assertThat(t.output()).contains("key values mismatch");
    Finding f = only(analyze(tmp.resolve("test.conf"), LOCAL), "certificate-key-mismatch");
    assertThat(f.line()).isEqualTo(lineOf(tmp.resolve("test.conf"), "ssl_certificate_key"));
    assertThat(f.message()).endsWith(": nginx refuses to start (\"key values mismatch\")");
  }

  @Test
  void serverNameNotInCertificate_nameMismatch_curlRefuses() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name other.test good.test;\n    "
        + cert(certs.leaf()) + " location / { return 200; } }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-name-mismatch");
      assertThat(f.line()).isEqualTo(lineOf(conf, "/leaf-chain.crt"));
      assertThat(f.message()).contains("does not cover server_name other.test (it is for localhost, good.test,"
          + " 127.0.0.1)");
      Tools.Result r = Tools.curlAs("other.test", port, "--cacert", certs.rootCa().toString());
      assertThat(r.stdout()).isEqualTo("000");
      assertThat(r.stderr()).contains("other.test");
      assertThat(Tools.curlAs("good.test", port, "--cacert", certs.rootCa().toString()).stdout()).isEqualTo("200");
    }
  }

  @Test
  void certificateEndingIn20Days_expiring() throws Exception {
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp { server { listen 443 ssl; server_name localhost;\n"
        + cert(certs.leaf()) + " } }\n");
    TlsPolicy p = TlsPolicy.of(NginxConfigReader.strict().read(conf), NginxVersion.parse("1.28.0"),
        OpensslBuild.OPENSSL_3_0);
    java.time.Instant end = p.servers().get(0).certFiles().get(0).leaf().orElseThrow().getNotAfter().toInstant();
    Clock clock = Clock.fixed(end.minus(Duration.ofDays(20)), ZoneOffset.UTC);
    List<Finding> fs = PolicyFindings.analyze(p, SourceLines.fromDisk(), clock);
    Finding f = only(fs, "certificate-expiring");
    assertThat(f.line()).isEqualTo(3);
    assertThat(f.message()).endsWith("in 20 days");
    assertThat(PolicyFindings.analyze(p, SourceLines.fromDisk(), Clock.systemUTC()))
        .filteredOn(Finding::isProblem).isEmpty();
  }
}
