package dev.tlsdoctor.nginx.config;

/** An nginx configuration that cannot be read; the message is {@code file:line:col: message}. */
public final class ConfigException extends Exception {
  private final transient ConfigError error;

  public ConfigException(ConfigError error) {
    super(error.toString());
    this.error = error;
  }

  public ConfigError error() {
    return error;
  }
}
