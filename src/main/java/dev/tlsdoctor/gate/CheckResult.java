package dev.tlsdoctor.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code tlsdoctor check}: also its JSON document, which a later run takes as {@code --baseline}.
 *
 * @param policy the policy file (null: none, only findings are judged)
 * @param baseline the baseline file (null: none)
 * @param passed no rule failed, no regression, every target scanned
 * @param summary the counts: targets, unscanned, rules passed, failed and skipped, regressions, improvements
 * @param targets each endpoint with what was observed, the verdicts and the changes
 */
public record CheckResult(String tlsdoctor, String checkedAt, String policy, String baseline, boolean passed,
    Summary summary, List<Target> targets) {

  /** The counts of a check. {@code missingFromBaseline}: targets the baseline does not have (not compared). */
  public record Summary(int targets, int unscanned, int passed, int failed, int skipped, int regressions,
      int improvements, int missingFromBaseline) {
  }

  /**
   * One endpoint.
   *
   * @param inBaseline whether the baseline had it (null: no baseline)
   */
  public record Target(String target, String error, boolean passed, Observed observed, List<Verdict> verdicts,
      Boolean inBaseline, List<Change> changes) {
  }

  /** Judges {@code observed} against {@code policy} and, when there is one, the {@code baseline}. */
  public static CheckResult of(String version, java.time.Instant now, GatePolicy policy, List<Observed> observed,
      String baselineName, List<Observed> baseline) {
    Map<String, Observed> before = new HashMap<>();
    if (baseline != null) {
      for (Observed b : baseline) {
        before.putIfAbsent(b.target(), b);
      }
    }
    List<Target> targets = new ArrayList<>();
    int unscanned = 0;
    int pass = 0;
    int fail = 0;
    int skip = 0;
    int regressions = 0;
    int improvements = 0;
    int missing = 0;
    for (Observed o : observed) {
      List<Verdict> verdicts = Verdicts.judge(policy, o);
      Observed b = before.get(o.target());
      List<Change> changes = b == null ? List.of() : Changes.between(b, o);
      if (baseline != null && b == null) {
        missing++;
      }
      boolean scanned = o.error() == null;
      if (!scanned) {
        unscanned++;
      }
      for (Verdict v : verdicts) {
        switch (v.status()) {
          case Verdict.PASS -> pass++;
          case Verdict.FAIL -> fail++;
          default -> skip++;
        }
      }
      Map<String, Integer> counts = Changes.count(changes);
      regressions += counts.get(Change.REGRESSION);
      improvements += counts.get(Change.IMPROVEMENT);
      boolean ok = scanned && verdicts.stream().noneMatch(Verdict::failed)
          && changes.stream().noneMatch(Change::regression);
      targets.add(new Target(o.target(), o.error(), ok, o, verdicts, baseline == null ? null : b != null, changes));
    }
    boolean passed = targets.stream().allMatch(Target::passed);
    return new CheckResult("tlsdoctor " + version, now.toString(), policy.file(), baselineName, passed,
        new Summary(targets.size(), unscanned, pass, fail, skip, regressions, improvements, missing),
        List.copyOf(targets));
  }

  /**
   * The exit code: 0 passed; 1 a rule failed or a regression; 3 nothing failed, but a target could not be scanned.
   */
  public int exitCode() {
    if (summary.failed() > 0 || summary.regressions() > 0) {
      return 1;
    }
    return summary.unscanned() > 0 ? 3 : 0;
  }
}
