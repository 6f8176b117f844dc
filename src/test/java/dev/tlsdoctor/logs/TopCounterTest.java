package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopCounterTest {
  @Test
  void top_sameAsSortingAllByCountThenValue() {
    Random r = new Random(7);
    for (int round = 0; round < 200; round++) {
      TopCounter t = new TopCounter(4096);
      Map<String, Long> reference = new HashMap<>();
      int distinct = 1 + r.nextInt(60);
      for (int i = 0; i < 300; i++) {
        String v = "v" + r.nextInt(distinct);
        long n = 1 + r.nextInt(3);
        t.add(v, n);
        reference.merge(v, n, Long::sum);
      }
      for (int n = 0; n <= 8; n++) {
        List<TopCounter.Count> expected = reference.entrySet().stream()
            .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
            .limit(n).map(e -> new TopCounter.Count(e.getKey(), e.getValue())).toList();
        assertThat(t.top(n)).as("round %d, top %d", round, n).isEqualTo(expected);
      }
    }
  }

  @Test
  void add_manyValuesAndMerges_exactCountsAndDistinct() {
    Random r = new Random(11);
    TopCounter a = new TopCounter(1 << 14);
    TopCounter b = new TopCounter(1 << 14);
    Map<String, Long> reference = new HashMap<>();
    for (int i = 0; i < 60_000; i++) {
      String v = "10." + r.nextInt(40) + "." + r.nextInt(256); // up to 10,240 values: the table grows many times
      long n = 1 + r.nextInt(5);
      (i % 3 == 0 ? a : b).add(v, n);
      reference.merge(v, n, Long::sum);
    }
    a.merge(b);
    assertThat(a.isExact()).isTrue();
    assertThat(a.distinct()).isEqualTo(reference.size());
    List<TopCounter.Count> expected = reference.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
        .map(e -> new TopCounter.Count(e.getKey(), e.getValue())).toList();
    assertThat(a.top(reference.size() + 5)).isEqualTo(expected);
    a.add("", 7);
    a.add(null, 7);
    assertThat(a.distinct()).isEqualTo(reference.size());
  }

  @Test
  void prune_keepsMostFrequent_smallerValuesOfEqualCounts_andBoundsTheError() {
    TopCounter t = new TopCounter(3);
    t.add("a", 9);
    t.add("b", 5);
    t.add("c", 5);
    t.add("d", 5);
    t.add("e", 1);
    t.add("f", 2); // six values: full
    t.add("g", 4); // the seventh prunes to three: a (9), b and c (5, before d)
    assertThat(t.isExact()).isFalse();
    assertThat(t.maxError()).isEqualTo(5); // d's 5 was dropped
    assertThat(t.top(10)).containsExactly(new TopCounter.Count("a", 9), new TopCounter.Count("b", 5),
        new TopCounter.Count("c", 5), new TopCounter.Count("g", 4));
    assertThat(t.distinct()).isEqualTo(4);
    t.add("d", 1); // counted again from 1
    assertThat(t.top(5)).contains(new TopCounter.Count("d", 1));
    TopCounter other = new TopCounter(3);
    other.merge(t);
    assertThat(other.isExact()).isFalse();
    assertThat(other.maxError()).isEqualTo(5);
  }

  @Test
  void top_emptyCounter_empty() {
    assertThat(new TopCounter(8).top(5)).isEmpty();
  }
}
