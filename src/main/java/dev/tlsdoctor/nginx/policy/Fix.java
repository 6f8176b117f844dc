package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;

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
        String ind = indent(old) + (anchor.isBlock() ? "    " : "");
        StringBuilder b = new StringBuilder(header(anchor.file()));
        b.append("@@ -").append(anchor.line()).append(",1 +").append(anchor.line()).append(',')
            .append(1 + text.length).append(" @@\n");
        b.append(' ').append(old).append('\n');
        for (String t : text) {
          b.append('+').append(ind).append(t).append('\n');
        }
        return b.toString();
      }
      return oneLine(anchor, old, old.substring(0, end + 1) + " " + String.join(" ", text)
          + old.substring(end + 1));
    }).orElse(null);
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

  private static String indent(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return line.substring(0, i);
  }
}
