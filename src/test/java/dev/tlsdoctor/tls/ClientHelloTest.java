package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ClientHello bytes against hand-computed and RFC 8448 vectors, the parser, and builder round trips. */
class ClientHelloTest {
  static final byte[] RANDOM_0_TO_31 = Hex.decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  /** RFC 8448 section 3: the ClientHello of the simple 1-RTT handshake (handshake header included). */
  static final String RFC8448_CLIENT_HELLO = "01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff"
      + " a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00"
      + " 06 73 65 72 76 65 72 ff 01 00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04"
      + " 00 23 00 00 00 33 00 26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c"
      + " ae 4d 54 13 69 1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08"
      + " 06 04 01 05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01";

  @Test
  void tls12Hello_exactBytes() {
    ClientHello hello = ClientHello.builder().random(RANDOM_0_TO_31).cipherSuites(0xC02F)
        .emptyRenegotiationInfoScsv().serverName("a.test").supportedGroups(NamedGroup.X25519).ecPointFormats(0)
        .signatureAlgorithms(SignatureScheme.RSA_PSS_RSAE_SHA256).extendedMasterSecret().build();

    assertThat(Hex.encode(hello.toRecords())).isEqualTo(Hex.encode(Hex.decode(String.join(" ",
        "16 0301 005a", // handshake record, TLS 1.0, 90 bytes
        "01 000056", // client_hello, 86 bytes
        "0303", // legacy_version TLS 1.2
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", // random
        "00", // legacy_session_id: empty
        "0004 c02f 00ff", // cipher_suites: ECDHE-RSA-AES128-GCM-SHA256, TLS_EMPTY_RENEGOTIATION_INFO_SCSV
        "01 00", // legacy_compression_methods: null
        "0029", // extensions: 41 bytes
        "0000 000b 0009 00 0006 612e74657374", // server_name: host_name "a.test"
        "000a 0004 0002 001d", // supported_groups: x25519
        "000b 0002 01 00", // ec_point_formats: uncompressed
        "000d 0004 0002 0804", // signature_algorithms: rsa_pss_rsae_sha256
        "0017 0000")))); // extended_master_secret
  }

  @Test
  void ssl3Hello_noExtensionsBlock_exactBytes() {
    byte[] random = new byte[32];
    java.util.Arrays.fill(random, (byte) 0xAB);
    ClientHello hello = ClientHello.builder().recordVersion(ProtocolVersion.SSLv3).legacyVersion(ProtocolVersion.SSLv3)
        .random(random).cipherSuites(0x000A, 0x002F).build();

    assertThat(hello.toRecords()).isEqualTo(Hex.decode("16 0300 002f" + "01 00002b" + "0300" + "ab".repeat(32)
        + "00" + "0004 000a 002f" + "01 00"));
    assertThat(hello.extensionsPresent()).isFalse();
  }

  @Test
  void rfc8448Hello_rebuiltByTheBuilder_sameBytes() {
    ClientHello hello = ClientHello.builder()
        .random(Hex.decode("cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7"))
        .cipherSuites(0x1301, 0x1303, 0x1302)
        .serverName("server")
        .renegotiationInfo()
        .supportedGroups(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1, NamedGroup.SECP521R1,
            NamedGroup.FFDHE2048, NamedGroup.FFDHE3072, NamedGroup.FFDHE4096, NamedGroup.FFDHE6144,
            NamedGroup.FFDHE8192)
        .sessionTicket()
        .keyShares(List.of(new KeyShare(NamedGroup.X25519,
            Bytes.fromHex("99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c"))))
        .supportedVersions(ProtocolVersion.TLSv1_3)
        .signatureAlgorithms(schemes(0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
            0x0201, 0x0402, 0x0502, 0x0602, 0x0202))
        .pskKeyExchangeModes(1)
        .extension(ExtensionType.RECORD_SIZE_LIMIT.code(), Bytes.fromHex("4001"))
        .build();

    assertThat(hello.toHandshake()).isEqualTo(Hex.decode(RFC8448_CLIENT_HELLO));
    // RFC 8448's "complete record" starts 16 03 01 00 c4
    assertThat(Hex.encode(hello.toRecords())).startsWith("16030100c4010000c0");
  }

