package dev.tlsdoctor.clients;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The "affects" of {@code config} findings about protocols, suites and groups, from the client simulation instead of
 * a guessed list: which shipped client profiles fail because of the finding's directive, and (for groups) which need
 * a HelloRetryRequest.
 */
public final class FindingImpact {
  /** The findings whose directive decides which clients connect. */
  static final Set<String> SIMULATED = Set.of("groups-restrictive", "no-usable-cipher", "no-usable-protocol",
      "cipher-unavailable", "protocol-ignored-non-default-server", "tls13-setting-ignored-non-default-server",
      "default-server-policy-gap");

  private FindingImpact() {
  }

  /**
   * {@code findings} with the affects of {@link #SIMULATED} ones from the simulation (when it shows clients the
   * directive blocks, or for groups); the others unchanged.
   */
  public static List<Finding> apply(TlsPolicy policy, List<Finding> findings) {
    Map<String, List<Verdict>> cache = new HashMap<>();
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      out.add(SIMULATED.contains(f.id()) && !f.listen().isEmpty() ? simulated(policy, f, cache) : f);
    }
    return out;
  }

  private static Finding simulated(TlsPolicy policy, Finding f, Map<String, List<Verdict>> cache) {
    Optional<ListenSocket> socket = PolicyOffer.socket(policy, f.listen().get(0));
    if (socket.isEmpty() || !socket.get().ssl()) {
      return f;
    }
    String name = f.serverName() == null || f.serverName().isEmpty() ? null : f.serverName();
    List<Verdict> verdicts = cache.computeIfAbsent(socket.get().address() + " " + name,
        k -> ClientSimulation.against(PolicyOffer.of(policy, socket.get(), name)));
    String text = f.id().equals("groups-restrictive") ? groups(verdicts) : byDirective(f, verdicts);
    if (text == null) {
      return f;
    }
    return new Finding(f.id(), f.severity(), f.file(), f.line(), f.listen(), f.serverName(), f.message(), text,
        f.fix(), f.fixVerified(), f.fixVerification());
  }

  private static String groups(List<Verdict> verdicts) {
    List<Verdict> failing = verdicts.stream().filter(v -> "key-share-mismatch".equals(v.clazz())).toList();
    List<Verdict> retry = verdicts.stream().filter(v -> v.handshake().helloRetry()).toList();
    String n = " of " + verdicts.size() + " simulated client profiles";
    String head = failing.isEmpty() ? "no client fails on the groups (0" + n + ")"
        : failing.size() + n + " fail on the groups (key-share-mismatch): " + names(failing);
    return head + (retry.isEmpty() ? "" : "; " + retry.size() + " connect after a HelloRetryRequest (one more round"
        + " trip): " + names(retry));
  }

  private static String byDirective(Finding f, List<Verdict> verdicts) {
    List<Verdict> blocked = verdicts.stream().filter(v -> v.blockedBy() != null && f.file() != null
        && f.file().equals(v.blockedBy().file()) && f.line() == v.blockedBy().line()).toList();
    if (blocked.isEmpty()) {
      return null; // the directive blocks no profile: the finding's own words stand
    }
    List<String> named = blocked.stream().map(v -> v.name() + " (" + v.clazz() + ")").toList();
    return blocked.size() + " of " + verdicts.size() + " simulated client profiles fail because of this directive: "
        + (named.size() <= 8 ? String.join(", ", named) : String.join(", ", named.subList(0, 8)) + " and "
            + (named.size() - 8) + " more (tlsdoctor clients --config lists each with its reason)");
  }

  private static String names(List<Verdict> l) {
    List<String> n = l.stream().map(Verdict::name).toList();
    return n.size() <= 8 ? String.join(", ", n) : String.join(", ", n.subList(0, 8)) + " and " + (n.size() - 8)
        + " more";
  }
}
