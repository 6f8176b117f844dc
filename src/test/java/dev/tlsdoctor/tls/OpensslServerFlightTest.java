package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.TestCerts;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our hellos against the real {@code openssl s_server} (OpenSSL 3.0) on loopback: what it negotiates, and the alert it
 * sends when it negotiates nothing.
 */
class OpensslServerFlightTest {
  @TempDir
  static Path tmp;

  /** RSA leaf with its intermediate, OpenSSL's defaults: TLS 1.2 and 1.3. */
  static OpensslServer rsa;
  /** TLS 1.3 only, group x25519 only. */
  static OpensslServer tls13X25519;
  /** Security level 0: SHA-1 signatures and TLS 1.0 allowed, as OpenSSL 1.x allowed them. */
  static OpensslServer legacy;

  @BeforeAll
  static void start() {
    TestCerts certs = TestCerts.create(tmp);
    Path leaf = certs.dir().resolve("leaf.crt");
    Path key = certs.leaf().key();
    Path chain = certs.dir().resolve("intermediate-ca.crt");
    rsa = OpensslServer.start(tmp, leaf, key, "-cert_chain", chain.toString());
    tls13X25519 = OpensslServer.start(tmp, leaf, key, "-tls1_3", "-groups", "X25519");
    legacy = OpensslServer.start(tmp, leaf, key, "-cipher", "DEFAULT@SECLEVEL=0");
  }

  @AfterAll
  static void stop() {
    for (OpensslServer s : new OpensslServer[] {rsa, tls13X25519, legacy}) {
      if (s != null) {
        s.close();
      }
    }
  }

  @Test
  void tls12Ecdhe_firstOfferedSuite_fullFlightWithChainAndX25519() {
    ServerFlight f = Loopback.exchange(rsa.port(), Hellos.tls12(0xC02F, 0xC030, 0x009E).build());

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    ServerHello sh = f.serverHello().orElseThrow();
    assertThat(sh.legacyVersion()).isEqualTo(0x0303);
    assertThat(sh.version()).contains(ProtocolVersion.TLSv1_2);
    assertThat(sh.cipherSuite().code()).isEqualTo(0xC02F);
    assertThat(sh.downgrade()).contains(ServerHello.Downgrade.TO_TLS12);
    assertThat(sh.extendedMasterSecret()).isTrue();
    assertThat(sh.renegotiationInfo()).contains(Bytes.EMPTY);
    assertThat(f.messages()).extracting(m -> m.type().name())
        .containsExactly("server_hello", "certificate", "server_key_exchange", "server_hello_done");
    List<X509Certificate> chain = f.certificate().orElseThrow().x509();
    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(chain.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=tlsdoctor test intermediate CA");
    ServerKeyExchange ske = f.serverKeyExchange().orElseThrow();
    assertThat(ske.ecdhe().orElseThrow().group()).isEqualTo(NamedGroup.X25519);
    assertThat(ske.ecdhe().orElseThrow().point().length()).isEqualTo(32);
    assertThat(ske.signatureScheme()).contains(SignatureScheme.RSA_PSS_RSAE_SHA256);
    assertThat(ske.signature().length()).isEqualTo(256);
  }

  @Test
  void tls12Dhe_withoutFfdheGroups_2048BitModpGroup() {
    ServerFlight f = Loopback.exchange(rsa.port(), Hellos.tls12(0x009E).build());

    assertThat(f.serverHello().orElseThrow().cipherSuite().code()).as(f.toString()).isEqualTo(0x009E);
    ServerKeyExchange.Dhe dhe = f.serverKeyExchange().orElseThrow().dhe().orElseThrow();
    assertThat(dhe.bits()).isEqualTo(2048);
    assertThat(dhe.g().intValue()).isEqualTo(2);
    // the RFC 3526 2048-bit MODP group, OpenSSL's automatic choice for a 2048-bit RSA key
    assertThat(dhe.p().toString(16)).startsWith("ffffffffffffffffc90fdaa22168c234c4c6628b");
  }

  @Test
  void tls13_shareForSupportedGroup_serverHelloWithItsShare() {
    ClientHello hello = Hellos.tls13(NamedGroup.SECP256R1).randomSessionId().build();
    ServerFlight f = Loopback.exchange(rsa.port(), hello);

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.TLS13_SERVER_HELLO);
    ServerHello sh = f.serverHello().orElseThrow();
    assertThat(sh.legacyVersion()).isEqualTo(0x0303);
    assertThat(sh.selectedVersionCode()).contains(0x0304);
    assertThat(f.version()).contains(ProtocolVersion.TLSv1_3);
    assertThat(sh.cipherSuite().code()).isEqualTo(0x1301);
    assertThat(sh.sessionId()).isEqualTo(hello.sessionId());
    KeyShare share = sh.keyShare().orElseThrow();
    assertThat(share.group()).isEqualTo(NamedGroup.SECP256R1);
    assertThat(share.keyExchange().length()).isEqualTo(65);
    assertThat(share.keyExchange().get(0)).isEqualTo(4);
    assertThat(sh.downgrade()).isEmpty();
  }

