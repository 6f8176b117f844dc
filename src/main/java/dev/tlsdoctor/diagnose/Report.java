package dev.tlsdoctor.diagnose;

import java.util.List;

/**
 * What {@code tlsdoctor diagnose} found: ranked diagnoses (failures the logs show), latent problems (the
 * configuration shows them, the logs not yet), probe traffic set apart, and the inputs read. Also the JSON document.
 */
public record Report(List<Diagnosis> diagnoses, List<Diagnosis> latent, List<ProbeTraffic> probeTraffic,
    Inputs inputs) {

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
   * backend when it is a server of this configuration, the clients with the most events.
   */
  public record Affected(long logEvents, long backendEvents, List<ClientCount> clients) {
  }

  public record ClientCount(String ip, long count) {
  }

  /** {@code kind}: log, config or scan; {@code at}: file:line when known. */
  public record Evidence(String kind, String at, String text) {
  }

  /** An address whose events look like a scanner's (four or more failure classes within 10 s), set apart. */
  public record ProbeTraffic(String client, long events) {
  }

  /** What was read: log files, lines, TLS events, the configuration and the nginx version it was judged for. */
  public record Inputs(List<String> logs, long lines, long tlsEvents, String config, String nginxVersion,
      List<String> errors) {
  }
}
