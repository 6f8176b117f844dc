package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The server messages on hand-written bytes: the fields, the special values, and the exact errors. */
class ServerMessagesTest {
  /** RFC 8448 section 3: the ServerHello of the simple 1-RTT handshake (handshake header included). */
  static final String RFC8448_SERVER_HELLO = "02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93"
      + " 0c 8a c5 cb 14 34 da c1 55 77 2e d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88 76 11 20"
      + " 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04";

  static byte[] body(String handshakeHex) {
    byte[] all = Hex.decode(handshakeHex);
    return java.util.Arrays.copyOfRange(all, 4, all.length);
  }

  /** The leaf certificate of a captured flight. */
  static Bytes leafDer() {
    ServerFlight f = ServerFlight.read(new ByteArrayInputStream(Fixtures.load("openssl-tls12-ecdhe-rsa.hex")));
    return f.certificate().orElseThrow().entries().get(0).data();
  }

  /**
   * An SSL 2.0 SERVER-HELLO record: no session-id hit, an X.509 certificate, version 0x0002, cipher kinds
   * RC4_128_WITH_MD5 and DES_192_EDE3_CBC_WITH_MD5, a 16-byte connection id.
   */
  static byte[] sslV2ServerHelloRecord() {
    Bytes cert = leafDer();
    byte[] message = new WireWriter().writeUint8(4).writeUint8(0).writeUint8(1).writeUint16(0x0002)
        .writeUint16(cert.length()).writeUint16(6).writeUint16(16).write(cert)
        .writeBytes(Hex.decode("010080 0700c0")).writeBytes(new byte[16]).toByteArray();
    return new WireWriter().writeUint16(0x8000 | message.length).writeBytes(message).toByteArray();
  }

  @Test
  void serverHello_rfc8448() {
    ServerHello sh = ServerHello.parse(body(RFC8448_SERVER_HELLO));

    assertThat(sh.legacyVersion()).isEqualTo(0x0303);
    assertThat(sh.random().hex()).isEqualTo("a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928");
    assertThat(sh.sessionId()).isEqualTo(Bytes.EMPTY);
    assertThat(sh.cipherSuite().name()).isEqualTo("TLS_AES_128_GCM_SHA256");
    assertThat(sh.version()).contains(ProtocolVersion.TLSv1_3);
    assertThat(sh.keyShare()).contains(new KeyShare(NamedGroup.X25519,
        Bytes.fromHex("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f")));
    assertThat(sh.isHelloRetryRequest()).isFalse();
    assertThat(sh.downgrade()).isEmpty();
    assertThat(HandshakeMessage.encode(HandshakeType.SERVER_HELLO, sh.body())).isEqualTo(
        Hex.decode(RFC8448_SERVER_HELLO));
  }

  @Test
  void helloRetryRequest_selectedGroupAndCookie() {
    String hrr = "0303" + ServerHello.HELLO_RETRY_REQUEST_RANDOM.hex() + "00" + "1301" + "00"
        + "0014" + "002b00020304" + "003300020017" + "002c0004" + "0002beef";
    ServerHello sh = ServerHello.parse(Hex.decode(hrr));

    assertThat(sh.isHelloRetryRequest()).isTrue();
    assertThat(sh.selectedGroup()).contains(NamedGroup.SECP256R1);
    assertThat(sh.keyShare()).isEmpty();
    assertThat(sh.cookie()).contains(Bytes.fromHex("beef"));
    assertThat(sh.toString()).startsWith("HelloRetryRequest(version 0x0304, TLS_AES_128_GCM_SHA256(0x1301)");
  }

  @Test
  void downgradeSentinels_lastEightBytesOfTheRandom() {
    String prefix = "0303" + "00".repeat(24);
    assertThat(ServerHello.parse(Hex.decode(prefix + "444f574e47524401" + "00c02f00")).downgrade())
        .contains(ServerHello.Downgrade.TO_TLS12);
    assertThat(ServerHello.parse(Hex.decode(prefix + "444f574e47524400" + "00c02f00")).downgrade())
        .contains(ServerHello.Downgrade.TO_TLS11_OR_BELOW);
    assertThat(ServerHello.parse(Hex.decode(prefix + "444f574e47524402" + "00c02f00")).downgrade()).isEmpty();
  }

