package dev.tlsdoctor.watch;

import dev.tlsdoctor.scan.ProtocolKey;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.gate.GatePolicy;
import dev.tlsdoctor.gate.Observed;
import dev.tlsdoctor.gate.Verdict;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * What the periodic rescans of {@code tlsdoctor watch} found, for Prometheus; the {@code target} label takes only
 * the targets given on the command line:
 * <ul>
 *   <li>{@code tlsdoctor_scan_success{target}}: 1 when the last scan completed, 0 when it did not;</li>
 *   <li>{@code tlsdoctor_scan_timestamp_seconds{target}}: when it ended (Unix seconds);</li>
 *   <li>{@code tlsdoctor_certificate_days_left{target}}: whole days the served leaf is still valid (absent when
 *       none was read);</li>
 *   <li>{@code tlsdoctor_protocol_accepted{target, protocol}}: 1 or 0 for SSLv2 to TLSv1.3;</li>
 *   <li>{@code tlsdoctor_policy_failed_rules{target}}: how many rules of the policy fail (0: no drift); each
 *       finding not allowed counts as one.</li>
 * </ul>
 */
public final class ScanMetrics {
  private final Gauge success;
  private final Gauge timestamp;
  private final Gauge daysLeft;
  private final Gauge protocol;
  private final Gauge failedRules;
  private final GatePolicy policy;

  public ScanMetrics(PrometheusRegistry registry, GatePolicy policy) {
    this.policy = policy;
    success = Gauge.builder().name("tlsdoctor_scan_success").help("1 when the last scan of the target completed")
        .labelNames("target").register(registry);
    timestamp = Gauge.builder().name("tlsdoctor_scan_timestamp_seconds").help("When the last scan ended")
        .labelNames("target").register(registry);
    daysLeft = Gauge.builder().name("tlsdoctor_certificate_days_left")
        .help("Whole days the served leaf certificate is still valid").labelNames("target").register(registry);
    protocol = Gauge.builder().name("tlsdoctor_protocol_accepted").help("1 when the target accepts the version")
        .labelNames("target", "protocol").register(registry);
    failedRules = Gauge.builder().name("tlsdoctor_policy_failed_rules")
        .help("Rules of the policy the target fails (0: no drift)").labelNames("target").register(registry);
  }

  /** Sets the gauges of {@code target} (as given on the command line) from its latest scan. */
  public void update(String target, Observed o, long endedEpochSeconds) {
    success.labelValues(target).set(o.error() == null ? 1 : 0);
    timestamp.labelValues(target).set(endedEpochSeconds);
    if (o.error() != null && o.protocols().isEmpty()) {
      return; // what it accepts is unknown: the other gauges keep the last values known
    }
    if (o.certificate() != null) {
      daysLeft.labelValues(target).set(o.certificate().daysLeft());
    } else {
      daysLeft.remove(target);
    }
    for (ProtocolVersion v : ProtocolVersion.values()) {
      protocol.labelValues(target, ProtocolKey.name(v)).set(o.protocols().contains(v) ? 1 : 0);
    }
    List<Verdict> verdicts = dev.tlsdoctor.gate.CheckResult.of("", java.time.Instant.now(), policy, List.of(o),
        null, null).targets().get(0).verdicts();
    failedRules.labelValues(target).set(verdicts.stream().filter(Verdict::failed).count());
  }
}
