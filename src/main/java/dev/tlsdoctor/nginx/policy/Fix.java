package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;

/** Builds a fix as a one-hunk unified diff ({@code --- a/FILE}, {@code +++ b/FILE}, {@code @@ -L,n +L,m @@}). */
final class Fix {
  private final SourceLines lines;

  Fix(SourceLines lines) {
    this.lines = lines;
  }

  /** Replaces the line of {@code d} by {@code text}, kept at the line's indentation. */
  String replace(Directive d, String text) {
    return lines.line(d.file(), d.line()).map(old -> header(d.file())
        + "@@ -" + d.line() + ",1 +" + d.line() + ",1 @@\n"
        + "-" + old + "\n"
        + "+" + indent(old) + text + "\n").orElse(null);
  }

  /**
   * Adds {@code text} (one or more lines) after the line of {@code anchor}: inside the block when the anchor is a
   * block directive (one level deeper), beside it otherwise.
   */
  String insertAfter(Directive anchor, String... text) {
    return lines.line(anchor.file(), anchor.line()).map(old -> {
      String ind = indent(old) + (anchor.isBlock() ? "    " : "");
      StringBuilder b = new StringBuilder(header(anchor.file()));
      b.append("@@ -").append(anchor.line()).append(",1 +").append(anchor.line()).append(',')
          .append(1 + text.length).append(" @@\n");
      b.append(' ').append(old).append('\n');
      for (String t : text) {
        b.append('+').append(ind).append(t).append('\n');
      }
      return b.toString();
    }).orElse(null);
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
