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
public final class TopCounter implements java.io.Serializable {
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
    // one pass keeping the best n in order: a full sort of thousands of clients took longer than the pass
    String[] values = new String[Math.max(0, Math.min(n, counts.size()))];
    long[] best = new long[values.length];
    int size = 0;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      String v = e.getKey();
      long c = e.getValue()[0];
      int at = size;
      while (at > 0 && (best[at - 1] < c || (best[at - 1] == c && values[at - 1].compareTo(v) > 0))) {
        at--;
      }
      if (at >= values.length) {
        continue;
      }
      int last = Math.min(size, values.length - 1);
      System.arraycopy(values, at, values, at + 1, last - at);
      System.arraycopy(best, at, best, at + 1, last - at);
      values[at] = v;
      best[at] = c;
      size = Math.min(size + 1, values.length);
    }
    List<Count> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Count(values[i], best[i]));
    }
    return List.copyOf(out);
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
