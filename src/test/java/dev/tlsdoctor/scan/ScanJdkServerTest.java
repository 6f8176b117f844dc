package dev.tlsdoctor.scan;

import static dev.tlsdoctor.scan.ProtocolNames.byName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.testing.JdkTlsServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ClientHello;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans of JSSE servers ({@link JdkTlsServer}) configured with what nginx on the local OpenSSL 3.0 cannot serve:
 * SSL 3.0, 3DES, RC4, NULL and anonymous suites. Exact expected values, and two oracles: nmap's ssl-enum-ciphers
 * (its own hellos: it sees every suite here, SSL 3.0's too) and sslscan, which sees the TLS 1.0 to 1.2 suites (3DES and
 * RC4 through its own hellos for the suites its OpenSSL 3.0 lacks) and that SSL 3.0 is enabled, but lists no SSL 3.0
 * suite: its SSL 3.0 suites are compared with nothing.
 */
class ScanJdkServerTest {
  @TempDir
  static Path tmp;

  static Scanner scanner;
  static JdkTlsServer tripleDes;
  static JdkTlsServer sslv3;
  static JdkTlsServer clientOrder;

  @BeforeAll
  static void start() throws IOException, CertificateException {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    scanner = new Scanner(ScanOptions.defaults().withExtraCas(List.of(ScanNginxTest.load(certs.rootCa()))));
    // server order, deliberately not code order (0xC012, 0x000A, 0xC02F)
    tripleDes = JdkTlsServer.start(tmp, certs.leaf(), List.of("TLSv1.2"), List.of(
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true);
    // the GCM suite (0x009C) is TLS 1.2's only: neither SSL 3.0 nor TLS 1.0 can negotiate it
    sslv3 = JdkTlsServer.start(tmp, certs.leaf(), List.of("SSLv3", "TLSv1"), List.of(
        "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_RC4_128_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256"), true);
    clientOrder = JdkTlsServer.start(tmp, certs.leaf(), List.of("TLSv1.1"), List.of(
        "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_NULL_SHA", "SSL_RSA_WITH_RC4_128_MD5",
        "TLS_RSA_WITH_AES_256_CBC_SHA"), false);
  }

  @AfterAll
  static void stop() {
    for (JdkTlsServer s : new JdkTlsServer[] {tripleDes, sslv3, clientOrder}) {
      if (s != null) {
        s.close();
      }
    }
  }

  static ServerProfile scan(JdkTlsServer server) {
    return scanner.scan(Target.parse("127.0.0.1:" + server.port(), "localhost"));
  }

  static List<String> codes(ServerProfile p, String version) {
    return byName(p.cipherSuites()).get(version).stream().map(ServerProfile.Suite::code).toList();
  }

  static Map<String, Boolean> protocols(boolean ssl3, boolean tls10, boolean tls11, boolean tls12) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("SSLv2", false);
    m.put("SSLv3", ssl3);
    m.put("TLSv1.0", tls10);
    m.put("TLSv1.1", tls11);
    m.put("TLSv1.2", tls12);
    m.put("TLSv1.3", false);
    return m;
  }

  static Finding finding(String id, Severity severity, String message) {
    return Finding.of(id, severity, message);
  }

  @Test
  void tls12TripleDes_suitesInServerOrder_sweet32Findings() {
    ServerProfile p = scan(tripleDes);

    assertThat(p.error()).isNull();
    assertThat(byName(p.protocols())).containsExactlyEntriesOf(protocols(false, false, false, true));
    assertThat(byName(p.cipherSuites())).containsOnlyKeys("TLSv1.2");
    assertThat(codes(p, "TLSv1.2")).containsExactly("0xC012", "0x000A", "0xC02F");
    assertThat(byName(p.serverPreference())).containsExactly(Map.entry("TLSv1.2", true));
    assertThat(p.certificateProblems()).isEmpty();
    Map<String, ServerProfile.Check> checks = p.checks().stream().collect(java.util.stream.Collectors.toMap(
        ServerProfile.Check::id, c -> c));
    // the JDK's RSA key exchange answers every malformed premaster secret alike
    assertThat(checks.get("robot")).isEqualTo(new ServerProfile.Check("robot", "ok", "all five malformed and"
        + " well-formed RSA ClientKeyExchange variants got the same answer: alert handshake_failure(40)"));
    // the JDK's server keeps a session cache and issues RFC 5077 tickets by default
    assertThat(checks.get("resumption-id").status()).isEqualTo("supported");
    assertThat(checks.get("resumption-ticket").status()).isEqualTo("supported");
    // its CBC suites are 3DES only, which the POODLE check cannot complete: untested, not fine
    assertThat(checks.get("poodle-tls")).isEqualTo(new ServerProfile.Check("poodle-tls", "unknown", "TLS 1.2 has CBC"
        + " suites (TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA and 1 more) but none this scanner completes (AES-CBC with"
        + " SHA-1, SHA-256 or SHA-384)"));
    assertThat(p.findings()).containsExactly(
        finding("cipher-64bit-block", Severity.WARNING, "accepts 2 suites with 64-bit block cipher (3DES, IDEA:"
            + " Sweet32): TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA (TLSv1.2), TLS_RSA_WITH_3DES_EDE_CBC_SHA (TLSv1.2)"));
  }

