package dev.tlsdoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The hostile servers' own minimal TLS reader and writers. */
class HostileTlsTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * A ClientHello record (record version 0x0301) with a zero random, no compression, and each extension type with
   * empty data (renegotiation_info with its empty renegotiated_connection); no extensions block when none are given.
   */
  static byte[] clientHello(int legacyVersion, byte[] sessionId, int[] suites, int... extensionTypes) {
    byte[] message = clientHelloMessage(legacyVersion, sessionId, suites, extensionTypes);
    return HostileTls.record(HostileTls.HANDSHAKE, 0x0301, message);
  }

  static byte[] clientHelloMessage(int legacyVersion, byte[] sessionId, int[] suites, int... extensionTypes) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    uint16(body, legacyVersion);
    body.writeBytes(new byte[32]);
    body.write(sessionId.length);
    body.writeBytes(sessionId);
    uint16(body, suites.length * 2);
    for (int s : suites) {
      uint16(body, s);
    }
    body.write(1);
    body.write(0);
    if (extensionTypes.length > 0) {
      ByteArrayOutputStream ext = new ByteArrayOutputStream();
      for (int t : extensionTypes) {
        uint16(ext, t);
        byte[] data = t == HostileTls.EXT_RENEGOTIATION_INFO ? new byte[] {0} : new byte[0];
        uint16(ext, data.length);
        ext.writeBytes(data);
      }
      uint16(body, ext.size());
      body.writeBytes(ext.toByteArray());
    }
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(HostileTls.handshakeHeader(HostileTls.CLIENT_HELLO, body.size()));
    m.writeBytes(body.toByteArray());
    return m.toByteArray();
  }

  private static void uint16(ByteArrayOutputStream b, int v) {
    b.write(v >> 8);
    b.write(v);
  }

  private static HostileTls.Offer read(byte[] bytes) throws Exception {
    return HostileTls.readClientHello(new ByteArrayInputStream(bytes));
  }

  @Test
  void readClientHello_readsVersionsSessionIdSuitesAndExtensionTypes() throws Exception {
    byte[] sid = HEX.parseHex("0102030405");
    HostileTls.Offer o = read(clientHello(0x0303, sid, new int[] {0x1301, 0xc02f, 0x00ff}, 0x000a, 0xff01));
    assertThat(o.recordVersion()).isEqualTo(0x0301);
    assertThat(o.legacyVersion()).isEqualTo(0x0303);
    assertThat(o.sessionId()).containsExactly(1, 2, 3, 4, 5);
    assertThat(o.cipherSuites()).containsExactly(0x1301, 0xc02f, 0x00ff);
    assertThat(o.extensionTypes()).containsExactly(0x000a, 0xff01);
  }

  @Test
  void readClientHello_withoutExtensionsBlock_readsNoExtensions() throws Exception {
    HostileTls.Offer o = read(clientHello(0x0300, new byte[0], new int[] {0x000a}));
    assertThat(o.legacyVersion()).isEqualTo(0x0300);
    assertThat(o.extensionTypes()).isEmpty();
  }

  @Test
  void readClientHello_splitOverTwoRecords_joinsThem() throws Exception {
    byte[] message = clientHelloMessage(0x0303, new byte[0], new int[] {0xc02b, 0xc02f}, 0xff01);
    int cut = 10;
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.writeBytes(HostileTls.record(HostileTls.HANDSHAKE, 0x0301, Arrays.copyOfRange(message, 0, cut)));
    two.writeBytes(HostileTls.record(HostileTls.HANDSHAKE, 0x0303,
        Arrays.copyOfRange(message, cut, message.length)));
    HostileTls.Offer o = read(two.toByteArray());
    assertThat(o.recordVersion()).isEqualTo(0x0301);
    assertThat(o.cipherSuites()).containsExactly(0xc02b, 0xc02f);
  }

  @Test
  void readClientHello_plainHttp_throwsNotAHandshakeRecord() {
    assertThatThrownBy(() -> read("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(HostileTls.MalformedException.class)
        .hasMessage("record header at offset 0: not a TLS handshake record; bytes: 47 45 54 20 2f");
  }

  @Test
  void readClientHello_recordOverTwoToTheFourteen_throws() {
    assertThatThrownBy(() -> read(HEX.parseHex("1603014001")))
        .isInstanceOf(HostileTls.MalformedException.class)
        .hasMessage("record length at offset 3: length 16385 outside 1..16384; bytes: 16 03 01 40 01");
  }

  @Test
  void readClientHello_clientClosesMidRecord_throwsEof() {
    assertThatThrownBy(() -> read(HEX.parseHex("160301002a0100")))
        .isInstanceOf(EOFException.class)
        .hasMessage("the client closed the connection after 2 of the 42 bytes of a record fragment");
  }

  @Test
  void readClientHello_serverHelloInstead_throwsWithHandshakeType() {
    byte[] sh = HostileTls.serverHello(0x0303, new byte[32], new byte[0], 0xc02f, new byte[0]);
    assertThatThrownBy(() -> read(HostileTls.record(HostileTls.HANDSHAKE, 0x0303, sh)))
        .isInstanceOf(HostileTls.MalformedException.class)
        .hasMessageStartingWith("handshake type at offset 0: expected client_hello(1), got 2; bytes: 02 00 00 26");
  }

  @Test
  void parseClientHello_cipherSuitesLongerThanTheMessage_throwsWithFieldOffsetAndBytes() {
    // header (4) + legacy_version (2) + random (32) + empty session id (1): cipher_suites starts at offset 39.
    byte[] m = clientHelloMessage(0x0303, new byte[0], new int[] {0xc02f, 0xc02b});
    byte[] truncated = Arrays.copyOf(m, 39 + 2 + 4);
    truncated[40] = 16;
    truncated[3] = (byte) (truncated.length - 4);
    assertThatThrownBy(() -> HostileTls.parseClientHello(0x0301, truncated))
        .isInstanceOf(HostileTls.MalformedException.class)
        .hasMessageStartingWith("cipher_suites at offset 39: length 16 exceeds the 4 bytes left; bytes: "
            + "01 00 00 29 03 03 00 00");
  }

  @Test
  void parseClientHello_oddCipherSuitesLength_throws() {
    byte[] m = clientHelloMessage(0x0303, new byte[0], new int[] {0xc02f, 0xc02b});
    m[40] = 3; // cipher_suites length 3 (of the 4 bytes that follow)
    assertThatThrownBy(() -> HostileTls.parseClientHello(0x0301, m))
        .isInstanceOf(HostileTls.MalformedException.class)
        .hasMessageStartingWith("cipher_suites at offset 39: odd length 3;");
  }

  @Test
  void parseClientHello_handshakeLengthDisagrees_throws() {
    byte[] m = clientHelloMessage(0x0303, new byte[0], new int[] {0xc02f});
    m[3]++;
    assertThatThrownBy(() -> HostileTls.parseClientHello(0x0301, m))
        .isInstanceOf(HostileTls.MalformedException.class)
        .hasMessageStartingWith("handshake length at offset 1: says " + (m.length - 3) + ", message has "
            + (m.length - 4) + ";");
  }

  @Test
  void firstTls12Suite_skipsGreaseTls13AndSignallingSuites() throws Exception {
    HostileTls.Offer o = read(clientHello(0x0303, new byte[0],
        new int[] {0x2a2a, 0x1302, 0x00ff, 0x5600, 0x009c, 0xc02f}));
    assertThat(o.firstTls12Suite()).isEqualTo(0x009c);
  }

  @Test
  void firstTls12Suite_onlyTls13Suites_throwsNamingThem() throws Exception {
    HostileTls.Offer o = read(clientHello(0x0303, new byte[0], new int[] {0x1301, 0x1302}));
    assertThatThrownBy(o::firstTls12Suite)
        .isInstanceOf(HostileTls.MalformedException.class)
        .hasMessage("cipher_suites: no cipher suite that TLS 1.2 can select among [0x1301, 0x1302]");
  }

  @Test
  void serverHello_withAndWithoutExtensions_exactBytes() {
    byte[] random = new byte[32];
    Arrays.fill(random, (byte) 0xaa);
    assertThat(HEX.formatHex(HostileTls.serverHello(0x0303, random, HEX.parseHex("0102"), 0xc02f,
        HostileTls.emptyRenegotiationInfo())))
        .isEqualTo("0200002f" + "0303" + "aa".repeat(32) + "020102" + "c02f" + "00" + "0005ff01000100");
    assertThat(HEX.formatHex(HostileTls.serverHello(0x0303, random, new byte[0], 0x009c, new byte[0])))
        .isEqualTo("02000026" + "0303" + "aa".repeat(32) + "00" + "009c" + "00");
  }

  @Test
  void fatalAlert_exactBytes() {
    assertThat(HEX.formatHex(HostileTls.fatalAlert(0x0303, 40))).isEqualTo("15030300020228");
    assertThat(HEX.formatHex(HostileTls.fatalAlert(0x0301, 70))).isEqualTo("15030100020246");
  }
}
