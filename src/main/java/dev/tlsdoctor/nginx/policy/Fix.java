package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import java.util.List;

/**
 * Builds a fix as a one-hunk unified diff ({@code --- a/FILE}, {@code +++ b/FILE}, {@code @@ -L,n +L,m @@}) that
 * touches only the directive concerned: other directives on the same line stay as they are.
 */
final class Fix {
  private final SourceLines lines;

  Fix(SourceLines lines) {
    this.lines = lines;
  }

  /** Replaces directive {@code d} (name to {@code ;}) by {@code text}; null when its line is not known. */
  String replace(Directive d, String text) {
    return lines.line(d.file(), d.line()).map(old -> {
      int start = d.col() - 1;
      int end = end(old, start, ';');
      if (start < 0 || start > old.length() || end < 0) {
        return null;
      }
      return oneLine(d, old, old.substring(0, start) + text + old.substring(end + 1));
    }).orElse(null);
  }

  /**
   * Adds {@code text} after {@code anchor}: for a block directive, first in the block; for a simple one, right after
   * it. Each on a line of its own with the indentation of the lines around it, when the anchor ends its line; on the
   * anchor's line otherwise (a block written on one line).
   */
  String insertAfter(Directive anchor, String... text) {
    return lines.line(anchor.file(), anchor.line()).map(old -> {
      int start = anchor.col() - 1;
      int end = end(old, start, anchor.isBlock() ? '{' : ';');
      if (start < 0 || start > old.length() || end < 0) {
        return null;
      }
      if (old.substring(end + 1).isBlank()) {
        // one directive per line, as nginx users write them: inside the block, or beside the anchor
        String ind = anchor.isBlock() ? childIndent(anchor, old) : indent(old);
        String eol = old.endsWith("\r") ? "\r" : ""; // a CRLF file's added lines end as its others
        StringBuilder b = new StringBuilder(header(anchor.file()));
        b.append("@@ -").append(anchor.line()).append(",1 +").append(anchor.line()).append(',')
            .append(1 + text.length).append(" @@\n");
        b.append(' ').append(old).append('\n');
        for (String t : text) {
          b.append('+').append(ind).append(t).append(eol).append('\n');
        }
        return b.toString();
      }
      return oneLine(anchor, old, old.substring(0, end + 1) + " " + String.join(" ", text)
          + old.substring(end + 1));
    }).orElse(null);
  }

  /** One change of a fix that touches several directives of one file (see {@link #edits}). */
  record Edit(Directive at, Kind kind, List<String> text) {
    enum Kind { REMOVE, APPEND_PARAMETER, REPLACE, INSERT_AFTER }

    /** Removes {@code d} (name to {@code ;}); its line goes when nothing else is left on it. */
    static Edit remove(Directive d) {
      return new Edit(d, Kind.REMOVE, List.of());
    }

    /** Adds {@code parameter} as the last parameter of {@code d} ({@code listen 443;} to {@code listen 443 ssl;}). */
    static Edit appendParameter(Directive d, String parameter) {
      return new Edit(d, Kind.APPEND_PARAMETER, List.of(parameter));
    }

    /** Replaces {@code d} by {@code text}. */
    static Edit replace(Directive d, String text) {
      return new Edit(d, Kind.REPLACE, List.of(text));
    }

    /** Adds {@code text} after {@code anchor}, as {@link Fix#insertAfter} does. */
    static Edit insertAfter(Directive anchor, String... text) {
      return new Edit(anchor, Kind.INSERT_AFTER, List.of(text));
    }
  }

  /**
   * Several changes of one file as one diff, a hunk per line changed, in line order; null when they concern more
   * than one file, a line is not known, or a directive does not end on its line.
   */
  String edits(List<Edit> edits) {
    if (edits.isEmpty() || edits.stream().map(e -> e.at().file()).distinct().count() != 1) {
      return null;
    }
    String file = edits.get(0).at().file();
    java.util.TreeMap<Integer, List<Edit>> byLine = new java.util.TreeMap<>();
    for (Edit e : edits) {
      byLine.computeIfAbsent(e.at().line(), k -> new java.util.ArrayList<>()).add(e);
    }
    StringBuilder diff = new StringBuilder(header(file));
    int delta = 0;
    for (var entry : byLine.entrySet()) {
      int line = entry.getKey();
      String old = lines.line(file, line).orElse(null);
      if (old == null) {
        return null;
      }
      List<String> now = apply(old, entry.getValue(), this::childIndent);
      if (now == null) {
        return null;
      }
      boolean kept = !now.isEmpty() && now.get(0).equals(old);
      int count = now.size();
      diff.append("@@ -").append(line).append(",1 +").append(count == 0 ? line + delta - 1 : line + delta)
          .append(',').append(count).append(" @@\n");
      if (kept) {
        diff.append(' ').append(old).append('\n');
      } else {
        diff.append('-').append(old).append('\n');
      }
      for (int i = kept ? 1 : 0; i < now.size(); i++) {
        diff.append('+').append(now.get(i)).append('\n');
      }
      delta += count - 1;
    }
    return diff.toString();
  }

