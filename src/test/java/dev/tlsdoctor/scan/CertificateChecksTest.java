package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.x509.Pki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chain judgements on certificates made by openssl, including ones nginx with OpenSSL 3.0 refuses to load. */
class CertificateChecksTest {
  @TempDir
  static Path tmp;

  static TestCerts certs;
  static CertificateChecks checks;
  static X509Certificate root;
  static X509Certificate intermediate;
  static X509Certificate leaf;
  static X509Certificate weakLeaf;

  @BeforeAll
  static void make() throws IOException, CertificateException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path dir = certs.dir();
    root = load(certs.rootCa()).get(0);
    intermediate = load(dir.resolve("intermediate-ca.crt")).get(0);
    leaf = load(dir.resolve("leaf.crt")).get(0);
    // a 1024-bit RSA leaf signed with SHA-1 by the intermediate
    Tools.openssl(dir, "req", "-newkey", "rsa:1024", "-nodes", "-keyout", "weak.key", "-out", "weak.csr", "-subj",
        "/CN=weak.test");
    Files.writeString(dir.resolve("weak.ext"), "subjectAltName=DNS:weak.test\n");
    Tools.openssl(dir, "x509", "-req", "-in", "weak.csr", "-CA", "intermediate-ca.crt", "-CAkey",
        "intermediate-ca.key", "-CAcreateserial", "-days", "30", "-sha1", "-extfile", "weak.ext", "-out",
        "weak.crt");
    weakLeaf = load(dir.resolve("weak.crt")).get(0);
    checks = CertificateChecks.withJdkTrust(List.of(root));
  }

  static List<X509Certificate> load(Path pem) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
      return out;
    }
  }

  private static List<String> ids(List<X509Certificate> chain, String name) {
    return checks.check(chain, name, Instant.now()).stream().map(CertificateChecks.Problem::id).toList();
  }

  @Test
  void goodChain_noProblems() {
    assertThat(ids(List.of(leaf, intermediate), "good.test")).isEmpty();
    assertThat(ids(List.of(leaf, intermediate, root), "localhost")).isEmpty();
  }

  @Test
  void wildcardOrOtherName() {
    assertThat(ids(List.of(leaf, intermediate), "sub.good.test")).containsExactly("hostname-mismatch");
    assertThat(ids(List.of(leaf, intermediate), "127.0.0.2")).containsExactly("hostname-mismatch");
    assertThat(ids(List.of(leaf, intermediate), "127.0.0.1")).isEmpty();
  }

  @Test
  void weakRsaKeyAndSha1Signature() {
    List<CertificateChecks.Problem> p = checks.check(List.of(weakLeaf, intermediate), "weak.test", Instant.now());

    assertThat(p).containsExactly(
        new CertificateChecks.Problem("weak-key", "CN=weak.test has a 1024-bit RSA key"),
        new CertificateChecks.Problem("weak-signature", "CN=weak.test is signed with SHA1withECDSA"));
  }

  @Test
  void untrustedRootSent_untrusted() {
    CertificateChecks jdkOnly = CertificateChecks.withJdkTrust(List.of());

    assertThat(jdkOnly.check(List.of(leaf, intermediate, root), "localhost", Instant.now()))
        .extracting(CertificateChecks.Problem::id).containsExactly("untrusted");
    assertThat(jdkOnly.check(List.of(leaf, intermediate), "localhost", Instant.now()))
        .extracting(CertificateChecks.Problem::id).containsExactly("incomplete-chain");
  }

  @Test
  void afterNotAfter_expired_beforeNotBefore_notYetValid() {
    Instant late = leaf.getNotAfter().toInstant().plusSeconds(1);
    Instant early = leaf.getNotBefore().toInstant().minusSeconds(3600);

    assertThat(checks.check(List.of(leaf, intermediate), "localhost", late)).extracting(CertificateChecks.Problem::id)
        .containsExactly("expired");
    assertThat(checks.check(List.of(leaf, intermediate), "localhost", early))
        .extracting(CertificateChecks.Problem::id).containsExactly("not-yet-valid", "not-yet-valid");
  }

  @Test
  void judge_completeChainHasNoAia_incompleteChainExplainsAiaWithoutDownloading() throws IOException,
      CertificateException {
    ServerProfile.Chain complete = checks.judge("test", List.of(leaf, intermediate), "localhost", Instant.now(),
        AiaFetch.disabled());
    assertThat(complete.problems()).isEmpty();
    assertThat(complete.aia()).isNull();
    assertThat(complete.certificates()).extracting(CertificateInfo::subject).containsExactly("CN=localhost",
        "CN=tlsdoctor test intermediate CA");

    ServerProfile.Chain noAia = checks.judge("test", List.of(leaf), "localhost", Instant.now(), AiaFetch.disabled());
    assertThat(noAia.aia()).isEqualTo(new ServerProfile.Aia(null, false, false,
        "CN=localhost has no AIA caIssuers URL"));

    // port 9 (discard) is never contacted: the fetcher is off
    X509Certificate withAia = load(certs.leafWithAia("judge-aia", "intermediate-ca", "http://127.0.0.1:9/i.der")
        .cert()).get(0);
    ServerProfile.Chain off = checks.judge("test", List.of(withAia), "localhost", Instant.now(),
        AiaFetch.disabled());
    assertThat(off.aia()).isEqualTo(new ServerProfile.Aia("http://127.0.0.1:9/i.der", false, false,
        "not fetched: --no-aia-fetch"));
    assertThat(off.problems()).containsExactly(new CertificateChecks.Problem("incomplete-chain",
        "the issuer of CN=localhost (CN=tlsdoctor test intermediate CA) was not sent and is not a trusted CA;"
            + " browsers may fetch it from AIA (http://127.0.0.1:9/i.der, not fetched: --no-aia-fetch); curl,"
            + " openssl, Java, Go, Python and most API clients will fail: serve the intermediate (ssl_certificate"
            + " with the full chain)"));
  }

  /**
   * A new root cross-signed by an old one, served as leaf, intermediate, cross-signed root: a client that has the new
   * root validates up to the intermediate, one that has only the old root the whole path; one with neither refuses.
   */
  @Test
  void crossSignedChain_trustedWithEitherRoot() {
    Pki pki = new Pki(certs.dir());
    X509Certificate oldRoot = pki.root("old-root", "/CN=Old Root");
    X509Certificate newRoot = pki.root("new-root", "/CN=New Root");
    X509Certificate crossSigned = pki.issue("new-root", "/CN=New Root", "old-root", true);
    pki.root("new-root", "/CN=New Root");
    X509Certificate issuing = pki.issue("issuing", "/CN=Issuing CA", "new-root", true);
    X509Certificate site = pki.issue("site", "/CN=site.test", "issuing", false, "subjectAltName=DNS:site.test");
    List<X509Certificate> served = List.of(site, issuing, crossSigned);

    assertThat(CertificateChecks.withJdkTrust(List.of(newRoot)).check(served, "site.test", Instant.now())).isEmpty();
    assertThat(CertificateChecks.withJdkTrust(List.of(oldRoot)).check(served, "site.test", Instant.now())).isEmpty();
    assertThat(CertificateChecks.withJdkTrust(List.of()).check(served, "site.test", Instant.now()))
        .extracting(CertificateChecks.Problem::id).containsExactly("incomplete-chain");
  }
}
