package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.TestCerts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system CA bundle's index: each certificate's subject read from its DER without decoding it, which must be the
 * subject the JDK's decoder reads, for every certificate of the real bundle and for certificates made here.
 */
class IssuersIndexTest {
  @TempDir
  Path tmp;

  @Test
  void subject_equalsTheDecodedSubject_forEveryCertificateOfTheSystemBundle() throws Exception {
    Path bundle = Path.of("/etc/ssl/certs/ca-certificates.crt");
    String pem = Files.readString(bundle, StandardCharsets.US_ASCII);
    List<byte[]> blocks = Issuers.pemBlocks(pem);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int decoded = cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).size();

    assertThat(blocks).hasSize(decoded).hasSizeGreaterThan(50);
    for (byte[] der : blocks) {
      X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
      assertThat(Issuers.subject(der)).isEqualTo(c.getSubjectX500Principal());
    }
  }

  @Test
  void subject_ofCertificatesMadeHere_andNullForWhatIsNotACertificate() throws Exception {
    TestCerts certs = TestCerts.create(tmp);
    String pem = Files.readString(certs.leaf().cert()) + Files.readString(certs.rootCa());
    List<byte[]> blocks = Issuers.pemBlocks(pem);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");

    assertThat(blocks).hasSize(cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(
        StandardCharsets.US_ASCII))).size()).hasSizeGreaterThanOrEqualTo(2);
    for (byte[] der : blocks) {
      assertThat(Issuers.subject(der)).isEqualTo(((X509Certificate) cf.generateCertificate(
          new ByteArrayInputStream(der))).getSubjectX500Principal());
    }
    assertThat(Issuers.subject(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})).isNull();
    assertThat(Issuers.subject(new byte[] {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})).isNull();
    assertThat(Issuers.subject(new byte[0])).isNull();
    assertThat(Issuers.pemBlocks("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n")).isEmpty();
  }
}
