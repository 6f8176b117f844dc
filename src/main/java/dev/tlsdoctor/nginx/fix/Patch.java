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

  /**
   * One diff that makes all of {@code diffs} (each of the same file, as {@link #apply} takes them) at once: their
   * hunks in the order of the lines they start at, under the first one's file header. Throws {@link
   * IllegalArgumentException} when two hunks reach the same line of the original (context included): such changes
   * cannot be made together without a guess.
   */
  public static String merge(List<String> diffs) {
    record Hunk(int start, int length, List<String> text) {
    }
    List<Hunk> hunks = new ArrayList<>();
    List<String> header = null;
    for (String diff : diffs) {
      String[] d = diff.split("\n", -1);
      List<String> head = new ArrayList<>();
      Hunk open = null;
      for (int i = 0; i < d.length; i++) {
        String l = d[i];
        Matcher m = HUNK.matcher(l);
        if (m.matches()) {
          int length = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
          open = new Hunk(Integer.parseInt(m.group(1)), length, new ArrayList<>(List.of(l)));
          hunks.add(open);
        } else if (open == null) {
          head.add(l);
        } else if (!(l.isEmpty() && i == d.length - 1)) {
          open.text().add(l);
        }
      }
      if (header == null) {
        header = head;
      }
    }
    hunks.sort(java.util.Comparator.comparingInt(Hunk::start));
    StringBuilder out = new StringBuilder();
    for (String h : header == null ? List.<String>of() : header) {
      out.append(h).append('\n');
    }
    int end = 0; // the first original line (1-based) after the last hunk so far
    for (Hunk h : hunks) {
      if (h.start() < end) {
        throw new IllegalArgumentException("two changes reach line " + h.start());
      }
      end = h.start() + Math.max(h.length(), 1);
      h.text().forEach(l -> out.append(l).append('\n'));
    }
    return out.toString();
  }

  /**
   * The lines of the original each hunk of {@code diff} reaches, context included: {first, end} pairs (1-based, end
   * excluded; an insertion without context reaches one line), for telling whether changes can be {@link #merge}d.
   */
  public static List<int[]> reach(String diff) {
    List<int[]> out = new ArrayList<>();
    for (String l : diff.split("\n", -1)) {
      Matcher m = HUNK.matcher(l);
      if (m.matches()) {
        int start = Integer.parseInt(m.group(1));
        int length = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        out.add(new int[] {start, start + Math.max(length, 1)});
      }
    }
    return out;
  }
}
