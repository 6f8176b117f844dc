package dev.tlsdoctor.nginx.policy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Everything wrong in a {@link TlsPolicy}, errors first, then by file and line. */
public final class PolicyFindings {
  private PolicyFindings() {
  }

  /** Runs every check; {@code lines} gives the text the fixes change, {@code clock} the time certificates meet. */
  public static List<Finding> analyze(TlsPolicy policy, SourceLines lines, Clock clock) {
    List<Finding> out = new ArrayList<>();
    Fix fix = new Fix(lines);
    new ServerChecks(policy, fix, out).run();
    new ProfileChecks(policy, fix, out).run();
    new CertificateChecks(policy, clock, out).run();
    new UpstreamChecks(policy, fix, out).run();
    out.sort(Comparator.comparingInt(Finding::rank).thenComparing(Finding::file).thenComparingInt(Finding::line)
        .thenComparing(Finding::id));
    return List.copyOf(out);
  }
}
