package dev.tlsdoctor.report;

import dev.tlsdoctor.gate.Change;
import dev.tlsdoctor.gate.CheckResult;
import dev.tlsdoctor.gate.Verdict;
import java.util.Locale;

/**
 * The text of {@code tlsdoctor check}: per target, its failed rules and regressions first, then what passed and
 * improved, then one line of totals. Every value from a server, a configuration or a file is escaped.
 */
public final class CheckText {
  private CheckText() {
  }

  public static String render(CheckResult r) {
    StringBuilder b = new StringBuilder();
    for (CheckResult.Target t : r.targets()) {
      b.append(t.passed() ? "PASS " : "FAIL ").append(Safe.text(t.target())).append('\n');
      if (t.error() != null) {
        b.append("  could not be scanned: ").append(Safe.text(t.error())).append('\n');
      }
      for (String status : new String[] {Verdict.FAIL, Verdict.SKIPPED, Verdict.PASS}) {
        for (Verdict v : t.verdicts()) {
          if (v.status().equals(status)) {
            b.append(String.format(Locale.ROOT, "  %-7s %-20s %s%s%n", v.status(), v.rule() + (v.finding() == null
                ? "" : " " + Safe.text(v.finding())), Safe.text(v.message()), v.file() == null ? ""
                : " (" + Safe.text(v.file()) + ":" + v.line() + ")"));
          }
        }
      }
      if (Boolean.FALSE.equals(t.inBaseline())) {
        b.append("  baseline: not in the baseline; nothing to compare\n");
      }
      for (String kind : new String[] {Change.REGRESSION, Change.IMPROVEMENT, Change.CHANGE}) {
        for (Change c : t.changes()) {
          if (c.kind().equals(kind)) {
            b.append(String.format(Locale.ROOT, "  %-11s %-15s %s%n", c.kind(), c.aspect(), Safe.text(c.message())));
          }
        }
      }
    }
    CheckResult.Summary s = r.summary();
    b.append(String.format(Locale.ROOT, "%s: %d target(s)%s; rules: %d failed, %d passed, %d skipped%s%n",
        r.passed() ? "passed" : "FAILED", s.targets(), s.unscanned() > 0 ? ", " + s.unscanned() + " not scanned" : "",
        s.failed(), s.passed(), s.skipped(), r.baseline() == null ? "" : "; baseline: " + s.regressions()
            + " regression(s), " + s.improvements() + " improvement(s)"));
    return b.toString();
  }
}
