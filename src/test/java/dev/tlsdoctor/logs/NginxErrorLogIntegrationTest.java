package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.testing.Tools.Close;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provokes TLS failures against a real nginx (and with the real openssl and curl) on loopback, then classifies every
 * line nginx wrote for each of them. Each test is one scenario: it opens a window on the error log, provokes, closes
 * the window, and asserts the exact list of lines (level, direction, class, message) in it, in any order. Lines that
 * are not TLS-related must be left out by the classifier; they are listed as such.
 */
class NginxErrorLogIntegrationTest {
  @TempDir
  static Path tmp;

  private static TestCerts certs;
  private static NginxServer nginx;
  private static LogClassifier classifier;
  private static ServerSocket silentUpstream;
  private static final List<Socket> silentConnections = new CopyOnWriteArrayList<>();

  // client side: nginx is the TLS server
  private static int tls13Only;
  private static int tls12OneCipher;
  private static int plainHttp;
  private static int x25519Only;
  private static int sniReject;
  private static int clientCertRequired;
  private static int expiredCert;
  private static int selfSignedCert;
  private static int ecdsaH2;
  private static int tls12And13;
  private static int shortHandshakeTimeout;
  private static int defaults;
  // upstream side: nginx is the TLS client
  private static int proxy;
  private static int silent;

