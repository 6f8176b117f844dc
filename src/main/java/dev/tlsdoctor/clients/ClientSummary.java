package dev.tlsdoctor.clients;

import dev.tlsdoctor.scan.ServerProfile;
import java.util.List;
import java.util.Optional;

/**
 * The client section of {@code scan}: how many of the shipped client profiles connect to the scanned endpoint, and
 * each failing one with its class and reason ({@code tlsdoctor clients} shows the whole matrix).
 */
public record ClientSummary(int profiles, int connect, List<Failing> failing) {

  /** A client that cannot connect. */
  public record Failing(String id, String name, @com.fasterxml.jackson.annotation.JsonProperty("class") String clazz,
      String reason) {
  }

  /** The summary of a scan; empty when the scan has no TLS answer to simulate against. */
  public static Optional<ClientSummary> of(ServerProfile p) {
    return ScanOffer.of(p).map(o -> of(ClientSimulation.against(o)));
  }

  public static ClientSummary of(List<Verdict> verdicts) {
    List<Failing> f = verdicts.stream().filter(v -> !v.connects())
        .map(v -> new Failing(v.id(), v.name(), v.clazz(), v.reason())).toList();
    return new ClientSummary(verdicts.size(), verdicts.size() - f.size(), f);
  }
}
