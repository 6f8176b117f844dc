package dev.tlsdoctor.logs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Events per minute, keyed by minutes since 1970-01-01T00:00 (nginx's local time), counted in blocks of an hour (60
 * counters): memory grows with the hours of the log that have events, not with its size. Logs are written in time
 * order, so nearly every event lands in the block of the event before, found without a lookup; the minutes come
 * out in order without a sort.
 */
public final class MinuteCounts implements java.io.Serializable {
  private static final int BLOCK = 60;
  private final Map<Long, int[]> blocks = new HashMap<>(); // by hour (minute / 60, rounded down)
  private int size;
  private long lastStart = Long.MIN_VALUE; // the first minute of the block used last
  private int[] last;

  public void add(long minute, int n) {
    long offset = minute - lastStart;
    if (offset >= 0 && offset < BLOCK) {
      int i = (int) offset;
      if (last[i] == 0) {
        size++;
      }
      last[i] += n;
    } else {
      addElsewhere(minute, n);
    }
  }

  private void addElsewhere(long minute, int n) {
    long hour = Math.floorDiv(minute, BLOCK);
    last = blocks.computeIfAbsent(hour, h -> new int[BLOCK]);
    lastStart = hour * BLOCK;
    add(minute, n);
  }

  public void merge(MinuteCounts other) {
    other.blocks.forEach((hour, counts) -> {
      for (int i = 0; i < BLOCK; i++) {
        if (counts[i] != 0) {
          add(hour * BLOCK + i, counts[i]);
        }
      }
    });
  }

  /** Distinct minutes with at least one event. */
  public int size() {
    return size;
  }

  /** Receives a minute and its count. */
  @FunctionalInterface
  public interface Visitor {
    void minute(long minute, int count);
  }

  /** The minutes with events and their counts, in order. */
  public void forEachInOrder(Visitor visitor) {
    long[] hours = new long[blocks.size()];
    int h = 0;
    for (long hour : blocks.keySet()) {
      hours[h++] = hour;
    }
    Arrays.sort(hours);
    for (long hour : hours) {
      int[] counts = blocks.get(hour);
      for (int i = 0; i < BLOCK; i++) {
        if (counts[i] != 0) {
          visitor.minute(hour * BLOCK + i, counts[i]);
        }
      }
    }
  }

  /** The minutes and their counts, sorted by minute: {@code [minute, count]} pairs. */
  public long[][] sorted() {
    long[][] out = new long[size][];
    int[] k = {0};
    forEachInOrder((minute, n) -> out[k[0]++] = new long[] {minute, n});
    return out;
  }
}