  @Test
  void rfc8448Hello_parsed() {
    byte[] all = Hex.decode(RFC8448_CLIENT_HELLO);
    ClientHello hello = ClientHello.parse(java.util.Arrays.copyOfRange(all, 4, all.length));

    assertThat(hello.legacyVersion()).isEqualTo(0x0303);
    assertThat(hello.cipherSuites()).extracting(CipherSuite::name)
        .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384");
    assertThat(hello.serverName()).contains("server");
    assertThat(hello.supportedVersions()).containsExactly(0x0304);
    assertThat(hello.supportedGroups()).hasSize(9).startsWith(NamedGroup.X25519, NamedGroup.SECP256R1);
    assertThat(hello.keyShares().orElseThrow()).extracting(KeyShare::group).containsExactly(NamedGroup.X25519);
    assertThat(hello.signatureAlgorithms()).hasSize(15).startsWith(SignatureScheme.ECDSA_SECP256R1_SHA256);
    assertThat(hello.pskKeyExchangeModes()).containsExactly(1);
    assertThat(hello.renegotiationInfo()).contains(Bytes.EMPTY);
    assertThat(hello.extension(ExtensionType.RECORD_SIZE_LIMIT).orElseThrow().data()).isEqualTo(Bytes.fromHex("4001"));
    assertThat(hello.extensions()).extracting(e -> e.type().name()).containsExactly("server_name",
        "renegotiation_info", "supported_groups", "session_ticket", "key_share", "supported_versions",
        "signature_algorithms", "psk_key_exchange_modes", "record_size_limit");
  }

