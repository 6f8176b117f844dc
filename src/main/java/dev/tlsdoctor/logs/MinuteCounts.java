package dev.tlsdoctor.logs;

import java.util.Arrays;

/**
 * Events per minute, keyed by minutes since 1970-01-01T00:00 (nginx's local time). An open-addressing hash table of
 * primitive longs: the table grows with the number of distinct minutes, i.e. with the time span of the log, not with
 * its size.
 */
public final class MinuteCounts {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys = newKeys(64);
  private int[] values = new int[64];
  private int size;
  private long lastMinute = EMPTY; // logs are in time order: most adds hit the minute before
  private int lastSlot;

  private static long[] newKeys(int n) {
    long[] k = new long[n];
    Arrays.fill(k, EMPTY);
    return k;
  }

  public void add(long minute, int n) {
    if (minute == lastMinute) {
      values[lastSlot] += n;
      return;
    }
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = mix(minute) & mask;
    while (keys[i] != EMPTY && keys[i] != minute) {
      i = (i + 1) & mask;
    }
    if (keys[i] == EMPTY) {
      keys[i] = minute;
      size++;
    }
    values[i] += n;
    lastMinute = minute;
    lastSlot = i;
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private void grow() {
    long[] ok = keys;
    int[] ov = values;
    keys = newKeys(ok.length * 2);
    values = new int[ok.length * 2];
    size = 0;
    lastMinute = EMPTY;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != EMPTY) {
        add(ok[i], ov[i]);
      }
    }
  }

  public void merge(MinuteCounts other) {
    for (int i = 0; i < other.keys.length; i++) {
      if (other.keys[i] != EMPTY) {
        add(other.keys[i], other.values[i]);
      }
    }
  }

  /** Distinct minutes with at least one event. */
  public int size() {
    return size;
  }

  /** The minutes and their counts, sorted by minute: {@code [minute, count]} pairs. */
  public long[][] sorted() {
    long[] minutes = new long[size];
    int j = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        minutes[j++] = keys[i];
      }
    }
    Arrays.sort(minutes); // primitive sort: faster than sorting pairs with a comparator, while the JVM is cold
    long[][] out = new long[size][];
    for (int k = 0; k < size; k++) {
      out[k] = new long[] {minutes[k], values[slot(minutes[k])]};
    }
    return out;
  }

  private int slot(long minute) {
    int mask = keys.length - 1;
    int i = mix(minute) & mask;
    while (keys[i] != minute) {
      i = (i + 1) & mask;
    }
    return i;
  }
}
