package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything wrong in a {@link TlsPolicy}, errors first, then by file and line. */
public final class PolicyFindings {
  private PolicyFindings() {
  }

  /** Runs every check; {@code lines} gives the text the fixes change, {@code clock} the time certificates meet. */
  public static List<Finding> analyze(TlsPolicy policy, SourceLines lines, Clock clock) {
    return of(units(policy, lines, clock));
  }

  /**
   * Every check's findings as they come, one per server (or socket, or pass) before {@link #of} merges those of one
   * directive: what a change is judged on, since a merged finding's server names depend on every server that shares
   * its directive.
   */
  public static List<Finding> units(TlsPolicy policy, SourceLines lines, Clock clock) {
    Fix fix = new Fix(lines);
    // the certificate and upstream checks are a third to a half of the work; on a large configuration they run on
    // another thread (they read the policy and the text, which are safe to share, and write their own list)
    java.util.concurrent.FutureTask<List<Finding>> other = policy.servers().size() < PARALLEL_FROM ? null
        : dev.tlsdoctor.util.Futures.started("tlsdoctor-checks", () -> certificatesAndUpstreams(policy, fix, clock));
    List<Finding> out = new ArrayList<>();
    new StartupChecks(policy, fix, out).run();
    new ServerChecks(policy, fix, out).run();
    new ProfileChecks(policy, fix, out).run();
    new SessionChecks(policy, fix, out).run();
    out.addAll(other != null ? dev.tlsdoctor.util.Futures.join(other, "the checks ran")
        : certificatesAndUpstreams(policy, fix, clock));
    return out;
  }

  private static List<Finding> certificatesAndUpstreams(TlsPolicy policy, Fix fix, Clock clock) {
    List<Finding> out = new ArrayList<>();
    new CertificateChecks(policy, clock, out).run();
    new UpstreamChecks(policy, fix, clock, out).run();
    return out;
  }

  /** Servers from which the checks run on two threads (below, a thread costs more than it saves). */
  static final int PARALLEL_FROM = 500;

  /** {@link #units} as {@link #analyze} reports them: merged, errors first, then by file and line. */
  public static List<Finding> of(List<Finding> units) {
    List<Finding> merged = merge(units);
    merged.sort(Comparator.comparingInt(Finding::rank).thenComparing(Finding::file)
        .thenComparingInt(Finding::line).thenComparing(Finding::id));
    return List.copyOf(merged);
  }

  /**
   * One finding per problem: a directive inherited by several servers (an {@code ssl_ciphers} in {@code http {}})
   * gives the same finding for each; they become one with all their sockets and server names.
   */
  static List<Finding> merge(List<Finding> findings) {
    Map<List<Object>, Finding> first = new LinkedHashMap<>();
    Map<List<Object>, Set<String>> listens = new LinkedHashMap<>();
    Map<List<Object>, Set<String>> names = new LinkedHashMap<>();
    for (Finding f : findings) {
      List<Object> key = Arrays.asList(f.id(), f.file(), f.line(), f.message(), f.affected(), f.fix(),
          f.fixVerification());
      first.putIfAbsent(key, f);
      listens.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(f.listen());
      names.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(f.serverName());
    }
    List<Finding> out = new ArrayList<>();
    for (var e : first.entrySet()) {
      Finding f = e.getValue();
      out.add(new Finding(f.id(), f.severity(), f.file(), f.line(), List.copyOf(listens.get(e.getKey())),
          String.join(", ", names.get(e.getKey())), f.message(), f.affected(), f.fix(), f.fixVerified(),
          f.fixVerification()));
    }
    return out;
  }
}
