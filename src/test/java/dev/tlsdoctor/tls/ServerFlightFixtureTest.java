package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Real flights captured from OpenSSL 3.0 and nginx 1.22, read whole and in pieces. */
class ServerFlightFixtureTest {
  static final List<String> FLIGHTS = Fixtures.FLIGHTS;

  static ServerFlight read(String fixture) {
    return ServerFlight.read(new ByteArrayInputStream(Fixtures.load(fixture)));
  }

  @Test
  void opensslTls12Ecdhe_fullFlight() {
    ServerFlight f = read("openssl-tls12-ecdhe-rsa.hex");

    assertThat(f.end()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.cause()).isEmpty();
    ServerHello sh = f.serverHello().orElseThrow();
    assertThat(sh.legacyVersion()).isEqualTo(0x0303);
    assertThat(sh.cipherSuite()).isEqualTo(CipherSuite.of(0xC02F));
    assertThat(sh.downgrade()).contains(ServerHello.Downgrade.TO_TLS12);
    assertThat(sh.sessionId()).isEqualTo(Bytes.EMPTY);
    assertThat(sh.extensions()).extracting(Extension::code).containsExactly(0xFF01, 11, 35, 23);
    assertThat(sh.ecPointFormats()).containsExactly(0, 1, 2);
    List<X509Certificate> chain = f.certificate().orElseThrow().x509();
    assertThat(chain).extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=localhost", "CN=tlsdoctor test intermediate CA");
    ServerKeyExchange ske = f.serverKeyExchange().orElseThrow();
    assertThat(ske.ecdhe().orElseThrow().group()).isEqualTo(NamedGroup.X25519);
    assertThat(ske.ecdhe().orElseThrow().point().hex())
        .isEqualTo("74e61a27695df5fbee2ebccbeb231cba4d9de1e647badc0d25e7538889b5c165");
    assertThat(ske.signatureScheme()).contains(SignatureScheme.RSA_PSS_RSAE_SHA256);
    assertThat(ske.signature().length()).isEqualTo(256);
    assertThat(f.serverHelloDone()).isTrue();
    assertThat(f.bytesRead().length()).isEqualTo(1523);
  }

  @Test
  void opensslTls12Dhe_2048BitModpGroup() {
    ServerKeyExchange.Dhe dhe = read("openssl-tls12-dhe-rsa.hex").serverKeyExchange().orElseThrow().dhe()
        .orElseThrow();

    assertThat(dhe.bits()).isEqualTo(2048);
    assertThat(dhe.g().intValue()).isEqualTo(2);
    assertThat(dhe.ys().bitLength()).isLessThanOrEqualTo(2048);
  }

  @Test
  void opensslTls13ServerHello_stopsAtTheServerHelloRecord() {
    ServerFlight f = read("openssl-tls13-server-hello.hex");

    assertThat(f.end()).isEqualTo(ServerFlight.End.TLS13_SERVER_HELLO);
    ServerHello sh = f.serverHello().orElseThrow();
    assertThat(sh.version()).contains(ProtocolVersion.TLSv1_3);
    assertThat(sh.sessionId()).isEqualTo(Bytes.of(new byte[32]));
    assertThat(sh.keyShare().orElseThrow().group()).isEqualTo(NamedGroup.X25519);
    // the ServerHello record only: the ChangeCipherSpec and the encrypted records after it are left unread
    assertThat(f.bytesRead().length()).isEqualTo(5 + 0x7A);
  }

  @Test
  void opensslHelloRetryRequest_selectsX25519() {
    ServerFlight f = read("openssl-tls13-hello-retry-request.hex");

    assertThat(f.end()).isEqualTo(ServerFlight.End.HELLO_RETRY_REQUEST);
    ServerHello hrr = f.serverHello().orElseThrow();
    assertThat(hrr.random()).isEqualTo(ServerHello.HELLO_RETRY_REQUEST_RANDOM);
    assertThat(hrr.selectedGroup()).contains(NamedGroup.X25519);
    assertThat(hrr.selectedVersionCode()).contains(0x0304);
    assertThat(hrr.cookie()).isEmpty();
  }

  @Test
  void opensslAlert_handshakeFailure() {
    ServerFlight f = read("openssl-alert-handshake-failure.hex");

    assertThat(f.end()).isEqualTo(ServerFlight.End.ALERT);
    assertThat(f.alert()).contains(new AlertMessage(2, Alert.HANDSHAKE_FAILURE));
    assertThat(f.alert().orElseThrow()).hasToString("fatal handshake_failure(40)");
  }

  @Test
  void opensslTls10_signatureWithoutAlgorithmField() {
    ServerFlight f = read("openssl-tls10-ecdhe-rsa.hex");

    assertThat(f.version()).contains(ProtocolVersion.TLSv1);
    assertThat(f.serverHello().orElseThrow().downgrade()).contains(ServerHello.Downgrade.TO_TLS11_OR_BELOW);
    ServerKeyExchange ske = f.serverKeyExchange().orElseThrow();
    assertThat(ske.ecdhe().orElseThrow().group()).isEqualTo(NamedGroup.SECP256R1);
    assertThat(ske.signatureScheme()).isEmpty();
    assertThat(ske.signature().length()).isEqualTo(256);
  }

