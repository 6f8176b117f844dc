package dev.tlsdoctor.logs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts values (client addresses, servers, hosts) in bounded memory. Exact while fewer than {@code 2 * capacity}
 * distinct values are seen; beyond that the least frequent values are dropped down to {@code capacity} (of equal
 * counts, the smaller values are kept) and the counts of the values kept may be low by at most {@link #maxError()}
 * (a lossy counter). Values and counts sit in two arrays (open addressing): adding a value seen before allocates
 * nothing, and the passes over all values (the top few, a merge) walk the arrays rather than a map's entries.
 */
public final class TopCounter implements java.io.Serializable {
  private final int capacity;
  private String[] values = new String[16];
  private long[] counts = new long[16];
  private int size;
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
    int at = slot(value);
    if (values[at] != null) {
      counts[at] += n;
      return;
    }
    if (size >= 2 * capacity) {
      prune();
      at = slot(value);
    }
    values[at] = value;
    counts[at] = n;
    if (++size * 2 > values.length) {
      resize(values.length * 2);
    }
  }

  /** The slot holding {@code value}, or the free slot where it goes. */
  private int slot(String value) {
    int mask = values.length - 1;
    int h = value.hashCode();
    int at = (h ^ (h >>> 16)) & mask;
    for (String v = values[at]; v != null && !v.equals(value); v = values[at]) {
      at = (at + 1) & mask;
    }
    return at;
  }

  /** Makes room for {@code more} new values at once, rather than growing the table step by step as they come. */
  public void ensureRoom(int more) {
    long wanted = Math.min((long) size + more, 2L * capacity + 1) * 2;
    if (wanted > values.length) {
      resize(Integer.highestOneBit((int) Math.min(wanted, 1 << 30) - 1) << 1);
    }
  }

  private void resize(int slots) {
    String[] oldValues = values;
    long[] oldCounts = counts;
    values = new String[slots];
    counts = new long[slots];
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        int at = slot(oldValues[i]);
        values[at] = oldValues[i];
        counts[at] = oldCounts[i];
      }
    }
  }

  /** Keeps the {@code capacity} most frequent values (ties: the smaller value first). */
  private void prune() {
    Integer[] order = new Integer[size];
    int k = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        order[k++] = i;
      }
    }
    Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a])
        : values[a].compareTo(values[b]));
    long dropped = 0;
    for (int i = capacity; i < order.length; i++) {
      dropped = Math.max(dropped, counts[order[i]]);
      values[order[i]] = null;
    }
    size = Math.min(size, capacity);
    resize(values.length); // the table again without the holes the dropped values left
    maxError = Math.max(maxError, dropped);
    pruned = true;
  }

  public void merge(TopCounter other) {
    // no room made in advance: the other's values are mostly this one's too (the clients of two parts of one log),
    // and a table sized for both would be rehashed for nothing and walked at twice its size by top()
    for (int i = 0; i < other.values.length; i++) {
      if (other.values[i] != null) {
        add(other.values[i], other.counts[i]);
      }
    }
    maxError += other.maxError;
    pruned |= other.pruned;
  }

  /** A counted value. */
  public record Count(String value, long count) {
  }

  /** The {@code n} most frequent values, most frequent first, ties by value. */
  public List<Count> top(int n) {
    // one pass keeping the best n in order: a full sort of thousands of clients took longer than the pass
    String[] best = new String[Math.max(0, Math.min(n, size))];
    long[] bestCounts = new long[best.length];
    int kept = 0;
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      if (v == null) {
        continue;
      }
      long c = counts[i];
      if (kept == best.length && (best.length == 0 || bestCounts[kept - 1] > c)) {
        continue; // below the last of a full list: the usual case, decided without the walk below
      }
      int at = kept;
      while (at > 0 && (bestCounts[at - 1] < c || (bestCounts[at - 1] == c && best[at - 1].compareTo(v) > 0))) {
        at--;
      }
      if (at >= best.length) {
        continue;
      }
      int last = Math.min(kept, best.length - 1);
      System.arraycopy(best, at, best, at + 1, last - at);
      System.arraycopy(bestCounts, at, bestCounts, at + 1, last - at);
      best[at] = v;
      bestCounts[at] = c;
      kept = Math.min(kept + 1, best.length);
    }
    List<Count> out = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      out.add(new Count(best[i], bestCounts[i]));
    }
    return List.copyOf(out);
  }

  /** The number of distinct values, exact only when {@link #isExact()}. */
  public int distinct() {
    return size;
  }

  /** True while no value has been dropped: counts and {@link #distinct()} are exact. */
  public boolean isExact() {
    return !pruned;
  }

  public long maxError() {
    return maxError;
  }
}
