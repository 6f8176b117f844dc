package dev.tlsdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main source tree depend on each other without a cycle: renderers sit in {@code report} above
 * the packages whose results they render, never below them. A dependency is an import or a fully qualified name in
 * code (comments and string literals are left out).
 */
class PackageCyclesTest {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  /** {@code dev.tlsdoctor.scan.ServerProfile}, {@code import static dev.tlsdoctor.report.Safe.text}: the package. */
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.tlsdoctor(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");

  @Test
  void mainSources_noPackageCycle() throws IOException {
    Map<String, Map<String, String>> graph = graph(Path.of("src/main/java"));
    assertThat(graph).containsKeys("dev.tlsdoctor.logs", "dev.tlsdoctor.report", "dev.tlsdoctor.finding");
    assertThat(cycles(graph)).as("package cycles (each edge with a file that makes it)").isEmpty();
  }

  @Test
  void cycles_logsAndReportImportingEachOther_listed() {
    Map<String, Map<String, String>> g = new TreeMap<>();
    g.put("logs", new TreeMap<>(Map.of("report", "LogReport.java", "kb", "LogScanner.java")));
    g.put("report", new TreeMap<>(Map.of("logs", "LogText.java")));
    g.put("kb", new TreeMap<>());
    g.put("a", new TreeMap<>(Map.of("b", "A.java")));
    g.put("b", new TreeMap<>(Map.of("c", "B.java")));
    g.put("c", new TreeMap<>(Map.of("a", "C.java")));
    assertThat(cycles(g)).containsExactly("a -> b (A.java) -> c (B.java) -> a (C.java)",
        "logs -> report (LogReport.java) -> logs (LogText.java)");
  }

  @Test
  void references_commentsAndStringsLeftOut() {
    String code = """
        package dev.tlsdoctor.logs;
        import dev.tlsdoctor.kb.FailureClass;
        /** See {@link dev.tlsdoctor.report.LogText}. */
        class X { // dev.tlsdoctor.cli.Main
          String s = "dev.tlsdoctor.scan.Scanner";
          Object o = dev.tlsdoctor.util.BoundedRead.class;
        }
        """;
    assertThat(references(code)).containsExactly("dev.tlsdoctor.kb", "dev.tlsdoctor.util");
  }

  /** Package to the packages it uses, each with the first file (by name) that uses it. */
  static Map<String, Map<String, String>> graph(Path root) throws IOException {
    Map<String, Map<String, String>> g = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      String text = Files.readString(f);
      Matcher m = PACKAGE.matcher(text);
      if (!m.find()) {
        continue;
      }
      String pkg = m.group(1);
      Map<String, String> uses = g.computeIfAbsent(pkg, k -> new TreeMap<>());
      for (String used : references(text)) {
        if (!used.equals(pkg)) {
          uses.putIfAbsent(used, f.getFileName().toString());
        }
      }
    }
    return g;
  }

  /** The packages {@code source} refers to, outside comments and literals, in order of first use. */
  static List<String> references(String source) {
    Matcher m = REFERENCE.matcher(code(source));
    TreeSet<String> seen = new TreeSet<>();
    List<String> out = new ArrayList<>();
    while (m.find()) {
      if (seen.add(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** {@code source} with comments, string and character literals blanked (text blocks included). */
  static String code(String source) {
    StringBuilder b = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = end(source, source.indexOf('\n', i), n);
      } else if (source.startsWith("/*", i)) {
        i = end(source, source.indexOf("*/", i + 2), n - 2) + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        i = end(source, source.indexOf("\"\"\"", i + 3), n - 3) + 3;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
      } else {
        b.append(c);
        i++;
        continue;
      }
      b.append(' ');
    }
    return b.toString();
  }

  private static int end(String s, int found, int last) {
    return found < 0 ? Math.max(last, 0) : found;
  }

  /**
   * One cycle per strongly connected component of more than one package (Tarjan), written
   * {@code a -> b (A.java) -> a (B.java)}: each edge with a file that makes it. Sorted.
   */
  static List<String> cycles(Map<String, Map<String, String>> g) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> components = new ArrayList<>();
    for (String v : g.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, g, index, low, stack, components);
      }
    }
    List<String> out = new ArrayList<>();
    for (List<String> c : components) {
      if (c.size() > 1) {
        out.add(describe(cycleThrough(c.stream().sorted().findFirst().orElseThrow(), new TreeSet<>(c), g), g));
      }
    }
    out.sort(null);
    return out;
  }

  private static void connect(String v, Map<String, Map<String, String>> g, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, List<List<String>> components) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : g.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, g, index, low, stack, components);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> c = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        c.add(w);
      } while (!w.equals(v));
      components.add(c);
    }
  }

  /** The shortest path from {@code start} back to itself inside {@code component} (breadth first). */
  private static List<String> cycleThrough(String start, TreeSet<String> component,
      Map<String, Map<String, String>> g) {
    Map<String, String> parent = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String v = queue.poll();
      for (String w : g.getOrDefault(v, Map.of()).keySet()) {
        if (w.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String x = v; !x.equals(start); x = parent.get(x)) {
            path.add(1, x);
          }
          path.add(start);
          return path;
        }
        if (component.contains(w) && !parent.containsKey(w)) {
          parent.put(w, v);
          queue.add(w);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }

  private static String describe(List<String> path, Map<String, Map<String, String>> g) {
    StringBuilder b = new StringBuilder(path.get(0));
    for (int i = 1; i < path.size(); i++) {
      b.append(" -> ").append(path.get(i)).append(" (").append(g.get(path.get(i - 1)).get(path.get(i))).append(')');
    }
    return b.toString();
  }
}
