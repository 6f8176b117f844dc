package dev.tlsdoctor.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts values (client addresses, servers, hosts) in bounded memory. Exact while fewer than {@code 2 * capacity}
 * distinct values are seen; beyond that the least frequent values are dropped down to {@code capacity} and the
 * counts of the values kept may be low by at most {@link #maxError()} (a lossy counter).
 */
public final class TopCounter {
  private final int capacity;
  private final Map<String, long[]> counts = new HashMap<>();
  private long maxError;
  private boolean pruned;

  public TopCounter(int capacity) {
    this.capacity = capacity;
  }

  public void add(String value) {
    add(value, 1);
  }

  public void add(String value, long n) {
    if (value == null || value.isEmpty()) {
      return;
    }
    long[] c = counts.get(value);
    if (c == null) {
      if (counts.size() >= 2 * capacity) {
        prune();
      }
      counts.put(value, new long[] {n});
    } else {
      c[0] += n;
    }
  }

  private void prune() {
    List<Map.Entry<String, long[]>> all = new ArrayList<>(counts.entrySet());
    all.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    long dropped = 0;
    for (int i = capacity; i < all.size(); i++) {
      dropped = Math.max(dropped, all.get(i).getValue()[0]);
      counts.remove(all.get(i).getKey());
    }
    maxError = Math.max(maxError, dropped);
    pruned = true;
  }

  public void merge(TopCounter other) {
    other.counts.forEach((k, v) -> add(k, v[0]));
    maxError += other.maxError;
    pruned |= other.pruned;
  }

  /** A counted value. */
  public record Count(String value, long count) {
  }

  /** The {@code n} most frequent values, most frequent first, ties by value. */
  public List<Count> top(int n) {
    return counts.entrySet().stream()
        .sorted((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
            : a.getKey().compareTo(b.getKey()))
        .limit(n)
        .map(e -> new Count(e.getKey(), e.getValue()[0]))
        .toList();
  }

  /** The number of distinct values, exact only when {@link #isExact()}. */
  public int distinct() {
    return counts.size();
  }

  /** True while no value has been dropped: counts and {@link #distinct()} are exact. */
  public boolean isExact() {
    return !pruned;
  }

  public long maxError() {
    return maxError;
  }
}