  /** The lines that replace {@code old} after {@code edits} (all on it): none when it is left blank. */
  private static List<String> apply(String old, List<Edit> edits,
                                    java.util.function.BiFunction<Directive, String, String> childIndent) {
    record Span(int start, int end, String text) {
    }
    List<Span> spans = new java.util.ArrayList<>();
    List<String> after = new java.util.ArrayList<>();
    boolean removed = false;
    for (Edit e : edits) {
      Directive d = e.at();
      int start = d.col() - 1;
      int end = end(old, start, e.kind() == Edit.Kind.INSERT_AFTER && d.isBlock() ? '{' : ';');
      if (start < 0 || start > old.length() || end < 0) {
        return null;
      }
      switch (e.kind()) {
        case REMOVE -> {
          int to = end + 1;
          while (to < old.length() && (old.charAt(to) == ' ' || old.charAt(to) == '\t')) {
            to++;
          }
          int from = start;
          if (old.substring(to).isBlank()) {
            while (from > 0 && (old.charAt(from - 1) == ' ' || old.charAt(from - 1) == '\t')) {
              from--;
            }
          }
          spans.add(new Span(from, to, ""));
          removed = true;
        }
        case APPEND_PARAMETER -> spans.add(new Span(end, end, " " + e.text().get(0)));
        case REPLACE -> spans.add(new Span(start, end + 1, e.text().get(0)));
        case INSERT_AFTER -> {
          if (old.substring(end + 1).isBlank()) {
            String ind = d.isBlock() ? childIndent.apply(d, old) : indent(old);
            String eol = old.endsWith("\r") ? "\r" : "";
            e.text().forEach(t -> after.add(ind + t + eol));
          } else {
            spans.add(new Span(end + 1, end + 1, " " + String.join(" ", e.text())));
          }
        }
        default -> throw new IllegalStateException(e.kind().toString());
      }
    }
    spans.sort(java.util.Comparator.comparingInt(Span::start).reversed());
    StringBuilder b = new StringBuilder(old);
    int limit = Integer.MAX_VALUE;
    for (Span s : spans) {
      if (s.end() > limit) {
        return null; // two changes of one piece of text
      }
      b.replace(s.start(), s.end(), s.text());
      limit = s.start();
    }
    List<String> out = new java.util.ArrayList<>();
    if (!(removed && b.toString().isBlank())) {
      out.add(b.toString());
    }
    out.addAll(after);
    return out;
  }

  private static String oneLine(Directive d, String old, String now) {
    return header(d.file()) + "@@ -" + d.line() + ",1 +" + d.line() + ",1 @@\n-" + old + "\n+" + now + "\n";
  }

  /** The index of the first {@code stop} at or after {@code from} outside quotes, or -1. */
  private static int end(String line, int from, char stop) {
    char quote = 0;
    for (int i = Math.max(0, from); i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == stop) {
        return i;
      }
    }
    return -1;
  }

  private static String header(String file) {
    String p = file.startsWith("/") ? file : "/" + file;
    return "--- a" + p + "\n+++ b" + p + "\n";
  }

  /**
   * The indentation of a line added first in the block that {@code anchor} (on line {@code old}) opens: that of the
   * block's next line when it is deeper (tabs or spaces, as the file has them), else the anchor's and one level more,
   * a tab where the anchor is indented with tabs.
   */
  private String childIndent(Directive anchor, String old) {
    String mine = indent(old);
    String next = lines.line(anchor.file(), anchor.line() + 1).filter(l -> !l.isBlank()).map(Fix::indent)
        .orElse("");
    if (next.startsWith(mine) && next.length() > mine.length()) {
      return next;
    }
    return mine + (mine.indexOf('\t') >= 0 ? "\t" : "    ");
  }

  private static String indent(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return line.substring(0, i);
  }
}
