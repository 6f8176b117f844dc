package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings about what still works today but is weak or will stop working: deprecated protocols, expiry ahead. */
class PolicyLifetimeNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  @Test
  void tls10EnabledAtLevel0_protocolDeprecated_tls10HandshakeSucceeds() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name old.test;\n"
        + "    ssl_protocols TLSv1 TLSv1.2;\n"
        + "    ssl_ciphers DEFAULT:@SECLEVEL=0;\n    " + PolicyServerNginxTest.cert(certs.leaf()) + " }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "protocol-deprecated");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_protocols TLSv1 TLSv1.2"));
      assertThat(f.serverName()).isEqualTo("old.test");
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "old.test", "-tls1", "-cipher",
          "DEFAULT:@SECLEVEL=0");
      assertThat(r.output()).contains("Protocol  : TLSv1\n");
    }
  }

  @Test
  void certificateEndingIn10Days_certificateExpiring_stillServed() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n    "
        + PolicyServerNginxTest.cert(certs.leaf()) + " }";
    X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certs.leaf().cert())));
    Instant tenDaysBefore = leaf.getNotAfter().toInstant().minus(Duration.ofDays(10));
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      TlsPolicy p = TlsPolicy.of(NginxConfigReader.strict().read(conf), NginxVersion.parse(LOCAL),
          OpensslBuild.OPENSSL_3_0);
      List<Finding> findings = PolicyFindings.analyze(p, SourceLines.fromDisk(),
          Clock.fixed(tenDaysBefore, ZoneOffset.UTC));
      Finding f = only(findings, "certificate-expiring");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.line()).isEqualTo(lineOf(conf, certs.leaf().cert().getFileName().toString()));
      assertThat(f.message()).contains("10 day");
      assertThat(analyze(conf, LOCAL)).extracting(Finding::id).doesNotContain("certificate-expiring");
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      assertThat(r.output()).contains("Verify return code: 0 (ok)");
    }
  }
}
