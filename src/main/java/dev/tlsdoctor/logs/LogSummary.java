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
 * worker fills its own summary and the summaries are {@link #merge merged}. Serializable, for the workers of a
 * distributed job.
 */
public final class LogSummary implements java.io.Serializable {
  /** How many unclassified lines are kept as samples. */
  public static final int UNCLASSIFIED_SAMPLES = 10;

  private final Map<FailureClass, EnumMap<Direction, ClassStats>> stats = new EnumMap<>(FailureClass.class);
  private final List<Sample> unclassifiedSamples = new ArrayList<>();
  private long lines;
  private long tlsLines;
  private long outsideRange;

  /** A line kept as an example. */
  public record Sample(String file, long line, String text) implements java.io.Serializable {
  }

  /** Statistics of one class in one direction. Times are seconds since 1970 of nginx's local time. */
  public static final class ClassStats implements java.io.Serializable {
    static final long NO_TIME = Long.MIN_VALUE;
    long count;
    long first = NO_TIME;
    long last = NO_TIME;
    final MinuteCounts perMinute = new MinuteCounts();
    final TopCounter servers = new TopCounter(4096);
    final TopCounter hosts = new TopCounter(4096);
    final TopCounter upstreams = new TopCounter(4096);
    final TopCounter clients = new TopCounter(8192);
    final TopCounter reasons = new TopCounter(64);
    final TopCounter entries = new TopCounter(64);
    Sample example;

    void add(long epochSecond, String client, String server, String host, String upstream, String reason,
             String entry) {
      addFields(epochSecond, client, server, host, upstream);
      reasons.add(reason);
      entries.add(entry);
    }

    void addFields(long epochSecond, String client, String server, String host, String upstream) {
      addTime(epochSecond);
      servers.add(server);
      hosts.add(host);
      upstreams.add(upstream.substring(0, upstreamPeerLength(upstream)));
      clients.add(client);
    }

    void addTime(long epochSecond) {
      if (epochSecond == NO_TIME) {
        count++;
      } else {
        addTime(epochSecond, Math.floorDiv(epochSecond, 60));
      }
    }

    /** Counts an event at a known time; {@code minute} is {@code floorDiv(epochSecond, 60)}. */
    void addTime(long epochSecond, long minute) {
      count++;
      if (first == NO_TIME || epochSecond < first) {
        first = epochSecond;
      }
      if (last == NO_TIME || epochSecond > last) {
        last = epochSecond;
      }
      perMinute.add(minute, 1);
    }

    void merge(ClassStats o) {
      count += o.count;
      if (o.first != NO_TIME && (first == NO_TIME || o.first < first)) {
        first = o.first;
      }
      if (o.last != NO_TIME && (last == NO_TIME || o.last > last)) {
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

    /** The first event's time, null when no event had one. */
    public LocalDateTime first() {
      return first == NO_TIME ? null : LocalDateTime.ofEpochSecond(first, 0, ZoneOffset.UTC);
    }

    public LocalDateTime last() {
      return last == NO_TIME ? null : LocalDateTime.ofEpochSecond(last, 0, ZoneOffset.UTC);
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

  /**
   * The length of the peer part of nginx's upstream field: {@code https://10.0.0.1:443} of
   * {@code https://10.0.0.1:443/path}, {@code https://unix:/run/app.sock} of {@code https://unix:/run/app.sock:/path}.
   * Summaries count upstream peers, not request paths.
   */
  static int upstreamPeerLength(String u) {
    byte[] b = new byte[u.length()]; // one byte per char: only ASCII punctuation matters
    for (int i = 0; i < b.length; i++) {
      char c = u.charAt(i);
      b[i] = c < 0x80 ? (byte) c : (byte) '?';
    }
    return FastLine.peerLength(b, 0, b.length);
  }

  static long epochSecond(LocalDateTime t) {
    return t == null ? ClassStats.NO_TIME : t.toEpochSecond(ZoneOffset.UTC);
  }

  public static LocalDateTime fromEpochMinute(long m) {
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
    ClassStats st = add(e.failureClass(), e.direction(), epochSecond(e.time()), e.client(), e.server(), e.host(),
        e.upstream(), e.reason(), e.entry());
    if (st.example == null) {
      st.example = new Sample(e.file(), e.line(), e.text());
    }
    if (e.failureClass() == FailureClass.UNCLASSIFIED && unclassifiedSamples.size() < UNCLASSIFIED_SAMPLES) {
      unclassifiedSamples.add(new Sample(e.file(), e.line(), e.text()));
    }
  }

  /**
   * Adds one event from its parts (the allocation-free path of the scanner). Returns the statistics it went to, so
   * that the caller can supply an example line when {@link #needsExample} says one is wanted.
   */
  ClassStats add(FailureClass c, Direction d, long epochSecond, String client, String server, String host,
                 String upstream, String reason, String entry) {
    tlsLines++;
    EnumMap<Direction, ClassStats> byDir = stats.get(c);
    if (byDir == null) {
      byDir = new EnumMap<>(Direction.class);
      stats.put(c, byDir);
    }
    ClassStats st = byDir.get(d);
    if (st == null) {
      st = new ClassStats();
      byDir.put(d, st);
    }
    st.add(epochSecond, client, server, host, upstream, reason, entry);
    return st;
  }

  /** The statistics of a class and direction, created when first needed. */
  ClassStats stats(FailureClass c, Direction d) {
    return stats.computeIfAbsent(c, k -> new EnumMap<>(Direction.class)).computeIfAbsent(d, k -> new ClassStats());
  }

  /** Adds an event whose reason, entry and fields the caller counts itself (see FastLine#flush). */
  void addFast(ClassStats st, long epochSecond, long minute) {
    tlsLines++;
    st.addTime(epochSecond, minute);
  }

  /** True when the statistics still want an example line, or unclassified samples are still wanted. */
  boolean needsExample(ClassStats st, FailureClass c) {
    return st.example == null
        || (c == FailureClass.UNCLASSIFIED && unclassifiedSamples.size() < UNCLASSIFIED_SAMPLES);
  }

  /** Records the example line of an event added through the parts path. */
  void example(ClassStats st, FailureClass c, String file, long line, String text) {
    if (st.example == null) {
      st.example = new Sample(file, line, text);
    }
    if (c == FailureClass.UNCLASSIFIED && unclassifiedSamples.size() < UNCLASSIFIED_SAMPLES) {
      unclassifiedSamples.add(new Sample(file, line, text));
    }
  }

  /**
   * Adds another summary, which is not to be used afterwards (its statistics may be taken over); {@code lineOffset}
   * is added to the other's line numbers (chunks of one file).
   */
  public void merge(LogSummary o, long lineOffset) {
    lines += o.lines;
    tlsLines += o.tlsLines;
    outsideRange += o.outsideRange;
    List<ClassStats[]> both = new ArrayList<>(); // {into, from}: statistics to add up
    o.stats.forEach((c, byDir) -> byDir.forEach((d, s) -> {
      if (s.example != null && lineOffset != 0) {
        s.example = new Sample(s.example.file(), s.example.line() + lineOffset, s.example.text());
      }
      EnumMap<Direction, ClassStats> mine = stats.computeIfAbsent(c, k -> new EnumMap<>(Direction.class));
      ClassStats into = mine.get(d);
      if (into == null) {
        mine.put(d, s); // taken over rather than copied: the other summary is not used after a merge
      } else {
        both.add(new ClassStats[] {into, s});
      }
    }));
    OnAllProcessors.run(both.size(), i -> both.get(i)[0].merge(both.get(i)[1]));
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
