package dev.tlsdoctor.nginx.config;

/**
 * A syntax or include error in an nginx configuration. The message is nginx's own wording where nginx has one
 * ({@code unexpected "}"}, {@code directive "http" has no opening "{"}), sometimes followed by what we know better
 * in parentheses.
 */
public record ConfigError(Position position, String message) {

  /** {@code file:line:col: message}. */
  @Override
  public String toString() {
    return position + ": " + message;
  }
}
