package dev.tlsdoctor.finding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How bad a finding is, on the one scale that {@code config}, {@code scan}, {@code check} and {@code diagnose}
 * share; written in lower case ({@code "error"}). Sorted from the worst: {@code compareTo} puts errors first.
 */
public enum Severity {
  /** Handshakes fail (some or all clients cannot connect), or the server can be attacked today. */
  ERROR,
  /**
   * Weaker than it should be (deprecated protocols, 64-bit block ciphers, missing hardening), or not what the
   * configuration says: nothing fails yet, but it should be fixed.
   */
  WARNING,
  /** Worth knowing, not a problem: never fails a command by itself. */
  INFO;

  /** The name in JSON and in reports: {@code error}, {@code warning}, {@code info}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }

  /** True for errors and warnings. */
  public boolean isProblem() {
    return this != INFO;
  }

  /** True when this is as bad as {@code threshold} or worse. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }

  /**
   * The severity named {@code name}: {@code error}, {@code warning} or {@code info}. Also reads the scale {@code scan}
   * wrote before it shared this one, for baselines saved then: {@code high} is an error, {@code medium} and
   * {@code low} are warnings.
   *
   * @throws IllegalArgumentException naming the value when it is none of these
   */
  @JsonCreator
  public static Severity parse(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "error", "high" -> ERROR;
      case "warning", "medium", "low" -> WARNING;
      case "info" -> INFO;
      default -> throw new IllegalArgumentException("Unexpected severity: " + name
          + " (expected error, warning or info)");
    };
  }
}