  @Test
  void nginxTls12_stapledOcspAndCertificateRequest() {
    ServerFlight f = read("nginx-tls12-ocsp-client-auth.hex");

    assertThat(f.messages()).extracting(m -> m.type().code()).containsExactly(2, 11, 22, 12, 13, 14);
    assertThat(f.serverHello().orElseThrow().acknowledgesServerName()).isTrue();
    assertThat(f.serverHello().orElseThrow().acknowledgesStatusRequest()).isTrue();
    CertificateStatus status = f.certificateStatus().orElseThrow();
    assertThat(status.statusType()).isEqualTo(CertificateStatus.OCSP);
    assertThat(status.response().length()).isEqualTo(0x2EF);
    assertThat(status.response().hex()).startsWith("308202eb0a0100"); // OCSPResponse, status successful(0)
    assertThat(f.certificateRequest().orElseThrow().certificateAuthorities())
        .containsExactly(new X500Principal("CN=tlsdoctor test client CA"));
  }

  @Test
  void nginxPlainHttp_notTlsWithTheStatusLine() {
    ServerFlight f = read("nginx-plain-http-400.hex");

    assertThat(f.end()).isEqualTo(ServerFlight.End.NOT_TLS);
    assertThat(f.firstBytes().text()).startsWith("HTTP/1.1 400 Bad Request\\r\\nServer: nginx/1.22.1\\r\\n");
    assertThat(f.serverHello()).isEmpty();
  }

  @Test
  void opensslClientHello_parsedAndReencodedByteForByte() {
    byte[] wire = Fixtures.load("openssl-s_client-hello.hex");
    ClientHello hello = ClientHello.fromRecords(wire);

    assertThat(hello.cipherSuites()).hasSize(31);
    assertThat(hello.cipherSuites().get(0)).isEqualTo(CipherSuite.of(0x1302));
    assertThat(hello.cipherSuites().get(30)).isEqualTo(CipherSuite.of(0x00FF));
    assertThat(hello.serverName()).contains("example.test");
    assertThat(hello.alpnProtocols()).containsExactly("h2", "http/1.1");
    // TLS 1.1 and 1.0 still offered, although OpenSSL 3.0 at its default security level cannot use them
    assertThat(hello.supportedVersions()).containsExactly(0x0304, 0x0303, 0x0302, 0x0301);
    assertThat(hello.keyShares().orElseThrow()).extracting(KeyShare::group).containsExactly(NamedGroup.X25519);
    assertThat(hello.sessionId().length()).isEqualTo(32);
    assertThat(hello.toRecords()).isEqualTo(wire);
  }

  @ParameterizedTest
  @FieldSource("FLIGHTS")
  void fixture_oneByteAtATime_sameFlight(String fixture) {
    byte[] data = Fixtures.load(fixture);
    ServerFlight whole = ServerFlight.read(new ByteArrayInputStream(data));

    assertSame(ServerFlight.read(Fixtures.oneByteAtATime(data)), whole);
  }

  @ParameterizedTest
  @FieldSource("FLIGHTS")
  void fixture_randomPieces_sameFlight(String fixture) {
    byte[] data = Fixtures.load(fixture);
    ServerFlight whole = ServerFlight.read(new ByteArrayInputStream(data));
    Random random = new Random(fixture.hashCode());

    for (int i = 0; i < 20; i++) {
      assertSame(ServerFlight.read(Fixtures.randomPieces(data, random)), whole);
    }
  }

  @ParameterizedTest
  @FieldSource("FLIGHTS")
  void fixture_cutShort_truncatedOrEofKeepingWhatCameBefore(String fixture) {
    byte[] data = Fixtures.load(fixture);
    ServerFlight whole = ServerFlight.read(new ByteArrayInputStream(data));
    int used = whole.bytesRead().length();

    for (int cut = 1; cut < used; cut += Math.max(1, used / 50)) {
      ServerFlight f = ServerFlight.read(new ByteArrayInputStream(java.util.Arrays.copyOf(data, cut)));
      assertThat(f.bytesRead()).isEqualTo(Bytes.of(java.util.Arrays.copyOf(data, cut)));
      assertThat(f.messages()).isEqualTo(whole.messages().subList(0, f.messages().size()));
      if (whole.end() != ServerFlight.End.NOT_TLS) {
        assertThat(f.end()).as("cut at %d", cut).isIn(ServerFlight.End.TRUNCATED, ServerFlight.End.EOF);
      }
    }
  }

  private static void assertSame(ServerFlight actual, ServerFlight expected) {
    assertThat(actual.end()).isEqualTo(expected.end());
    assertThat(actual.messages()).isEqualTo(expected.messages());
    assertThat(actual.alerts()).isEqualTo(expected.alerts());
    assertThat(actual.serverHello()).isEqualTo(expected.serverHello());
    assertThat(actual.bytesRead()).isEqualTo(expected.bytesRead());
  }
}
