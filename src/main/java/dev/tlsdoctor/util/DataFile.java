package dev.tlsdoctor.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A tab-separated data file shipped as a class-path resource (cipher suites, OpenSSL reasons, ...): blank lines and
 * lines starting with {@code #} are comments; every other line is a row.
 */
public final class DataFile {
  private DataFile() {
  }

  /** One row: its text and 1-based line number (for messages that name the place). */
  public record Row(String text, int number) {
    /** The tab-separated fields, empty trailing fields kept. */
    public String[] fields() {
      return text.split("\t", -1);
    }
  }

  /** Every row of the resource, parsed; a missing resource or a read error is a packaging bug and throws. */
  public static <T> List<T> rows(Class<?> owner, String resource, Function<Row, T> parse) {
    InputStream in = owner.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing resource " + resource);
    }
    List<T> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(parse.apply(new Row(line, n)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
