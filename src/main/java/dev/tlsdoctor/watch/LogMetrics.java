package dev.tlsdoctor.watch;

import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.logs.TlsEvent;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of followed nginx error logs, for Prometheus:
 * <ul>
 *   <li>{@code tlsdoctor_handshake_failures_total{class, direction, server, upstream}}: classified TLS events
 *       (every class of the taxonomy; {@code tls-io-error} and {@code certificate-load-error} too);</li>
 *   <li>{@code tlsdoctor_unclassified_lines_total}: TLS-related lines that fit no class;</li>
 *   <li>{@code tlsdoctor_log_lines_total}: lines read;</li>
 *   <li>{@code tlsdoctor_last_event_timestamp_seconds{class, direction}}: the time of the latest event of each
 *       class, as nginx wrote it (its local time zone), in Unix seconds.</li>
 * </ul>
 * Labels are bounded: {@code class} and {@code direction} by the taxonomy; {@code server} and {@code upstream} each
 * keep their first {@link LabelCap#DEFAULT_CAP} distinct values, later ones become {@code other}; an upstream is
 * cut to {@code scheme://host:port} (its URI would carry request paths). Client addresses are never labels.
 */
public final class LogMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter failures;
  private final Counter unclassified;
  private final Gauge lastEvent;
  private final AtomicLong lines = new AtomicLong();
  private final java.util.Map<String, Double> latest = new java.util.concurrent.ConcurrentHashMap<>();
  private final LabelCap servers;
  private final LabelCap upstreams;
  private final ZoneId zone;

  /** Counters with {@code cap} distinct values at most for {@code server} and for {@code upstream}. */
  public LogMetrics(int cap, ZoneId zone) {
    this.zone = zone;
    servers = new LabelCap(cap);
    upstreams = new LabelCap(cap);
    failures = Counter.builder().name("tlsdoctor_handshake_failures_total")
        .help("TLS failures nginx logged, by failure class, direction (client or upstream), server and upstream")
        .labelNames("class", "direction", "server", "upstream").register(registry);
    unclassified = Counter.builder().name("tlsdoctor_unclassified_lines_total")
        .help("TLS-related error.log lines that fit no failure class").register(registry);
    CounterWithCallback.builder().name("tlsdoctor_log_lines_total").help("error.log lines read")
        .callback(c -> c.call(lines.get())).register(registry);
    lastEvent = Gauge.builder().name("tlsdoctor_last_event_timestamp_seconds")
        .help("Time of the latest event of each failure class (Unix seconds)")
        .labelNames("class", "direction").register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Counts one event. Thread-safe. */
  public void record(TlsEvent e) {
    if (e.failureClass() == FailureClass.UNCLASSIFIED) {
      unclassified.inc();
      return;
    }
    String cls = e.failureClass().id();
    String direction = e.direction().id();
    failures.labelValues(cls, direction, servers.of(e.server()), upstreams.of(upstream(e.upstream()))).inc();
    double t = seconds(e.time());
    String key = cls + " " + direction;
    // the latest time, not the last line's: lines of several files (and workers) arrive out of order
    latest.merge(key, t, Math::max);
    synchronized (lastEvent) {
      lastEvent.labelValues(cls, direction).set(latest.get(key)); // read under the lock: never a stale maximum
    }
  }

  /** The total of lines read so far (a count that only grows). */
  public void linesRead(long total) {
    lines.accumulateAndGet(total, Math::max);
  }

  private double seconds(LocalDateTime t) {
    Instant i = t == null ? Instant.now() : t.atZone(zone).toInstant();
    return i.getEpochSecond();
  }

  /** {@code scheme://host:port} of an upstream URL as nginx logs it; the value itself when it is no URL. */
  static String upstream(String u) {
    if (u == null || u.isEmpty()) {
      return "";
    }
    int scheme = u.indexOf("://");
    int from = scheme < 0 ? 0 : scheme + 3;
    int slash = u.indexOf('/', from);
    return slash < 0 ? u : u.substring(0, slash);
  }
}