  @Test
  void serverHello_noExtensionsBlock_ssl3Style() {
    ServerHello sh = ServerHello.parse(Hex.decode("0300" + "11".repeat(32) + "00" + "000a" + "00"));

    assertThat(sh.extensionsPresent()).isFalse();
    assertThat(sh.version()).contains(ProtocolVersion.SSLv3);
    assertThat(sh.cipherSuite().opensslName()).isEqualTo("DES-CBC3-SHA");
  }

  @Test
  void serverHello_sessionIdOf33Bytes_throwsNamingFieldAndOffset() {
    byte[] bad = Hex.decode("0303" + "00".repeat(32) + "21" + "00".repeat(33) + "c02f00");

    assertThatThrownBy(() -> ServerHello.parse(bad)).isInstanceOf(TlsDecodeException.class)
        .hasMessage("ServerHello.legacy_session_id_echo at offset 34: length 33 exceeds the maximum 32\n"
            + "  0000  03 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
            + "  0010  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
            + "  0020  00 00 [21] 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
            + "  0030  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
            + "  0040  00 00 00 00 c0 2f 00");
  }

  @Test
  void serverHello_extensionLongerThanTheBlock_throws() {
    byte[] bad = Hex.decode("0303" + "00".repeat(32) + "00" + "c02f00" + "0005" + "ff01" + "0009" + "00");

    TlsDecodeException e = org.junit.jupiter.api.Assertions.assertThrows(TlsDecodeException.class,
        () -> ServerHello.parse(bad));
    assertThat(e.field()).isEqualTo("ServerHello.extensions[0].extension_data");
    assertThat(e.offset()).isEqualTo(42);
    assertThat(e.problem()).isEqualTo("length 9 exceeds the 1 byte left");
  }

  @Test
  void serverHello_alpnWithTwoProtocols_throws() {
    byte[] bad = Hex.decode("0303" + "00".repeat(32) + "00" + "c02f00" + "000c" + "0010" + "0008" + "0006"
        + "026832" + "026833");

    assertThatThrownBy(() -> ServerHello.parse(bad)).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("ProtocolNameList.protocol_name_list at offset 0: 2 protocols, the server must "
            + "select exactly one");
  }

  @Test
  void serverHello_acknowledgementWithData_throws() {
    byte[] bad = Hex.decode("0303" + "00".repeat(32) + "00" + "c02f00" + "0005" + "0017" + "0001" + "00");

    assertThatThrownBy(() -> ServerHello.parse(bad)).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("extended_master_secret.extension_data at offset 0: length 1, expected 0");
  }

  @Test
  void serverKeyExchange_ecdheNamedCurveTls12() {
    String point = "04" + "11".repeat(64);
    byte[] body = Hex.decode("03" + "0017" + "41" + point + "0403" + "0003" + "aabbcc");
    ServerKeyExchange ske = ServerKeyExchange.parse(body, CipherSuite.of(0xC02B), 0x0303);

    assertThat(ske.params()).isEqualTo(new ServerKeyExchange.Ecdhe(NamedGroup.SECP256R1, Bytes.fromHex(point)));
    assertThat(ske.signatureScheme()).contains(SignatureScheme.ECDSA_SECP256R1_SHA256);
    assertThat(ske.signature()).isEqualTo(Bytes.fromHex("aabbcc"));
  }

