package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells scanner traffic apart from real clients' failures. A scanner (sslscan, nmap's ssl-enum-ciphers,
 * testssl.sh, {@code tlsdoctor scan}) opens dozens of connections to one listen socket within seconds, each offering
 * something different, so nginx logs many different failures from one address in a burst: {@link #MIN_KINDS} or
 * more kinds (a kind is a class with its reason: nmap's four reasons — unsupported protocol, version too low, no
 * shared cipher, peer closed — fall in three classes) and {@link #MIN_EVENTS} or more failures within
 * {@link #WINDOW}. A real client fails one way, again and again.
 *
 * <p>Events pass through a delay line: a client's failure on a socket is held until {@link #WINDOW} of log time has
 * passed after it (or {@link #finish} is called), then handed on to the downstream consumer, unless its address
 * and socket were recognised as a probe meanwhile: then the whole burst, its first failures included, is counted
 * here and never reaches the consumer. A probe ends when its address stays quiet for a window. Upstream events,
 * events without a client address or a time, pass straight through. Memory is bounded by the failures of the last
 * window (at most {@link #MAX_HELD} per address and socket) and {@link #MAX_REPORTED} reported probes.
 *
 * <p>Behind a load balancer or NAT that hides client addresses many clients share one: a burst of different
 * failures from it is set apart too (the report names the address, so it can be told from a scanner's).
 */
public final class ProbeTraffic implements Consumer<TlsEvent> {
  /** Different failure kinds (class and reason) a probe makes within the window. */
  public static final int MIN_KINDS = 4;
  /** Failures a probe makes within the window (a scan opens dozens of connections). */
  public static final int MIN_EVENTS = 12;
  /** How close together a probe's failures are. */
  public static final Duration WINDOW = Duration.ofSeconds(10);
  /** Failures held per address and socket; beyond, the oldest are handed on (a busy shared address). */
  static final int MAX_HELD = 1024;
  /** Probes reported; further ones are counted in {@link #unreported}. */
  static final int MAX_REPORTED = 1000;

  /**
   * One scanning address on one socket: its failures set apart.
   *
   * @param client the address
   * @param server the listen socket nginx logged ({@code server:})
   * @param bursts how many separate bursts (a quiet window between them)
   * @param events failures set apart
   * @param classes failures per class, most first
   * @param example one of its lines
   */
  public record Probe(String client, String server, int bursts, long events, String firstSeen, String lastSeen,
      List<TopCounter.Count> classes, LogSummary.Sample example) {
  }

  private record Key(String client, String server) {
  }

  private static final class Held {
    final TlsEvent event;
    final State state;
    boolean done;

    Held(TlsEvent event, State state) {
      this.event = event;
      this.state = state;
    }
  }

  /** An address on a socket: its held failures and, once recognised, its probe record. */
  private static final class State {
    final Key key;
    final ArrayDeque<Held> held = new ArrayDeque<>();
    final Map<String, Integer> kinds = new HashMap<>();
    LocalDateTime lastProbeEvent; // non-null while a probe
    Totals totals;

    State(Key key) {
      this.key = key;
    }
  }

  /** What a probe's address and socket did in all its bursts. */
  private static final class Totals {
    int bursts;
    long events;
    LocalDateTime first;
    LocalDateTime last;
    final Map<FailureClass, Long> classes = new EnumMap<>(FailureClass.class);
    TlsEvent example;
  }

  private final Consumer<TlsEvent> downstream;
  private final Map<Key, State> states = new HashMap<>();
  private final ArrayDeque<Held> line = new ArrayDeque<>(); // every held failure, in arrival order
  private final Map<Key, Totals> reported = new LinkedHashMap<>();
  private LocalDateTime now;
  private long unreported;
  private long probeEvents;

  /** {@code downstream} receives every event that is not a probe's, some of them up to a window late. */
  public ProbeTraffic(Consumer<TlsEvent> downstream) {
    this.downstream = downstream;
  }

  @Override
  public synchronized void accept(TlsEvent e) {
    if (e.direction() != Direction.CLIENT || e.time() == null || e.client() == null || e.client().isEmpty()
        || e.failureClass() == FailureClass.UNCLASSIFIED) {
      downstream.accept(e);
      return;
    }
    if (now == null || e.time().isAfter(now)) {
      now = e.time();
      release(now.minus(WINDOW));
    }
    Key key = new Key(e.client(), e.server() == null ? "" : e.server());
    State s = states.computeIfAbsent(key, State::new);
    if (s.lastProbeEvent != null) {
      if (Duration.between(s.lastProbeEvent, e.time()).compareTo(WINDOW) <= 0) {
        s.lastProbeEvent = e.time().isAfter(s.lastProbeEvent) ? e.time() : s.lastProbeEvent;
        count(s, e);
        return;
      }
      s.lastProbeEvent = null; // quiet for a window: judged afresh
    }
    Held h = new Held(e, s);
    s.held.addLast(h);
    line.addLast(h);
    s.kinds.merge(kind(e), 1, Integer::sum);
    if (s.held.size() > MAX_HELD) {
      hand(s.held.peekFirst());
    }
    if (s.kinds.size() >= MIN_KINDS && s.held.size() >= MIN_EVENTS) {
      recognise(s);
    }
  }

  /** Hands on every failure still held; call at the end of the input (more input may follow). */
  public synchronized void finish() {
    release(null);
  }

  /** The probes recognised so far, most failures first. */
  public synchronized List<Probe> probes() {
    List<Probe> out = new ArrayList<>();
    reported.forEach((k, t) -> out.add(new Probe(k.client(), k.server(), t.bursts, t.events,
        TimeRange.iso(t.first), TimeRange.iso(t.last), t.classes.entrySet().stream()
            .sorted(Map.Entry.<FailureClass, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey()))
            .map(x -> new TopCounter.Count(x.getKey().id(), x.getValue())).toList(),
        new LogSummary.Sample(t.example.file(), t.example.line(), t.example.text()))));
    out.sort(Comparator.comparingLong(Probe::events).reversed().thenComparing(Probe::client)
        .thenComparing(Probe::server));
    return out;
  }

  /** Failures set apart in all. */
  public synchronized long events() {
    return probeEvents;
  }

  /** Failures of probes beyond the {@link #MAX_REPORTED} reported ones (set apart, not listed). */
  public synchronized long unreported() {
    return unreported;
  }

  private static String kind(TlsEvent e) {
    return e.failureClass().id() + "/" + (e.reason() == null ? "" : e.reason());
  }

  /** The burst of {@code s} is a probe's: its held failures are set apart, and those that follow. */
  private void recognise(State s) {
    Totals t = s.totals;
    if (t == null) {
      t = reported.get(s.key);
      if (t == null && reported.size() < MAX_REPORTED) {
        t = new Totals();
        reported.put(s.key, t);
      }
      s.totals = t;
    }
    if (t != null) {
      t.bursts++;
    }
    LocalDateTime last = null;
    for (Held h : s.held) {
      h.done = true;
      count(s, h.event);
      last = last == null || h.event.time().isAfter(last) ? h.event.time() : last;
    }
    s.held.clear();
    s.kinds.clear();
    s.lastProbeEvent = last;
  }

  private void count(State s, TlsEvent e) {
    probeEvents++;
    Totals t = s.totals;
    if (t == null) {
      unreported++;
      return;
    }
    t.events++;
    t.first = t.first == null || e.time().isBefore(t.first) ? e.time() : t.first;
    t.last = t.last == null || e.time().isAfter(t.last) ? e.time() : t.last;
    t.classes.merge(e.failureClass(), 1L, Long::sum);
    if (t.example == null) {
      t.example = e;
    }
  }

  /** Hands on the held failures older than {@code before} (all when null), oldest first. */
  private void release(LocalDateTime before) {
    while (!line.isEmpty() && (before == null || line.peekFirst().event.time().isBefore(before))) {
      Held h = line.removeFirst();
      if (!h.done) {
        hand(h);
      }
    }
  }

  /** Hands one held failure on to the consumer: it was no probe's. */
  private void hand(Held h) {
    h.done = true;
    State s = h.state;
    s.held.remove(h); // the first or near it: held failures leave in time order
    s.kinds.computeIfPresent(kind(h.event), (k, n) -> n == 1 ? null : n - 1);
    if (s.held.isEmpty() && s.lastProbeEvent == null) {
      states.remove(s.key);
    }
    downstream.accept(h.event);
  }
}
