package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The text of the configuration files by line, for the {@code -} side of a fix: from the disk or an nginx -T dump. */
public final class SourceLines {
  private static final String DUMP_HEADER = "# configuration file ";
  private final Map<String, List<String>> files = new HashMap<>();
  private final boolean disk;

  private SourceLines(boolean disk) {
    this.disk = disk;
  }

  /** Lines read from the files themselves, when asked for. */
  public static SourceLines fromDisk() {
    return new SourceLines(true);
  }

  /** Lines of the files in the output of {@code nginx -T} ({@code # configuration file PATH:} then the file). */
  public static SourceLines fromDump(byte[] dump) {
    SourceLines s = new SourceLines(false);
    String text = new String(dump, StandardCharsets.UTF_8);
    String file = null;
    List<String> lines = null;
    for (String l : text.split("\n", -1)) {
      if (l.startsWith(DUMP_HEADER) && l.endsWith(":")) {
        file = l.substring(DUMP_HEADER.length(), l.length() - 1);
        lines = new java.util.ArrayList<>();
        s.files.putIfAbsent(file, lines);
      } else if (lines != null) {
        lines.add(l);
      }
    }
    return s;
  }

  /** Line {@code line} (1-based) of {@code file}, without its end. */
  public Optional<String> line(String file, int line) {
    List<String> lines = files.computeIfAbsent(file, this::read);
    return line >= 1 && line <= lines.size() ? Optional.of(lines.get(line - 1)) : Optional.empty();
  }

  /** Every line of {@code file} (empty when its text is unknown). */
  public List<String> lines(String file) {
    return files.computeIfAbsent(file, this::read);
  }

  private List<String> read(String file) {
    if (!disk) {
      return List.of();
    }
    try {
      byte[] bytes = BoundedRead.file(Path.of(file), BoundedRead.Limit.CONFIG);
      return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
