package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Targets that never complete a handshake: each scan ends by its deadline or sooner, with a verdict that says why. */
class ScanMisbehavingTest {
  static final ScanOptions FAST = new ScanOptions(Duration.ofSeconds(2), Duration.ofSeconds(1),
      Duration.ofSeconds(1), 4, 4, List.of());

  @Test
  void silentServer_silenceAfterReadTimeout() {
    try (QuietServer s = QuietServer.start(QuietServer.Policy.SILENT)) {
      long t0 = System.nanoTime();
      ServerProfile p = new Scanner(FAST).scan(Target.parse("127.0.0.1:" + s.port(), null));
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(p.speaksTls()).isFalse();
      assertThat(p.plaintext()).isEqualTo("silence");
      assertThat(p.error()).isEqualTo("not TLS: timeout: no answer before the read timeout");
      assertThat(p.findings()).extracting(Finding::id).containsExactly("not-tls");
      assertThat(ms).isBetween(900L, 2500L);
    }
  }

  @Test
  void silentServer_deadlineShorterThanReadTimeout_endsAtDeadline() {
    ScanOptions o = new ScanOptions(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), 4, 4,
        List.of());
    try (QuietServer s = QuietServer.start(QuietServer.Policy.SILENT)) {
      long t0 = System.nanoTime();
      ServerProfile p = new Scanner(o).scan(Target.parse("127.0.0.1:" + s.port(), null));
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(p.plaintext()).isEqualTo("silence");
      assertThat(ms).isBetween(400L, 1500L);
    }
  }

  @Test
  void tlsThenSilence_deadlineEndsScanWithPartialResults() {
    try (QuietServer s = QuietServer.start(QuietServer.Policy.ALERT_THEN_SILENT)) {
      ScanOptions o = new ScanOptions(Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(5), 8, 4,
          List.of());
      long t0 = System.nanoTime();
      ServerProfile p = new Scanner(o).scan(Target.parse("127.0.0.1:" + s.port(), null));
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(p.speaksTls()).isTrue();
      assertThat(p.error()).isEqualTo("the deadline of 1.5 s passed; the results are partial");
      assertThat(p.protocols()).isEmpty();
      assertThat(p.findings()).extracting(Finding::id).containsExactly("scan-incomplete");
      assertThat(ms).isBetween(1400L, 2500L);
    }
  }

  @Test
  void resettingServer_reset() {
    try (QuietServer s = QuietServer.start(QuietServer.Policy.RESET)) {
      ServerProfile p = new Scanner(FAST).scan(Target.parse("127.0.0.1:" + s.port(), null));

      assertThat(p.plaintext()).isEqualTo("reset");
      assertThat(p.error()).isEqualTo("not TLS: reset: the connection was reset");
    }
  }

  @Test
  void sshBanner_ssh() {
    try (QuietServer s = QuietServer.start(QuietServer.Policy.SSH_BANNER)) {
      ServerProfile p = new Scanner(FAST).scan(Target.parse("127.0.0.1:" + s.port(), null));

      assertThat(p.plaintext()).isEqualTo("ssh");
      assertThat(p.error()).startsWith("not TLS: not-tls: plain-text reply \"SSH-2.0-OpenSSH_9.2p1");
    }
  }

  @Test
  void ipv6Loopback_bracketedTarget_ssh() {
    try (QuietServer s = QuietServer.start(QuietServer.Policy.SSH_BANNER, "::1")) {
      ServerProfile p = new Scanner(FAST).scan(Target.parse("[::1]:" + s.port(), null));

      assertThat(p.target()).isEqualTo("[::1]:" + s.port());
      assertThat(p.ip()).isEqualTo("::1");
      assertThat(p.plaintext()).isEqualTo("ssh");
    }
  }

  @Test
  void ipText_rfc5952ShortForm() throws java.net.UnknownHostException {
    assertThat(TargetScan.ipText(java.net.InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(TargetScan.ipText(java.net.InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo(
        "2001:db8::1:0:0:1");
    assertThat(TargetScan.ipText(java.net.InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo(
        "2001:db8:1:2:3:4:5:6");
    assertThat(TargetScan.ipText(java.net.InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
  }

  @Test
  void closedPort_connectFailed() throws java.io.IOException {
    // a bound socket that does not listen holds a port nobody else can take, and refuses connections
    try (java.net.Socket holder = new java.net.Socket()) {
      holder.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      ServerProfile p = new Scanner(FAST).scan(Target.parse("127.0.0.1:" + holder.getLocalPort(), null));

      assertThat(p.speaksTls()).isFalse();
      assertThat(p.plaintext()).isNull();
      assertThat(p.error()).startsWith("cannot connect: Connection refused");
      assertThat(p.findings()).extracting(Finding::id).containsExactly("scan-incomplete");
    }
  }
}
