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

  @Test
  void add_anyOrderNegativeMinutesAndMerge_sameAsAMap() {
    MinuteCounts a = new MinuteCounts();
    MinuteCounts b = new MinuteCounts();
    java.util.TreeMap<Long, Long> reference = new java.util.TreeMap<>();
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 20_000; i++) {
      long minute = r.nextInt(10) == 0 ? -r.nextInt(200) : r.nextBoolean() ? 29_000_000L + r.nextInt(100_000)
          : 29_000_000L + i / 50; // mostly in order, some far away, some before 1970
      int n = 1 + r.nextInt(3);
      (i % 3 == 0 ? b : a).add(minute, n);
      reference.merge(minute, (long) n, Long::sum);
    }
    a.merge(b);
    assertThat(a.size()).isEqualTo(reference.size());
    long[][] sorted = a.sorted();
    int k = 0;
    for (java.util.Map.Entry<Long, Long> e : reference.entrySet()) {
      assertThat(sorted[k++]).containsExactly(e.getKey(), e.getValue());
    }
  }
}
