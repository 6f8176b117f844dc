package dev.tlsdoctor.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chain rules on PKIs made by openssl: a root with an intermediate, a private root, a cross-signed root. */
class ChainsTest {
  @TempDir
  static Path tmp;
  static Pki pki;
  static X509Certificate rootA;
  static X509Certificate intermediate;
  static X509Certificate leaf;
  static X509Certificate privateRoot;
  static X509Certificate privateLeaf;
  static X509Certificate rootB;
  static X509Certificate rootBCrossSigned;
  static X509Certificate intermediateB;
  static X509Certificate leafB;
  static X509Certificate impostor;
  static X509Certificate withAia;

  @BeforeAll
  static void make() {
    pki = new Pki(tmp);
    rootA = pki.root("root-a", "/CN=Root A");
    intermediate = pki.issue("int-a", "/CN=Intermediate A", "root-a", true);
    leaf = pki.issue("leaf", "/CN=leaf.test", "int-a", false, "subjectAltName=DNS:leaf.test");
    privateRoot = pki.root("private", "/CN=Private Root");
    privateLeaf = pki.issue("private-leaf", "/CN=internal.test", "private", false,
        "subjectAltName=DNS:internal.test");
    // Root B, and the same name and key signed by Root A (how a new root reaches old trust stores)
    rootB = pki.root("root-b", "/CN=Root B");
    rootBCrossSigned = pki.issue("root-b", "/CN=Root B", "root-a", true);
    pki.root("root-b", "/CN=Root B"); // root-b.crt is the self-signed one again, for issuing
    intermediateB = pki.issue("int-b", "/CN=Intermediate B", "root-b", true);
    leafB = pki.issue("leaf-b", "/CN=b.test", "int-b", false, "subjectAltName=DNS:b.test");
    // the same issuer name as the intermediate, another key
    impostor = pki.issue("impostor", "/CN=Intermediate A", "root-a", true);
    withAia = pki.issue("aia", "/CN=aia.test", "int-a", false, "authorityInfoAccess=OCSP;URI:http://127.0.0.1:9/ocsp,"
        + "caIssuers;URI:ldap://127.0.0.1/ca,caIssuers;URI:http://127.0.0.1:9/int-a.crt");
  }

  @Test
  void issuedBy_nameKeyAndSignature() {
    assertThat(Chains.issuedBy(leaf, intermediate)).isTrue();
    assertThat(Chains.issuedBy(leaf, impostor)).isFalse();
    assertThat(Chains.issuedBy(intermediate, rootA)).isTrue();
    assertThat(Chains.issuedBy(leaf, rootA)).isFalse();
    assertThat(Chains.selfSigned(rootA)).isTrue();
    assertThat(Chains.selfSigned(rootBCrossSigned)).isFalse();
    // the authority key identifier names the issuer's key: the impostor's differs
    assertThat(Chains.authorityKeyId(leaf)).isEqualTo(Chains.subjectKeyId(intermediate));
    assertThat(Chains.subjectKeyId(impostor)).isNotEqualTo(Chains.subjectKeyId(intermediate));
  }

  @Test
  void ordered_outOfOrderChain_leafThenEachIssuer() {
    List<X509Certificate> served = List.of(leaf, rootA, impostor, intermediate);
    assertThat(Chains.ordered(served)).containsExactly(leaf, intermediate, rootA);
    assertThat(Chains.inOrder(served)).isFalse();
    assertThat(Chains.brokenLink(served)).isZero();
    assertThat(Chains.inOrder(List.of(leaf, intermediate, rootA))).isTrue();
    assertThat(Chains.brokenLink(List.of(leaf, intermediate, rootA))).isEqualTo(-1);
    assertThat(Chains.ordered(List.of(leaf, rootA))).containsExactly(leaf);
  }

  @Test
  void ending_leafOfAPrivateRoot_isAtRootNotIncomplete() {
    assertThat(Chains.ending(List.of(privateLeaf), c -> privateRoot)).isEqualTo(Chains.Ending.AT_ROOT);
    assertThat(Chains.ending(List.of(privateLeaf, privateRoot), c -> null)).isEqualTo(Chains.Ending.AT_ROOT);
    assertThat(Chains.ending(List.of(leaf), c -> intermediate)).isEqualTo(Chains.Ending.BELOW_INTERMEDIATE);
    assertThat(Chains.ending(List.of(leaf, intermediate), c -> rootA)).isEqualTo(Chains.Ending.AT_ROOT);
    assertThat(Chains.ending(List.of(privateLeaf), c -> null)).isEqualTo(Chains.Ending.ISSUER_UNKNOWN);
  }

  @Test
  void untilAnchor_crossSignedChain_stopsAtTheRootTheClientHas() {
    List<X509Certificate> served = List.of(leafB, intermediateB, rootBCrossSigned);
    assertThat(Chains.ordered(served)).containsExactly(leafB, intermediateB, rootBCrossSigned);
    // a client with the new root validates leaf and intermediate; one with only the old root the whole path
    assertThat(Chains.untilAnchor(served, List.of(rootB))).containsExactly(leafB, intermediateB);
    assertThat(Chains.untilAnchor(served, List.of(rootA))).containsExactly(leafB, intermediateB, rootBCrossSigned);
    assertThat(Chains.untilAnchor(List.of(leaf, intermediate), List.of(leaf))).containsExactly(leaf);
    assertThat(Chains.issuedBy(intermediateB, rootBCrossSigned)).isTrue();
    assertThat(Chains.issuedBy(intermediateB, rootB)).isTrue();
  }

  @Test
  void validity_beforeWithinAndAfter() {
    assertThat(Chains.Validity.of(leaf, leaf.getNotBefore().toInstant().minusSeconds(1)))
        .isEqualTo(Chains.Validity.NOT_YET_VALID);
    assertThat(Chains.Validity.of(leaf, leaf.getNotBefore().toInstant().plusSeconds(60)))
        .isEqualTo(Chains.Validity.VALID);
    assertThat(Chains.Validity.of(leaf, leaf.getNotAfter().toInstant().plusSeconds(1)))
        .isEqualTo(Chains.Validity.EXPIRED);
  }

  @Test
  void aia_caIssuersInOrder_httpPreferred() {
    assertThat(Aia.caIssuers(withAia)).containsExactly("ldap://127.0.0.1/ca", "http://127.0.0.1:9/int-a.crt");
    assertThat(Aia.preferred(Aia.caIssuers(withAia))).isEqualTo("http://127.0.0.1:9/int-a.crt");
    assertThat(Aia.caIssuers(leaf)).isEmpty();
    assertThat(Aia.preferred(List.of())).isNull();
  }
}
