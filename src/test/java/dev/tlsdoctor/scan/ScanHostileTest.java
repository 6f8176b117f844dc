package dev.tlsdoctor.scan;

import static dev.tlsdoctor.scan.ProtocolNames.byName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.testing.HostileServer.Behaviour;
import dev.tlsdoctor.testing.HostileServer;
import dev.tlsdoctor.tls.ServerFlight;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Servers that break TLS on purpose, one {@link Behaviour} each: every scan returns (no exception escapes) by its
 * deadline with the verdict that names what the server did, and closes every connection it opened.
 */
class ScanHostileTest {
  /** Deadline 3 s, connect and read 1 s, 8 connections. */
  static final ScanOptions SHORT = new ScanOptions(Duration.ofSeconds(3), Duration.ofSeconds(1),
      Duration.ofSeconds(1), 8, 4, List.of());
  /** Not a performance bound: a scan that is still running this long after its deadline hangs. */
  static final long MARGIN_MILLIS = 2000;
  static final List<String> VERSIONS = List.of("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  private static ServerProfile scan(HostileServer s) {
    long t0 = System.nanoTime();
    ServerProfile p = new Scanner(SHORT).scan(Target.parse("127.0.0.1:" + s.port(), null));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).as("%s: scan time", s.behaviour()).isLessThan(SHORT.timeout().toMillis() + MARGIN_MILLIS);
    assertThat(p.millis()).isLessThan(SHORT.timeout().toMillis() + MARGIN_MILLIS);
    return p;
  }

  /** Every connection the scan opened has ended (the server saw it close or reset it) soon after the scan. */
  private static void allClosed(HostileServer s, ServerProfile p) {
    assertThat(s.connections()).hasSize(p.connections());
    for (int i = 1; i <= p.connections(); i++) {
      assertThat(s.awaitEnd(i, Duration.ofSeconds(5)).end()).isNotEqualTo(HostileServer.End.OPEN);
    }
  }

  /** A port that is not TLS: one connection, the first bytes named, nothing else probed. */
  private static void notTls(Behaviour b, String plaintext, String error) {
    try (HostileServer s = HostileServer.start(b)) {
      ServerProfile p = scan(s);

      assertThat(p.speaksTls()).isFalse();
      assertThat(p.plaintext()).isEqualTo(plaintext);
      assertThat(p.error()).isEqualTo(error);
      assertThat(p.findings()).extracting(Finding::id).containsExactly("not-tls");
      assertThat(p.findings().get(0).message()).isEqualTo(error);
      assertThat(byName(p.protocols())).isEmpty();
      assertThat(byName(p.protocolReasons())).isEmpty();
      assertThat(byName(p.cipherSuites())).isEmpty();
      assertThat(p.certificates()).isEmpty();
      assertThat(p.groups()).isNull();
      assertThat(p.clientAuth()).isNull();
      assertThat(p.alpn()).isNull();
      assertThat(p.connections()).isEqualTo(1);
      allClosed(s, p);
    }
  }

  /**
   * A port that answers like TLS, then breaks it: every version refused for {@code reason} (SSL 2.0 for
   * {@code sslV2Reason}: the hostile server resets a hello it cannot read), nothing accepted, the scan complete.
   */
  private static ServerProfile tlsRefusedEverywhere(HostileServer s, String sslV2Reason, String reason) {
    ServerProfile p = scan(s);

    assertThat(p.speaksTls()).isTrue();
    assertThat(p.plaintext()).isNull();
    assertThat(p.error()).isNull();
    assertThat(byName(p.protocols())).containsOnlyKeys(VERSIONS).doesNotContainValue(true);
    Map<String, String> expected = new LinkedHashMap<>();
    VERSIONS.forEach(v -> expected.put(v, v.equals("SSLv2") ? sslV2Reason : reason));
    assertThat(byName(p.protocolReasons())).containsExactlyEntriesOf(expected);
    assertThat(byName(p.cipherSuites())).isEmpty();
    assertThat(byName(p.serverPreference())).isEmpty();
    assertThat(p.groups()).isEmpty();
    assertThat(p.dhBits()).isNull();
    assertThat(p.certificates()).isEmpty();
    assertThat(p.clientAuth().mode()).isEqualTo("unknown");
    assertThat(p.clientAuth().reason()).isEqualTo("needs TLS 1.2 or 1.3");
    assertThat(p.alpn().supported()).isEmpty();
    assertThat(p.ocspStapling()).isNull();
    assertThat(p.secureRenegotiation()).isNull();
    assertThat(p.fallbackScsv()).isNull();
    assertThat(p.findings()).extracting(Finding::id).containsExactly("no-modern-protocol");
    // detection, six versions, ALPN h2 and http/1.1 through the JDK
    assertThat(p.connections()).isEqualTo(9);
    allClosed(s, p);
    return p;
  }

  static final String RESET = "reset: the connection was reset";

  @Test
  void acceptAndSilent_silence() {
    notTls(Behaviour.ACCEPT_AND_SILENT, "silence", "not TLS: timeout: no answer before the read timeout");
  }

  @Test
  void closeImmediately_closed() {
    notTls(Behaviour.CLOSE_IMMEDIATELY, "closed",
        "not TLS: closed: the server closed the connection without a word");
  }

  @Test
  void resetImmediately_reset() {
    notTls(Behaviour.RESET_IMMEDIATELY, "reset", "not TLS: " + RESET);
  }

  /**
   * The reset races the client: it may reach the connect (which then fails), the write (after which the read sees
   * only the end of the stream) or the read. Each way is the same verdict; 50 scans see more than one of them.
   */
  @Test
  void resetImmediately_sameVerdictWhicheverCallSeesTheReset() {
    try (HostileServer s = HostileServer.start(Behaviour.RESET_IMMEDIATELY)) {
      for (int i = 0; i < 50; i++) {
        ServerProfile p = new Scanner(SHORT).scan(Target.parse("127.0.0.1:" + s.port(), null));

        assertThat(p.plaintext()).as("scan %d: %s", i, p.error()).isEqualTo("reset");
        assertThat(p.error()).isEqualTo("not TLS: " + RESET);
      }
    }
  }

  @Test
  void resetAfterHello_reset() {
    notTls(Behaviour.RESET_AFTER_HELLO, "reset", "not TLS: " + RESET);
  }

  @Test
  void garbage_unknown() {
    notTls(Behaviour.GARBAGE, "unknown", "not TLS: not-tls: plain-text reply "
        + "\"\\x8b\\xd6\\x9d\\x89\\xd9\\xffV\\xc7*\\x8e\\xd4\\xba\\xb4\\x03t\\xe6\\xa2^...\"");
  }

  @Test
  void httpResponse_http() {
    notTls(Behaviour.HTTP_RESPONSE, "http", "not TLS: not-tls: plain-text reply "
        + "\"HTTP/1.1 400 Bad Request\\r\\nContent-Type: text/plain\\r\\nCont...\"");
  }

  @Test
  void sshBanner_ssh() {
    notTls(Behaviour.SSH_BANNER, "ssh", "not TLS: not-tls: plain-text reply \"SSH-2.0-OpenSSH_9.2\\r\\n\"");
  }

  @Test
  void smtpBanner_smtp() {
    notTls(Behaviour.SMTP_BANNER, "smtp", "not TLS: not-tls: plain-text reply \"220 mail.example ESMTP\\r\\n\"");
  }

  @Test
  void hugeRecord_refusedAsMalformed() {
    try (HostileServer s = HostileServer.start(Behaviour.HUGE_RECORD)) {
      ServerProfile p = tlsRefusedEverywhere(s, MALFORMED_HUGE, MALFORMED_HUGE);

      // the JDK's own reader has a lower cap and says so
      assertThat(p.alpn().reason()).isEqualTo(
          "The size of the handshake message (16777215) exceeds the maximum allowed size (32768)");
    }
  }

  static final String MALFORMED_HUGE = "malformed: Handshake.length at offset 1: length 16777215 of a "
      + "server_hello(2) exceeds the limit 262144";

  @Test
  void hugeRecord_readerStopsAtTheFirstRecord() throws Exception {
    try (HostileServer s = HostileServer.start(Behaviour.HUGE_RECORD)) {
      Connector c = new Connector(InetAddress.getByName("127.0.0.1"), s.port(), Duration.ofSeconds(3),
          Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
      ServerFlight f = c.exchange(ScanHellos.broad(dev.tlsdoctor.tls.ProtocolVersion.TLSv1_2, null));

      assertThat(f.end()).isEqualTo(ServerFlight.End.MALFORMED);
      // one record header and its 2^14-byte fragment, not the 16 MiB announced
      assertThat(f.bytesRead().length()).isEqualTo(5 + (1 << 14));
      HostileServer.Connection conn = s.awaitEnd(1, Duration.ofSeconds(5));
      assertThat(conn.end()).isEqualTo(HostileServer.End.CLIENT_RESET);
      assertThat(conn.bytesWritten()).isLessThan(1024L * (1 << 14));
    }
  }

  /** The error of a server that answered no TLS hello in full within {@code SHORT}'s read timeout. */
  static final String NO_COMPLETE_ANSWER = "no complete answer: every TLS hello timed out after 1.0 s (the server"
      + " sent nothing, or too little too slowly)";

  @Test
  void drip_noCompleteAnswer_scanEndsAfterTheProtocolRound() {
    try (HostileServer s = HostileServer.start(Behaviour.DRIP)) {
      ServerProfile p = scan(s);

      // the first byte (0x16, a handshake record) says TLS; then each version waits one read timeout
      assertThat(p.speaksTls()).isTrue();
      assertThat(p.error()).isEqualTo(NO_COMPLETE_ANSWER);
      assertThat(byName(p.protocols())).containsOnlyKeys(VERSIONS).doesNotContainValue(true);
      assertThat(byName(p.protocolReasons())).containsEntry("TLSv1.2", "timeout: the answer stopped before it was complete")
          .containsEntry("TLSv1.3", "timeout: the answer stopped before it was complete");
      assertThat(p.findings()).extracting(Finding::id).containsExactly("scan-incomplete");
      // no probe after the protocol round: detection and one hello per version
      assertThat(p.connections()).isEqualTo(7);
      assertThat(p.alpn()).isNull();
      assertThat(p.millis()).isGreaterThanOrEqualTo(2 * SHORT.readTimeout().toMillis());
      allClosed(s, p);
    }
  }

  /**
   * Servers that send a byte every 100 ms forever, with a read timeout (10 s) that no read ever reaches: only the
   * deadline (3 s) can end the scan, and it does, with an error that says so.
   */
  @ParameterizedTest
  @EnumSource(names = {"TRICKLE_FOREVER", "HUGE_LENGTH_THEN_TRICKLE"})
  void trickle_readTimeoutNeverFires_deadlineEndsTheScan(Behaviour b) {
    ScanOptions patientReads = new ScanOptions(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(10),
        8, 4, List.of());
    try (HostileServer s = HostileServer.start(b)) {
      long t0 = System.nanoTime();
      ServerProfile p = new Scanner(patientReads).scan(Target.parse("127.0.0.1:" + s.port(), null));
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(ms).isLessThanOrEqualTo(patientReads.timeout().toMillis() + MARGIN_MILLIS);
      assertThat(p.error()).isEqualTo("the deadline of 3.0 s passed; the results are partial");
      assertThat(p.findings()).extracting(Finding::id).containsExactly("scan-incomplete");
      allClosed(s, p);
    }
  }

  /** With the usual short read timeout the same servers end every hello by its timeout, well before the deadline. */
  @ParameterizedTest
  @EnumSource(names = {"TRICKLE_FOREVER", "HUGE_LENGTH_THEN_TRICKLE"})
  void trickle_eachHelloEndsByItsReadTimeout(Behaviour b) {
    try (HostileServer s = HostileServer.start(b)) {
      ServerProfile p = scan(s);

      assertThat(p.speaksTls()).isTrue();
      assertThat(p.error()).isEqualTo(NO_COMPLETE_ANSWER);
      assertThat(p.connections()).isEqualTo(7);
      allClosed(s, p);
    }
  }

  /**
   * The JDK's handshake reads through its own socket, where the scan's read deadline cannot reach: the connection's
   * alarm closes it after the read timeout (its budget), and the probe's answer says it timed out.
   */
  @Test
  void jdkHandshake_trickle_endsByItsBudget() throws Exception {
    try (HostileServer s = HostileServer.start(Behaviour.TRICKLE_FOREVER)) {
      Connector c = new Connector(InetAddress.getByName("127.0.0.1"), s.port(), Duration.ofSeconds(30),
          Duration.ofSeconds(1), Duration.ofSeconds(1), 4);
      long t0 = System.nanoTime();
      JdkHandshake.Result r = JdkHandshake.run(c, "TLSv1.3", null, true);
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(r.failure()).isEqualTo("timed out: no complete handshake in the time allowed (the server sent too"
          + " little, too slowly)");
      assertThat(r.chain()).isEmpty();
      // run() listens after the handshake: its budget is the read timeout plus the 2 s it waits for an answer
      assertThat(ms).isLessThanOrEqualTo(3000 + MARGIN_MILLIS);
      assertThat(s.awaitEnd(1, Duration.ofSeconds(5)).end()).isNotEqualTo(HostileServer.End.OPEN);
    }
  }

  /** When the deadline comes before the handshake's budget, the connection ends at the deadline and says so. */
  @Test
  void jdkHandshake_trickle_deadlineFirst_throwsDeadlineExceeded() throws Exception {
    try (HostileServer s = HostileServer.start(Behaviour.TRICKLE_FOREVER)) {
      Connector c = new Connector(InetAddress.getByName("127.0.0.1"), s.port(), Duration.ofSeconds(2),
          Duration.ofSeconds(1), Duration.ofSeconds(30), 4);
      long t0 = System.nanoTime();

      assertThatThrownBy(() -> JdkHandshake.alpn(c, "TLSv1.3", null, "h2"))
          .isInstanceOf(Connector.DeadlineExceeded.class)
          .hasMessage("the deadline passed during a connection");
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThanOrEqualTo(2000 + MARGIN_MILLIS);
    }
  }

  @Test
  void serverHelloThenJunk_malformed() {
    try (HostileServer s = HostileServer.start(Behaviour.SERVER_HELLO_THEN_JUNK)) {
      ServerProfile p = scan(s);

      assertThat(p.speaksTls()).isTrue();
      assertThat(p.error()).isNull();
      assertThat(byName(p.protocols())).containsOnlyKeys(VERSIONS).doesNotContainValue(true);
      // the junk follows the ServerHello (54 bytes; 79 with the session id echoed to a TLS 1.3 hello)
      assertThat(byName(p.protocolReasons())).containsExactly(
          Map.entry("SSLv2", RESET),
          Map.entry("SSLv3", "malformed: TLSPlaintext.type at offset 54: unknown content type 0xE0"),
          Map.entry("TLSv1.0", "malformed: TLSPlaintext.type at offset 54: unknown content type 0xE0"),
          Map.entry("TLSv1.1", "malformed: TLSPlaintext.type at offset 54: unknown content type 0xE0"),
          Map.entry("TLSv1.2", "malformed: TLSPlaintext.type at offset 54: unknown content type 0xE0"),
          Map.entry("TLSv1.3", "malformed: TLSPlaintext.type at offset 79: unknown content type 0xE0"));
      assertThat(byName(p.cipherSuites())).isEmpty();
      assertThat(p.certificates()).isEmpty();
      assertThat(p.alpn()).isEqualTo(new ServerProfile.Alpn(List.of(), "Connection reset"));
      assertThat(p.findings()).extracting(Finding::id).containsExactly("no-modern-protocol");
      assertThat(p.connections()).isEqualTo(9);
      allClosed(s, p);
    }
  }

  @Test
  void alertHandshakeFailure_everyVersionRefused() {
    try (HostileServer s = HostileServer.start(Behaviour.ALERT_HANDSHAKE_FAILURE)) {
      ServerProfile p = tlsRefusedEverywhere(s, RESET, "alert: handshake_failure(40)");

      assertThat(p.alpn().reason()).isEqualTo("(handshake_failure) Received fatal alert: handshake_failure");
    }
  }

  @Test
  void alertProtocolVersion_everyVersionRefused() {
    try (HostileServer s = HostileServer.start(Behaviour.ALERT_PROTOCOL_VERSION)) {
      ServerProfile p = tlsRefusedEverywhere(s, RESET, "alert: protocol_version(70)");

      assertThat(p.alpn().reason()).isEqualTo("(protocol_version) Received fatal alert: protocol_version");
    }
  }

  /** Whatever the server does, the scan completes with a verdict: not TLS, or how each version was refused. */
  @ParameterizedTest
  @EnumSource(Behaviour.class)
  void everyBehaviour_endsWithAVerdict(Behaviour b) {
    try (HostileServer s = HostileServer.start(b)) {
      ServerProfile p = scan(s);

      assertThat(p.error() == null ? byName(p.protocolReasons()) : Map.of("error", p.error())).isNotEmpty();
      assertThat(p.findings()).isNotEmpty();
      // each hello ends by its read timeout (1 s), long before the deadline (3 s): no verdict is cut short
      assertThat(String.valueOf(p.error())).doesNotContain("deadline");
    }
  }
}
