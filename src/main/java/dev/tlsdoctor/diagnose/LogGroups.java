package dev.tlsdoctor.diagnose;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.logs.MinuteCounts;
import dev.tlsdoctor.logs.ProbeTraffic;
import dev.tlsdoctor.logs.TlsEvent;
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
 * clients, never by the number of lines. Probe traffic (scanners: see {@link ProbeTraffic}) is set apart before
 * grouping, its first failures included, and never counted among real clients'.
 */
public final class LogGroups implements Consumer<TlsEvent> {
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
    final MinuteCounts perMinute = new MinuteCounts();

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

    /** Events per minute (minutes since 1970 of nginx's local time). */
    public MinuteCounts perMinute() {
      return perMinute;
    }
  }

  private final Map<Key, Group> groups = new LinkedHashMap<>();
  private final ProbeTraffic probes = new ProbeTraffic(this::add);

  @Override
  public synchronized void accept(TlsEvent e) {
    if (e.failureClass() == FailureClass.UNCLASSIFIED || e.direction() == Direction.LOCAL && e.failureClass()
        != FailureClass.CERTIFICATE_LOAD_ERROR) {
      return;
    }
    probes.accept(e);
  }

  /** An event that is no probe's, into its group. */
  private void add(TlsEvent e) {
    Key key = new Key(e.failureClass(), e.direction(), e.direction() == Direction.CLIENT ? blankToNull(e.server())
        : null, e.direction() == Direction.UPSTREAM ? upstreamAddress(e.upstream()) : null);
    Group g = groups.computeIfAbsent(key, Group::new);
    g.count++;
    if (e.time() != null) {
      g.perMinute.add(Math.floorDiv(e.time().toEpochSecond(java.time.ZoneOffset.UTC), 60), 1);
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

  /** Addresses recognised as probes, with their failures set apart. */
  public synchronized List<ProbeTraffic.Probe> probes() {
    probes.finish();
    return probes.probes();
  }

  /** The groups, most events first. */
  public synchronized List<Group> groups() {
    probes.finish(); // the failures still held are no probe's
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
