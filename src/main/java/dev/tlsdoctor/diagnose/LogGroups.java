package dev.tlsdoctor.diagnose;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.logs.TlsEvent;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Classified log events gathered into groups that one cause explains: the same class and direction, at the same
 * listen socket (client side) or upstream address (upstream side). Memory is bounded by the number of groups and
 * clients, never by the number of lines. Also tells probe traffic apart: one address that produces
 * {@link #PROBE_CLASSES} or more failure classes and {@link #PROBE_EVENTS} or more failures on one listen
 * socket within {@link #PROBE_WINDOW} is a scanner (real clients fail one
 * way, again and again; a scanner tries everything at once), and its later events are reported apart from real
 * clients'. Behind a load balancer that hides client addresses every client has its address: then a burst of
 * different failures from it is set apart too, and the report says so.
 */
public final class LogGroups implements Consumer<TlsEvent> {
  static final int PROBE_CLASSES = 4;
  static final Duration PROBE_WINDOW = Duration.ofSeconds(10);
  /** Failures within the window that a probe makes at least (a scan opens dozens of connections). */
  static final int PROBE_EVENTS = 12;
  /** Client addresses remembered per group before the rest are only counted. */
  static final int MAX_CLIENTS = 10_000;

  /** What gathers events: class, direction and where. */
  public record Key(FailureClass failureClass, Direction direction, String listen, String upstream) {
  }

  /** The events of one group so far. */
  public static final class Group {
    final Key key;
    long count;
    LocalDateTime first;
    LocalDateTime last;
    TlsEvent sample;
    final Map<String, Long> clients = new HashMap<>();
    final Map<String, Long> reasons = new LinkedHashMap<>();
    final Map<String, Long> servers = new LinkedHashMap<>();

    Group(Key key) {
      this.key = key;
    }

    public Key key() {
      return key;
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

    public TlsEvent sample() {
      return sample;
    }

    /** The clients with the most events, most first, at most {@code n}. */
    public List<Map.Entry<String, Long>> topClients(int n) {
      return clients.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey())).limit(n).toList();
    }

    /** The server names nginx logged for these events ({@code server:} of upstream lines). */
    public Set<String> serverNames() {
      return servers.keySet();
    }

    public Map<String, Long> reasons() {
      return reasons;
    }
  }

  private final Map<Key, Group> groups = new LinkedHashMap<>();
  private final Map<String, Probe> probes = new HashMap<>();
  private final List<TlsEvent> probeEvents = new ArrayList<>();
  private long probeEventCount;

  /** One client address's recent classes, to recognise scanners. */
  private static final class Probe {
    final Map<FailureClass, LocalDateTime> classes = new HashMap<>();
    /** The times of its failures within the window (a scanner's burst: at most {@link #PROBE_EVENTS} kept). */
    final java.util.ArrayDeque<LocalDateTime> recent = new java.util.ArrayDeque<>();
    boolean isProbe;
    long events;
    LocalDateTime first;
    LocalDateTime last;
  }

  @Override
  public synchronized void accept(TlsEvent e) {
    if (e.failureClass() == FailureClass.UNCLASSIFIED || e.direction() == Direction.LOCAL && e.failureClass()
        != FailureClass.CERTIFICATE_LOAD_ERROR) {
      return;
    }
    if (e.direction() == Direction.CLIENT && e.client() != null && !e.client().isEmpty() && probe(e)) {
      return;
    }
    Key key = new Key(e.failureClass(), e.direction(), e.direction() == Direction.CLIENT ? blankToNull(e.server())
        : null, e.direction() == Direction.UPSTREAM ? upstreamAddress(e.upstream()) : null);
    Group g = groups.computeIfAbsent(key, Group::new);
    g.count++;
    if (e.time() != null) {
      g.first = g.first == null || e.time().isBefore(g.first) ? e.time() : g.first;
      g.last = g.last == null || e.time().isAfter(g.last) ? e.time() : g.last;
    }
    if (g.sample == null) {
      g.sample = e;
    }
    if (e.client() != null && !e.client().isEmpty() && (g.clients.containsKey(e.client())
        || g.clients.size() < MAX_CLIENTS)) {
      g.clients.merge(e.client(), 1L, Long::sum);
    }
    if (e.reason() != null && !e.reason().isEmpty() && g.reasons.size() < 20) {
      g.reasons.merge(e.reason(), 1L, Long::sum);
    }
    if (e.direction() == Direction.UPSTREAM && e.server() != null && !e.server().isEmpty() && g.servers.size() < 20) {
      g.servers.merge(e.server(), 1L, Long::sum);
    }
  }

  /**
   * True when {@code e} comes from a probing address: its events are set apart from then on. The events that came
   * before the address was recognised stay in their groups (a scanner's first few lines look like anyone's).
   */
  private boolean probe(TlsEvent e) {
    // a scanner tries everything on one socket; a client that fails differently on different sockets is no probe
    Probe p = probes.computeIfAbsent(e.client() + " " + e.server(), c -> new Probe());
    if (p.isProbe) {
      count(p, e);
      return true;
    }
    if (e.time() != null) {
      p.classes.put(e.failureClass(), e.time());
      p.classes.values().removeIf(t -> Duration.between(t, e.time()).compareTo(PROBE_WINDOW) > 0);
      p.recent.addLast(e.time());
      if (p.recent.size() > PROBE_EVENTS) {
        p.recent.removeFirst();
      }
      while (Duration.between(p.recent.peekFirst(), e.time()).compareTo(PROBE_WINDOW) > 0) {
        p.recent.removeFirst();
      }
      if (p.classes.size() >= PROBE_CLASSES && p.recent.size() >= PROBE_EVENTS) {
        p.isProbe = true;
        count(p, e);
        return true;
      }
    }
    return false;
  }

  private void count(Probe p, TlsEvent e) {
    p.events++;
    probeEventCount++;
    p.first = p.first == null ? e.time() : p.first;
    p.last = e.time() == null ? p.last : e.time();
    if (probeEvents.size() < 5) {
      probeEvents.add(e);
    }
  }

  /** Addresses recognised as probes, with the number of events set apart. */
  public synchronized Map<String, Long> probes() {
    Map<String, Long> out = new java.util.TreeMap<>();
    probes.forEach((k, p) -> {
      if (p.isProbe) {
        out.merge(k.substring(0, k.indexOf(' ')), p.events, Long::sum);
      }
    });
    return out;
  }

  /** The groups, most events first. */
  public synchronized List<Group> groups() {
    List<Group> out = new ArrayList<>(groups.values());
    out.sort(Comparator.comparingLong(Group::count).reversed());
    return out;
  }

  /** Addresses in use by any group: for tests and the summary. */
  synchronized Set<String> listens() {
    Set<String> out = new HashSet<>();
    groups.keySet().forEach(k -> {
      if (k.listen() != null) {
        out.add(k.listen());
      }
    });
    return out;
  }

  /** {@code https://10.0.0.5:8443/api} → {@code 10.0.0.5:8443}; the address nginx connected to. */
  static String upstreamAddress(String upstream) {
    if (upstream == null || upstream.isEmpty()) {
      return null;
    }
    String u = upstream;
    int scheme = u.indexOf("://");
    if (scheme >= 0) {
      u = u.substring(scheme + 3);
    }
    int slash = u.indexOf('/');
    return slash >= 0 ? u.substring(0, slash) : u;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
