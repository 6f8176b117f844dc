package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-world corpora under {@code src/test/resources/corpus/}: messages and log lines as people posted them in
 * public issue threads, each with the failure class and direction decided from the thread's resolution and its
 * source address. Columns: text, class, direction, source (tab-separated, one header line).
 */
public final class Corpus {
  private Corpus() {
  }

  /** One labelled message. {@code direction} is nginx's direction for log lines, the holder's role otherwise. */
  public record Row(int line, String text, String failureClass, String direction, String source) {
    @Override
    public String toString() {
      return "line " + line + " [" + failureClass + "/" + direction + "] " + text;
    }
  }

  public static List<Row> load(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no corpus " + name);
      }
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      List<Row> rows = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        if (lines[i].isEmpty()) {
          continue;
        }
        String[] f = lines[i].split("\t", -1);
        if (f.length != 4) {
          throw new IllegalStateException(name + ":" + (i + 1) + ": " + f.length + " columns");
        }
        rows.add(new Row(i + 1, f[0], f[1], f[2], f[3]));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A percentage with one decimal. */
  public static String percent(long n, long of) {
    return of == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * n / of);
  }
}
