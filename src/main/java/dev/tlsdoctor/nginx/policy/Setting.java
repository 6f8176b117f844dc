package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;

/**
 * The value a directive has for one server or location after nginx's inheritance, and the directive it came from;
 * {@code source} is null when nginx's default applies.
 */
public record Setting(String value, Directive source) {

  public static Setting ofDefault(String value) {
    Setting known = DEFAULTS.get(value);
    if (known != null) {
      return known;
    }
    Setting made = new Setting(value, null);
    if (DEFAULTS.size() < DEFAULTS_MOST) {
      DEFAULTS.putIfAbsent(value, made);
    }
    return made;
  }

  /**
   * Default settings by value: every server of a large configuration has a dozen, most of them the same few values
   * ("off", nginx's default ciphers), held once rather than once per server.
   */
  private static final java.util.Map<String, Setting> DEFAULTS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int DEFAULTS_MOST = 256;

  public boolean isDefault() {
    return source == null;
  }

  /** {@code file:line} of the directive, or {@code "default"}. */
  public String where() {
    return source == null ? "default" : source.file() + ":" + source.line();
  }
}
