package dev.tlsdoctor.diagnose;

import dev.tlsdoctor.logs.ProbeTraffic;
import java.util.List;
import java.util.Map;

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

    Diagnosis withSimulatedClients(List<SimulatedClient> sim) {
      return new Diagnosis(rank, failureClass, direction, listen, serverName, cause, causeAt, fixWhere, fix,
          new Affected(affected.logEvents(), affected.backendEvents(), affected.clients(), sim), evidence, deadEnds,
          verify);
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
   * profiles that cannot connect there for a reason that is the diagnosis's class or explains it
   * ({@code simulatedClients}: null when no simulation was run — an upstream failure, whose client is nginx, or a
   * socket neither the configuration nor a scan describes; empty when no profile fails that way) and how many
   * profiles were simulated ({@code simulatedProfiles}).
   */
  public record Affected(long logEvents, long backendEvents, List<ClientCount> clients,
      List<SimulatedClient> simulatedClients, Integer simulatedProfiles) {
    public Affected(long logEvents, long backendEvents, List<ClientCount> clients) {
      this(logEvents, backendEvents, clients, null, null);
    }

    public Affected(long logEvents, long backendEvents, List<ClientCount> clients,
        List<SimulatedClient> simulatedClients) {
      this(logEvents, backendEvents, clients, simulatedClients, simulatedClients == null ? null
          : dev.tlsdoctor.clients.ClientDatabase.all().size());
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
   * endpoints scanned ({@code --target}, {@code --scan-listens}) and, of those, each socket whose scan is that of
   * another with the same servers, which it was confirmed to answer as ({@link Scans#sameServers}; left out of the
   * JSON when there is none), the problems met.
   */
  public record Inputs(List<String> logs, long lines, long tlsEvents, String config, String nginxVersion,
      List<String> scanned,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
      Map<String, String> scannedAs, List<String> errors) {
    public Inputs {
      scannedAs = scannedAs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(
          scannedAs));
    }

    public Inputs(List<String> logs, long lines, long tlsEvents, String config, String nginxVersion,
        List<String> scanned, List<String> errors) {
      this(logs, lines, tlsEvents, config, nginxVersion, scanned, Map.of(), errors);
    }
  }
}
