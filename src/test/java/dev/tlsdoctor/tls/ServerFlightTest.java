package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a flight ends, on hand-made records and against peers that misbehave on purpose. */
class ServerFlightTest {
  /** A TLS 1.2 ServerHello body: zero random, no session id, ECDHE-RSA-AES128-GCM-SHA256, no extensions. */
  static final String SERVER_HELLO = hs(2, "0303" + "00".repeat(32) + "00" + "c02f" + "00");
  static final String SERVER_HELLO_DONE = hs(14, "");

  static String hs(int type, String body) {
    return String.format("%02x%06x", type, body.length() / 2) + body;
  }

  static String rec(int type, String payload) {
    return String.format("%02x0303%04x", type, payload.length() / 2) + payload;
  }

  static ServerFlight read(String hex) {
    return ServerFlight.read(new ByteArrayInputStream(Hex.decode(hex)));
  }

  @Test
  void messagesCoalescedInOneRecord_split() {
    ServerFlight f = read(rec(22, SERVER_HELLO + hs(11, "000000") + SERVER_HELLO_DONE));

    assertThat(f.end()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.messages()).extracting(m -> m.type().code()).containsExactly(2, 11, 14);
    assertThat(f.certificate().orElseThrow().entries()).isEmpty();
  }

  @Test
  void messageFragmentedOverRecords_reassembled() {
    String sh = SERVER_HELLO;
    ServerFlight f = read(rec(22, sh.substring(0, 6)) + rec(22, sh.substring(6, 60)) + rec(22, sh.substring(60))
        + rec(22, SERVER_HELLO_DONE));

    assertThat(f.end()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.serverHello().orElseThrow().cipherSuite().code()).isEqualTo(0xC02F);
  }

  @Test
  void warningAlert_recordedAndTheFlightGoesOn() {
    ServerFlight f = read(rec(21, "0170") + rec(22, SERVER_HELLO + SERVER_HELLO_DONE));

    assertThat(f.end()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.alerts()).containsExactly(new AlertMessage(AlertMessage.WARNING, Alert.UNRECOGNIZED_NAME));
    assertThat(f.alert()).isEmpty();
  }

  @Test
  void closeNotify_endsEvenAsAWarning() {
    ServerFlight f = read(rec(22, SERVER_HELLO) + rec(21, "0100"));

    assertThat(f.end()).isEqualTo(ServerFlight.End.ALERT);
    assertThat(f.alert()).contains(new AlertMessage(AlertMessage.WARNING, Alert.CLOSE_NOTIFY));
    assertThat(f.serverHello()).isPresent();
  }

  @Test
  void alertInsideAFragmentedMessage_malformed() {
    ServerFlight f = read(rec(22, SERVER_HELLO.substring(0, 20)) + rec(21, "0228"));

    assertThat(f.end()).isEqualTo(ServerFlight.End.MALFORMED);
    assertThat(f.cause().orElseThrow()).hasMessageStartingWith(
        "TLSPlaintext.type at offset 15: alert(21) record inside a fragmented handshake message");
  }

  @Test
  void changeCipherSpec_beforeServerHelloMalformed_afterItAResumption() {
    assertThat(read(rec(20, "01")).cause().orElseThrow())
        .hasMessageStartingWith("TLSPlaintext.type at offset 0: change_cipher_spec before the ServerHello");
    assertThat(read(rec(22, SERVER_HELLO) + rec(20, "01")).end()).isEqualTo(ServerFlight.End.CHANGE_CIPHER_SPEC);
  }

  @Test
  void applicationDataBeforeTheHandshake_malformed() {
    ServerFlight f = read(rec(23, "00112233"));

    assertThat(f.end()).isEqualTo(ServerFlight.End.MALFORMED);
    assertThat(f.cause().orElseThrow()).hasMessageStartingWith(
        "TLSPlaintext.type at offset 0: application_data before the handshake");
  }

  @Test
  void heartbeatAndHelloRequest_ignored() {
    ServerFlight f = read(rec(24, "0100") + rec(22, hs(0, "") + SERVER_HELLO + SERVER_HELLO_DONE));

    assertThat(f.end()).isEqualTo(ServerFlight.End.SERVER_HELLO_DONE);
    assertThat(f.messages()).extracting(m -> m.type().name())
        .containsExactly("hello_request", "server_hello", "server_hello_done");
  }

  @Test
  void certificateBeforeServerHello_malformed() {
    ServerFlight f = read(rec(22, hs(11, "000000")));

    assertThat(f.cause().orElseThrow())
        .hasMessageStartingWith("Handshake.msg_type at offset 0: certificate(11) before the ServerHello");
  }

  @Test
  void secondServerHello_malformed() {
    assertThat(read(rec(22, SERVER_HELLO + SERVER_HELLO)).cause().orElseThrow())
        .hasMessageStartingWith("Handshake.msg_type at offset 0: a second ServerHello");
  }

  @Test
  void hostileHandshakeLength_failsAtOnceWithoutWaiting() {
    ServerFlight f = read(rec(22, "02ffffff0303"));

    assertThat(f.end()).isEqualTo(ServerFlight.End.MALFORMED);
    assertThat(f.cause().orElseThrow()).hasMessage(
        "Handshake.length at offset 1: length 16777215 of a server_hello(2) exceeds the limit 262144\n"
            + "  0000  02 [ff] ff ff 03 03");
  }

