package dev.tlsdoctor.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.Tools;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Name matching on certificates made by openssl. The OpenSSL rule is checked against the binary itself
 * ({@code openssl x509 -checkhost} and {@code -checkip} call {@code X509_check_host} and {@code X509_check_ip});
 * RFC 9525's rule against the cases its sections 6.3 and 6.4 settle.
 */
class NameRuleTest {
  @TempDir
  static Path tmp;
  static Pki pki;
  static X509Certificate sans;
  static X509Certificate cnOnly;
  static X509Certificate ipSanAndCn;
  static X509Certificate wildcards;

  static final List<String> HOSTS = List.of("www.example.test", "WWW.Example.TEST", "www.example.test.",
      "a.api.example.test", "a.b.api.example.test", "api.example.test", "cn.example.test", "legacy.example.test",
      "ipcn.example.test", "foo.example.test", "f.example.test", "bar.example.test", "example.test", "other.test",
      "xn--f-1ga.example.test", "x.test");

  @BeforeAll
  static void make() {
    pki = new Pki(tmp);
    pki.root("ca", "/CN=names test CA");
    sans = pki.issue("sans", "/CN=cn.example.test", "ca", false,
        "subjectAltName=DNS:www.example.test,DNS:*.api.example.test,IP:127.0.0.1,IP:::1");
    cnOnly = pki.issue("cn-only", "/CN=legacy.example.test", "ca", false);
    ipSanAndCn = pki.issue("ip-san", "/CN=ipcn.example.test", "ca", false, "subjectAltName=IP:10.0.0.1");
    wildcards = pki.issue("wildcards", "/CN=wildcards", "ca", false,
        "subjectAltName=DNS:f*.example.test,DNS:*.test");
  }

  private static boolean opensslMatches(String file, String host) {
    boolean ip = NameRule.isIpLiteral(host);
    String out = Tools.openssl(tmp, "x509", "-noout", "-in", file, ip ? "-checkip" : "-checkhost", host).stdout();
    return out.contains(" does match certificate");
  }

  @Test
  void openssl_everyHostOnEveryCertificate_sameAsX509CheckHost() {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    List<String> hosts = new ArrayList<>(HOSTS);
    hosts.addAll(List.of("127.0.0.1", "10.0.0.1", "::1", "0:0:0:0:0:0:0:1", "127.0.0.2"));
    for (String file : List.of("sans.crt", "cn-only.crt", "ip-san.crt", "wildcards.crt")) {
      CertificateNames names = CertificateNames.of(pki.load(file));
      for (String host : hosts) {
        expected.add(file + " " + host + " " + opensslMatches(file, host));
        actual.add(file + " " + host + " " + NameRule.OPENSSL.matches(names, host));
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void rfc9525_subjectAltNamesOnly_wholeLabelWildcards() {
    CertificateNames s = CertificateNames.of(sans);
    assertThat(HOSTS.stream().filter(h -> NameRule.RFC_9525.matches(s, h)).toList()).containsExactly(
        "www.example.test", "WWW.Example.TEST", "www.example.test.", "a.api.example.test");
    // the CN is never an identifier, with or without subjectAltName (RFC 9525 section 6.4.4 gone, Chrome 58+)
    assertThat(NameRule.RFC_9525.matches(s, "cn.example.test")).isFalse();
    assertThat(NameRule.RFC_9525.matches(CertificateNames.of(cnOnly), "legacy.example.test")).isFalse();
    // f*.example.test is no wildcard for browsers, and *.test covers no two-label name
    CertificateNames w = CertificateNames.of(wildcards);
    assertThat(HOSTS.stream().filter(h -> NameRule.RFC_9525.matches(w, h)).toList()).isEmpty();
    assertThat(NameRule.RFC_9525.matches(s, "127.0.0.1")).isTrue();
    assertThat(NameRule.RFC_9525.matches(s, "[::1]")).isTrue();
    assertThat(NameRule.RFC_9525.matches(s, "127.0.0.2")).isFalse();
  }

  @Test
  void cnFallback_onlyWithoutDnsSubjectAltName() {
    assertThat(NameRule.CN_FALLBACK.matches(CertificateNames.of(cnOnly), "legacy.example.test")).isTrue();
    assertThat(NameRule.CN_FALLBACK.matches(CertificateNames.of(ipSanAndCn), "ipcn.example.test")).isTrue();
    assertThat(NameRule.CN_FALLBACK.matches(CertificateNames.of(sans), "cn.example.test")).isFalse();
    assertThat(NameRule.CN_FALLBACK.matches(CertificateNames.of(wildcards), "foo.example.test")).isFalse();
    assertThat(NameRule.JAVA.matches(CertificateNames.of(cnOnly), "legacy.example.test")).isTrue();
  }

  @Test
  void names_fromAReportedCertificate_sameAsFromTheCertificate() {
    CertificateNames parsed = CertificateNames.of(sans);
    CertificateNames reported = CertificateNames.of(List.of("DNS:www.example.test", "DNS:*.api.example.test",
        "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"), sans.getSubjectX500Principal().getName());
    assertThat(reported).isEqualTo(parsed);
    assertThat(parsed.shown()).containsExactly("www.example.test", "*.api.example.test", "127.0.0.1",
        "0:0:0:0:0:0:0:1");
    assertThat(CertificateNames.of(cnOnly).shown()).containsExactly("legacy.example.test");
  }
}
