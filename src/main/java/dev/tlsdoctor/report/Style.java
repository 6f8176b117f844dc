package dev.tlsdoctor.report;

/** ANSI styling that is a no-op when output is not a terminal (or NO_COLOR is set). */
public record Style(boolean color) {
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

  private String wrap(String code, String s) {
    return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
