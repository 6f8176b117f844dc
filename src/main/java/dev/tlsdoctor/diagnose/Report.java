package dev.tlsdoctor.diagnose;

import dev.tlsdoctor.logs.ProbeTraffic;
import java.util.List;

/**
 * What {@code tlsdoctor diagnose} found: ranked diagnoses (failures the logs show), latent problems (the
 * configuration shows them, the logs not yet), probe traffic set apart, and the inputs read. Also the JSON document.
 */
public record Report(List<Diagnosis> diagnoses, List<Diagnosis> latent, List<ProbeTraffic.Probe> probeTraffic,
    Timeline timeline, Inputs inputs) {

  /**
   * Failures over time, per class and direction (probe traffic left out): {@code buckets} counts of
   * {@code bucketMinutes} each from {@code start} (nginx's local time); null when no event had a time.
   */
  public record Timeline(String start, int bucketMinutes, int buckets, List<Series> series) {
  }

  /** One class's counts per bucket. */
  public record Series(@com.fasterxml.jackson.annotation.JsonProperty("class") String failureClass,
      String direction, long total, long[] counts) {
  }

  /**
   * One root cause.
   *
   * @param failureClass the taxonomy id ({@code "class"} in JSON)
   * @param direction {@code client} (nginx was the server) or {@code upstream} (nginx was the client)
   * @param listen the listen socket concerned (for upstream failures, the front server's)
   * @param serverName the server that answers there without SNI, or the front server of the pass
   * @param cause the cause in one sentence
   * @param causeAt the directive to change, when the fix is in this nginx
   * @param fixWhere {@code nginx}, {@code client}, {@code caller}, {@code upstream-server} or {@code network}
   */
  public record Diagnosis(int rank, @com.fasterxml.jackson.annotation.JsonProperty("class") String failureClass,
      String direction, String listen, String serverName, String cause, CauseAt causeAt, String fixWhere, Fix fix,
      Affected affected, List<Evidence> evidence, List<String> deadEnds, List<String> verify) {

    Diagnosis withRank(int r) {
      return new Diagnosis(r, failureClass, direction, listen, serverName, cause, causeAt, fixWhere, fix, affected,
          evidence, deadEnds, verify);
    }

    Diagnosis withEvidence(List<Evidence> more) {
      List<Evidence> all = new java.util.ArrayList<>(evidence);
      all.addAll(more);
      return new Diagnosis(rank, failureClass, direction, listen, serverName, cause, causeAt, fixWhere, fix,
          affected, List.copyOf(all), deadEnds, verify);
    }
  }

  /** Where the cause is written: {@code file:line} and the directive (finding id). */
  public record CauseAt(String file, int line, String directive) {
  }

  /**
   * The change: {@code diff} only when it was verified on a copy; otherwise {@code verification} says what to do
   * or why no diff is offered.
   */
  public record Fix(String diff, Boolean verified, String verification) {
  }

  /**
   * Who is hurt: {@code logEvents} lines (on this side), {@code backendEvents} the same failure logged by the
   * backend when it is a server of this configuration, the clients with the most events, and the simulated client
   * families with their verdicts ({@code simulatedClients}: null when no simulation was run).
   */
  public record Affected(long logEvents, long backendEvents, List<ClientCount> clients,
      List<SimulatedClient> simulatedClients) {
    public Affected(long logEvents, long backendEvents, List<ClientCount> clients) {
      this(logEvents, backendEvents, clients, null);
    }
  }

  /**
   * One simulated client against the place diagnosed: whether it connects and, when not, its failure class and why.
   */
  public record SimulatedClient(String id, String name, String version, boolean connects,
      @com.fasterxml.jackson.annotation.JsonProperty("class") String failureClass, String reason) {
  }

  public record ClientCount(String ip, long count) {
  }

  /** {@code kind}: log, config, scan or clients; {@code at}: file:line, or the scanned endpoint. */
  public record Evidence(String kind, String at, String text) {
  }

  /**
   * What was read: log files, lines, TLS events, the configuration and the nginx version it was judged for, the
   * endpoints scanned ({@code --target}, {@code --scan-listens}), the problems met.
   */
  public record Inputs(List<String> logs, long lines, long tlsEvents, String config, String nginxVersion,
      List<String> scanned, List<String> errors) {
  }
}
