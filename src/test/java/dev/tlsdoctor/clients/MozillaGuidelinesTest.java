package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mozilla's Server Side TLS guidelines 5.7 (old, intermediate, modern) as nginx configurations with OpenSSL 3.0:
 * the oldest clients each lists connect; older clients fail, each for its reason. One exception is the point:
 * "old" names IE 8 on Windows XP, which has only RC4, 3DES and DES suites, none of which OpenSSL 3.0 has.
 */
class MozillaGuidelinesTest {
  static final String INTERMEDIATE = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
      + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";
  static final String OLD = INTERMEDIATE + ":ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:"
      + "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:"
      + "ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:"
      + "AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA:@SECLEVEL=0";

  @TempDir
  static Path tmp;
  static Map<String, ServerOffer> offers = new LinkedHashMap<>();

  @BeforeAll
  static void configure() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Tools.openssl(tmp, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out",
        "dh.pem");
    String rsa = "ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";";
    String ec = "ssl_certificate " + certs.ecdsaLeaf().cert() + "; ssl_certificate_key " + certs.ecdsaLeaf().key()
        + ";";
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, String.join("\n", "events {}", "http {",
        "  server { listen 1443 ssl; " + ec + " ssl_protocols TLSv1.3; ssl_ecdh_curve X25519:prime256v1:secp384r1;"
            + " ssl_prefer_server_ciphers off; }",
        "  server { listen 2443 ssl; " + rsa + " ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers " + INTERMEDIATE + ";"
            + " ssl_ecdh_curve X25519:prime256v1:secp384r1; ssl_dhparam " + tmp.resolve("dh.pem") + ";"
            + " ssl_prefer_server_ciphers off; }",
        "  server { listen 3443 ssl; " + rsa + " ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers " + OLD + ";"
            + " ssl_ecdh_curve X25519:prime256v1:secp384r1; ssl_dhparam " + tmp.resolve("dh.pem") + ";"
            + " ssl_prefer_server_ciphers on; }",
        "}", ""));
    TlsPolicy policy = TlsPolicy.of(NginxConfigReader.strict().read(conf), NginxVersion.parse("1.22.1"),
        new OpensslBuild("3.0", 2, false));
    for (String[] p : new String[][] {{"modern", "1443"}, {"intermediate", "2443"}, {"old", "3443"}}) {
      offers.put(p[0], PolicyOffer.of(policy, PolicyOffer.socket(policy, p[1]).orElseThrow(), "localhost"));
    }
  }

  static Verdict run(String id, String profile) {
    return ClientSimulation.simulate(ClientDatabase.find(id).orElseThrow(), offers.get(profile));
  }

  @Test
  void modern_oldestListedClientsConnect_olderOnesLackTls13() {
    for (String id : new String[] {"firefox-current", "android-10-12", "chrome-current", "java-11.0.11",
        "openssl-1.1.1", "safari-ios-12"}) {
      Verdict v = run(id, "modern");
      assertThat(v.connects()).as(id + ": " + v.reason()).isTrue();
      assertThat(v.handshake().protocol()).as(id).isEqualTo("TLSv1.3");
    }
    for (String id : new String[] {"java-8u261", "android-8-9", "ie-11-win10", "safari-ios-10"}) {
      Verdict v = run(id, "modern");
      assertThat(v.clazz()).as(id).isEqualTo("protocol-version-mismatch");
      assertThat(v.reason()).as(id).endsWith("the server TLS 1.3 only");
      assertThat(v.blockedBy().directive()).as(id).isEqualTo("ssl_protocols TLSv1.3");
    }
  }

  @Test
  void intermediate_ie11OnWindows7ConnectsByDhe_tls10OnlyClientsFail() {
    Verdict ie = run("ie-11-win7", "intermediate");
    assertThat(ie.handshake().cipher()).isEqualTo("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
    assertThat(ie.connects()).isTrue();
    assertThat(run("java-8u161", "intermediate").handshake().cipher())
        .isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    for (String id : new String[] {"openssl-1.0.1", "safari-ios-10", "chrome-49-xp", "firefox-52-esr-xp"}) {
      assertThat(run(id, "intermediate").connects()).as(id).isTrue();
    }
    for (String id : new String[] {"java-7u80", "android-4.4", "openssl-0.9.8", "ie-8-xp"}) {
      Verdict v = run(id, "intermediate");
      assertThat(v.clazz()).as(id).isEqualTo("protocol-version-mismatch");
      assertThat(v.blockedBy().line()).as(id).isEqualTo(4);
    }
  }

  @Test
  void old_java6AndOpenssl098Connect_ie8OnXpFindsNoSuiteInOpenssl30() {
    Verdict java6 = run("java-6u45", "old");
    assertThat(java6.handshake().protocol()).isEqualTo("TLSv1");
    assertThat(java6.handshake().cipher()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
    assertThat(java6.connects()).isTrue();
    assertThat(run("openssl-0.9.8", "old").handshake().cipher()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
    Verdict ie8 = run("ie-8-xp", "old");
    assertThat(ie8.clazz()).isEqualTo("no-shared-cipher");
    assertThat(ie8.reason()).startsWith("no TLS 1.0 suite in common: the client offers 11 suites (RC4-MD5,");
    assertThat(ie8.blockedBy().line()).isEqualTo(5);
  }
}
