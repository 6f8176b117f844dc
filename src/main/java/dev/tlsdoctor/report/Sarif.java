package dev.tlsdoctor.report;

import dev.tlsdoctor.nginx.policy.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the input of code-scanning
 * tools: one run, one rule per finding id, one result per finding with its file and line.
 */
public final class Sarif {
  private Sarif() {
  }

  /** The SARIF document; {@code base} makes absolute file paths relative when they lie below it. */
  public static Map<String, Object> of(List<Finding> findings, String version, Path base) {
    Map<String, Object> rules = new LinkedHashMap<>();
    List<Object> results = new ArrayList<>();
    for (Finding f : findings) {
      rules.putIfAbsent(f.id(), ordered("id", f.id(), "shortDescription", Map.of("text", f.id())));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ruleId", f.id());
      result.put("level", level(f.severity()));
      result.put("message", Map.of("text", f.message() + (f.affected() == null ? "" : " Affects: " + f.affected())));
      if (f.file() != null) {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("startLine", Math.max(1, f.line()));
        result.put("locations", List.of(Map.of("physicalLocation", ordered(
            "artifactLocation", Map.of("uri", uri(f.file(), base)), "region", region))));
      }
      if (f.fix() != null) {
        result.put("properties", ordered("fix", f.fix(), "listen", f.listen(), "serverName",
            f.serverName() == null ? "" : f.serverName()));
      }
      results.add(result);
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "tlsdoctor");
    driver.put("version", version);
    driver.put("rules", List.copyOf(rules.values()));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", results);
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("version", "2.1.0");
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("runs", List.of(run));
    return log;
  }

  /**
   * A map of the given keys and values in that order: {@code Map.of} iterates in an order that changes from one JVM
   * to the next, and so did the keys of the SARIF log.
   */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** SARIF levels: error, warning, note. */
  static String level(String severity) {
    return switch (severity) {
      case Finding.ERROR -> "error";
      case Finding.WARNING -> "warning";
      default -> "note";
    };
  }

  private static String uri(String file, Path base) {
    Path p = Path.of(file);
    if (base != null && p.isAbsolute() && p.startsWith(base)) {
      return base.relativize(p).toString().replace('\\', '/');
    }
    return p.isAbsolute() ? p.toUri().toString() : file.replace('\\', '/');
  }
}
