package dev.tlsdoctor.nginx.config;

/**
 * A place in an nginx configuration file: the file as nginx names it (the conf prefix joined with the include
 * argument, not normalised), a 1-based line (nginx counts LF only) and a 1-based column counted in characters.
 * Line 0 means the file as a whole (it could not be opened).
 */
public record Position(String file, int line, int col) {

  /** The file as a whole, for errors that have no line. */
  public static Position of(String file) {
    return new Position(file, 0, 0);
  }

  /** {@code file:line:col}, or just {@code file} when there is no line. */
  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + col;
  }
}
