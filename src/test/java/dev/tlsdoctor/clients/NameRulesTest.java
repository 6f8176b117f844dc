package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.x509.CertificateNames;
import dev.tlsdoctor.x509.NameCheck;
import dev.tlsdoctor.x509.Pki;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each client judges the certificate's names by its own rule: certificates made by openssl, shipped profiles. */
class NameRulesTest {
  @TempDir
  static Path tmp;
  static CertificateNames cnOnly;
  static CertificateNames partialWildcard;

  static final List<String> CLIENTS = List.of("chrome-current", "chrome-49-xp", "firefox-current",
      "safari-ios-current", "safari-ios-12", "go-1.24", "python-3.11", "curl-7.88-openssl", "java-17", "openssl-3.0");

  @BeforeAll
  static void make() {
    Pki pki = new Pki(tmp);
    pki.root("ca", "/CN=names CA");
    cnOnly = CertificateNames.of(pki.issue("cn-only", "/CN=legacy.test", "ca", false));
    partialWildcard = CertificateNames.of(pki.issue("partial", "/CN=partial", "ca", false,
        "subjectAltName=DNS:api*.example.test"));
  }

  private static Map<String, String> simulate(CertificateNames names, String host) {
    NameCheck check = new NameCheck(names, host);
    ServerOffer.Cert cert = new ServerOffer.Cert("CN=x", "RSA", 2048, null, "SHA256withRSA", false,
        ServerOffer.Trust.TRUSTED, null, check, null);
    ServerOffer o = SimulatorTest.offer(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3), 1,
        SimulatorTest.suites("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA"), false,
        List.of(NamedGroup.X25519, NamedGroup.SECP256R1), null, List.of(cert), List.of());
    Map<String, String> out = new LinkedHashMap<>();
    for (String id : CLIENTS) {
      Verdict v = SimulatorTest.run(id, o);
      out.put(id, v.connects() ? "connects" : v.clazz());
    }
    return out;
  }

  @Test
  void cnOnlyCertificate_browsersAndGoRefuse_opensslJavaCurlPythonAccept() {
    assertThat(simulate(cnOnly, "legacy.test")).containsExactly(
        Map.entry("chrome-current", "certificate-name-mismatch"),
        Map.entry("chrome-49-xp", "connects"),
        Map.entry("firefox-current", "certificate-name-mismatch"),
        Map.entry("safari-ios-current", "certificate-name-mismatch"),
        Map.entry("safari-ios-12", "connects"),
        Map.entry("go-1.24", "certificate-name-mismatch"),
        Map.entry("python-3.11", "connects"),
        Map.entry("curl-7.88-openssl", "connects"),
        Map.entry("java-17", "connects"),
        Map.entry("openssl-3.0", "connects"));
  }

  @Test
  void partialWildcard_onlyOpensslAndJavaAccept() {
    Map<String, String> v = simulate(partialWildcard, "api1.example.test");
    assertThat(v.entrySet().stream().filter(e -> e.getValue().equals("connects")).map(Map.Entry::getKey).toList())
        .containsExactly("java-17", "openssl-3.0");
  }

  @Test
  void of_versionsBeforeTheChange_fallBackToTheCommonName() {
    assertThat(NameRules.major("8u161")).isEqualTo(8);
    assertThat(NameRules.major("current")).isEqualTo(-1);
    assertThat(NameRules.of(ClientDatabase.find("go-1.19").orElseThrow()).id()).isEqualTo("rfc9525");
    assertThat(NameRules.of(ClientDatabase.find("edge-current").orElseThrow()).id()).isEqualTo("rfc9525");
    assertThat(NameRules.of(ClientDatabase.find("libressl-3.3").orElseThrow()).id()).isEqualTo("openssl");
  }
}
