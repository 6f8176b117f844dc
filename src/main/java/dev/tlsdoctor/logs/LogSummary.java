package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates classified events into per-class, per-direction statistics in bounded memory. Not thread-safe: each
 * worker fills its own summary and the summaries are {@link #merge merged}.
 */
public final class LogSummary {
  /** How many unclassified lines are kept as samples. */
  public static final int UNCLASSIFIED_SAMPLES = 10;

  private final Map<FailureClass, EnumMap<Direction, ClassStats>> stats = new EnumMap<>(FailureClass.class);
  private final List<Sample> unclassifiedSamples = new ArrayList<>();
  private long lines;
  private long tlsLines;
  private long outsideRange;

  /** A line kept as an example. */
  public record Sample(String file, long line, String text) {
  }

  /** Statistics of one class in one direction. */
  public static final class ClassStats {
    long count;
    LocalDateTime first;
    LocalDateTime last;
    final MinuteCounts perMinute = new MinuteCounts();
    final TopCounter servers = new TopCounter(64);
    final TopCounter hosts = new TopCounter(64);
    final TopCounter upstreams = new TopCounter(64);
    final TopCounter clients = new TopCounter(512);
    final TopCounter reasons = new TopCounter(64);
    final TopCounter entries = new TopCounter(64);
    Sample example;

    void add(TlsEvent e) {
      count++;
      if (e.time() != null) {
        if (first == null || e.time().isBefore(first)) {
          first = e.time();
        }
        if (last == null || e.time().isAfter(last)) {
          last = e.time();
        }
        perMinute.add(epochMinute(e.time()), 1);
      }
      servers.add(e.server());
      hosts.add(e.host());
      upstreams.add(e.upstream());
      clients.add(e.client());
      reasons.add(e.reason());
      entries.add(e.entry());
      if (example == null) {
        example = new Sample(e.file(), e.line(), e.text());
      }
    }

    void merge(ClassStats o) {
      count += o.count;
      if (o.first != null && (first == null || o.first.isBefore(first))) {
        first = o.first;
      }
      if (o.last != null && (last == null || o.last.isAfter(last))) {
        last = o.last;
      }
      perMinute.merge(o.perMinute);
      servers.merge(o.servers);
      hosts.merge(o.hosts);
      upstreams.merge(o.upstreams);
      clients.merge(o.clients);
      reasons.merge(o.reasons);
      entries.merge(o.entries);
      if (example == null) {
        example = o.example;
      }
    }

    public long count() {
      return count;
    }

    public LocalDateTime first() {
      return first;
    }

    public LocalDateTime last() {
      return last;
    }

    public MinuteCounts perMinute() {
      return perMinute;
    }

    public TopCounter servers() {
      return servers;
    }

    public TopCounter hosts() {
      return hosts;
    }

    public TopCounter upstreams() {
      return upstreams;
    }

    public TopCounter clients() {
      return clients;
    }

    public TopCounter reasons() {
      return reasons;
    }

    public TopCounter entries() {
      return entries;
    }

    public Sample example() {
      return example;
    }
  }

  static long epochMinute(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) / 60;
  }

  static LocalDateTime fromEpochMinute(long m) {
    return LocalDateTime.ofEpochSecond(m * 60, 0, ZoneOffset.UTC);
  }

  /** Counts a line that was read (TLS-related or not). */
  public void countLines(long n) {
    lines += n;
  }

  /** Counts a TLS-related line that fell outside --since/--until. */
  public void countOutsideRange() {
    outsideRange++;
  }

  public void add(TlsEvent e) {
    tlsLines++;
    stats.computeIfAbsent(e.failureClass(), k -> new EnumMap<>(Direction.class))
        .computeIfAbsent(e.direction(), k -> new ClassStats())
        .add(e);
    if (e.failureClass() == FailureClass.UNCLASSIFIED && unclassifiedSamples.size() < UNCLASSIFIED_SAMPLES) {
      unclassifiedSamples.add(new Sample(e.file(), e.line(), e.text()));
    }
  }

  /** Adds another summary; {@code lineOffset} is added to the other's line numbers (chunks of one file). */
  public void merge(LogSummary o, long lineOffset) {
    lines += o.lines;
    tlsLines += o.tlsLines;
    outsideRange += o.outsideRange;
    o.stats.forEach((c, byDir) -> byDir.forEach((d, s) -> {
      if (s.example != null && lineOffset != 0) {
        s.example = new Sample(s.example.file(), s.example.line() + lineOffset, s.example.text());
      }
      stats.computeIfAbsent(c, k -> new EnumMap<>(Direction.class))
          .computeIfAbsent(d, k -> new ClassStats())
          .merge(s);
    }));
    for (Sample s : o.unclassifiedSamples) {
      if (unclassifiedSamples.size() < UNCLASSIFIED_SAMPLES) {
        unclassifiedSamples.add(new Sample(s.file(), s.line() + lineOffset, s.text()));
      }
    }
  }

  public long lines() {
    return lines;
  }

  public long tlsLines() {
    return tlsLines;
  }

  public long outsideRange() {
    return outsideRange;
  }

  public List<Sample> unclassifiedSamples() {
    return List.copyOf(unclassifiedSamples);
  }

  /** Every (class, direction) with its statistics, most frequent first. */
  public List<Map.Entry<Key, ClassStats>> byCount() {
    TreeMap<Key, ClassStats> flat = new TreeMap<>();
    stats.forEach((c, byDir) -> byDir.forEach((d, s) -> flat.put(new Key(c, d), s)));
    List<Map.Entry<Key, ClassStats>> out = new ArrayList<>(flat.entrySet());
    out.sort((a, b) -> Long.compare(b.getValue().count, a.getValue().count));
    return out;
  }

  /** A (class, direction) pair. */
  public record Key(FailureClass failureClass, Direction direction) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = failureClass.compareTo(o.failureClass);
      return c != 0 ? c : direction.compareTo(o.direction);
    }
  }
}
