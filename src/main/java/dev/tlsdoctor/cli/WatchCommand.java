package dev.tlsdoctor.cli;

import dev.tlsdoctor.gate.GatePolicy;
import dev.tlsdoctor.gate.Observed;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import dev.tlsdoctor.watch.MetricsEndpoint;
import dev.tlsdoctor.watch.ScanMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "watch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Rescan TLS endpoints on an interval and serve what they accept as Prometheus metrics.",
    description = "Scans each TARGET (as scan does) every --every and serves on http://ADDRESS:PORT/metrics:"
        + " tlsdoctor_scan_success, tlsdoctor_scan_timestamp_seconds, tlsdoctor_certificate_days_left,"
        + " tlsdoctor_protocol_accepted{protocol} and, with --policy (the policy of check),"
        + " tlsdoctor_policy_failed_rules: the policy drift, 0 when every rule passes. Each has the label target,"
        + " one value per TARGET given. Handshake failures in the error log are counted by"
        + " 'tlsdoctor logs --follow --metrics'.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor watch --metrics 127.0.0.1:9465 shop.example.com api.example.com:8443",
        "  tlsdoctor watch --metrics 0.0.0.0:9465 --every 15m \\",
        "      --policy tls-policy.yml 10.0.0.5 --sni www.example.com",
        "",
        "Exit codes:",
        "  0  stopped (--for elapsed, or interrupted)",
        "  2  usage error (the address cannot be bound, a policy file that cannot be used)"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
final class WatchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TARGET", description = "host, host:port or [IPv6]:port (port 443"
      + " when none is given).")
  List<String> targets = new ArrayList<>();

  @Option(names = "--metrics", required = true, paramLabel = "ADDRESS:PORT", description = "Where to serve"
      + " /metrics: 127.0.0.1:9465, [::1]:9465, or 0.0.0.0:9465 for every interface (only the address given is"
      + " bound).")
  String metrics;

  @Option(names = "--every", paramLabel = "DURATION", description = "Time from the start of one round of scans to"
      + " the next: 90s, 15m, 1h (default ${DEFAULT-VALUE}).")
  String every = "1h";

  @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long (default: until"
      + " interrupted).")
  String watchFor;

  @Option(names = "--policy", paramLabel = "FILE", description = "The YAML policy of 'tlsdoctor check', for"
      + " tlsdoctor_policy_failed_rules.")
  Path policyFile;

  @Mixin
  LiveScanOptions live;

  @Override
  public Integer call() throws IOException {
    live.checkTimeout(spec);
    Duration interval = Options.duration(spec, "--every", every);
    if (interval.isZero()) {
      throw new ParameterException(spec.commandLine(), "--every: '" + every + "' must be at least 1s");
    }
    Duration limit = watchFor == null ? null : Options.duration(spec, "--for", watchFor);
    List<Target> list = live.targets(spec, targets);
    PrintWriter err = spec.commandLine().getErr();
    GatePolicy policy;
    try {
      policy = policyFile == null ? GatePolicy.DEFAULT : GatePolicy.read(policyFile, policyFile.toString());
    } catch (GatePolicy.Invalid e) {
      err.println("tlsdoctor: watch: " + Safe.text(e.getMessage()));
      return ExitCodes.USAGE;
    }
    ScanOptions options = live.scanOptions(spec);
    PrometheusRegistry registry = new PrometheusRegistry();
    ScanMetrics gauges = new ScanMetrics(registry, policy);
    MetricsEndpoint endpoint;
    try {
      endpoint = MetricsEndpoint.start(MetricsEndpoint.Address.parse(metrics), registry);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--metrics: " + e.getMessage());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--metrics: cannot listen on " + metrics + ": "
          + e.getMessage());
    }
    try (endpoint) {
      err.println("tlsdoctor: metrics on http://" + metrics.replaceAll(":\\d+$", "") + ":" + endpoint.port()
          + "/metrics; scanning " + list.size() + " target(s) every " + every);
      err.flush();
      long started = System.nanoTime();
      while (true) {
        long round = System.nanoTime();
        try {
          for (ServerProfile p : new Scanner(options).scanAll(list, p -> { })) {
            Observed o = Observed.of(p, Instant.now());
            gauges.update(o.target(), o, Instant.now().getEpochSecond());
            err.println("watch: " + Safe.text(p.target()) + (p.error() == null ? ": scanned"
                : ": " + Safe.text(p.error())));
          }
          err.flush();
          long next = round + interval.toNanos();
          long end = limit == null ? Long.MAX_VALUE : started + limit.toNanos();
          long wake = Math.min(next, end);
          long wait = wake - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
          }
          if (limit != null && System.nanoTime() - started >= limit.toNanos()) {
            return ExitCodes.OK;
          }
        } catch (InterruptedException e) {
          return ExitCodes.OK; // stopped by the program that runs it
        }
      }
    }
  }
}