  @BeforeAll
  static void startServers() throws IOException {
    classifier = new LogClassifier(KnowledgeBase.get());
    Path certDir = Files.createDirectories(tmp.resolve("certs"));
    certs = TestCerts.create(certDir);
    int[] p = Tools.freePorts(14);
    tls13Only = p[0];
    tls12OneCipher = p[1];
    plainHttp = p[2];
    x25519Only = p[3];
    sniReject = p[4];
    clientCertRequired = p[5];
    expiredCert = p[6];
    selfSignedCert = p[7];
    ecdsaH2 = p[8];
    tls12And13 = p[9];
    shortHandshakeTimeout = p[10];
    defaults = p[11];
    proxy = p[12];
    silent = p[13];

    // An upstream that accepts TCP and never says anything: nginx's TLS handshake to it times out.
    silentUpstream = new ServerSocket();
    silentUpstream.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), silent));
    Thread.ofVirtual().start(() -> {
      while (!silentUpstream.isClosed()) {
        try {
          silentConnections.add(silentUpstream.accept());
        } catch (IOException e) {
          return;
        }
      }
    });

    String leaf = cert(certs.leaf());
    String ok = "location / { return 200 \"ok\\n\"; }";
    String verifyRoot = "proxy_ssl_verify on; proxy_ssl_trusted_certificate " + certs.rootCa() + ";";
    String conf = String.join("\n",
        "  " + leaf,
        "  keepalive_timeout 0;  # nginx closes after each response: no 'closed keepalive connection' lines",
        "  server { listen 127.0.0.1:" + tls13Only + " ssl; ssl_protocols TLSv1.3; " + ok + " }",
        "  server { listen 127.0.0.1:" + tls12OneCipher + " ssl; ssl_protocols TLSv1.2;"
            + " ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384; " + ok + " }",
        "  server { listen 127.0.0.1:" + plainHttp + "; " + ok + " }",
        "  server { listen 127.0.0.1:" + x25519Only + " ssl; ssl_protocols TLSv1.3; ssl_ecdh_curve X25519; "
            + ok + " }",
        "  server { listen 127.0.0.1:" + sniReject + " ssl default_server; ssl_reject_handshake on; }",
        "  server { listen 127.0.0.1:" + sniReject + " ssl; server_name good.test; " + ok + " }",
        "  server { listen 127.0.0.1:" + clientCertRequired + " ssl; ssl_protocols TLSv1.2 TLSv1.3;"
            + " ssl_verify_client on; ssl_client_certificate " + certs.clientCa() + "; " + ok + " }",
        "  server { listen 127.0.0.1:" + expiredCert + " ssl; " + cert(certs.expiredLeaf()) + " " + ok + " }",
        "  server { listen 127.0.0.1:" + selfSignedCert + " ssl; " + cert(certs.selfSigned()) + " " + ok + " }",
        "  server { listen 127.0.0.1:" + ecdsaH2 + " ssl http2; " + cert(certs.ecdsaLeaf()) + " " + ok + " }",
        "  server { listen 127.0.0.1:" + tls12And13 + " ssl; ssl_protocols TLSv1.2 TLSv1.3; " + ok + " }",
        "  server { listen 127.0.0.1:" + shortHandshakeTimeout + " ssl; client_header_timeout 300ms; " + ok + " }",
        "  server { listen 127.0.0.1:" + defaults + " ssl; " + ok + " }",
        "  server {",
        "    listen 127.0.0.1:" + proxy + ";",
        "    # Sessions to an upstream are cached per upstream address, across locations: a session resumed from",
        "    # another location would skip SNI rejection, verification and client certificates.",
        "    proxy_ssl_session_reuse off;",
        "    location /sni-missing/ { proxy_pass https://127.0.0.1:" + sniReject + "/; }",
        "    location /sni-sent/ { proxy_pass https://127.0.0.1:" + sniReject + "/;"
            + " proxy_ssl_server_name on; proxy_ssl_name good.test; proxy_set_header Host good.test; }",
        "    location /plain/ { proxy_pass https://127.0.0.1:" + plainHttp + "/; }",
        "    location /protocols/ { proxy_pass https://127.0.0.1:" + tls13Only + "/; proxy_ssl_protocols TLSv1.2; }",
        "    location /ciphers/ { proxy_pass https://127.0.0.1:" + tls12OneCipher + "/;"
            + " proxy_ssl_protocols TLSv1.2; proxy_ssl_ciphers AES128-SHA; }",
        "    location /self-signed/ { proxy_pass https://127.0.0.1:" + selfSignedCert + "/; " + verifyRoot
            + " proxy_ssl_name localhost; }",
        "    location /unknown-ca/ { proxy_pass https://127.0.0.1:" + defaults + "/; proxy_ssl_verify on;"
            + " proxy_ssl_trusted_certificate " + certs.unrelatedCa() + "; proxy_ssl_name localhost; }",
        "    location /expired/ { proxy_pass https://127.0.0.1:" + expiredCert + "/; " + verifyRoot
            + " proxy_ssl_name localhost; }",
        "    location /wrong-name/ { proxy_pass https://127.0.0.1:" + defaults + "/; " + verifyRoot
            + " proxy_ssl_name wrong.test; }",
        "    location /verified/ { proxy_pass https://127.0.0.1:" + defaults + "/; " + verifyRoot
            + " proxy_ssl_name localhost; }",
        "    location /silent/ { proxy_pass https://127.0.0.1:" + silent + "/; proxy_connect_timeout 300ms; }",
        "    location /no-client-cert/ { proxy_pass https://127.0.0.1:" + clientCertRequired + "/; }",
        "    location /client-cert/ { proxy_pass https://127.0.0.1:" + clientCertRequired + "/;"
            + " proxy_ssl_certificate " + certs.clientCert().cert() + ";"
            + " proxy_ssl_certificate_key " + certs.clientCert().key() + "; }",
        "  }");
    Path prefix = Files.createDirectories(tmp.resolve("nginx"));
    nginx = NginxServer.start(prefix, conf);
  }

  @AfterAll
  static void stopServers() throws IOException {
    try {
      if (nginx != null) {
        nginx.close();
        // -Dtlsdoctor.nginxLogCopy=FILE keeps what nginx wrote, e.g. to add lines to the real-lines corpus
        String copy = System.getProperty("tlsdoctor.nginxLogCopy", "");
        if (!copy.isEmpty()) {
          Files.write(Path.of(copy), nginx.readLog());
        }
      }
    } finally {
      if (silentUpstream != null) {
        silentUpstream.close();
      }
      for (Socket s : silentConnections) {
        s.close();
      }
    }
  }

  private static String cert(TestCerts.Pair pair) {
    return "ssl_certificate " + pair.cert() + "; ssl_certificate_key " + pair.key() + ";";
  }

  // ---------------------------------------------------------------- client side: nginx is the server

  @Test
  void protocolVersionMismatch() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.opensslClient(tls13Only, "", "-tls1_2");
      assertThat(curlHttps(tls13Only, "-k", "--tls-max", "1.2")).isEqualTo("000");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "protocol-version-mismatch", UNSUPPORTED_PROTOCOL),
        client("info", "protocol-version-mismatch", UNSUPPORTED_PROTOCOL));
  }

  @Test
  void noSharedCipher() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.opensslClient(tls12OneCipher, "", "-tls1_2", "-cipher", "AES128-SHA");
      // an ECDSA certificate and a client that offers only RSA-authenticated suites
      Tools.opensslClient(ecdsaH2, "", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "no-shared-cipher", NO_SHARED_CIPHER),
        client("info", "no-shared-cipher", NO_SHARED_CIPHER));
  }

  @Test
  void plainHttpToTlsPort() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(Tools.curl("http://127.0.0.1:" + tls13Only + "/").stdout()).isEqualTo("400");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "not-tls", "client sent plain HTTP request to HTTPS port while reading client request headers"));
  }

  @Test
  void otherBytesToTlsPort() {
    List<String> lines = nginx.linesDuring(() -> {
      // A first byte that is neither 0x16 nor has the SSLv2 bit set: nginx parses it as plain HTTP, and its line does
      // not say the port was a TLS port (server: is empty), so it is not TLS-related.
      byte[] text = Tools.raw(tls13Only, ascii("HELLO GARBAGE\r\n\r\n"), Duration.ZERO, Close.GRACEFUL);
      assertThat(new String(text, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400 Bad Request");
      Tools.raw(tls13Only, ascii("SSH-2.0-OpenSSH_9.2\r\n"), Duration.ZERO, Close.GRACEFUL);
      // A first byte with the SSLv2 bit set goes to OpenSSL.
      Tools.raw(tls13Only, new byte[] {(byte) 0x80, 0x01, 0x02, 0x03, (byte) 0xff, (byte) 0xfe, '\r', '\n'},
          Duration.ZERO, Close.GRACEFUL);
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        notTls("info", "client sent invalid request while reading client request line"),
        notTls("info", "client sent invalid method while reading client request line"),
        client("info", "not-tls", "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number)"
            + " while SSL handshaking"));
  }

  @Test
  void tlsClientOnPlainHttpPort() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.opensslClient(plainHttp, "");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "not-tls", "client sent invalid method while reading client request line"));
    // nginx 1.22 writes the request bytes as they came: a TLS record header, 0x16 0x03
    assertThat(lines.get(0)).contains("request: \"\u0016\u0003");
  }

  @Test
  void keyShareMismatch() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.opensslClient(x25519Only, "", "-groups", "P-256");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "key-share-mismatch", "SSL_do_handshake() failed (SSL: error:0A000065:SSL routines::no"
            + " suitable key share) while SSL handshaking"));
  }

  @Test
  void sniRejected() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.opensslClient(sniReject, "", "-servername", "unknown.test");
      Tools.opensslClient(sniReject, "", "-noservername");
      assertThat(curlHttps(sniReject, "-k")).isEqualTo("000");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "sni-rejected", HANDSHAKE_REJECTED),
        client("info", "sni-rejected", HANDSHAKE_REJECTED),
        client("info", "sni-rejected", HANDSHAKE_REJECTED));
  }

  @Test
  void knownServerNameIsNotRejected() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(Tools.curlAs("good.test", sniReject, "-k").stdout()).isEqualTo("200");
    });
    assertThat(describe(lines)).isEmpty();
  }

  @Test
  void clientCertificateMissing() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(curlHttps(clientCertRequired, "-k")).isEqualTo("400");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "client-certificate-required",
            "client sent no required SSL certificate while reading client request headers"));
  }

  @Test
  void clientCertificateInvalid() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(curlHttps(clientCertRequired, "-k", "--cert", certs.untrustedClientCert().cert().toString(),
          "--key", certs.untrustedClientCert().key().toString())).isEqualTo("400");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "client-certificate-invalid", "client SSL certificate verify error: (20:unable to get local"
            + " issuer certificate) while reading client request headers"));
  }

  @Test
  void validClientCertificateLogsNothing() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(curlHttps(clientCertRequired, "-k", "--cert", certs.clientCert().cert().toString(),
          "--key", certs.clientCert().key().toString())).isEqualTo("200");
    });
    assertThat(describe(lines)).isEmpty();
  }

  @Test
  void clientRefusesUntrustedCertificate() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.Result r = Tools.opensslClient(defaults, "", "-verify_return_error", "-CAfile",
          certs.unrelatedCa().toString());
      assertThat(r.output()).contains("unable to get local issuer certificate");
      Tools.opensslClient(selfSignedCert, "", "-verify_return_error", "-CAfile", certs.rootCa().toString());
      assertThat(curlHttps(defaults, "--cacert", certs.unrelatedCa().toString())).isEqualTo("000");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "certificate-untrusted", UNKNOWN_CA_ALERT),
        client("info", "certificate-untrusted", UNKNOWN_CA_ALERT),
        client("info", "certificate-untrusted", UNKNOWN_CA_ALERT));
  }

  @Test
  void clientRefusesExpiredCertificate() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.Result r = Tools.opensslClient(expiredCert, "", "-verify_return_error", "-CAfile",
          certs.rootCa().toString());
      assertThat(r.output()).contains("certificate has expired");
      Tools.opensslClient(expiredCert, "", "-tls1_2", "-verify_return_error", "-CAfile", certs.rootCa().toString());
      assertThat(curlHttps(expiredCert, "--cacert", certs.rootCa().toString())).isEqualTo("000");
    });
    String expired = "SSL_do_handshake() failed (SSL: error:0A000415:SSL routines::sslv3 alert certificate expired:SSL"
        + " alert number 45) while SSL handshaking";
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "certificate-expired", expired),
        client("info", "certificate-expired", expired),
        client("info", "certificate-expired", expired));
  }

  @Test
  void peerResetOrClosedMidHandshake() {
    List<String> lines = nginx.linesDuring(() -> {
      // The pause lets nginx read the partial ClientHello and wait in SSL_do_handshake() for the rest.
      Tools.raw(defaults, CLIENT_HELLO_PREFIX, Duration.ofMillis(100), Close.RESET);
      Tools.raw(defaults, CLIENT_HELLO_PREFIX, Duration.ofMillis(100), Close.FIN);
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "peer-closed-handshake",
            "peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking"),
        client("info", "peer-closed-handshake", "peer closed connection in SSL handshake while SSL handshaking"));
  }

  @Test
  void connectAndCloseWithoutHandshake() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.raw(defaults, new byte[0], Duration.ZERO, Close.FIN); // a TCP health check or port scan
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "peer-closed-handshake", "client closed connection while SSL handshaking"));
  }

  @Test
  void handshakeTimeout() {
    List<String> lines = nginx.linesDuring(() -> {
      int from = nginx.lines().size();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), shortHandshakeTimeout), 2000);
        s.getOutputStream().write(CLIENT_HELLO_PREFIX);
        nginx.awaitLine(from, l -> l.contains("client timed out"), Duration.ofSeconds(5));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "handshake-timeout", "client timed out (110: Connection timed out) while SSL handshaking"));
  }

  @Test
  void alpnMismatch() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.opensslClient(ecdsaH2, "", "-alpn", "foo");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "alpn-mismatch", "SSL_do_handshake() failed (SSL: error:0A0000EB:SSL routines::no application"
            + " protocol) while SSL handshaking"));
  }

  @Test
  void inappropriateFallback() {
    List<String> lines = nginx.linesDuring(() -> {
      Tools.opensslClient(tls12And13, "", "-tls1_2", "-fallback_scsv");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "inappropriate-fallback", "SSL_do_handshake() failed (SSL: error:0A000175:SSL"
            + " routines::inappropriate fallback) while SSL handshaking"));
  }

  @Test
  void malformedTlsRecords() {
    List<String> lines = nginx.linesDuring(() -> {
      byte[] tooLong = new byte[25];
      System.arraycopy(new byte[] {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff}, 0, tooLong, 0, 5);
      Tools.raw(defaults, tooLong, Duration.ZERO, Close.GRACEFUL);
      // a ClientHello whose handshake length (4) disagrees with what follows it
      Tools.raw(defaults, new byte[] {0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 0x03, 0x03, 0x00, 0x00},
          Duration.ZERO, Close.GRACEFUL);
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("crit", "record-layer-error", "SSL_do_handshake() failed (SSL: error:0A0000C6:SSL routines::packet"
            + " length too long) while SSL handshaking"),
        client("info", "protocol-violation", "SSL_do_handshake() failed (SSL: error:0A00009F:SSL routines::length"
            + " mismatch) while SSL handshaking"));
  }

  @Test
  void repeatedFailuresAreCountedPerClass() {
    List<String> lines = nginx.linesDuring(() -> {
      for (int i = 0; i < 3; i++) {
        Tools.opensslClient(tls13Only, "", "-tls1_2");
      }
      for (int i = 0; i < 2; i++) {
        Tools.opensslClient(tls12OneCipher, "", "-tls1_2", "-cipher", "AES128-SHA");
      }
      Tools.curl("http://127.0.0.1:" + tls13Only + "/");
      assertThat(proxied("/sni-missing/")).isEqualTo("502");
    });
    Map<String, Integer> counts = new TreeMap<>();
    int lineNo = 0;
    for (String line : lines) {
      Optional<TlsEvent> e = classifier.classify("error.log", ++lineNo, line);
      e.ifPresent(ev -> counts.merge(ev.direction().id() + " " + ev.failureClass().id(), 1, Integer::sum));
    }
    assertThat(counts).isEqualTo(Map.of(
        "client protocol-version-mismatch", 3,
        "client no-shared-cipher", 2,
        "client not-tls", 1,
        "client sni-rejected", 1,
        "upstream sni-rejected", 1));
  }

  // ---------------------------------------------------------------- upstream side: nginx is the client

  @Test
  void upstreamNeedsSni() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/sni-missing/")).isEqualTo("502");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "sni-rejected", HANDSHAKE_REJECTED),
        upstream("crit", "sni-rejected", "SSL_do_handshake() failed (SSL: error:0A000458:SSL routines::tlsv1"
            + " unrecognized name:SSL alert number 112) while SSL handshaking to upstream"));
  }

  @Test
  void upstreamGetsSni() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/sni-sent/")).isEqualTo("200");
    });
    assertThat(describe(lines)).isEmpty();
  }

  @Test
  void upstreamIsPlainHttp() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/plain/")).isEqualTo("502");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "not-tls", "client sent invalid method while reading client request line"),
        upstream("error", "not-tls", "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version"
            + " number) while SSL handshaking to upstream"));
  }

  @Test
  void upstreamProtocolMismatch() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/protocols/")).isEqualTo("502");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "protocol-version-mismatch", UNSUPPORTED_PROTOCOL),
        upstream("error", "protocol-version-mismatch", "SSL_do_handshake() failed (SSL: error:0A00042E:SSL"
            + " routines::tlsv1 alert protocol version:SSL alert number 70) while SSL handshaking to upstream"));
  }

  @Test
  void upstreamCipherMismatch() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/ciphers/")).isEqualTo("502");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        client("info", "no-shared-cipher", NO_SHARED_CIPHER),
        upstream("error", "handshake-failure-alert", "SSL_do_handshake() failed (SSL: error:0A000410:SSL"
            + " routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream"));
  }

  @Test
  void upstreamCertificateUntrusted() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/self-signed/")).isEqualTo("502");
      assertThat(proxied("/unknown-ca/")).isEqualTo("502");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        upstream("error", "certificate-untrusted",
            "upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream"),
        upstream("error", "certificate-untrusted", "upstream SSL certificate verify error: (20:unable to get local"
            + " issuer certificate) while SSL handshaking to upstream"),
        // nginx completed the handshake, then dropped the connection: the upstream side sees a plain close
        notTls("info", "client closed connection while waiting for request"),
        notTls("info", "client closed connection while waiting for request"));
  }

  @Test
  void upstreamCertificateExpired() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/expired/")).isEqualTo("502");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        upstream("error", "certificate-expired",
            "upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream"),
        notTls("info", "client closed connection while waiting for request"));
  }

  @Test
  void upstreamCertificateNameMismatch() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/wrong-name/")).isEqualTo("502");
    });
    assertThat(describe(lines)).containsExactlyInAnyOrder(
        upstream("error", "certificate-name-mismatch",
            "upstream SSL certificate does not match \"wrong.test\" while SSL handshaking to upstream"),
        notTls("info", "client closed connection while waiting for request"));
  }

  @Test
  void verifiedUpstreamLogsNothing() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/verified/")).isEqualTo("200");
    });
    assertThat(describe(lines)).isEmpty();
  }

  @Test
  void upstreamHandshakeTimeout() {
    List<String> lines = nginx.linesDuring(() -> {
      assertThat(proxied("/silent/")).isEqualTo("504");
    });
    assertThat(describe(lines)).containsExactly(
        upstream("error", "handshake-timeout",
            "upstream timed out (110: Connection timed out) while SSL handshaking to upstream"));
  }

  @Test
  void upstreamWantsClientCertificate() {
    List<String> lines = nginx.linesDuring(() -> {
      // the upstream nginx completes the handshake and answers 400, which the proxy passes on
      assertThat(proxied("/no-client-cert/")).isEqualTo("400");
      assertThat(proxied("/client-cert/")).isEqualTo("200");
    });
    assertThat(describe(lines)).containsExactly(
        client("info", "client-certificate-required",
            "client sent no required SSL certificate while reading client request headers"));
  }

  // ---------------------------------------------------------------- helpers

  private static final String UNSUPPORTED_PROTOCOL = "SSL_do_handshake() failed (SSL: error:0A000102:SSL"
      + " routines::unsupported protocol) while SSL handshaking";
  private static final String NO_SHARED_CIPHER = "SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no"
      + " shared cipher) while SSL handshaking";
  private static final String HANDSHAKE_REJECTED = "handshake rejected while SSL handshaking";
  private static final String UNKNOWN_CA_ALERT = "SSL_do_handshake() failed (SSL: error:0A000418:SSL"
      + " routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking";

  /** The first 11 bytes of a TLS 1.2 ClientHello record announcing 512 bytes: nginx waits for the rest. */
  private static final byte[] CLIENT_HELLO_PREFIX = {
      0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};

  private static final Pattern LINE = Pattern.compile(
      "^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[(\\w+)\\] \\d+#\\d+: (?:\\*\\d+ )?(.*?)(?:, client: .*)?$",
      Pattern.DOTALL);

  /**
   * Each line as {@code [level] direction class: message} (or {@code [level] not TLS-related: message}), where the
   * message is nginx's text without the prefix and without the {@code client:}... fields, taken from the line by
   * this test itself (not by the parser under test).
   */
  private static List<String> describe(List<String> lines) {
    List<String> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("an nginx error.log line: %s", line).isTrue();
      Optional<TlsEvent> e = classifier.classify("error.log", ++lineNo, line);
      String what = e.map(ev -> ev.direction().id() + " " + ev.failureClass().id()).orElse("not TLS-related");
      out.add("[" + m.group(1) + "] " + what + ": " + m.group(2));
    }
    return out;
  }

  private static String client(String level, String failureClass, String message) {
    return "[" + level + "] client " + failureClass + ": " + message;
  }

  private static String upstream(String level, String failureClass, String message) {
    return "[" + level + "] upstream " + failureClass + ": " + message;
  }

  private static String notTls(String level, String message) {
    return "[" + level + "] not TLS-related: " + message;
  }

  /** curl to https://127.0.0.1:PORT/; returns the HTTP status ({@code 000} when the handshake failed). */
  private static String curlHttps(int port, String... args) {
    return Tools.curl("https://127.0.0.1:" + port + "/", args).stdout();
  }

  /** A request through the proxy server; returns the HTTP status. */
  private static String proxied(String path) {
    return Tools.curl("http://127.0.0.1:" + proxy + path).stdout();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
