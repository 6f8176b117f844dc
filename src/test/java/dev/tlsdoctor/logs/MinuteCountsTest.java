package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MinuteCountsTest {
  @Test
  void sorted_byMinuteWithCounts() {
    MinuteCounts m = new MinuteCounts();
    java.util.TreeMap<Long, Long> reference = new java.util.TreeMap<>();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 5000; i++) {
      long minute = 29_000_000L + r.nextInt(700);
      m.add(minute, 1);
      reference.merge(minute, 1L, Long::sum);
    }
    long[][] sorted = m.sorted();
    assertThat(sorted.length).isEqualTo(reference.size());
    int k = 0;
    for (java.util.Map.Entry<Long, Long> e : reference.entrySet()) {
      assertThat(sorted[k++]).containsExactly(e.getKey(), e.getValue());
    }
  }
}