  @Test
  void everyExtension_builderToRecordsToParser_roundTrips() {
    ClientHello hello = ClientHello.builder().recordVersion(0x0301).legacyVersion(0x0303).randomSessionId()
        .cipherSuites(0x1301, 0xC02F, 0x0A0A, 0xFFFE, 0x0001).fallbackScsv().emptyRenegotiationInfoScsv()
        .compressionMethods(1, 0)
        .serverName("example.test")
        .supportedVersions(0x7F1C, 0x0304, 0x0303)
        .keyShares(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1)
        .signatureAlgorithms(SignatureScheme.ED25519, SignatureScheme.RSA_PSS_RSAE_SHA256)
        .signatureAlgorithmsCert(SignatureScheme.RSA_PKCS1_SHA256)
        .supportedGroups(NamedGroup.X25519, NamedGroup.of(0x11EC), NamedGroup.of(0x2A2A))
        .ecPointFormats(0, 1, 2)
        .alpn("h2", "http/1.1")
        .statusRequest()
        .renegotiationInfo()
        .extendedMasterSecret()
        .sessionTicket(new byte[] {1, 2, 3})
        .pskKeyExchangeModes(0, 1)
        .extension(0xFFFF, Bytes.fromHex("00"))
        .extension(0xFFFF, Bytes.EMPTY)
        .padding(100)
        .build();

    ClientHello parsed = ClientHello.fromRecords(hello.toRecords());
    assertThat(parsed).isEqualTo(hello);
    assertThat(ClientHello.fromRecords(hello.toRecords(7))).isEqualTo(hello);
    assertThat(parsed.keyShares().orElseThrow()).extracting(k -> k.keyExchange().length())
        .containsExactly(32, 65, 97);
    assertThat(parsed.statusRequestType()).contains(1);
    assertThat(parsed.alpnProtocols()).containsExactly("h2", "http/1.1");
    assertThat(parsed.offersSuite(0x5600)).isTrue();
    assertThat(parsed.cipherSuites()).extracting(CipherSuite::name).contains("GREASE", "unknown",
        "TLS_FALLBACK_SCSV", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    assertThat(parsed.extension(ExtensionType.PADDING).orElseThrow().data()).isEqualTo(Bytes.of(new byte[100]));
  }

  @Test
  void fragmentedRecords_eachAtMostTheGivenSize() {
    ClientHello hello = Hellos.tls12(0xC02F).build();
    byte[] wire = hello.toRecords(16);
    int handshake = hello.toHandshake().length;

    assertThat(wire.length).isEqualTo(handshake + 5 * ((handshake + 15) / 16));
    assertThat(Hex.encode(wire, 0, 5)).isEqualTo("1603010010");
  }

  @Test
  void emptyKeyShare_presentButEmpty() {
    ClientHello hello = ClientHello.builder().cipherSuites(0x1301).keyShares().build();

    assertThat(hello.extension(ExtensionType.KEY_SHARE).orElseThrow().data()).isEqualTo(Bytes.fromHex("0000"));
    assertThat(ClientHello.parse(hello.body()).keyShares()).contains(List.of());
    assertThat(ClientHello.builder().cipherSuites(0x1301).build().keyShares()).isEmpty();
  }

  @Test
  void typedSetter_replacesInPlace_rawExtensionAppends() {
    ClientHello hello = ClientHello.builder().cipherSuites(0x1301).serverName("a.test").alpn("h2")
        .serverName("b.test").extension(0, HelloExtensions.serverName("c.test").data()).build();

    assertThat(hello.extensions()).extracting(Extension::code).containsExactly(0, 16, 0);
    assertThat(hello.serverName()).contains("b.test");
  }

  @Test
  void noExtensionsButBlockRequested_emptyBlockWritten() {
    ClientHello hello = ClientHello.builder().random(new byte[32]).cipherSuites(0x002F).emptyExtensionsBlock().build();

    assertThat(Hex.encode(hello.body())).endsWith("0002002f01000000");
    assertThat(ClientHello.parse(hello.body()).extensionsPresent()).isTrue();
  }

  @Test
  void parse_oddCipherSuitesLength_throwsWithOffset() {
    byte[] body = Hex.decode("0303" + "00".repeat(32) + "00" + "0003 c02f00" + "0100");

    assertThatThrownBy(() -> ClientHello.parse(body)).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("ClientHello.cipher_suites at offset 35: length 3 is not a multiple of 2\n");
  }

  @Test
  void parse_malformedServerName_throwsFromTheExtension() {
    byte[] body = Hex.decode("0303" + "00".repeat(32) + "00" + "0002 c02f" + "0100" + "0009" + "0000 0005"
        + "0003 00 0005");

    assertThatThrownBy(() -> ClientHello.parse(body)).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("ServerNameList.server_name_list[0].name at offset 3: length 5 exceeds the 0 bytes "
            + "left");
  }

  @Test
  void parse_trailingByteAfterExtensions_throws() {
    byte[] body = Hex.decode("0303" + "00".repeat(32) + "00" + "0002 c02f" + "0100" + "0000" + "ee");

    assertThatThrownBy(() -> ClientHello.parse(body)).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("ClientHello.extensions at offset 43: 1 unexpected trailing byte");
  }

  @Test
  void fromRecords_alertInsteadOfHandshake_throws() {
    assertThatThrownBy(() -> ClientHello.fromRecords(Hex.decode("15030300020228")))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("TLSPlaintext.type at offset 0: expected handshake(22), got alert(21)");
  }

  @Test
  void fromRecords_recordsEndEarly_throws() {
    byte[] wire = Hellos.tls12(0xC02F).padding(100).build().toRecords(50);

    // records of 5 + 50 bytes: the third starts at 110
    assertThatThrownBy(() -> ClientHello.fromRecords(java.util.Arrays.copyOf(wire, 120)))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("TLSPlaintext at offset 120: end of stream after 5 of 50 bytes of the "
            + "handshake(22) record fragment at offset 115");
    assertThatThrownBy(() -> ClientHello.fromRecords(java.util.Arrays.copyOf(wire, 110)))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("TLSPlaintext at offset 110: end of stream before the handshake message is "
            + "complete, at offset 110");
  }

  @Test
  void builder_randomIsFreshEachTime() {
    assertThat(ClientHello.builder().build().random()).isNotEqualTo(ClientHello.builder().build().random());
    assertThatThrownBy(() -> ClientHello.builder().random(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("random must be 32 bytes, not 31");
  }

  private static SignatureScheme[] schemes(int... codes) {
    return java.util.Arrays.stream(codes).mapToObj(SignatureScheme::of).toArray(SignatureScheme[]::new);
  }
}
