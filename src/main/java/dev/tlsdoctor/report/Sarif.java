package dev.tlsdoctor.report;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
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
    return log(version, List.copyOf(rules.values()), results);
  }

  /**
   * The diagnoses of {@code diagnose} as a SARIF log: one result per diagnosis (level error: handshakes fail now)
   * and per latent problem (warning), located at the directive to change, else at the log line that shows it; rule
   * ids are the taxonomy's classes (latent: the finding ids).
   */
  public static Map<String, Object> ofDiagnoses(dev.tlsdoctor.diagnose.Report report, String version, Path base) {
    Map<String, Object> rules = new LinkedHashMap<>();
    List<Object> results = new ArrayList<>();
    for (var d : report.diagnoses()) {
      results.add(diagnosis(d, "error", rules, base));
    }
    for (var d : report.latent()) {
      results.add(diagnosis(d, "warning", rules, base));
    }
    return log(version, List.copyOf(rules.values()), results);
  }

  private static Map<String, Object> diagnosis(dev.tlsdoctor.diagnose.Report.Diagnosis d, String level,
      Map<String, Object> rules, Path base) {
    rules.putIfAbsent(d.failureClass(), ordered("id", d.failureClass(), "shortDescription",
        Map.of("text", d.failureClass())));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ruleId", d.failureClass());
    result.put("level", level);
    result.put("message", Map.of("text", d.cause() + " (" + d.affected().logEvents() + " log event(s); fix in "
        + d.fixWhere() + ")"));
    String file = null;
    int line = 1;
    if (d.causeAt() != null) {
      file = d.causeAt().file();
      line = d.causeAt().line();
    } else {
      for (var e : d.evidence()) {
        // a scan's "at" is the endpoint (host:port), not a file and line
        if (e.at() != null && !e.kind().equals("scan") && e.at().matches(".+:\\d+")) {
          file = e.at().substring(0, e.at().lastIndexOf(':'));
          line = Integer.parseInt(e.at().substring(e.at().lastIndexOf(':') + 1));
          break;
        }
      }
    }
    if (file != null) {
      Map<String, Object> physical = new LinkedHashMap<>();
      physical.put("artifactLocation", Map.of("uri", uri(file, base)));
      physical.put("region", Map.of("startLine", Math.max(1, line)));
      result.put("locations", List.of(Map.of("physicalLocation", physical)));
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("direction", d.direction());
    properties.put("listen", d.listen() == null ? "" : d.listen());
    properties.put("fixWhere", d.fixWhere());
    if (d.fix().diff() != null) {
      properties.put("fix", d.fix().diff());
    }
    result.put("properties", properties);
    return result;
  }

  /** A SARIF log of one run of tlsdoctor {@code version} with these rules and results. */
  static Map<String, Object> log(String version, List<Object> rules, List<Object> results) {
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "tlsdoctor");
    driver.put("version", version);
    driver.put("rules", rules);
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
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** The SARIF level of a severity: error, warning, note (info). */
  static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }

  static String uri(String file, Path base) {
    Path p = Path.of(file);
    if (base != null && p.isAbsolute() && p.startsWith(base)) {
      return base.relativize(p).toString().replace('\\', '/');
    }
    return p.isAbsolute() ? p.toUri().toString() : file.replace('\\', '/');
  }
}
