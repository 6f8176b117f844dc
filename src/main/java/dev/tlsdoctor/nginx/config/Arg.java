package dev.tlsdoctor.nginx.config;

/**
 * One parameter of a directive: its value after nginx's escapes ({@code "a\"b"} is {@code a"b}), whether it was
 * written in quotes, and where it starts (the opening quote for a quoted one).
 */
public record Arg(String value, boolean quoted, Position position) {

  /** As written back in a configuration: quoted values in double quotes. */
  @Override
  public String toString() {
    return quoted ? '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : value;
  }
}
