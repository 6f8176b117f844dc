package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;

/**
 * The value a directive has for one server or location after nginx's inheritance, and the directive it came from;
 * {@code source} is null when nginx's default applies.
 */
public record Setting(String value, Directive source) {

  public static Setting ofDefault(String value) {
    return new Setting(value, null);
  }

  public boolean isDefault() {
    return source == null;
  }

  /** {@code file:line} of the directive, or {@code "default"}. */
  public String where() {
    return source == null ? "default" : source.file() + ":" + source.line();
  }
}