  @Test
  void serverKeyExchange_dheTls11_noAlgorithmField() {
    byte[] body = Hex.decode("0002 00d3" + "0001 05" + "0001 08" + "0002 0102");
    ServerKeyExchange ske = ServerKeyExchange.parse(body, CipherSuite.of(0x0033), 0x0302);

    ServerKeyExchange.Dhe dhe = ske.dhe().orElseThrow();
    assertThat(dhe).isEqualTo(new ServerKeyExchange.Dhe(BigInteger.valueOf(211), BigInteger.valueOf(5),
        BigInteger.valueOf(8)));
    assertThat(dhe.bits()).isEqualTo(8);
    assertThat(ske.signatureScheme()).isEmpty();
    assertThat(ske.signature()).isEqualTo(Bytes.fromHex("0102"));
  }

  @Test
  void serverKeyExchange_anonymousDh_noSignature() {
    byte[] body = Hex.decode("0001 17" + "0001 05" + "0001 08");
    ServerKeyExchange ske = ServerKeyExchange.parse(body, CipherSuite.of(0x0034), 0x0303);

    assertThat(ske.dhe().orElseThrow().p().intValue()).isEqualTo(23);
    assertThat(ske.signature()).isEqualTo(Bytes.EMPTY);
  }

  @Test
  void serverKeyExchange_explicitCurveOrPsk_keptWhole() {
    byte[] explicit = Hex.decode("01 02 0304");
    assertThat(ServerKeyExchange.parse(explicit, CipherSuite.of(0xC02F), 0x0303).params())
        .isEqualTo(new ServerKeyExchange.Unparsed(Bytes.of(explicit)));
    byte[] pskHint = Hex.decode("0003 616263");
    assertThat(ServerKeyExchange.parse(pskHint, CipherSuite.of(0x008C), 0x0303).params())
        .isEqualTo(new ServerKeyExchange.Unparsed(Bytes.of(pskHint)));
  }

  @Test
  void serverKeyExchange_zeroLengthPrime_throws() {
    assertThatThrownBy(() -> ServerKeyExchange.parse(Hex.decode("0000"), CipherSuite.of(0x009E), 0x0303))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("ServerKeyExchange.params.dh_p at offset 0: length 0 is below the minimum 1");
  }

  @Test
  void certificateRequest_tls11_noSignatureAlgorithms() {
    byte[] dn = new X500Principal("CN=Some CA, O=Example").getEncoded();
    byte[] body = new WireWriter().writeOpaque8(Bytes.fromHex("0140")).vector16(v -> v.writeOpaque16(Bytes.of(dn)))
        .toByteArray();
    CertificateRequest cr = CertificateRequest.parse(body, 0x0302);

    assertThat(cr.certificateTypes()).containsExactly(1, 64);
    assertThat(cr.signatureAlgorithms()).isEmpty();
    assertThat(cr.certificateAuthorities()).containsExactly(new X500Principal("CN=Some CA, O=Example"));
  }

  @Test
  void certificateRequest_authorityNotADistinguishedName_throwsWhenDecoded() {
    byte[] body = Hex.decode("01 01" + "0000" + "0004" + "0002 0505");
    CertificateRequest cr = CertificateRequest.parse(body, 0x0303);

    assertThatThrownBy(cr::certificateAuthorities).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("CertificateRequest.certificate_authorities[0] at offset 0: not a distinguished name");
  }

  @Test
  void certificateStatus_ocspResponseBytes() {
    assertThat(CertificateStatus.parse(Hex.decode("01 000003 300100")))
        .isEqualTo(new CertificateStatus(1, Bytes.fromHex("300100")));
    assertThatThrownBy(() -> CertificateStatus.parse(Hex.decode("07 000001 00")))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("CertificateStatus.status_type at offset 0: unknown status type 7");
    assertThatThrownBy(() -> CertificateStatus.parse(Hex.decode("01 000000")))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("CertificateStatus.response at offset 1: length 0 is below the minimum 1");
  }

