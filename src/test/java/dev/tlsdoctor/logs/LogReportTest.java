package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogReportTest {

  private static String line(int hour, int minute, int second, String client) {
    return String.format("2026/06/27 %02d:%02d:%02d [info] 1#1: *1 SSL_do_handshake() failed (SSL: error:0A0000C1:"
        + "SSL routines::no shared cipher) while SSL handshaking, client: %s, server: 0.0.0.0:443", hour, minute,
        second, client);
  }

  @Test
  void spikes_burstMinuteFarAboveBaseline_reportedWithTime() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int m = 0; m < 120; m++) { // two hours at one event per minute
      sb.append(line(10 + m / 60, m % 60, 0, "192.0.2.1")).append('\n');
    }
    for (int i = 0; i < 40; i++) { // then 40 events in the minute 10:30 from one scanner
      sb.append(line(10, 30, 30, "203.0.113.195")).append('\n');
    }
    LogSummary s = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, s, null)
        .scan(new ByteArrayInputStream(sb.toString().getBytes()));
    LogReport r = LogReport.of(new LogAnalysis.Result(s, List.of()), TinyKb.get(), 5);
    LogReport.ClassReport c = r.classes().get(0);
    assertThat(c.count()).isEqualTo(160);
    assertThat(c.peakMinute()).isEqualTo(new LogReport.MinuteCount("2026-06-27T10:30:00", 41));
    assertThat(c.spikes()).containsExactly(new LogReport.Spike("2026-06-27T10:30:00", 41, 1.333));
    assertThat(c.ratePerMinute()).isEqualTo(1.333);
    assertThat(c.topClients().get(0)).isEqualTo(new LogReport.Counted("192.0.2.1", 120));
  }

  @Test
  void spikes_steadyRate_none() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int m = 0; m < 60; m++) {
      for (int k = 0; k < 20; k++) {
        sb.append(line(10, m, k, "192.0.2.1")).append('\n');
      }
    }
    LogSummary s = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, s, null)
        .scan(new ByteArrayInputStream(sb.toString().getBytes()));
    LogReport r = LogReport.of(new LogAnalysis.Result(s, List.of()), TinyKb.get(), 5);
    assertThat(r.classes().get(0).spikes()).isEmpty();
    assertThat(r.classes().get(0).ratePerMinute()).isEqualTo(20.0);
  }

  @Test
  void topCounter_beyondCapacity_flagsApproximateButKeepsHeavyHitter() {
    TopCounter t = new TopCounter(4);
    for (int i = 0; i < 100; i++) {
      t.add("heavy");
      t.add("rare-" + i);
    }
    assertThat(t.top(1)).containsExactly(new TopCounter.Count("heavy", 100));
    assertThat(t.isExact()).isFalse();
  }

  @Test
  void upstreamPeer_pathAndUnixSocket_stripped() {
    assertThat("https://10.0.0.1:443/a/b".substring(0, LogSummary.upstreamPeerLength("https://10.0.0.1:443/a/b")))
        .isEqualTo("https://10.0.0.1:443");
    String unix = "https://unix:/run/app.sock:/api";
    assertThat(unix.substring(0, LogSummary.upstreamPeerLength(unix))).isEqualTo("https://unix:/run/app.sock");
    assertThat(LogSummary.upstreamPeerLength("10.0.0.1:9001")).isEqualTo(13);
  }
}
