package dev.tlsdoctor.scan;

import static dev.tlsdoctor.scan.ScanWeaknessTest.checks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.report.ScanText;
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
 * Session resumption (session ids, TLS 1.2 tickets, TLS 1.3 tickets) and early data (0-RTT), each against a real
 * nginx 1.22 that has it and one that does not: {@code ssl_session_cache}, {@code ssl_session_tickets},
 * {@code ssl_early_data}.
 */
class ScanSessionTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static int everything;
  static int nothing;
  static int cacheOnly;
  static int aes256;

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(4);
    everything = p[0];
    nothing = p[1];
    cacheOnly = p[2];
    aes256 = p[3];
    String common = " ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";"
        + " ssl_protocols TLSv1.2 TLSv1.3; location / { return 200 \"ok\\n\"; } }\n";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")),
        "server { listen 127.0.0.1:" + everything + " ssl; ssl_session_cache shared:all:1m;"
            + " ssl_session_tickets on; ssl_early_data on;" + common
            + "server { listen 127.0.0.1:" + nothing + " ssl; ssl_session_cache off; ssl_session_tickets off;"
            + common
            + "server { listen 127.0.0.1:" + cacheOnly + " ssl; ssl_session_cache shared:ids:1m;"
            + " ssl_session_tickets off; ssl_early_data off;" + common
            + "server { listen 127.0.0.1:" + aes256 + " ssl; ssl_session_cache shared:big:1m;"
            + " ssl_session_tickets on; ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384;" + common);
  }

  @AfterAll
  static void stop() {
    nginx.close();
  }

  private static ServerProfile scan(int port) {
    return ScanWeaknessTest.scan(certs, port);
  }

  @Test
  void cacheTicketsAndEarlyData_allResume_earlyDataAccepted() {
    ServerProfile p = scan(everything);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-id")).isEqualTo(new ServerProfile.Check("resumption-id", "supported",
        "a second handshake with the session id of a first one resumed its session"));
    assertThat(c.get("resumption-ticket")).isEqualTo(new ServerProfile.Check("resumption-ticket", "supported",
        "a second handshake with the session ticket of a first one resumed its session"));
    assertThat(c.get("resumption-tls13")).isEqualTo(new ServerProfile.Check("resumption-tls13", "supported",
        "a handshake with a ticket from a first one resumed its session (2 tickets issued)"));
    assertThat(c.get("early-data")).isEqualTo(new ServerProfile.Check("early-data", "vulnerable",
        "the server accepts early data (0-RTT, up to 16384 bytes): requests sent in it can be replayed by an"
            + " attacker"));
    assertThat(p.findings()).contains(Finding.of("early-data", Severity.WARNING, c.get("early-data").detail()));
    assertThat(ScanText.render(p)).contains("Session resumption:\n"
        + "  resumption-id     supported     a second handshake with the session id of a first one resumed its"
        + " session\n");
  }

  @Test
  void cacheAndTicketsOff_noResumption_noEarlyData() {
    ServerProfile p = scan(nothing);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-id")).isEqualTo(new ServerProfile.Check("resumption-id", "not-supported",
        "the server sent an empty session id: it keeps no session cache"));
    assertThat(c.get("resumption-ticket")).isEqualTo(new ServerProfile.Check("resumption-ticket", "not-supported",
        "the server issued no session ticket"));
    // OpenSSL still issues TLS 1.3 tickets under SSL_OP_NO_TICKET (stateful ones); without a cache none resumes
    assertThat(c.get("resumption-tls13")).isEqualTo(new ServerProfile.Check("resumption-tls13", "not-supported",
        "the server issued 2 tickets but did not resume with one"));
    assertThat(c.get("early-data")).isEqualTo(new ServerProfile.Check("early-data", "ok",
        "the server's tickets allow no early data"));
    assertThat(p.findings()).extracting(Finding::id).doesNotContain("early-data");
  }

  @Test
  void cacheWithoutTickets_idsAndTls13Resume_ticketsDoNot() {
    ServerProfile p = scan(cacheOnly);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-id").status()).isEqualTo("supported");
    assertThat(c.get("resumption-ticket")).isEqualTo(new ServerProfile.Check("resumption-ticket", "not-supported",
        "the server issued no session ticket"));
    assertThat(c.get("resumption-tls13").status()).isEqualTo("supported");
    assertThat(c.get("early-data").status()).isEqualTo("ok");
  }

  @Test
  void aes256GcmOnlyAtTls12_sha384Prf_resumes() {
    ServerProfile p = scan(aes256);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("resumption-id").status()).isEqualTo("supported");
    assertThat(c.get("resumption-ticket").status()).isEqualTo("supported");
  }
}