  @Test
  void certificate_tls13FormWithEntryExtensions() {
    Bytes der = leafDer();
    byte[] body = new WireWriter().writeOpaque8(Bytes.EMPTY).vector24(list -> list.writeOpaque24(der)
        .vector16(ext -> ext.writeUint16(18).writeOpaque16(Bytes.fromHex("0102")))).toByteArray();
    CertificateMessage m = CertificateMessage.parseTls13(body);

    assertThat(m.tls13()).isTrue();
    assertThat(m.entries()).hasSize(1);
    assertThat(m.entries().get(0).extensions()).containsExactly(Extension.of(18, Bytes.fromHex("0102")));
    assertThat(m.x509().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
  }

  @Test
  void certificate_garbageDer_throwsWhenDecoded() {
    CertificateMessage m = CertificateMessage.parseTls12(Hex.decode("000005 000002 3000"));

    assertThat(m.entries()).hasSize(1);
    assertThatThrownBy(m::x509).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("Certificate.certificate_list[0] at offset 0: not an X.509 certificate");
  }

  @Test
  void certificate_listLongerThanMessage_throws() {
    assertThatThrownBy(() -> CertificateMessage.parseTls12(Hex.decode("ffffff 00")))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessage("Certificate.certificate_list at offset 0: length 16777215 exceeds the 1 byte left\n"
            + "  0000  [ff] ff ff 00");
  }

  @Test
  void serverHelloDone_withABody_throws() {
    assertThat(ServerHelloDone.parse(new byte[0])).isEqualTo(new ServerHelloDone());
    assertThatThrownBy(() -> ServerHelloDone.parse(new byte[1])).isInstanceOf(TlsDecodeException.class)
        .hasMessage("ServerHelloDone.body at offset 0: 1 unexpected trailing byte\n  0000  [00]");
  }

  @Test
  void alerts_oneTwoOrMalformed() {
    assertThat(AlertMessage.parseAll(Hex.decode("0228")))
        .containsExactly(new AlertMessage(AlertMessage.FATAL, Alert.HANDSHAKE_FAILURE));
    assertThat(AlertMessage.parseAll(Hex.decode("0170 0200"))).extracting(AlertMessage::toString)
        .containsExactly("warning unrecognized_name(112)", "fatal close_notify(0)");
    assertThatThrownBy(() -> AlertMessage.parseAll(Hex.decode("022800")))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("Alert.level at offset 0: fragment of 3 bytes; an alert is 2");
  }

  @Test
  void sslV2ServerHello_readAsAFlight() {
    ServerFlight f = ServerFlight.read(new ByteArrayInputStream(sslV2ServerHelloRecord()));

    assertThat(f.end()).isEqualTo(ServerFlight.End.SSLV2_SERVER_HELLO);
    assertThat(f.firstBytes().kind()).isEqualTo(FirstBytes.Kind.SSLV2);
    SslV2ServerHello hello = f.sslV2ServerHello().orElseThrow();
    assertThat(hello.version()).isEqualTo(0x0002);
    assertThat(hello.cipherSpecs()).extracting(SslV2CipherKind::code).containsExactly(0x010080, 0x0700C0);
    assertThat(hello.connectionId().length()).isEqualTo(16);
    assertThat(hello.x509().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
  }

  @Test
  void sslV2Error_noCipher() {
    ServerFlight f = ServerFlight.read(new ByteArrayInputStream(Hex.decode("8003 00 0001")));

    assertThat(f.end()).isEqualTo(ServerFlight.End.SSLV2_ERROR);
    assertThat(f.sslV2Error()).contains(new SslV2Error(SslV2Error.NO_CIPHER));
    assertThat(f.sslV2Error().orElseThrow()).hasToString("NO-CIPHER-ERROR(0x0001)");
  }

  @Test
  void sslV2ServerHello_connectionIdTooShort_throws() {
    byte[] message = Hex.decode("04 00 01 0002 0000 0000 0004 01020304");
    assertThatThrownBy(() -> SslV2ServerHello.parse(message)).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("SSLv2 SERVER-HELLO.CONNECTION-ID-LENGTH at offset 9: length 4, must be 16 to 32");
  }
}
