package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSL 2.0 CLIENT-HELLO, real and version-2-compatible. */
class SslV2HelloTest {
  @Test
  void sslV2Hello_exactBytes() {
    SslV2ClientHello hello = new SslV2ClientHello(0x0002, List.of(SslV2CipherKind.of(0x010080),
        SslV2CipherKind.of(0x0700C0)), Bytes.EMPTY, Bytes.fromHex("11".repeat(16)));

    assertThat(Hex.encode(hello.toRecord())).isEqualTo(Hex.encode(Hex.decode(String.join(" ",
        "801f", // two-byte header: high bit set, 31 bytes
        "01", // MSG-CLIENT-HELLO
        "0002", // version SSL 2.0
        "0006 0000 0010", // cipher specs 6 bytes, no session id, 16-byte challenge
        "010080 0700c0", // SSL_CK_RC4_128_WITH_MD5, SSL_CK_DES_192_EDE3_CBC_WITH_MD5
        "11".repeat(16)))));
    assertThat(hello.cipherSpecs().get(0).name()).isEqualTo("SSL_CK_RC4_128_WITH_MD5");
  }

  @Test
  void compatibleHello_tlsSuitesAsThreeBytes_roundTrips() {
    SslV2ClientHello hello = SslV2ClientHello.compatible(ProtocolVersion.TLSv1_2,
        List.of(CipherSuite.of(0xC02F), CipherSuite.of(0x00FF)));

    assertThat(Hex.encode(hello.message(), 0, 15)).isEqualTo("010303000600000020" + "00c02f" + "0000ff");
    assertThat(hello.challenge().length()).isEqualTo(32);
    assertThat(SslV2ClientHello.fromRecord(hello.toRecord())).isEqualTo(hello);
    assertThat(SslV2ClientHello.parse(hello.message())).isEqualTo(hello);
    assertThat(hello.cipherSpecs().get(0).tlsSuite()).contains(CipherSuite.of(0xC02F));
  }

  @Test
  void parse_challengeOf15Bytes_throws() {
    byte[] message = Hex.decode("01 0002 0003 0000 000f 010080" + "11".repeat(15));

    assertThatThrownBy(() -> SslV2ClientHello.parse(message)).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("V2ClientHello.challenge_length at offset 7: length 15, must be 16 to 32");
  }

  @Test
  void fromRecord_lengthDisagreesWithBytes_throws() {
    assertThatThrownBy(() -> SslV2ClientHello.fromRecord(Hex.decode("8005 01 0002")))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("V2ClientHello.msg_length at offset 0: length 5 but 3 bytes follow");
    assertThatThrownBy(() -> SslV2ClientHello.fromRecord(Hex.decode("0003 01 0002")))
        .isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("V2ClientHello.msg_length at offset 0: high bit not set");
  }
}
