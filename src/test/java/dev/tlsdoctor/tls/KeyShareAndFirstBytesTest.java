package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyShareAndFirstBytesTest {
  @Test
  void generate_publicValuesOfTheRightShape() {
    assertThat(KeyShare.generate(NamedGroup.X25519).keyExchange().length()).isEqualTo(32);
    assertThat(KeyShare.generate(NamedGroup.X448).keyExchange().length()).isEqualTo(56);
    for (NamedGroup g : List.of(NamedGroup.SECP256R1, NamedGroup.SECP384R1, NamedGroup.SECP521R1)) {
      Bytes point = KeyShare.generate(g).keyExchange();
      assertThat(point.get(0)).isEqualTo(4);
      assertThat(point.length()).isEqualTo(g.equals(NamedGroup.SECP256R1) ? 65 : g.equals(NamedGroup.SECP384R1)
          ? 97 : 133);
    }
    // one fixed key per group: generating keys is slow in a cold JVM and a probe never uses the secret
    assertThat(KeyShare.generate(NamedGroup.X25519)).isSameAs(KeyShare.generate(NamedGroup.X25519));
    assertThat(KeyShare.generate(NamedGroup.X25519)).isNotEqualTo(KeyShare.generate(NamedGroup.X448));
  }

  /** Each share is a public key the JDK's own key agreement takes (it refuses points off the curve). */
  @Test
  void generate_sharesAreValidPublicKeys() throws Exception {
    for (NamedGroup g : List.of(NamedGroup.X25519, NamedGroup.X448, NamedGroup.SECP256R1, NamedGroup.SECP384R1,
        NamedGroup.SECP521R1)) {
      Ecdh mine = new Ecdh(g);
      byte[] shared = mine.agree(KeyShare.generate(g).keyExchange().toByteArray());
      assertThat(shared).as(g.toString()).isNotEqualTo(new byte[shared.length]);
    }
  }

  @Test
  void generate_groupWithoutGenerator_saysHowToProvideBytes() {
    assertThatThrownBy(() -> KeyShare.generate(NamedGroup.FFDHE2048)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no key generator for ffdhe2048(0x0100); pass the key_exchange bytes to new KeyShare(group, "
            + "bytes)");
  }

  @Test
  void serverAndRetryForms_roundTrip() {
    KeyShare share = new KeyShare(NamedGroup.X25519, Bytes.fromHex("01020304"));

    assertThat(KeyShare.serverExtension(share).data()).isEqualTo(Bytes.fromHex("001d 0004 01020304"));
    assertThat(KeyShare.readServerShare(KeyShare.serverExtension(share))).isEqualTo(share);
    assertThat(KeyShare.readSelectedGroup(KeyShare.helloRetryExtension(NamedGroup.SECP384R1)))
        .isEqualTo(NamedGroup.SECP384R1);
    assertThatThrownBy(() -> KeyShare.readServerShare(Extension.of(51, Bytes.fromHex("001d 0000"))))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("KeyShareServerHello.server_share.key_exchange at offset 2: length 0 is below the "
            + "minimum 1");
  }

  @Test
  void firstBytes_kinds() {
    assertThat(first("16 03 03 00 2a").kind()).isEqualTo(FirstBytes.Kind.TLS);
    assertThat(first("15 03").kind()).isEqualTo(FirstBytes.Kind.TLS);
    assertThat(first("80 2e 04 00 01").kind()).isEqualTo(FirstBytes.Kind.SSLV2);
    assertThat(first("").kind()).isEqualTo(FirstBytes.Kind.EMPTY);
    assertThat(first("16 fe fd").kind()).isEqualTo(FirstBytes.Kind.OTHER); // DTLS
    FirstBytes smtp = new FirstBytes(Bytes.of("220 mail.example.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(smtp.kind()).isEqualTo(FirstBytes.Kind.OTHER);
    assertThat(smtp.startsWith("220 ")).isTrue();
    assertThat(smtp.isText()).isTrue();
    assertThat(first("48 54 00 ff 5c").text()).isEqualTo("HT\\x00\\xff\\\\");
    assertThat(first("48 54 00 ff 5c").isText()).isFalse();
  }

  private static FirstBytes first(String hex) {
    return new FirstBytes(Bytes.fromHex(hex));
  }
}
