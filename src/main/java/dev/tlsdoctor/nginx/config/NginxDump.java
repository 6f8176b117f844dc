package dev.tlsdoctor.nginx.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits the output of {@code nginx -T} into its files. For every file it parsed, once, in the order it first read
 * them, nginx writes {@code # configuration file PATH:} and LF, the file's bytes, and one more LF. Anything before
 * the first such line (nginx's "syntax is ok" lines, when stderr was captured too) is skipped.
 *
 * <p>A line of a file's own that reads exactly like a separator cannot be told apart from one, as in nginx's output.
 */
final class NginxDump {
  private static final byte[] HEADER = "# configuration file ".getBytes(StandardCharsets.US_ASCII);

  private NginxDump() {
  }

  /** File name to file bytes, main file first; empty when the text has no separator. */
  static Map<String, byte[]> split(byte[] dump) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    sections(dump).forEach((name, range) -> files.put(name, Arrays.copyOfRange(dump, range[0], range[1])));
    return files;
  }

  /**
   * File name to where the file's bytes lie in {@code dump} ({@code [from, to)}), main file first: what
   * {@link #split} copies, for a reader that copies one file at a time.
   */
  static Map<String, int[]> sections(byte[] dump) {
    Map<String, int[]> files = new LinkedHashMap<>();
    String name = null;
    int contentStart = 0;
    int lineStart = 0;
    while (lineStart < dump.length) {
      int lf = indexOf(dump, (byte) '\n', lineStart);
      int lineEnd = lf < 0 ? dump.length : lf;
      String header = header(dump, lineStart, lineEnd);
      if (header != null) {
        if (name != null) {
          files.putIfAbsent(name, content(dump, contentStart, lineStart));
        }
        name = header;
        contentStart = lf < 0 ? dump.length : lf + 1;
      }
      lineStart = lf < 0 ? dump.length : lf + 1;
    }
    if (name != null) {
      files.putIfAbsent(name, content(dump, contentStart, dump.length));
    }
    return files;
  }

  private static String header(byte[] b, int from, int to) {
    int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
    if (end - from <= HEADER.length + 1 || b[end - 1] != ':'
        || !Arrays.equals(b, from, from + HEADER.length, HEADER, 0, HEADER.length)) {
      return null;
    }
    return new String(b, from + HEADER.length, end - 1 - from - HEADER.length, StandardCharsets.UTF_8);
  }

  /** The section's range without the LF nginx adds after each file. */
  private static int[] content(byte[] b, int from, int to) {
    int end = to > from && b[to - 1] == '\n' ? to - 1 : to;
    return new int[] {from, end};
  }

  private static int indexOf(byte[] b, byte x, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