  @Test
  void recordLengthAboveTheLimit_malformed() {
    ServerFlight f = read("1603034801");

    assertThat(f.cause().orElseThrow()).hasMessage(
        "TLSPlaintext.length at offset 3: length 18433 exceeds the limit 18432\n  0000  16 03 03 [48] 01");
  }

  @Test
  void laterRecordWithUnknownType_malformedNotNotTls() {
    ServerFlight f = read(rec(22, SERVER_HELLO) + "4854545020");

    assertThat(f.end()).isEqualTo(ServerFlight.End.MALFORMED);
    assertThat(f.serverHello()).isPresent();
    assertThat(f.cause().orElseThrow()).hasMessageStartingWith(
        "TLSPlaintext.type at offset " + (SERVER_HELLO.length() / 2 + 5) + ": unknown content type 0x48");
  }

  @Test
  void endOfStreamInsideAMessage_truncatedKeepingTheServerHello() {
    ServerFlight f = read(rec(22, SERVER_HELLO) + rec(22, hs(11, "000010").substring(0, 10)));

    assertThat(f.end()).isEqualTo(ServerFlight.End.TRUNCATED);
    assertThat(f.serverHello()).isPresent();
    assertThat(f.cause().orElseThrow()).hasMessageStartingWith("end of stream inside a handshake message");
  }

  @Test
  void endOfStreamBetweenRecords_eof() {
    assertThat(read("").end()).isEqualTo(ServerFlight.End.EOF);
    assertThat(read("").firstBytes().kind()).isEqualTo(FirstBytes.Kind.EMPTY);
    assertThat(read(rec(22, SERVER_HELLO)).end()).isEqualTo(ServerFlight.End.EOF);
  }

  @Test
  void sshBanner_notTlsWithTheBanner() {
    ServerFlight f = read(Hex.encode("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII)));

    assertThat(f.end()).isEqualTo(ServerFlight.End.NOT_TLS);
    assertThat(f.firstBytes().text()).isEqualTo("SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n");
    assertThat(f.toString()).isEqualTo("ServerFlight(NOT_TLS, first bytes \"SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n\")");
  }

  @Test
  void silentServer_timeoutAtTheDeadline() {
    try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Policy.SILENT, new byte[0])) {
      long start = System.nanoTime();
      ServerFlight f = exchange(server, Duration.ofMillis(300));
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(f.end()).isEqualTo(ServerFlight.End.TIMEOUT);
      assertThat(f.cause().orElseThrow()).isInstanceOf(SocketTimeoutException.class);
      assertThat(millis).isBetween(250L, 3000L);
    }
  }

  @Test
  void tricklingServer_oneDeadlineForTheWholeFlight_bytesKept() {
    byte[] hello = Hex.decode(rec(22, SERVER_HELLO + SERVER_HELLO_DONE));
    try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Policy.TRICKLE, hello)) {
      long start = System.nanoTime();
      ServerFlight f = exchange(server, Duration.ofMillis(400));
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(f.end()).isEqualTo(ServerFlight.End.TIMEOUT);
      // 20 ms per byte: each read is quick, only the overall deadline stops the flight
      assertThat(millis).isBetween(350L, 3000L);
      assertThat(f.bytesRead().length()).isBetween(5, hello.length - 1);
      assertThat(f.bytesRead()).isEqualTo(Bytes.of(java.util.Arrays.copyOf(hello, f.bytesRead().length())));
    }
  }

  @Test
  void serverStallsAfterHalfAFlight_timeoutWithTheServerHello() {
    byte[] half = Hex.decode(rec(22, SERVER_HELLO) + rec(22, hs(11, "000010")).substring(0, 20));
    try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Policy.SEND_THEN_STALL, half)) {
      ServerFlight f = exchange(server, Duration.ofMillis(300));

      assertThat(f.end()).isEqualTo(ServerFlight.End.TIMEOUT);
      assertThat(f.serverHello().orElseThrow().cipherSuite().code()).isEqualTo(0xC02F);
      assertThat(f.bytesRead()).isEqualTo(Bytes.of(half));
    }
  }

  @Test
  void serverResets_resetWithWhatCameBefore() {
    byte[] sh = Hex.decode(rec(22, SERVER_HELLO));
    try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Policy.SEND_THEN_RESET, sh)) {
      ServerFlight f = exchange(server, Duration.ofSeconds(3));

      assertThat(f.end()).as(f.toString()).isEqualTo(ServerFlight.End.RESET);
      assertThat(f.cause().orElseThrow()).isInstanceOf(SocketException.class);
    }
  }

  @Test
  void serverCloses_eof() {
    try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Policy.SEND_THEN_CLOSE,
        Hex.decode(rec(21, "0228")))) {
      ServerFlight f = exchange(server, Duration.ofSeconds(3));

      assertThat(f.alert()).contains(new AlertMessage(AlertMessage.FATAL, Alert.HANDSHAKE_FAILURE));
    }
    try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Policy.SEND_THEN_CLOSE, new byte[0])) {
      assertThat(exchange(server, Duration.ofSeconds(3)).end()).isEqualTo(ServerFlight.End.EOF);
    }
  }

  private static ServerFlight exchange(MisbehavingServer server, Duration timeout) {
    try (java.net.Socket s = new java.net.Socket(dev.tlsdoctor.testing.Tools.LOOPBACK, server.port())) {
      return ServerFlight.exchange(s, Hellos.tls12(0xC02F).build().toRecords(), timeout);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
