package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our hellos against a real nginx 1.22 on loopback: a TLS 1.2 server that staples OCSP, asks for client certificates
 * and has its own DH group (with a second, name-based server on the same port); a TLS 1.3-only x25519-only server; and a plain-HTTP port.
 */
class NginxFlightTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static byte[] ocspResponse;
  static int tls12Port;
  static int tls13Port;
  static int plainPort;

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path dir = certs.dir();
    // an OCSP response for the leaf, signed by its issuer (status "unknown": the index is empty)
    Files.writeString(dir.resolve("index.txt"), "");
    Tools.openssl(dir, "ocsp", "-issuer", "intermediate-ca.crt", "-cert", "leaf.crt", "-no_nonce", "-reqout",
        "ocsp-req.der");
    Tools.openssl(dir, "ocsp", "-index", "index.txt", "-rsigner", "intermediate-ca.crt", "-rkey",
        "intermediate-ca.key", "-CA", "intermediate-ca.crt", "-reqin", "ocsp-req.der", "-respout", "ocsp.der",
        "-ndays", "1");
    ocspResponse = Files.readAllBytes(dir.resolve("ocsp.der"));
    // the RFC 7919 ffdhe3072 group, made instantly (dhparam would search for a prime). Smaller groups do not load:
    // this OpenSSL's security level 2 rejects a 1536-bit group at nginx's start with "dh key too small".
    Tools.openssl(dir, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe3072", "-out",
        "dh3072.pem");

    int[] ports = Tools.freePorts(3);
    tls12Port = ports[0];
    tls13Port = ports[1];
    plainPort = ports[2];
    String rsa = "ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";";
    String ecdsa = "ssl_certificate " + certs.ecdsaLeaf().cert() + "; ssl_certificate_key " + certs.ecdsaLeaf().key()
        + ";";
    String ok = "location / { return 200 \"ok\\n\"; }";
    String tls12 = "ssl_protocols TLSv1.2; ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
        + "DHE-RSA-AES128-GCM-SHA256; ssl_dhparam " + dir.resolve("dh3072.pem") + ";";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), String.join("\n",
        "server { listen 127.0.0.1:" + tls12Port + " ssl default_server; " + rsa + " " + tls12,
        "  ssl_stapling on; ssl_stapling_file " + dir.resolve("ocsp.der") + ";",
        "  ssl_verify_client optional; ssl_client_certificate " + certs.clientCa() + "; " + ok + " }",
        "server { listen 127.0.0.1:" + tls12Port + " ssl; server_name ecdsa.test; " + ecdsa + " " + tls12 + " " + ok
            + " }",
        "server { listen 127.0.0.1:" + tls13Port + " ssl; " + rsa + " ssl_protocols TLSv1.3; ssl_ecdh_curve X25519; "
            + ok + " }",
        "server { listen 127.0.0.1:" + plainPort + "; " + ok + " }"));
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  @Test
  void tls12_fullFlight_chainStapledOcspAndCertificateRequest() {
    ClientHello hello = Hellos.tls12(0xC02F, 0xC030).statusRequest().alpn("h2", "http/1.1").build();
    ServerFlight f = Loopback.exchange(tls12Port, hello);

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.messages()).extracting(m -> m.type().name()).containsExactly("server_hello", "certificate",
        "certificate_status", "server_key_exchange", "certificate_request", "server_hello_done");
    ServerHello sh = f.serverHello().orElseThrow();
    assertThat(sh.version()).contains(ProtocolVersion.TLSv1_2);
    assertThat(sh.cipherSuite().code()).isEqualTo(0xC030);
    assertThat(sh.acknowledgesStatusRequest()).isTrue();
    // no "http2" on the listen socket: nginx picks HTTP/1.1
    assertThat(sh.alpn()).contains("http/1.1");
    // no server is named localhost, yet nginx acknowledges the name: it answers from the default server
    assertThat(sh.acknowledgesServerName()).isTrue();
    // ssl_protocols TLSv1.2 switches TLS 1.3 off: TLS 1.2 is this server's best, no downgrade to signal
    assertThat(sh.downgrade()).isEmpty();
    X509Certificate leaf = f.certificate().orElseThrow().x509().get(0);
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(f.certificateStatus().orElseThrow()).isEqualTo(new CertificateStatus(1, Bytes.of(ocspResponse)));
    CertificateRequest cr = f.certificateRequest().orElseThrow();
    assertThat(cr.certificateAuthorities()).containsExactly(new X500Principal("CN=tlsdoctor test client CA"));
    // rsa_sign, dss_sign (still listed by OpenSSL 3.0), ecdsa_sign
    assertThat(cr.certificateTypes()).containsExactly(1, 2, 64);
    assertThat(cr.signatureAlgorithms()).contains(SignatureScheme.RSA_PSS_RSAE_SHA256,
        SignatureScheme.ECDSA_SECP256R1_SHA256);
    ServerKeyExchange.Ecdhe ecdhe = f.serverKeyExchange().orElseThrow().ecdhe().orElseThrow();
    assertThat(ecdhe.group()).isEqualTo(NamedGroup.X25519);
  }

  @Test
  void tls12Dhe_groupFromSslDhparam_ffdhe3072() {
    ServerFlight f = Loopback.exchange(tls12Port, Hellos.tls12(0x009E).build());

    assertThat(f.serverHello().orElseThrow().cipherSuite().code()).as(f.toString()).isEqualTo(0x009E);
    ServerKeyExchange.Dhe dhe = f.serverKeyExchange().orElseThrow().dhe().orElseThrow();
    assertThat(dhe.bits()).isEqualTo(3072);
    assertThat(dhe.g().intValue()).isEqualTo(2);
    assertThat(dhe.p().toString(16)).startsWith("ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1");
    assertThat(f.serverKeyExchange().orElseThrow().signatureScheme()).contains(SignatureScheme.RSA_PSS_RSAE_SHA256);
  }

  @Test
  void sniOfSecondServer_ecdsaCertificateAndServerNameAcknowledged() {
    ClientHello hello = Hellos.tls12(0xC02B, 0xC030).serverName("ecdsa.test").build();
    ServerFlight f = Loopback.exchange(tls12Port, hello);

    assertThat(f.serverHello().orElseThrow().cipherSuite().code()).as(f.toString()).isEqualTo(0xC02B);
    assertThat(f.serverHello().orElseThrow().acknowledgesServerName()).isTrue();
    assertThat(f.certificate().orElseThrow().x509().get(0).getPublicKey().getAlgorithm()).isEqualTo("EC");
    // the name-based server does not ask for client certificates
    assertThat(f.certificateRequest()).isEmpty();
    assertThat(f.serverKeyExchange().orElseThrow().signatureScheme())
        .contains(SignatureScheme.ECDSA_SECP256R1_SHA256);
  }

  @Test
  void tls13OnlyHelloToTls12Server_alertProtocolVersion70() {
    ServerFlight f = Loopback.exchange(tls12Port, Hellos.tls13(NamedGroup.X25519).build());

    assertThat(f.alert()).as(f.toString()).contains(new AlertMessage(AlertMessage.FATAL, Alert.PROTOCOL_VERSION));
  }

  @Test
  void tls13X25519Only_shareForP256_helloRetryRequestForX25519() {
    ClientHello hello = Hellos.tls13(NamedGroup.SECP256R1).supportedGroups(NamedGroup.SECP256R1, NamedGroup.X25519)
        .build();
    ServerFlight f = Loopback.exchange(tls13Port, hello);

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.HELLO_RETRY_REQUEST);
    assertThat(f.serverHello().orElseThrow().selectedGroup()).contains(NamedGroup.X25519);
  }

  @Test
  void tls13X25519Only_onlyP256Offered_alertHandshakeFailure40() {
    ClientHello hello = Hellos.tls13(NamedGroup.SECP256R1).supportedGroups(NamedGroup.SECP256R1).build();
    ServerFlight f = Loopback.exchange(tls13Port, hello);

    assertThat(f.alert()).as(f.toString()).contains(new AlertMessage(AlertMessage.FATAL, Alert.HANDSHAKE_FAILURE));
  }

  @Test
  void tls13X25519Only_x25519Share_serverHelloWithX25519Share() {
    ServerFlight f = Loopback.exchange(tls13Port, Hellos.tls13(NamedGroup.X25519).build());

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.TLS13_SERVER_HELLO);
    assertThat(f.serverHello().orElseThrow().keyShare().orElseThrow().group()).isEqualTo(NamedGroup.X25519);
    assertThat(f.serverHello().orElseThrow().keyShare().orElseThrow().keyExchange().length()).isEqualTo(32);
  }

  @Test
  void plainHttpPort_notTls_firstBytesAreNginxs400() {
    ServerFlight f = Loopback.exchange(plainPort, Hellos.tls12(0xC02F).build());

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.NOT_TLS);
    assertThat(f.firstBytes().kind()).isEqualTo(FirstBytes.Kind.OTHER);
    assertThat(f.firstBytes().startsWith("HTTP/1.1 400 Bad Request\r\n")).isTrue();
    assertThat(f.firstBytes().isText()).isTrue();
    assertThat(f.bytesRead().length()).isLessThanOrEqualTo(ServerFlight.FIRST_BYTES + 3);
  }
}
