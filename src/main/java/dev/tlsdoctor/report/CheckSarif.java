package dev.tlsdoctor.report;

import dev.tlsdoctor.gate.Change;
import dev.tlsdoctor.gate.CheckResult;
import dev.tlsdoctor.gate.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failures of {@code tlsdoctor check} as a SARIF 2.1.0 log: one result (level error) per failed rule and per
 * regression. Rule ids are {@code policy/KEY} ({@code policy/minProtocol}), {@code finding/ID} and
 * {@code regression/ASPECT}. A result is located at the configuration line of a configuration's finding, else at
 * the policy key's line, else (a regression) at the baseline file; the endpoint is its logical location.
 */
public final class CheckSarif {
  private CheckSarif() {
  }

  public static Map<String, Object> of(CheckResult r, String version, Path base) {
    Map<String, Object> rules = new LinkedHashMap<>();
    List<Object> results = new ArrayList<>();
    for (CheckResult.Target t : r.targets()) {
      if (t.error() != null) {
        results.add(result(rules, "scan/unreachable", "could not be scanned: " + t.error(), t.target(), null, 0,
            base));
      }
      for (Verdict v : t.verdicts()) {
        if (!v.failed()) {
          continue;
        }
        String id = v.finding() != null ? "finding/" + v.finding() : "policy/" + v.rule();
        String file = v.file() != null ? v.file() : r.policy();
        int line = v.file() != null ? v.line() : v.policyLine();
        results.add(result(rules, id, v.message(), t.target(), file, line, base));
      }
      for (Change c : t.changes()) {
        if (c.regression()) {
          results.add(result(rules, "regression/" + c.aspect(), "regression: " + c.message(), t.target(),
              r.baseline(), 1, base));
        }
      }
    }
    return Sarif.log(version, List.copyOf(rules.values()), results);
  }

  private static Map<String, Object> result(Map<String, Object> rules, String id, String message, String target,
      String file, int line, Path base) {
    rules.putIfAbsent(id, Sarif.ordered("id", id, "shortDescription", Map.of("text", id)));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ruleId", id);
    result.put("level", "error");
    result.put("message", Map.of("text", message + " [" + target + "]"));
    Map<String, Object> location = new LinkedHashMap<>();
    if (file != null && !file.equals("-")) {
      location.put("physicalLocation", Sarif.ordered("artifactLocation", Map.of("uri", Sarif.uri(file, base)),
          "region", Map.of("startLine", Math.max(1, line))));
    }
    location.put("logicalLocations", List.of(Sarif.ordered("name", target, "kind", "resource")));
    result.put("locations", List.of(location));
    return result;
  }
}
