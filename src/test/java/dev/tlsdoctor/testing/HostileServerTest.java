package dev.tlsdoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tlsdoctor.testing.HostileServer.Behaviour;
import dev.tlsdoctor.testing.HostileServer.Connection;
import dev.tlsdoctor.testing.HostileServer.End;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Each hostile behaviour, checked with plain sockets, and a few with {@code openssl s_client} as the judge. */
class HostileServerTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration END = Duration.ofSeconds(3);
  /** A TLS 1.2 hello with a 32-byte session id; its first TLS 1.2 suite is 0xc02f after GREASE, TLS 1.3, SCSVs. */
  private static final byte[] SESSION_ID = HEX.parseHex("000102030405060708090a0b0c0d0e0f"
      + "101112131415161718191a1b1c1d1e1f");
  private static final byte[] HELLO = HostileTlsTest.clientHello(0x0303, SESSION_ID,
      new int[] {0x0a0a, 0x1301, 0x5600, 0xc02f, 0xc02b, 0x00ff}, 0x000a, 0xff01);
  private static final String RANDOM_HEX = HEX.formatHex("hostile server random, not safe!".getBytes(
      StandardCharsets.US_ASCII));

  private static Socket connect(HostileServer server) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), server.port()), 2000);
      s.setSoTimeout(3000);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static void send(Socket s, byte[] bytes) throws IOException {
    s.getOutputStream().write(bytes);
    s.getOutputStream().flush();
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Test
  void acceptAndSilent_readsTheHelloAndNeverAnswers() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.ACCEPT_AND_SILENT); Socket s = connect(server)) {
      send(s, HELLO);
      s.setSoTimeout(300);
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      assertThat(server.connections()).extracting(Connection::end).containsExactly(End.OPEN);
      s.shutdownOutput();
      s.setSoTimeout(3000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.CLIENT_FIN);
      assertThat(c.bytesRead()).isEqualTo(HELLO.length);
      assertThat(c.bytesWritten()).isZero();
    }
  }

  @Test
  void closeImmediately_sendsFinBeforeReadingAnything() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.CLOSE_IMMEDIATELY)) {
      try (Socket s = connect(server)) {
        assertThat(s.getInputStream().read()).isEqualTo(-1); // a FIN, not a reset
      }
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.SERVER_FIN);
      assertThat(c.bytesRead()).isZero();
      assertThat(c.bytesWritten()).isZero();
    }
  }

  @Test
  void resetImmediately_resetsEveryConnectionBeforeReading() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.RESET_IMMEDIATELY)) {
      for (int i = 0; i < 2; i++) {
        // The reset may come before connect() returns ("Connection reset by peer") or at the first read.
        assertThatThrownBy(() -> {
          try (Socket s = connect(server)) {
            s.getInputStream().read();
          }
        }).isInstanceOf(SocketException.class).hasMessageStartingWith("Connection reset");
      }
      server.awaitEnd(2, END);
      assertThat(server.connections()).extracting(Connection::number, Connection::end, Connection::bytesRead)
          .containsExactly(tuple(1, End.SERVER_RESET, 0L),
              tuple(2, End.SERVER_RESET, 0L));
    }
  }

  @Test
  void resetAfterHello_waitsForTheWholeHelloThenResets() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.RESET_AFTER_HELLO); Socket s = connect(server)) {
      send(s, Arrays.copyOf(HELLO, 20));
      s.setSoTimeout(300);
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      send(s, Arrays.copyOfRange(HELLO, 20, HELLO.length));
      s.setSoTimeout(3000);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketException.class).hasMessage("Connection reset");
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.SERVER_RESET);
      assertThat(c.bytesRead()).isEqualTo(HELLO.length);
    }
  }

  @Test
  void garbage_answersTheSameKilobyteOfRandomBytesThenWaits() throws IOException {
    byte[] garbage = HostileServer.garbage();
    assertThat(garbage).hasSize(1024);
    assertThat(HEX.formatHex(garbage, 0, 8)).isEqualTo("8bd69d89d9ff56c7"); // fixed seed; 0x8b is no content type
    try (HostileServer server = HostileServer.start(Behaviour.GARBAGE); Socket s = connect(server)) {
      send(s, HELLO);
      assertThat(s.getInputStream().readNBytes(1024)).isEqualTo(garbage);
      s.setSoTimeout(300);
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      s.shutdownOutput();
      s.setSoTimeout(3000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.CLIENT_FIN);
      assertThat(c.bytesWritten()).isEqualTo(1024);
    }
  }

  @Test
  void httpResponse_answersBadRequestAndCloses() throws IOException {
    String expected = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n"
        + "Connection: close\r\n\r\nBad Request\n";
    try (HostileServer server = HostileServer.start(Behaviour.HTTP_RESPONSE)) {
      try (Socket s = connect(server)) {
        send(s, HELLO);
        assertThat(ascii(s.getInputStream().readAllBytes())).isEqualTo(expected); // ends with the server's FIN
      }
      try (Socket s = connect(server)) {
        send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ascii(s.getInputStream().readAllBytes())).isEqualTo(expected);
      }
      assertThat(server.awaitEnd(1, END).end()).isEqualTo(End.SERVER_FIN);
      assertThat(server.awaitEnd(2, END).bytesWritten()).isEqualTo(expected.length());
    }
  }

  @Test
  void sshBanner_speaksFirstThenListensSilently() throws IOException {
    bannerThenSilence(Behaviour.SSH_BANNER, "SSH-2.0-OpenSSH_9.2\r\n");
  }

  @Test
  void smtpBanner_speaksFirstThenListensSilently() throws IOException {
    bannerThenSilence(Behaviour.SMTP_BANNER, "220 mail.example ESMTP\r\n");
  }

  private static void bannerThenSilence(Behaviour behaviour, String banner) throws IOException {
    try (HostileServer server = HostileServer.start(behaviour); Socket s = connect(server)) {
      assertThat(ascii(s.getInputStream().readNBytes(banner.length()))).isEqualTo(banner); // before any byte sent
      send(s, HELLO);
      s.shutdownOutput();
      assertThat(s.getInputStream().readAllBytes()).isEmpty();
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.CLIENT_FIN);
      assertThat(c.bytesRead()).isEqualTo(HELLO.length);
      assertThat(c.bytesWritten()).isEqualTo(banner.length());
    }
  }

  @Test
  void hugeRecord_streamsSixteenMebibytesOfLegalRecordsUnderAServerHelloOfTwoToThe24MinusOne() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.HUGE_RECORD); Socket s = connect(server)) {
      send(s, HELLO);
      InputStream in = s.getInputStream();
      long nonZero = 0;
      for (int i = 0; i < 1024; i++) {
        assertThat(HEX.formatHex(in.readNBytes(5))).as("header of record %d", i).isEqualTo("1603034000");
        byte[] fragment = in.readNBytes(16384);
        assertThat(fragment).hasSize(16384);
        if (i == 0) {
          assertThat(HEX.formatHex(fragment, 0, 4)).isEqualTo("02ffffff");
          fragment[0] = fragment[1] = fragment[2] = fragment[3] = 0;
        }
        for (byte b : fragment) {
          nonZero += b != 0 ? 1 : 0;
        }
      }
      assertThat(nonZero).isZero();
      s.shutdownOutput();
      assertThat(in.read()).isEqualTo(-1);
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.CLIENT_FIN);
      assertThat(c.bytesWritten()).isEqualTo(1024L * (5 + 16384));
    }
  }

  @Test
  void hugeRecord_clientThatStopsReading_holdsTheServerBackUntilItResets() throws Exception {
    try (HostileServer server = HostileServer.start(Behaviour.HUGE_RECORD)) {
      try (Socket s = connect(server)) {
        send(s, HELLO);
        assertThat(s.getInputStream().readNBytes(5 + 16384)).hasSize(5 + 16384);
        Thread.sleep(200);
        // Socket buffers hold a few MiB at most: a server writing "as fast as the client reads" is far from done.
        assertThat(server.connections().get(0).bytesWritten()).isLessThan(16L << 20);
        s.setSoLinger(true, 0);
      }
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.CLIENT_RESET);
      assertThat(c.bytesWritten()).isLessThan(16L << 20);
    }
  }

  @Test
  void drip_sendsTheServerHelloNoFasterThanOneBytePerSecond() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.DRIP); Socket s = connect(server)) {
      long start = System.nanoTime();
      send(s, HELLO);
      InputStream in = s.getInputStream();
      assertThat(in.read()).isEqualTo(0x16);
      assertThat(in.read()).isEqualTo(0x03);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(server.connections().get(0).end()).isEqualTo(End.OPEN);
    }
  }

  @Test
  void serverHelloThenJunk_answersAWellFormedTls12ServerHelloThenJunk() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.SERVER_HELLO_THEN_JUNK); Socket s = connect(server)) {
      send(s, HELLO);
      s.shutdownOutput();
      byte[] answer = s.getInputStream().readAllBytes();
      String expected = "1603030051" // handshake record, TLS 1.2, 81 bytes
          + "0200004d" // server_hello, 77 bytes
          + "0303" + RANDOM_HEX // server_version TLS 1.2, the fixed random
          + "20" + HEX.formatHex(SESSION_ID) // the client's session id, echoed
          + "c02f" // the first offered suite after GREASE, TLS_AES_128_GCM_SHA256 and TLS_FALLBACK_SCSV
          + "00" // compression null
          + "0005" + "ff01000100"; // empty renegotiation_info: the client sent the extension
      assertThat(HEX.formatHex(answer, 0, 86)).isEqualTo(expected);
      assertThat(Arrays.copyOfRange(answer, 86, answer.length)).isEqualTo(HostileServer.junk());
      assertThat(HEX.formatHex(HostileServer.junk(), 0, 4)).isEqualTo("e0e1e2e3");
      assertThat(server.awaitEnd(1, END).bytesWritten()).isEqualTo(86 + 64);
    }
  }

  @Test
  void serverHelloThenJunk_helloWithoutRenegotiationSignal_getsNoExtensions() throws IOException {
    byte[] hello = HostileTlsTest.clientHello(0x0301, new byte[0], new int[] {0x009c, 0x002f});
    try (HostileServer server = HostileServer.start(Behaviour.SERVER_HELLO_THEN_JUNK); Socket s = connect(server)) {
      send(s, hello);
      s.shutdownOutput();
      byte[] answer = s.getInputStream().readAllBytes();
      assertThat(HEX.formatHex(answer, 0, 47))
          .isEqualTo("160303002a" + "02000026" + "0303" + RANDOM_HEX + "00" + "009c" + "00");
      assertThat(answer).hasSize(47 + 64);
    }
  }

  @Test
  void serverHelloThenJunk_onlyTls13Suites_resetsAndRecordsBadInput() throws IOException {
    byte[] hello = HostileTlsTest.clientHello(0x0303, SESSION_ID, new int[] {0x1301, 0x1302}, 0x002b);
    try (HostileServer server = HostileServer.start(Behaviour.SERVER_HELLO_THEN_JUNK); Socket s = connect(server)) {
      send(s, hello);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketException.class).hasMessage("Connection reset");
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.BAD_INPUT);
      assertThat(c.detail()).isEqualTo("cipher_suites: no cipher suite that TLS 1.2 can select among [0x1301, 0x1302]");
      assertThat(c.bytesWritten()).isZero();
    }
  }

  @Test
  void serverHelloThenJunk_plainHttp_resetsAndRecordsBadInput() throws IOException {
    try (HostileServer server = HostileServer.start(Behaviour.SERVER_HELLO_THEN_JUNK); Socket s = connect(server)) {
      send(s, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketException.class).hasMessage("Connection reset");
      assertThat(server.awaitEnd(1, END).detail())
          .isEqualTo("record header at offset 0: not a TLS handshake record; bytes: 47 45 54 20 2f");
    }
  }

  @Test
  void alertHandshakeFailure_answersFatalAlert40AndCloses() throws IOException {
    alertThenFin(Behaviour.ALERT_HANDSHAKE_FAILURE, HELLO, "15030300020228");
  }

  @Test
  void alertHandshakeFailure_toATls10Hello_usesTheTls10RecordVersion() throws IOException {
    alertThenFin(Behaviour.ALERT_HANDSHAKE_FAILURE,
        HostileTlsTest.clientHello(0x0301, new byte[0], new int[] {0x002f}), "15030100020228");
  }

  @Test
  void alertProtocolVersion_answersFatalAlert70AndCloses() throws IOException {
    alertThenFin(Behaviour.ALERT_PROTOCOL_VERSION, HELLO, "15030300020246");
  }

  private static void alertThenFin(Behaviour behaviour, byte[] hello, String alertHex) throws IOException {
    try (HostileServer server = HostileServer.start(behaviour); Socket s = connect(server)) {
      send(s, hello);
      assertThat(HEX.formatHex(s.getInputStream().readAllBytes())).isEqualTo(alertHex); // ends with the FIN
      Connection c = server.awaitEnd(1, END);
      assertThat(c.end()).isEqualTo(End.SERVER_FIN);
      assertThat(c.bytesRead()).isEqualTo(hello.length);
    }
  }

  @Test
  void opensslClient_alertHandshakeFailure_reportsAlert40() {
    try (HostileServer server = HostileServer.start(Behaviour.ALERT_HANDSHAKE_FAILURE)) {
      Tools.Result r = Tools.opensslClient(server.port(), "");
      assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
      assertThat(r.stderr()).contains("ssl3_read_bytes:sslv3 alert handshake failure").contains("SSL alert number 40");
      assertThat(server.awaitEnd(1, END).end()).isEqualTo(End.SERVER_FIN);
    }
  }

  @Test
  void opensslClient_alertProtocolVersion_reportsAlert70() {
    try (HostileServer server = HostileServer.start(Behaviour.ALERT_PROTOCOL_VERSION)) {
      Tools.Result r = Tools.opensslClient(server.port(), "");
      assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
      assertThat(r.stderr()).contains("ssl3_read_bytes:tlsv1 alert protocol version").contains("SSL alert number 70");
    }
  }

  @Test
  void opensslClient_serverHelloThenJunk_acceptsTheServerHelloThenFailsInTheRecordLayer() {
    try (HostileServer server = HostileServer.start(Behaviour.SERVER_HELLO_THEN_JUNK)) {
      Tools.Result r = Tools.opensslClient(server.port(), "");
      assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
      // The ServerHello passed: OpenSSL settled on TLS 1.2 and saw the renegotiation_info extension.
      assertThat(r.stdout()).contains("Protocol  : TLSv1.2").contains("Secure Renegotiation IS supported");
      // The junk's first bytes (e0 e1 e2) read as a record header whose version is not 0x0303.
      assertThat(r.stderr()).contains("ssl3_get_record:wrong version number");
      Connection c = server.awaitEnd(1, END);
      assertThat(c.bytesWritten()).isEqualTo(86 + 64); // s_client offers a 32-byte session id and renegotiation
    }
  }

  @Test
  void close_endsOpenConnectionsAndStopsListening() throws Exception {
    HostileServer server = HostileServer.start(Behaviour.ACCEPT_AND_SILENT);
    int port = server.port();
    try (Socket s = connect(server)) {
      long deadline = System.nanoTime() + END.toNanos();
      while (server.connections().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      server.close();
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    } finally {
      server.close();
    }
    assertThat(server.connections()).extracting(Connection::end).containsExactly(End.STOPPED);
    assertThat(Tools.accepts(port)).isFalse();
  }
}
