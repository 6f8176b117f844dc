package dev.tlsdoctor.scan;

import static dev.tlsdoctor.scan.ProtocolNames.byName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.testing.FlawedServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weakness checks, each against a server that has the flaw (an in-process {@link FlawedServer} where no nginx
 * can be made vulnerable) and a real nginx 1.22 that does not; HSTS and the derived checks (BEAST) against nginx
 * configured with and without them.
 */
class ScanWeaknessTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static int hsts;
  static int legacy;
  static int rsa;
  static final ScanOptions FAST = ScanOptions.defaults().withTimeout(java.time.Duration.ofSeconds(10));

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(3);
    hsts = p[0];
    legacy = p[1];
    rsa = p[2];
    String pair = " ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")),
        "server { listen 127.0.0.1:" + hsts + " ssl;" + pair + " ssl_protocols TLSv1.2 TLSv1.3;"
            + " add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;"
            + " location / { return 200 \"ok\\n\"; } }\n"
            + "server { listen 127.0.0.1:" + legacy + " ssl;" + pair + " ssl_protocols TLSv1 TLSv1.1 TLSv1.2;"
            + " ssl_ciphers 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0';"
            + " location / { return 200 \"ok\\n\"; } }\n"
            + "server { listen 127.0.0.1:" + rsa + " ssl;" + pair + " ssl_protocols TLSv1.2;"
            + " ssl_ciphers 'AES128-SHA:AES256-SHA:AES128-GCM-SHA256';"
            + " location / { return 200 \"ok\\n\"; } }");
  }

  @AfterAll
  static void stop() {
    nginx.close();
  }

  /** A scan's checks by id. */
  static Map<String, ServerProfile.Check> checks(ServerProfile p) {
    return p.checks().stream().collect(Collectors.toMap(ServerProfile.Check::id, c -> c));
  }

  private static ServerProfile scan(int port) {
    return scan(certs, port);
  }

  /** A quick scan of 127.0.0.1:{@code port} as localhost, trusting the root of {@code certs}. */
  static ServerProfile scan(TestCerts certs, int port) {
    try {
      return new Scanner(FAST.withExtraCas(List.of(ScanNginxTest.load(certs.rootCa()))))
          .scan(Target.parse("127.0.0.1:" + port, "localhost"));
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void heartbleedingServer_vulnerable_gradeF() throws IOException {
    try (FlawedServer s = FlawedServer.start(FlawedServer.Flaw.HEARTBLEED)) {
      ServerProfile p = scan(s.port());

      assertThat(checks(p).get("heartbleed")).isEqualTo(new ServerProfile.Check("heartbleed", "vulnerable",
          "a heartbeat claiming 16384 bytes and carrying none was answered with 16403 bytes of the server's memory"
              + " (CVE-2014-0160)"));
      assertThat(p.findings()).extracting(Finding::id).contains("heartbleed");
      assertThat(p.grade()).isEqualTo("F");
      assertThat(p.gradeReasons()).contains("F: heartbleed");
    }
  }

  @Test
  void earlyCcsTaken_vulnerable() throws IOException {
    try (FlawedServer s = FlawedServer.start(FlawedServer.Flaw.EARLY_CCS)) {
      ServerProfile p = scan(s.port());

      assertThat(checks(p).get("ccs-injection")).isEqualTo(new ServerProfile.Check("ccs-injection", "vulnerable",
          "the server took a ChangeCipherSpec before any key exchange and then failed to decrypt (alert"
              + " bad_record_mac(20)) (CVE-2014-0224)"));
      assertThat(checks(p).get("heartbleed").status()).isEqualTo("ok");
      assertThat(p.findings()).extracting(Finding::id).contains("ccs-injection");
    }
  }

  @Test
  void compressingServer_vulnerable() throws IOException {
    try (FlawedServer s = FlawedServer.start(FlawedServer.Flaw.COMPRESSION)) {
      ServerProfile p = scan(s.port());

      assertThat(checks(p).get("compression")).isEqualTo(new ServerProfile.Check("compression", "vulnerable",
          "the server chose compression method 1 (DEFLATE): secrets in requests can be recovered by CRIME"));
      assertThat(p.findings()).extracting(Finding::id).contains("compression");
    }
  }

  @Test
  void nginxWithHsts_noFlaw_gradeAPlus() {
    ServerProfile p = scan(hsts);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("heartbleed").detail()).isEqualTo("the server does not offer the heartbeat extension");
    assertThat(c.get("ccs-injection")).isEqualTo(new ServerProfile.Check("ccs-injection", "ok",
        "an early ChangeCipherSpec was refused (alert unexpected_message(10))"));
    assertThat(c.get("compression")).isEqualTo(new ServerProfile.Check("compression", "ok",
        "the server chose no compression"));
    assertThat(c.get("hsts")).isEqualTo(new ServerProfile.Check("hsts", "ok",
        "Strict-Transport-Security \"max-age=63072000; includeSubDomains\""));
    assertThat(p.checks()).filteredOn(x -> !x.id().startsWith("resumption-"))
        .extracting(ServerProfile.Check::status).containsOnly("ok");
    assertThat(p.grade()).as(p.gradeReasons().toString()).isEqualTo("A+");
  }

  @Test
  void nginxTls10WithCbcNoHsts_beastAndHstsMissing_gradeB() {
    ServerProfile p = scan(legacy);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("beast").status()).isEqualTo("vulnerable");
    assertThat(c.get("beast").detail()).startsWith("TLS 1.0 or SSL 3.0 with CBC suites"
        + " (TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    assertThat(c.get("hsts")).isEqualTo(new ServerProfile.Check("hsts", "vulnerable",
        "no Strict-Transport-Security header in the answer to GET / (HTTP/1.1 200 OK)"));
    assertThat(c.get("drown").status()).isEqualTo("ok");
    assertThat(p.grade()).isEqualTo("B");
    assertThat(p.gradeReasons()).containsExactly("B: protocol-deprecated");
  }

  @Test
  void robotOracle_vulnerable_gradeF() throws IOException {
    try (FlawedServer s = FlawedServer.start(FlawedServer.Flaw.ROBOT, certs.leaf())) {
      ServerProfile p = scan(s.port());

      assertThat(checks(p).get("robot")).isEqualTo(new ServerProfile.Check("robot", "vulnerable",
          "the server answers malformed RSA ClientKeyExchange messages differently (well formed: alert"
              + " bad_record_mac(20), wrong first bytes: alert decrypt_error(51), no zero separator: alert"
              + " bad_record_mac(20), zero separator misplaced: alert bad_record_mac(20), wrong version in the secret:"
              + " alert bad_record_mac(20)): a Bleichenbacher oracle (ROBOT); recorded RSA key exchanges can be"
              + " decrypted; turn off RSA key exchange or update the TLS stack"));
      assertThat(p.findings()).extracting(Finding::id).contains("robot");
      assertThat(p.grade()).isEqualTo("F");
      assertThat(p.gradeReasons()).contains("F: robot");
    }
  }

  @Test
  void lenientCbcPadding_poodleTlsVulnerable_gradeF() throws IOException {
    try (FlawedServer s = FlawedServer.start(FlawedServer.Flaw.POODLE_TLS, certs.leaf())) {
      ServerProfile p = scan(s.port());

      assertThat(checks(p).get("poodle-tls")).isEqualTo(new ServerProfile.Check("poodle-tls", "vulnerable",
          "the server took a record with bad CBC padding and answered (39 bytes) with TLS_RSA_WITH_AES_128_CBC_SHA:"
              + " it checks only the padding length, as SSL 3.0 did (POODLE against TLS)"));
      assertThat(checks(p).get("robot").status()).isEqualTo("ok");
      assertThat(p.findings()).extracting(Finding::id).contains("poodle-tls");
      assertThat(p.gradeReasons()).contains("F: poodle-tls");
    }
  }

  /** The same flaw on a server that speaks TLS 1.1 alone: tested at TLS 1.1, not left unknown. */
  @Test
  void lenientCbcPaddingAtTls11Only_poodleTlsVulnerable() throws IOException {
    try (FlawedServer s = FlawedServer.start(FlawedServer.Flaw.POODLE_TLS_1_1, certs.leaf())) {
      ServerProfile p = scan(s.port());

      assertThat(byName(p.protocols())).containsEntry("TLSv1.1", true).containsEntry("TLSv1.2", false);
      assertThat(checks(p).get("poodle-tls")).isEqualTo(new ServerProfile.Check("poodle-tls", "vulnerable",
          "the server took a record with bad CBC padding and answered (39 bytes) with TLS_RSA_WITH_AES_128_CBC_SHA:"
              + " it checks only the padding length, as SSL 3.0 did (POODLE against TLS)"));
      assertThat(p.findings()).extracting(Finding::id).contains("poodle-tls");
    }
  }

  @Test
  void nginxRsaKeyExchangeAndCbc_noOracle_paddingChecked() {
    ServerProfile p = scan(rsa);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("robot")).isEqualTo(new ServerProfile.Check("robot", "ok", "all five malformed and"
        + " well-formed RSA ClientKeyExchange variants got the same answer: alert bad_record_mac(20)"));
    assertThat(c.get("poodle-tls")).isEqualTo(new ServerProfile.Check("poodle-tls", "ok", "a record with bad CBC"
        + " padding was refused (alert bad_record_mac(20), TLS_RSA_WITH_AES_128_CBC_SHA)"));
    assertThat(p.findings()).extracting(Finding::id).doesNotContain("robot", "poodle-tls");
  }

  @Test
  void nginxWithoutRsaKeyExchangeOrCbc_robotAndPoodleTlsOk() {
    ServerProfile p = scan(hsts);

    Map<String, ServerProfile.Check> c = checks(p);
    assertThat(c.get("robot").status()).isEqualTo("ok");
    assertThat(c.get("poodle-tls").status()).isEqualTo("ok");
  }
}
