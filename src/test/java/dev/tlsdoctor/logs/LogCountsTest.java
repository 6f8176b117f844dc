package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The counting the log report is made from: top values and upstream peers. */
class LogCountsTest {
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