  @Test
  void tls13_shareOnlyForGroupServerLacks_helloRetryRequestForX25519() {
    ClientHello hello = Hellos.tls13(NamedGroup.SECP256R1).supportedGroups(NamedGroup.SECP256R1, NamedGroup.X25519)
        .build();
    ServerFlight f = Loopback.exchange(tls13X25519.port(), hello);

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.HELLO_RETRY_REQUEST);
    ServerHello hrr = f.serverHello().orElseThrow();
    assertThat(hrr.isHelloRetryRequest()).isTrue();
    assertThat(hrr.selectedGroup()).contains(NamedGroup.X25519);
    assertThat(hrr.keyShare()).isEmpty();
    assertThat(hrr.cipherSuite().code()).isEqualTo(0x1301);
  }

  @Test
  void tls13_emptyKeyShare_helloRetryRequestForFirstCommonGroup() {
    ServerFlight f = Loopback.exchange(rsa.port(), Hellos.tls13().build());

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.HELLO_RETRY_REQUEST);
    assertThat(f.serverHello().orElseThrow().selectedGroup()).contains(NamedGroup.X25519);
  }

  @Test
  void noSuiteTheServerHas_alertHandshakeFailure40() {
    ServerFlight f = Loopback.exchange(rsa.port(), Hellos.tls12(0x0001, 0xFFFE, 0x1301).build());

    assertThat(f.end()).isEqualTo(ServerFlight.End.ALERT);
    assertThat(f.alert()).contains(new AlertMessage(AlertMessage.FATAL, Alert.HANDSHAKE_FAILURE));
    assertThat(f.serverHello()).isEmpty();
    assertThat(f.bytesRead().hex()).isEqualTo("15030300020228");
  }

  @Test
  void tls12HelloToTls13OnlyServer_alertProtocolVersion70() {
    ServerFlight f = Loopback.exchange(tls13X25519.port(), Hellos.tls12(0xC02F).build());

    assertThat(f.alert()).as(f.toString()).contains(new AlertMessage(AlertMessage.FATAL, Alert.PROTOCOL_VERSION));
  }

  @Test
  void fallbackScsvBelowServersBest_alertInappropriateFallback86() {
    ServerFlight f = Loopback.exchange(rsa.port(), Hellos.tls12(0xC02F).fallbackScsv().build());

    assertThat(f.alert()).as(f.toString())
        .contains(new AlertMessage(AlertMessage.FATAL, Alert.INAPPROPRIATE_FALLBACK));
  }

  @Test
  void ssl3Hello_handshakeFailure40NotProtocolVersion() {
    // SSL 3.0 has no protocol_version alert, so OpenSSL answers "version too low" with handshake_failure
    ClientHello hello = ClientHello.builder().recordVersion(ProtocolVersion.SSLv3).legacyVersion(ProtocolVersion.SSLv3)
        .cipherSuites(0x002F, 0x000A).build();
    ServerFlight f = Loopback.exchange(rsa.port(), hello);

    assertThat(f.bytesRead().hex()).as(f.toString()).isEqualTo("15030000020228");
  }

  @Test
  void clientHelloFragmentedInto40ByteRecords_reassembledByServer() {
    ClientHello hello = Hellos.tls12(0xC02F).padding(200).build();
    byte[] wire = hello.toRecords(40);
    assertThat(wire.length).isGreaterThan(hello.toHandshake().length + 5 * 7);

    ServerFlight f = Loopback.exchange(rsa.port(), wire);

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.serverHello().orElseThrow().cipherSuite().code()).isEqualTo(0xC02F);
  }

  @Test
  void tls10Hello_securityLevel0_tls10WithDowngradeSentinelAndUnsignedAlgorithm() {
    ClientHello hello = ClientHello.builder().legacyVersion(ProtocolVersion.TLSv1).cipherSuites(0xC013, 0x002F)
        .supportedGroups(NamedGroup.SECP256R1).ecPointFormats(0).build();
    ServerFlight f = Loopback.exchange(legacy.port(), hello);

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    ServerHello sh = f.serverHello().orElseThrow();
    assertThat(sh.legacyVersion()).isEqualTo(0x0301);
    assertThat(sh.cipherSuite().code()).isEqualTo(0xC013);
    assertThat(sh.downgrade()).contains(ServerHello.Downgrade.TO_TLS11_OR_BELOW);
    ServerKeyExchange ske = f.serverKeyExchange().orElseThrow();
    assertThat(ske.ecdhe().orElseThrow().group()).isEqualTo(NamedGroup.SECP256R1);
    assertThat(ske.ecdhe().orElseThrow().point().length()).isEqualTo(65);
    // before TLS 1.2 the signature has no algorithm field: MD5+SHA-1 for an RSA key
    assertThat(ske.signatureScheme()).isEmpty();
    assertThat(ske.signature().length()).isEqualTo(256);
  }

  @Test
  void tls10Hello_defaultSecurityLevel_internalError80() {
    // OpenSSL 3.0 at security level 1 cannot sign with MD5+SHA-1 and says so with internal_error
    ClientHello hello = ClientHello.builder().legacyVersion(ProtocolVersion.TLSv1).cipherSuites(0xC013, 0x002F)
        .build();
    ServerFlight f = Loopback.exchange(rsa.port(), hello);

    assertThat(f.alert()).as(f.toString()).contains(new AlertMessage(AlertMessage.FATAL, Alert.INTERNAL_ERROR));
  }

  @Test
  void sslV2CompatibleHello_securityLevel0_tls12WithRsaKeyExchange() {
    SslV2ClientHello hello = SslV2ClientHello.compatible(ProtocolVersion.TLSv1_2, List.of(CipherSuite.of(0x009C)));
    ServerFlight f = Loopback.exchange(legacy.port(), hello.toRecord());

    assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.version()).contains(ProtocolVersion.TLSv1_2);
    assertThat(f.serverHello().orElseThrow().cipherSuite().code()).isEqualTo(0x009C);
    assertThat(f.messages()).extracting(m -> m.type().name())
        .containsExactly("server_hello", "certificate", "server_hello_done");
  }

  @Test
  void sslV2CompatibleHello_defaultSecurityLevel_handshakeFailure40() {
    // an SSLv2-format hello has no signature_algorithms, so OpenSSL assumes SHA-1, refused at security level 1
    SslV2ClientHello hello = SslV2ClientHello.compatible(ProtocolVersion.TLSv1_2, List.of(CipherSuite.of(0x009C)));
    ServerFlight f = Loopback.exchange(rsa.port(), hello.toRecord());

    assertThat(f.alert()).as(f.toString()).contains(new AlertMessage(AlertMessage.FATAL, Alert.HANDSHAKE_FAILURE));
  }
}
