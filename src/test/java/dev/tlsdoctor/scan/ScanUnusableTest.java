package dev.tlsdoctor.scan;

import static dev.tlsdoctor.scan.ProtocolNames.byName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.report.ScanText;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.tls.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that accept a version and still fail every client of it: never "Findings: none". An nginx whose only
 * suites need an ECDSA key while its certificate is RSA (checked against what a real client gets), and a server whose
 * TLS 1.3 ServerHello leads to no complete handshake.
 */
class ScanUnusableTest {
  @TempDir
  static Path tmp;

  @Test
  void ecdsaOnlySuitesWithAnRsaCertificate_tls12Unusable() throws IOException {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int port = Tools.freePorts(1)[0];
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")),
        "server { listen 127.0.0.1:" + port + " ssl; ssl_certificate " + certs.leaf().cert() + ";"
            + " ssl_certificate_key " + certs.leaf().key() + "; ssl_protocols TLSv1.2;"
            + " ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256; }")) {
      // the oracle: a real TLS 1.2 client fails
      assertThat(Tools.opensslClient(port, "", "-tls1_2").output()).contains("handshake failure");
      assertThat(nginx.awaitLine(0, l -> l.contains("no shared cipher"), java.time.Duration.ofSeconds(5)))
          .contains("SSL_do_handshake() failed");

      ServerProfile p = new Scanner(ScanOptions.defaults()).scan(Target.parse("127.0.0.1:" + port, null));

      assertThat(byName(p.protocols())).containsEntry("TLSv1.2", false);
      assertThat(byName(p.protocolReasons())).containsEntry("TLSv1.2", "alert: handshake_failure(40)")
          .containsEntry("TLSv1.1", "alert: protocol_version(70)");
      assertThat(p.findings()).extracting(Finding::id).contains("no-modern-protocol",
          "version-unusable");
      Finding f = p.findings().stream().filter(x -> x.id().equals("version-unusable")).findFirst()
          .orElseThrow();
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.message()).startsWith("TLSv1.2 is enabled but the server refuses every suite and group offered"
          + " with handshake_failure(40)");
    }
  }

  @Test
  void tls13ServerHelloThenNoHandshake_handshakeIncomplete() throws IOException {
    try (ScanFuzzTest.ReplayServer server = new ScanFuzzTest.ReplayServer()) {
      server.current = new ScanFuzzTest.Case(0, "openssl-tls13-server-hello.hex", Fixtures.load(
          "openssl-tls13-server-hello.hex"), ScanFuzzTest.After.CLOSE);

      ServerProfile p = new Scanner(ScanFuzzTest.OPTIONS).scan(Target.parse("127.0.0.1:" + server.port(), null));

      assertThat(byName(p.protocols())).containsEntry("TLSv1.3", true);
      assertThat(p.certificates()).hasSize(1);
      assertThat(p.certificates().get(0).problems()).extracting(CertificateChecks.Problem::id)
          .containsExactly("handshake-incomplete");
      assertThat(p.findings()).extracting(Finding::id).contains("handshake-incomplete");
      assertThat(p.findings().stream().filter(x -> x.id().equals("handshake-incomplete")).findFirst().orElseThrow()
          .message()).startsWith("TLS 1.3 is accepted, but no complete handshake was possible (");
      assertThat(List.of(Severity.ERROR)).contains(p.findings().get(0).severity());
    }
  }

  /**
   * A certificate whose validity is not a UTCTime (bad DER, as in hostile or broken servers): the JDK's parser
   * refuses it, and the scan reports a malformed-certificate finding instead of crashing.
   */
  @Test
  void certificateWithBadDer_malformedCertificateFinding() {
    byte[] flight = Fixtures.load("openssl-tls12-ecdhe-rsa.hex");
    int at = indexOf(flight, new byte[] {0x17, 0x0d}); // the first UTCTime: notBefore
    assertThat(at).isPositive();
    flight[at + 2] = 'X'; // "X6..." is no year
    try (ScanFuzzTest.ReplayServer server = new ScanFuzzTest.ReplayServer()) {
      server.current = new ScanFuzzTest.Case(0, "bad UTCTime", flight, ScanFuzzTest.After.CLOSE);

      ServerProfile p = new Scanner(ScanFuzzTest.OPTIONS).scan(Target.parse("127.0.0.1:" + server.port(), null));

      assertThat(p.error()).isNull();
      assertThat(byName(p.protocols())).containsEntry("TLSv1.2", true);
      assertThat(p.certificates()).isNotEmpty();
      ServerProfile.Chain c = p.certificates().get(0);
      assertThat(c.certificates()).isEmpty();
      assertThat(c.problems()).extracting(CertificateChecks.Problem::id).containsExactly("malformed-certificate");
      assertThat(c.problems().get(0).detail()).startsWith("the server sent a certificate that cannot be decoded:"
          + " Certificate.certificate_list[0]");
      assertThat(p.findings()).extracting(Finding::id).contains("malformed-certificate");
      assertThat(ScanText.render(p)).contains("malformed-certificate");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
