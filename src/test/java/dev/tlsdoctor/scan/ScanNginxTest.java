package dev.tlsdoctor.scan;

import static dev.tlsdoctor.scan.ProtocolNames.byName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans of real nginx 1.22 servers on loopback, each configured for one property, with exact expected values. */
class ScanNginxTest {
  static final String MOZILLA_INTERMEDIATE = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
      + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static Scanner scanner;
  static int intermediate;
  static int tls13Only;
  static int expired;
  static int selfSigned;
  static int noIntermediate;
  static int clientAuth;
  static int curves;
  static int plain;
  static int sniRequired;
  static int wrongOrder;
  static int stapling;
  static int sniDiffers;
  static int fallback;
  static int h2OptionalClientAuth;
  static int tls13Stapling;
  static int ecdsaOnly;

  @BeforeAll
  static void start() throws IOException, CertificateException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path dir = certs.dir();
    Tools.openssl(dir, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out",
        "dh2048.pem");
    // an OCSP response for the leaf, signed by its issuer (status "unknown": the index is empty)
    Files.writeString(dir.resolve("index.txt"), "");
    Tools.openssl(dir, "ocsp", "-issuer", "intermediate-ca.crt", "-cert", "leaf.crt", "-no_nonce", "-reqout",
        "ocsp-req.der");
    Tools.openssl(dir, "ocsp", "-index", "index.txt", "-rsigner", "intermediate-ca.crt", "-rkey",
        "intermediate-ca.key", "-CA", "intermediate-ca.crt", "-reqin", "ocsp-req.der", "-respout", "ocsp.der",
        "-ndays", "1");
    // leaf, root, intermediate: every certificate is there, in the wrong order
    Files.writeString(dir.resolve("wrong-order.crt"), Files.readString(dir.resolve("leaf.crt"))
        + Files.readString(certs.rootCa()) + Files.readString(dir.resolve("intermediate-ca.crt")));
    int[] p = Tools.freePorts(16);
    intermediate = p[0];
    tls13Only = p[1];
    expired = p[2];
    selfSigned = p[3];
    noIntermediate = p[4];
    clientAuth = p[5];
    curves = p[6];
    plain = p[7];
    sniRequired = p[8];
    wrongOrder = p[9];
    stapling = p[10];
    sniDiffers = p[11];
    fallback = p[12];
    h2OptionalClientAuth = p[13];
    tls13Stapling = p[14];
    ecdsaOnly = p[15];
    String rsa = cert(certs.leaf());
    String ok = " location / { return 200 \"ok\\n\"; } }";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), String.join("\n",
        server(intermediate) + rsa + cert(certs.ecdsaLeaf()) + " ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers "
            + MOZILLA_INTERMEDIATE + "; ssl_prefer_server_ciphers on; ssl_dhparam " + dir.resolve("dh2048.pem")
            + ";" + ok,
        server(tls13Only) + rsa + cert(certs.ecdsaLeaf()) + " ssl_protocols TLSv1.3;" + ok,
        server(expired) + cert(certs.expiredLeaf()) + ok,
        server(selfSigned) + cert(certs.selfSigned()) + ok,
        server(noIntermediate) + "ssl_certificate " + dir.resolve("leaf.crt") + "; ssl_certificate_key "
            + certs.leaf().key() + ";" + ok,
        server(clientAuth) + rsa + " ssl_verify_client on; ssl_client_certificate " + certs.clientCa() + ";" + ok,
        server(curves) + rsa + " ssl_protocols TLSv1.2 TLSv1.3; ssl_ecdh_curve secp384r1:X25519;"
            + " ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256;" + ok,
        "server { listen 127.0.0.1:" + plain + ";" + ok,
        "server { listen 127.0.0.1:" + sniRequired + " ssl default_server; ssl_reject_handshake on; }",
        "server { listen 127.0.0.1:" + sniRequired + " ssl; server_name localhost; " + rsa + ok,
        server(wrongOrder) + "ssl_certificate " + dir.resolve("wrong-order.crt") + "; ssl_certificate_key "
            + certs.leaf().key() + ";" + ok,
        server(stapling) + rsa + " ssl_stapling on; ssl_stapling_file " + dir.resolve("ocsp.der") + ";" + ok,
        server(ecdsaOnly) + cert(certs.ecdsaLeaf()) + " ssl_protocols TLSv1.2;"
            + " ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256; ssl_ecdh_curve X25519:secp384r1:prime256v1:secp521r1;" + ok,
        server(tls13Stapling) + rsa + " ssl_protocols TLSv1.3; ssl_stapling on; ssl_stapling_file "
            + dir.resolve("ocsp.der") + ";" + ok,
        "server { listen 127.0.0.1:" + sniDiffers + " ssl default_server; " + cert(certs.expiredLeaf()) + ok,
        "server { listen 127.0.0.1:" + sniDiffers + " ssl; server_name localhost; " + rsa + ok,
        server(fallback) + rsa + " ssl_protocols TLSv1.1 TLSv1.2;"
            + " ssl_ciphers ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0;" + ok,
        "server { listen 127.0.0.1:" + h2OptionalClientAuth + " ssl http2; " + rsa
            + " ssl_verify_client optional; ssl_client_certificate " + certs.clientCa() + ";" + ok));
    scanner = new Scanner(ScanOptions.defaults().withExtraCas(List.of(load(certs.rootCa()))));
  }

  private static String server(int port) {
    return "server { listen 127.0.0.1:" + port + " ssl; ";
  }

  private static String cert(TestCerts.Pair pair) {
    return "ssl_certificate " + pair.cert() + "; ssl_certificate_key " + pair.key() + "; ";
  }

  static X509Certificate load(Path pem) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  static ServerProfile scan(int port) {
    return scanner.scan(Target.parse("127.0.0.1:" + port, "localhost"));
  }

  static List<String> codes(ServerProfile p, String version) {
    return byName(p.cipherSuites()).get(version).stream().map(ServerProfile.Suite::code).toList();
  }

  @Test
  void intermediate_protocolsSuitesInServerOrderGroupsBothCertificates() {
    ServerProfile p = scan(intermediate);

    assertThat(p.error()).isNull();
    assertThat(byName(p.protocols())).containsExactly(java.util.Map.entry("SSLv2", false), java.util.Map.entry("SSLv3",
        false), java.util.Map.entry("TLSv1.0", false), java.util.Map.entry("TLSv1.1", false),
        java.util.Map.entry("TLSv1.2", true), java.util.Map.entry("TLSv1.3", true));
    assertThat(codes(p, "TLSv1.2")).containsExactly("0xC02B", "0xC02F", "0xC02C", "0xC030", "0xCCA9", "0xCCA8",
        "0x009E", "0x009F", "0xCCAA");
    assertThat(codes(p, "TLSv1.3")).containsExactly("0x1302", "0x1303", "0x1301");
    assertThat(byName(p.serverPreference())).containsEntry("TLSv1.2", true).containsEntry("TLSv1.3", true);
    assertThat(p.dhBits()).isEqualTo(2048);
    assertThat(p.certificates()).extracting(c -> c.certificates().get(0).keyType()).containsExactly("ECDSA", "RSA");
    assertThat(p.certificateProblems()).isEmpty();
    assertThat(p.certificates()).extracting(ServerProfile.Chain::aia).containsExactly(null, null);
    assertThat(p.findings()).isEmpty();
  }

  @Test
  void tls13Only_bothCertificatesFromJdkHandshakes() {
    ServerProfile p = scan(tls13Only);

    assertThat(byName(p.protocols())).containsEntry("TLSv1.2", false).containsEntry("TLSv1.3", true);
    assertThat(byName(p.protocolReasons())).containsEntry("TLSv1.2", "alert: protocol_version(70)");
    assertThat(byName(p.cipherSuites())).containsOnlyKeys("TLSv1.3");
    assertThat(p.certificates()).extracting(ServerProfile.Chain::via).containsExactly(
        "TLSv1.3 handshake (ECDSA)", "TLSv1.3 handshake (RSA)");
    assertThat(p.certificates()).allSatisfy(c -> assertThat(c.certificates()).extracting(CertificateInfo::subject)
        .containsExactly("CN=localhost", "CN=tlsdoctor test intermediate CA"));
    assertThat(p.certificates()).extracting(c -> c.certificates().get(0).keyType() + " "
        + c.certificates().get(0).keyBits()).containsExactly("ECDSA 256", "RSA 2048");
    assertThat(p.certificateProblems()).isEmpty();
    assertThat(p.alpn().supported()).containsExactly("http/1.1");
    assertThat(p.clientAuth().mode()).isEqualTo("none");
  }

  @Test
  void expiredCertificate_expiredFinding() {
    ServerProfile p = scan(expired);

    assertThat(p.certificateProblems()).containsExactly("expired");
    assertThat(p.findings()).extracting(Finding::id).contains("expired");
    assertThat(p.findings().get(0).message()).startsWith("the leaf expired on 2021-01-01T00:00:00Z");
  }

  @Test
  void selfSignedCertificate_selfSigned() {
    ServerProfile p = scan(selfSigned);

    assertThat(p.certificateProblems()).containsExactly("self-signed");
  }

  @Test
  void leafWithoutIntermediate_incompleteChain() {
    ServerProfile p = scan(noIntermediate);

    assertThat(p.certificates()).singleElement().satisfies(c -> assertThat(c.certificates()).hasSize(1));
    assertThat(p.certificateProblems()).containsExactly("incomplete-chain");
  }

  @Test
  void requiredClientCertificate_requiredWithCaName() {
    ServerProfile p = scan(clientAuth);

    assertThat(p.clientAuth().mode()).isEqualTo("required");
    assertThat(p.clientAuth().caNames()).containsExactly("CN=tlsdoctor test client CA");
    assertThat(p.clientAuth().reason()).isEqualTo("without a certificate: HTTP/1.1 400 Bad Request"
        + " (No required SSL certificate was sent)");
  }

  @Test
  void restrictedCurves_onlyThoseGroups_clientOrder() {
    ServerProfile p = scan(curves);

    assertThat(p.groups()).containsExactly("secp384r1", "x25519");
    assertThat(codes(p, "TLSv1.2")).containsExactlyInAnyOrder("0xC02F", "0xC030");
    assertThat(byName(p.serverPreference())).containsEntry("TLSv1.2", false);
  }

  /**
   * TLS 1.2 with an ECDSA P-256 certificate and ECDSA suites only: a hello whose supported_groups lacks P-256 is
   * refused, so the other curves show only when P-256 is offered last. sslscan 2.0.7 reports P-256 alone here.
   */
  @Test
  void ecdsaOnlyTls12_groupsBeyondTheCertificateCurve() {
    ServerProfile p = scan(ecdsaOnly);

    assertThat(p.groups()).containsExactly("secp256r1", "secp384r1", "secp521r1", "x25519");
    assertThat(codes(p, "TLSv1.2")).containsExactly("0xC02B");
    // oracle: OpenSSL's own client offering each curve before P-256 gets that curve for the key exchange
    Map<String, String> tempKey = new java.util.LinkedHashMap<>();
    for (String g : List.of("X25519", "secp384r1", "secp521r1", "X448")) {
      Tools.Result r = Tools.opensslClient(ecdsaOnly, "", "-tls1_2", "-groups", g + ":prime256v1");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("Server Temp Key: (?:ECDH, )?([^,]+),")
          .matcher(r.stdout());
      tempKey.put(g, m.find() ? m.group(1) : r.output());
    }
    assertThat(tempKey).containsExactly(Map.entry("X25519", "X25519"), Map.entry("secp384r1", "secp384r1"),
        Map.entry("secp521r1", "secp521r1"), Map.entry("X448", "prime256v1"));
  }

  @Test
  void plainHttpPort_speaksHttpNotTls() {
    ServerProfile p = scan(plain);

    assertThat(p.speaksTls()).isFalse();
    assertThat(p.plaintext()).isEqualTo("http");
    assertThat(p.error()).startsWith("not TLS: not-tls: plain-text reply \"HTTP/1.1 400 Bad Request");
    assertThat(p.findings()).extracting(Finding::id).containsExactly("not-tls");
  }

  @Test
  void rejectHandshakeDefaultServer_sniRequired() {
    ServerProfile p = scan(sniRequired);

    assertThat(p.sni().required()).isTrue();
    assertThat(p.sni().withoutSni()).isEqualTo("refused: alert: unrecognized_name(112)");
    assertThat(p.sni().wrongName()).isEqualTo("refused: alert: unrecognized_name(112)");
    // nginx 1.22's default ssl_protocols: TLSv1 TLSv1.1 TLSv1.2; OpenSSL 3.0 refuses the first two at level 1
    assertThat(byName(p.protocols())).containsEntry("TLSv1.2", true).containsEntry("TLSv1.3", false)
        .containsEntry("TLSv1.0", false);
    assertThat(byName(p.protocolReasons())).containsEntry("TLSv1.0", "alert: internal_error(80)");
  }

  /**
   * By address alone no SNI goes out, and a server that refuses every handshake without a name refuses every
   * version: that says nothing about the versions it accepts (TLS 1.2 with the name), so it is no verdict on them
   * but a scan that could not be done, which says to give the name.
   */
  @Test
  void rejectHandshakeDefaultServer_scannedWithoutName_incompleteNotNoModernProtocol() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + sniRequired, null));

    assertThat(p.error()).isEqualTo("every hello without SNI was refused with unrecognized_name(112) (nginx:"
        + " ssl_reject_handshake on): what the server accepts with a name is unknown; give the name with --sni NAME");
    assertThat(p.findings()).extracting(Finding::id).containsExactly("scan-incomplete");
    assertThat(byName(p.protocolReasons())).containsEntry("TLSv1.2", "alert: unrecognized_name(112)");
  }

  @Test
  void otherName_hostnameMismatch() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + intermediate, "other.test"));

    assertThat(p.certificateProblems()).containsExactly("hostname-mismatch");
    assertThat(p.certificates().get(0).problems().get(0).detail()).isEqualTo(
        "'other.test' is not among [DNS:localhost, DNS:good.test, IP:127.0.0.1]");
  }

  @Test
  void noSniIpTarget_ipAddressMatchedAgainstIpSan() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + intermediate, null));

    assertThat(p.sni().name()).isNull();
    assertThat(p.sni().withoutSni()).isEqualTo("not tested: no name to send (give --sni)");
    assertThat(p.certificateProblems()).isEmpty();
  }

  @Test
  void rootBeforeIntermediate_wrongOrder() {
    ServerProfile p = scan(wrongOrder);

    assertThat(p.certificates().get(0).certificates()).extracting(CertificateInfo::subject).containsExactly(
        "CN=localhost", "CN=tlsdoctor test root CA", "CN=tlsdoctor test intermediate CA");
    assertThat(p.certificateProblems()).containsExactly("wrong-order");
  }

  @Test
  void staplingFile_ocspStapled() {
    assertThat(scan(stapling).ocspStapling()).isTrue();
  }

  @Test
  void tls13OnlyStaplingFile_ocspStapledInTheEncryptedCertificateMessage() {
    ServerProfile p = scan(tls13Stapling);

    assertThat(byName(p.protocols())).containsEntry("TLSv1.2", false).containsEntry("TLSv1.3", true);
    assertThat(p.ocspStapling()).isTrue();
  }

  @Test
  void tls13OnlyWithoutStapling_notStapled() {
    ServerProfile p = scan(tls13Only);

    assertThat(byName(p.protocols())).containsEntry("TLSv1.2", false).containsEntry("TLSv1.3", true);
    assertThat(p.ocspStapling()).isFalse();
  }

  private static Connector connector(int port) throws java.net.UnknownHostException {
    return new Connector(java.net.InetAddress.getByName(Tools.LOOPBACK), port, java.time.Duration.ofSeconds(10),
        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), 1);
  }

  /**
   * The detection's hello offers TLS 1.3's suites too, so that a TLS 1.3 server answers it with a ServerHello (not an
   * alert for missing suites): the version it picks is what the probes started with the protocol round assume.
   */
  @Test
  void detection_versionTheServerPicks() throws java.net.UnknownHostException {
    assertThat(TlsDetection.run(connector(intermediate), "localhost").chosen()).isEqualTo(ProtocolVersion.TLSv1_3);
    assertThat(TlsDetection.run(connector(tls13Only), "localhost").chosen()).isEqualTo(ProtocolVersion.TLSv1_3);
    assertThat(TlsDetection.run(connector(ecdsaOnly), "localhost").chosen()).isEqualTo(ProtocolVersion.TLSv1_2);
    assertThat(TlsDetection.run(connector(curves), "localhost").chosen()).isEqualTo(ProtocolVersion.TLSv1_3);
    TlsDetection.Result none = TlsDetection.run(connector(plain), "localhost");
    assertThat(none.speaksTls()).isFalse();
    assertThat(none.chosen()).isNull();
  }

  @Test
  void tls13StaplingProbe_answerAndReason() throws java.net.UnknownHostException {
    assertThat(ExtrasProbe.ocspStapling13(connector(tls13Stapling), "localhost"))
        .isEqualTo(new ExtrasProbe.Stapling(true, null));
    assertThat(ExtrasProbe.ocspStapling13(connector(tls13Only), "localhost"))
        .isEqualTo(new ExtrasProbe.Stapling(false, "no OCSP response in the TLS 1.3 Certificate message"));
    assertThat(ExtrasProbe.ocspStapling13(connector(plain), "localhost").stapled()).isNull();
  }

  @Test
  void statusRequestTurnedOffForTheJvm_probeStillOffersIt_propertyRestored() throws java.net.UnknownHostException {
    String key = JdkHandshake.STATUS_REQUEST_PROPERTY;
    String before = System.getProperty(key);
    System.setProperty(key, "false");
    try {
      assertThat(ExtrasProbe.ocspStapling13(connector(tls13Stapling), "localhost"))
          .isEqualTo(new ExtrasProbe.Stapling(true, null));
      assertThat(System.getProperty(key)).isEqualTo("false");
      // the other handshakes follow the JVM's setting
      assertThat(JdkHandshake.run(connector(tls13Stapling), "TLSv1.3", "localhost", false).statusResponses())
          .isZero();
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  @Test
  void namedServerOtherCertificate_certificateDiffersWithoutSni() {
    ServerProfile p = scan(sniDiffers);

    assertThat(p.sni().required()).isFalse();
    assertThat(p.sni().certificateDiffersWithoutSni()).isTrue();
    assertThat(p.sni().withoutSni()).isEqualTo("different certificate: CN=expired.test");
    assertThat(p.sni().wrongName()).isEqualTo("different certificate: CN=expired.test");
    assertThat(p.certificateProblems()).isEmpty();
  }

  @Test
  void tls11AndTls12_fallbackScsvHonoured_tls11Deprecated() {
    ServerProfile p = scan(fallback);

    assertThat(byName(p.protocols())).containsEntry("TLSv1.1", true).containsEntry("TLSv1.2", true);
    assertThat(codes(p, "TLSv1.1")).containsExactly("0xC013");
    assertThat(codes(p, "TLSv1.2")).containsExactly("0xC013", "0xC02F");
    assertThat(p.fallbackScsv()).isTrue();
    assertThat(p.findings()).extracting(Finding::id).containsExactly("protocol-deprecated");
  }

  @Test
  void http2ListenAndOptionalClientCertificate() {
    ServerProfile p = scan(h2OptionalClientAuth);

    assertThat(p.alpn().supported()).containsExactly("h2", "http/1.1");
    assertThat(p.clientAuth()).isEqualTo(new ServerProfile.ClientAuth("optional",
        List.of("CN=tlsdoctor test client CA"), null));
  }

  @Test
  void scanAll_threeTargetsConcurrently_resultsInGivenOrderEachReported() throws InterruptedException {
    List<Target> targets = List.of(Target.parse("127.0.0.1:" + plain, "localhost"),
        Target.parse("127.0.0.1:" + curves, "localhost"), Target.parse("localhost:" + intermediate, null));
    List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();

    List<ServerProfile> all = scanner.scanAll(targets, p -> done.add(p.target()));

    assertThat(all).extracting(ServerProfile::target).containsExactly("127.0.0.1:" + plain, "127.0.0.1:" + curves,
        "localhost:" + intermediate);
    assertThat(done).containsExactlyInAnyOrder("127.0.0.1:" + plain, "127.0.0.1:" + curves,
        "localhost:" + intermediate);
    assertThat(all.get(0).plaintext()).isEqualTo("http");
    assertThat(all.get(1).groups()).containsExactly("secp384r1", "x25519");
    // a host name is also the SNI name
    assertThat(all.get(2).sni().name()).isEqualTo("localhost");
    assertThat(all.get(2).ip()).isEqualTo("127.0.0.1");
  }

  /** sslscan and our scan agree on the protocols and the suites of the server on {@code port}. */
  private static void agreesWithSslscan(int port) {
    SslscanOracle.Sslscan theirs = SslscanOracle.run(port);
    ServerProfile ours = scan(port);

    assertThat(theirs.protocols()).isNotEmpty();
    theirs.protocols().forEach((v, on) -> assertThat(byName(ours.protocols()).get(v)).as(v).isEqualTo(on));
    Map<String, Set<String>> mine = new LinkedHashMap<>();
    byName(ours.cipherSuites()).forEach((v, l) -> {
      if (!l.isEmpty()) {
        mine.put(v, new TreeSet<>(l.stream().map(ServerProfile.Suite::code).toList()));
      }
    });
    assertThat(mine).isEqualTo(theirs.suites());
  }

  /** nmap's ssl-enum-ciphers and our scan agree on the enabled protocols and their suites. */
  private static void agreesWithNmap(int port) {
    Map<String, Set<String>> theirs = NmapOracle.run(port);
    ServerProfile ours = scan(port);
    Map<String, Set<String>> mine = new LinkedHashMap<>();
    byName(ours.cipherSuites()).forEach((v, l) -> {
      if (!l.isEmpty()) {
        mine.put(v, new TreeSet<>(l.stream().map(ServerProfile.Suite::code).toList()));
      }
    });
    assertThat(mine).isEqualTo(theirs);
    theirs.keySet().forEach(v -> assertThat(byName(ours.protocols()).get(v)).as(v).isTrue());
  }

  @Test
  void nmap_intermediateServer_sameProtocolsAndSuites() {
    agreesWithNmap(intermediate);
  }

  @Test
  void nmap_tls13OnlyServer_sameProtocolsAndSuites() {
    agreesWithNmap(tls13Only);
  }

  @Test
  void sslscan_intermediateServer_sameProtocolsAndSuites() {
    agreesWithSslscan(intermediate);
  }

  @Test
  void sslscan_curvesServer_sameProtocolsAndSuites() {
    agreesWithSslscan(curves);
  }

  @Test
  void sslscan_tls13OnlyServer_sameProtocolsAndSuites() {
    agreesWithSslscan(tls13Only);
  }
}
