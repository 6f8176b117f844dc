package dev.tlsdoctor.nginx.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the reader puts errors: strict lists throw the first one; lenient lists keep up to {@code max} and count
 * the rest, and the reader goes on after each.
 */
final class ErrorList {
  private final boolean strict;
  private final int max;
  private final List<ConfigError> errors = new ArrayList<>();
  private int dropped;

  private ErrorList(boolean strict, int max) {
    this.strict = strict;
    this.max = max;
  }

  static ErrorList strict() {
    return new ErrorList(true, 0);
  }

  static ErrorList tracking(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxErrors was set to " + max + ", must be at least 1");
    }
    return new ErrorList(false, max);
  }

  void add(Position at, String message) throws ConfigException {
    ConfigError e = new ConfigError(at, message);
    if (strict) {
      throw new ConfigException(e);
    }
    if (errors.size() < max) {
      errors.add(e);
    } else {
      dropped++;
    }
  }

  boolean isStrict() {
    return strict;
  }

  List<ConfigError> errors() {
    return List.copyOf(errors);
  }

  /** Errors found after the list was full. */
  int dropped() {
    return dropped;
  }
}
