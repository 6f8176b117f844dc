package dev.tlsdoctor.report;

import java.util.List;

/**
 * ANSI styling that is a no-op when output is not a terminal (or NO_COLOR is set). Its escape sequences are the
 * only ones a text report may hold: {@link TerminalWriter} lets exactly these through, and values from outside are
 * escaped ({@link Safe}) before they meet them.
 */
public record Style(boolean color) {
  /** The SGR parameters this class emits: reset, bold, dim, red, green, yellow. */
  private static final List<String> CODES = List.of("0", "1", "2", "31", "32", "33");

  public static Style forTerminal(boolean wanted) {
    return new Style(wanted && System.console() != null && System.getenv("NO_COLOR") == null
        && !"dumb".equals(System.getenv("TERM")));
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  public String red(String s) {
    return wrap("31", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String dim(String s) {
    return wrap("2", s);
  }

  /** Every escape sequence this class can emit ({@code ESC [ code m}); none when colour is off. */
  List<String> sequences() {
    return color ? CODES.stream().map(Style::sgr).toList() : List.of();
  }

  private String wrap(String code, String s) {
    return color ? sgr(code) + s + sgr("0") : s;
  }

  private static String sgr(String code) {
    return "\u001b[" + code + "m";
  }
}