  /**
   * SSL 3.0 suites are enumerated like the others. The scan's SSL 3.0 hellos carry the usual extensions
   * (supported_groups, ec_point_formats...), but the JDK would pick its ECDHE suite without them too (see
   * {@link #sslv3Server_picksEcdheFromAHelloWithoutExtensions}): ECDHE is in the SSL 3.0 list, in the server's order.
   */
  @Test
  void sslv3AndTls10_bothEnumeratedInServerOrder_sslv3Finding() {
    ServerProfile p = scan(sslv3);

    assertThat(p.error()).isNull();
    assertThat(byName(p.protocols())).containsExactlyEntriesOf(protocols(true, true, false, false));
    assertThat(byName(p.protocolReasons())).containsEntry("TLSv1.1", "other-version: the server answered with TLSv1")
        .containsEntry("TLSv1.2", "other-version: the server answered with TLSv1");
    assertThat(byName(p.cipherSuites())).containsOnlyKeys("SSLv3", "TLSv1.0");
    assertThat(codes(p, "SSLv3")).containsExactly("0x000A", "0xC013", "0x0005", "0x002F");
    assertThat(codes(p, "TLSv1.0")).containsExactly("0x000A", "0xC013", "0x0005", "0x002F");
    assertThat(byName(p.serverPreference())).containsExactly(Map.entry("SSLv3", true), Map.entry("TLSv1.0", true));
    assertThat(p.findings()).containsExactly(
        finding("protocol-sslv3", Severity.ERROR, "SSLv3 is accepted: broken (DROWN, POODLE); remove it from"
            + " ssl_protocols"),
        finding("no-modern-protocol", Severity.ERROR, "neither TLS 1.2 nor TLS 1.3 is accepted"),
        finding("cipher-rc4", Severity.ERROR, "accepts 1 suite with RC4, prohibited by RFC 7465:"
            + " TLS_RSA_WITH_RC4_128_SHA (SSLv3, TLSv1.0)"),
        finding("protocol-deprecated", Severity.WARNING, "TLSv1.0 is accepted: deprecated by RFC 8996"),
        finding("cipher-64bit-block", Severity.WARNING, "accepts 1 suite with 64-bit block cipher (3DES, IDEA:"
            + " Sweet32): TLS_RSA_WITH_3DES_EDE_CBC_SHA (SSLv3, TLSv1.0)"),
        finding("no-fallback-scsv", Severity.WARNING, "a downgraded retry with TLS_FALLBACK_SCSV is accepted (RFC"
            + " 7507)"),
        finding("cipher-no-forward-secrecy", Severity.INFO, "accepts 1 suite with no forward secrecy (RSA key"
            + " exchange): TLS_RSA_WITH_AES_128_CBC_SHA (SSLv3, TLSv1.0)"));
    // the JDK's server does not refuse a downgraded hello that carries the SCSV (openssl s_client -fallback_scsv
    // at TLS 1.0 against a TLS 1.0 + 1.1 JDK server gets through as well)
    assertThat(p.fallbackScsv()).isFalse();
  }

  /** Why SSL 3.0 is offered the TLS 1.0 suites: the JDK negotiates ECDHE at SSL 3.0 even with no extensions. */
  @Test
  void sslv3Server_picksEcdheFromAHelloWithoutExtensions() throws IOException {
    Connector c = new Connector(InetAddress.getByName("127.0.0.1"), sslv3.port(), Duration.ofSeconds(10),
        Duration.ofSeconds(5), Duration.ofSeconds(5), 1);
    ClientHello hello = ClientHello.builder().recordVersion(ProtocolVersion.SSLv3)
        .legacyVersion(ProtocolVersion.SSLv3).cipherSuites(List.of(CipherSuite.of(0xC013))).build();
    assertThat(hello.extensionsPresent()).isFalse();

    ServerFlight f = c.exchange(hello.toRecords());

    assertThat(f.isComplete()).as(f.toString()).isTrue();
    assertThat(f.version()).contains(ProtocolVersion.SSLv3);
    assertThat(f.serverHello().orElseThrow().cipherSuite()).isEqualTo(CipherSuite.of(0xC013));
  }

