package dev.tlsdoctor.nginx.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a unified diff of one file — the form tlsdoctor's fixes take: {@code --- a/FILE}, {@code +++ b/FILE}, then
 * hunks {@code @@ -L,n +L,m @@} of context ({@code ' '}), removed ({@code -}) and added ({@code +}) lines — to the
 * file's lines. Strict: a context or removed line that differs from the file is an error, never a guess.
 */
public final class Patch {
  private static final Pattern HUNK = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

  private Patch() {
  }

  /**
   * Where each line of a file of {@code size} lines stands after {@code diff} (which {@link #apply} accepted): the
   * 1-based line number after the change, or -1 for a line the diff removes; index 0 is unused.
   */
  public static int[] lineMap(int size, String diff) {
    int[] map = new int[size + 1];
    int next = 0; // the next original line (0-based) not yet mapped
    int shift = 0; // new line number minus old one, so far
    String[] d = diff.split("\n", -1);
    for (int i = 0; i < d.length; i++) {
      Matcher m = HUNK.matcher(d[i]);
      if (!m.matches()) {
        continue;
      }
      int start = Math.min(Integer.parseInt(m.group(1)) - 1, size);
      for (; next < start; next++) {
        map[next + 1] = next + 1 + shift;
      }
      for (i = i + 1; i < d.length && !d[i].startsWith("@@"); i++) {
        String l = d[i];
        if (l.isEmpty() && i == d.length - 1) {
          break;
        }
        char op = l.isEmpty() ? ' ' : l.charAt(0);
        if (op == '+') {
          shift++;
        } else if (next < size) {
          map[next + 1] = op == '-' ? -1 : next + 1 + shift;
          shift -= op == '-' ? 1 : 0;
          next++;
        }
      }
      i--;
    }
    for (; next < size; next++) {
      map[next + 1] = next + 1 + shift;
    }
    return map;
  }

  /** The lines of the file after {@code diff}; throws {@link IllegalArgumentException} naming the mismatch. */
  public static List<String> apply(List<String> lines, String diff) {
    List<String> out = new ArrayList<>();
    int next = 0; // the next line of the original not yet copied (0-based)
    String[] d = diff.split("\n", -1);
    for (int i = 0; i < d.length; i++) {
      Matcher m = HUNK.matcher(d[i]);
      if (!m.matches()) {
        continue;
      }
      int start = Integer.parseInt(m.group(1)) - 1;
      if (start < next || start > lines.size()) {
        throw new IllegalArgumentException("hunk at line " + (start + 1) + " is outside the file or overlaps");
      }
      out.addAll(lines.subList(next, start));
      next = start;
      for (i = i + 1; i < d.length && !d[i].startsWith("@@"); i++) {
        String l = d[i];
        if (l.isEmpty() && i == d.length - 1) {
          break; // the diff's final newline
        }
        char op = l.isEmpty() ? ' ' : l.charAt(0);
        String text = l.isEmpty() ? "" : l.substring(1);
        switch (op) {
          case ' ', '-' -> {
            if (next >= lines.size() || !lines.get(next).equals(text)) {
              throw new IllegalArgumentException("line " + (next + 1) + " is not \"" + text + "\"");
            }
            if (op == ' ') {
              out.add(text);
            }
            next++;
          }
          case '+' -> out.add(text);
          default -> throw new IllegalArgumentException("unexpected diff line \"" + l + "\"");
        }
      }
      i--;
    }
    out.addAll(lines.subList(next, lines.size()));
    return out;
  }
}
