package dev.tlsdoctor.scan;

import static dev.tlsdoctor.scan.ProtocolNames.byName;
import static dev.tlsdoctor.scan.ScanWeaknessTest.checks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks that need a complete handshake (session resumption, early data, POODLE against TLS) against real nginx
 * 1.22 servers whose only suites, groups or versions are not the common ones: DHE only, ChaCha20-Poly1305 only,
 * TLS 1.3 with secp384r1 only, TLS 1.0 or 1.1 only. Each is tested with what the server accepts, never reported
 * unknown for want of a suite.
 */
class ScanSessionSuitesTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static int dheOnly;
  static int dheNoCache;
  static int chachaOnly;
  static int chachaNoEarly;
  static int p384Only;
  static int tls10Only;
  static int tls11Only;

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path dh = tmp.resolve("ffdhe2048.pem");
    Tools.Result r = Tools.openssl(tmp, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048",
        "-out", dh.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    int[] p = Tools.freePorts(7);
    dheOnly = p[0];
    dheNoCache = p[1];
    chachaOnly = p[2];
    chachaNoEarly = p[3];
    p384Only = p[4];
    tls10Only = p[5];
    tls11Only = p[6];
    String cert = " ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";"
        + " location / { return 200 \"ok\\n\"; } }\n";
    String resume = " ssl_session_cache shared:%s:1m; ssl_session_tickets on;";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")),
        "server { listen 127.0.0.1:" + dheOnly + " ssl; ssl_protocols TLSv1.2; ssl_ciphers DHE-RSA-AES128-GCM-SHA256;"
            + " ssl_dhparam " + dh + ";" + String.format(resume, "dhe") + cert
            + "server { listen 127.0.0.1:" + dheNoCache + " ssl; ssl_protocols TLSv1.2;"
            + " ssl_ciphers DHE-RSA-CHACHA20-POLY1305; ssl_dhparam " + dh + "; ssl_session_cache off;"
            + " ssl_session_tickets off;" + cert
            + "server { listen 127.0.0.1:" + chachaOnly + " ssl; ssl_protocols TLSv1.2 TLSv1.3;"
            + " ssl_ciphers ECDHE-RSA-CHACHA20-POLY1305;"
            + " ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256; ssl_early_data on;"
            + String.format(resume, "chacha") + cert
            + "server { listen 127.0.0.1:" + chachaNoEarly + " ssl; ssl_protocols TLSv1.3;"
            + " ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256; ssl_early_data off;"
            + String.format(resume, "chacha2") + cert
            + "server { listen 127.0.0.1:" + p384Only + " ssl; ssl_protocols TLSv1.3; ssl_ecdh_curve secp384r1;"
            + " ssl_early_data on;" + String.format(resume, "p384") + cert
            + "server { listen 127.0.0.1:" + tls10Only + " ssl; ssl_protocols TLSv1;"
            + " ssl_ciphers AES128-SHA:ECDHE-RSA-AES256-SHA:@SECLEVEL=0;" + String.format(resume, "tls10") + cert
            + "server { listen 127.0.0.1:" + tls11Only + " ssl; ssl_protocols TLSv1.1;"
            + " ssl_ciphers ECDHE-RSA-AES256-SHA:@SECLEVEL=0; ssl_session_cache off; ssl_session_tickets off;" + cert);
  }

  @AfterAll
  static void stop() {
    nginx.close();
  }

  private static ServerProfile scan(int port) {
    return ScanWeaknessTest.scan(certs, port);
  }

  private static ServerProfile.Check check(String id, String status, String detail) {
    return new ServerProfile.Check(id, status, detail);
  }

  @Test
  void dheOnlyWithCacheAndTickets_bothResume() {
    ServerProfile p = scan(dheOnly);

    assertThat(byName(p.cipherSuites()).get("TLSv1.2")).extracting(ServerProfile.Suite::iana)
        .containsExactly("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-id")).isEqualTo(check("resumption-id", "supported",
        "a second handshake with the session id of a first one resumed its session"));
    assertThat(c.get("resumption-ticket")).isEqualTo(check("resumption-ticket", "supported",
        "a second handshake with the session ticket of a first one resumed its session"));
    assertThat(c.get("poodle-tls")).isEqualTo(check("poodle-tls", "ok",
        "no TLS 1.2 handshake with a CBC suite (alert handshake_failure(40))"));
  }

  @Test
  void dheChachaWithoutCacheOrTickets_noResumption() {
    ServerProfile p = scan(dheNoCache);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-id")).isEqualTo(check("resumption-id", "not-supported",
        "the server sent an empty session id: it keeps no session cache"));
    assertThat(c.get("resumption-ticket")).isEqualTo(check("resumption-ticket", "not-supported",
        "the server issued no session ticket"));
  }

  @Test
  void chachaOnly_tls12AndTls13Resume_earlyDataAccepted() {
    ServerProfile p = scan(chachaOnly);

    assertThat(byName(p.cipherSuites()).get("TLSv1.3")).extracting(ServerProfile.Suite::iana)
        .containsExactly("TLS_CHACHA20_POLY1305_SHA256");
    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-id").status()).isEqualTo("supported");
    assertThat(c.get("resumption-ticket").status()).isEqualTo("supported");
    assertThat(c.get("resumption-tls13")).isEqualTo(check("resumption-tls13", "supported",
        "a handshake with a ticket from a first one resumed its session (2 tickets issued)"));
    assertThat(c.get("early-data")).isEqualTo(check("early-data", "vulnerable",
        "the server accepts early data (0-RTT, up to 16384 bytes): requests sent in it can be replayed by an"
            + " attacker"));
  }

  @Test
  void chachaOnlyTls13_earlyDataOff_resumesWithoutEarlyData() {
    ServerProfile p = scan(chachaNoEarly);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-tls13")).isEqualTo(check("resumption-tls13", "supported",
        "a handshake with a ticket from a first one resumed its session (2 tickets issued)"));
    assertThat(c.get("early-data")).isEqualTo(check("early-data", "ok", "the server's tickets allow no early data"));
  }

  @Test
  void tls13WithSecp384r1Only_retriesWithThatGroup_resumes() {
    ServerProfile p = scan(p384Only);

    assertThat(p.groups()).containsExactly("secp384r1");
    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-tls13")).isEqualTo(check("resumption-tls13", "supported",
        "a handshake with a ticket from a first one resumed its session (2 tickets issued)"));
    assertThat(c.get("early-data").status()).isEqualTo("vulnerable");
    // the JDK handshakes (certificates of a TLS 1.3-only server, the HTTP request for HSTS) offer x25519 and
    // ffdhe2048 key shares: the server's HelloRetryRequest for secp384r1 must still lead to an answer
    assertThat(p.certificates()).hasSize(1);
    assertThat(p.certificates().get(0).certificates()).extracting(CertificateInfo::subject)
        .containsExactly("CN=localhost", "CN=tlsdoctor test intermediate CA");
    assertThat(c.get("hsts").status()).isEqualTo("vulnerable");
  }

  @Test
  void tls10Only_poodleTlsTestedAtTls10_sessionsResume() {
    ServerProfile p = scan(tls10Only);

    assertThat(byName(p.protocols())).containsEntry("TLSv1.0", true).containsEntry("TLSv1.2", false);
    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("poodle-tls")).isEqualTo(check("poodle-tls", "ok", "a record with bad CBC padding was refused"
        + " (alert bad_record_mac(20), TLS_RSA_WITH_AES_128_CBC_SHA)"));
    assertThat(c.get("resumption-id").status()).isEqualTo("supported");
    assertThat(c.get("resumption-ticket")).isEqualTo(check("resumption-ticket", "supported",
        "a second handshake with the session ticket of a first one resumed its session"));
  }

  @Test
  void tls11Only_poodleTlsTestedAtTls11_noResumption() {
    ServerProfile p = scan(tls11Only);

    assertThat(byName(p.protocols())).containsEntry("TLSv1.1", true).containsEntry("TLSv1.2", false);
    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("poodle-tls")).isEqualTo(check("poodle-tls", "ok", "a record with bad CBC padding was refused"
        + " (alert bad_record_mac(20), TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA)"));
    assertThat(c.get("resumption-id")).isEqualTo(check("resumption-id", "not-supported",
        "the server sent an empty session id: it keeps no session cache"));
  }
}
