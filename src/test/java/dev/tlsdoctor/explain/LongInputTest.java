package dev.tlsdoctor.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A long pasted text that names a library or a marker thousands of times, without the code that should follow it,
 * is read in time linear in its length: each recogniser looks a bounded distance past what it found (a pattern that
 * scanned to the end of the line from each of 2,000 "mbedtls" took 3 s on 118 KB, 22 s on 315 KB). A deadline, with
 * a margin far above the few hundred milliseconds it takes, not a speed measurement.
 */
class LongInputTest {
  @ParameterizedTest
  @ValueSource(strings = {"mbedtls ", "wolfSSL ", "error:", "description: ", "Hostname x", " at /x", " while ",
      "OPENSSL_internal:", "failed to connect 3:", "alert message 0x"})
  void aMarkerRepeatedWithoutWhatFollowsIt_readInTime(String marker) {
    String text = (marker + "a".repeat(40) + " ").repeat(6000);
    long t0 = System.nanoTime();
    Explanation e = Explanation.of(text, KnowledgeBase.get());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(e).isNotNull();
    assertThat(millis).as("%d KB of %s", text.length() / 1024, List.of(marker)).isLessThanOrEqualTo(8_000);
  }
}
