package dev.tlsdoctor.diagnose;

import dev.tlsdoctor.kb.FailureClass;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The failures of the log groups over time, per class and direction, in at most {@link #MAX_BUCKETS} buckets. */
final class Timelines {
  static final int MAX_BUCKETS = 240;
  /** Bucket sizes in minutes: the smallest that fits the span in {@link #MAX_BUCKETS} is taken. */
  private static final int[] SIZES = {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080};

  private Timelines() {
  }

  static Report.Timeline of(List<LogGroups.Group> groups) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (LogGroups.Group g : groups) {
      long[][] m = g.perMinute().sorted();
      if (m.length > 0) {
        first = Math.min(first, m[0][0]);
        last = Math.max(last, m[m.length - 1][0]);
      }
    }
    if (first == Long.MAX_VALUE) {
      return null;
    }
    long span = last - first + 1;
    int size = SIZES[SIZES.length - 1];
    for (int s : SIZES) {
      if ((span + s - 1) / s <= MAX_BUCKETS) {
        size = s;
        break;
      }
    }
    long start = Math.floorDiv(first, size) * size;
    // a span beyond the largest size's reach (a stray line decades off) is cut at the end
    int buckets = (int) Math.min(MAX_BUCKETS * 8L, Math.floorDiv(last - start, size) + 1);
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (LogGroups.Group g : groups) {
      long[] c = counts.computeIfAbsent(g.key().failureClass().id() + " " + g.key().direction().id(),
          k -> new long[buckets]);
      for (long[] m : g.perMinute().sorted()) {
        int i = (int) Math.floorDiv(m[0] - start, size);
        if (i >= 0 && i < c.length) {
          c[i] += m[1];
        }
      }
    }
    List<Report.Series> series = new ArrayList<>();
    counts.forEach((k, c) -> {
      String[] cd = k.split(" ");
      long total = 0;
      for (long n : c) {
        total += n;
      }
      series.add(new Report.Series(FailureClass.forId(cd[0]).id(), cd[1], total, c));
    });
    series.sort(Comparator.comparingLong(Report.Series::total).reversed().thenComparing(Report.Series::failureClass));
    LocalDateTime t = LocalDateTime.ofEpochSecond(start * 60, 0, ZoneOffset.UTC);
    return new Report.Timeline(t.toString().length() == 16 ? t + ":00" : t.toString(), size, buckets,
        List.copyOf(series));
  }
}