  @Test
  void tls11ClientOrder_suitesByCode_weakCipherFindings() {
    ServerProfile p = scan(clientOrder);

    assertThat(p.error()).isNull();
    assertThat(byName(p.protocols())).containsExactlyEntriesOf(protocols(false, false, true, false));
    assertThat(byName(p.cipherSuites())).containsOnlyKeys("TLSv1.1");
    assertThat(codes(p, "TLSv1.1")).containsExactly("0x0002", "0x0004", "0x0035", "0xC018");
    assertThat(byName(p.serverPreference())).containsExactly(Map.entry("TLSv1.1", false));
    assertThat(p.findings()).containsExactly(
        finding("no-modern-protocol", Severity.ERROR, "neither TLS 1.2 nor TLS 1.3 is accepted"),
        finding("cipher-anonymous", Severity.ERROR, "accepts 1 suite with anonymous (no server authentication):"
            + " TLS_ECDH_anon_WITH_AES_128_CBC_SHA (TLSv1.1)"),
        finding("cipher-null", Severity.ERROR, "accepts 1 suite with no encryption: TLS_RSA_WITH_NULL_SHA (TLSv1.1)"),
        finding("cipher-rc4", Severity.ERROR, "accepts 1 suite with RC4, prohibited by RFC 7465:"
            + " TLS_RSA_WITH_RC4_128_MD5 (TLSv1.1)"),
        finding("protocol-deprecated", Severity.WARNING, "TLSv1.1 is accepted: deprecated by RFC 8996"),
        finding("cipher-no-forward-secrecy", Severity.INFO, "accepts 1 suite with no forward secrecy (RSA key"
            + " exchange): TLS_RSA_WITH_AES_256_CBC_SHA (TLSv1.1)"));
  }

  /** Version to the codes of its accepted suites, for versions with any. */
  private static Map<String, Set<String>> suiteSets(ServerProfile p) {
    Map<String, Set<String>> sets = new LinkedHashMap<>();
    byName(p.cipherSuites()).forEach((v, l) -> {
      if (!l.isEmpty()) {
        sets.put(v, new TreeSet<>(l.stream().map(ServerProfile.Suite::code).toList()));
      }
    });
    return sets;
  }

  /** nmap's ssl-enum-ciphers (its own hellos, its own suite list) and our scan agree on versions and suites. */
  private static void agreesWithNmap(JdkTlsServer server) {
    Map<String, Set<String>> theirs = NmapOracle.run(server.port());
    ServerProfile ours = scan(server);
    assertThat(suiteSets(ours)).isEqualTo(theirs);
    theirs.keySet().forEach(v -> assertThat(byName(ours.protocols()).get(v)).as(v).isTrue());
  }

  /** sslscan and our scan agree on every protocol flag and on the suites of every version but SSL 3.0. */
  private static void agreesWithSslscan(JdkTlsServer server) {
    SslscanOracle.Sslscan theirs = SslscanOracle.run(server.port());
    ServerProfile ours = scan(server);
    assertThat(theirs.protocols()).containsOnlyKeys(byName(ours.protocols()).keySet());
    theirs.protocols().forEach((v, on) -> assertThat(byName(ours.protocols()).get(v)).as(v).isEqualTo(on));
    Map<String, Set<String>> mine = suiteSets(ours);
    mine.remove("SSLv3");
    assertThat(theirs.suites()).doesNotContainKey("SSLv3").isEqualTo(mine);
  }

  @Test
  void nmap_tripleDesServer_sameProtocolsAndSuites() {
    agreesWithNmap(tripleDes);
  }

  @Test
  void nmap_sslv3Server_sameProtocolsAndSuites() {
    agreesWithNmap(sslv3);
  }

  @Test
  void nmap_clientOrderServer_sameProtocolsAndSuites() {
    agreesWithNmap(clientOrder);
  }

  @Test
  void sslscan_tripleDesServer_sameProtocolsAndSuites() {
    agreesWithSslscan(tripleDes);
  }

  /** sslscan says SSL 3.0 is enabled but lists none of its suites; TLS 1.0's agree. */
  @Test
  void sslscan_sslv3Server_sameProtocolsAndTls10Suites() {
    agreesWithSslscan(sslv3);
  }

  @Test
  void sslscan_clientOrderServer_sameProtocolsAndSuites() {
    agreesWithSslscan(clientOrder);
  }
}
