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
  void top_emptyCounter_empty() {
    assertThat(new TopCounter(8).top(5)).isEmpty();
  }
}
