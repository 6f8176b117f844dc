package dev.tlsdoctor.cli;

import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values that several commands share, with one wording for their errors. */
final class Options {
  private Options() {
  }

  /** Fails with {@code OPTION: 'VALUE' is not one of: A, B} unless {@code value} is one of {@code allowed}. */
  static void requireOneOf(CommandSpec spec, String option, String value, String... allowed) {
    if (Arrays.asList(allowed).contains(value)) {
      return;
    }
    throw new ParameterException(spec.commandLine(), option + ": '" + value + "' is not one of: "
        + String.join(", ", allowed));
  }

  /** A duration such as 90s, 15m, 2h, 3d or 1w; a usage error naming {@code option} otherwise. */
  static java.time.Duration duration(CommandSpec spec, String option, String v) {
    java.time.LocalDateTime now = java.time.LocalDateTime.of(2000, 1, 1, 0, 0);
    try {
      if (!v.matches("\\d+[smhdw]")) {
        throw new IllegalArgumentException("not a duration");
      }
      return java.time.Duration.between(dev.tlsdoctor.logs.TimeRange.parseTime(v, now), now);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": '" + v + "' is not a duration such as 90s, 15m,"
          + " 2h");
    }
  }

  /** The --since/--until range (either may be null); a usage error naming the option whose value is wrong. */
  static dev.tlsdoctor.logs.TimeRange timeRange(CommandSpec spec, String since, String until) {
    if (since == null && until == null) {
      return dev.tlsdoctor.logs.TimeRange.ALL; // without reading the clock, whose time zone takes ~20 ms to load
    }
    java.time.LocalDateTime now = java.time.LocalDateTime.now();
    try {
      return new dev.tlsdoctor.logs.TimeRange(since == null ? null : dev.tlsdoctor.logs.TimeRange.parseTime(since, now),
          until == null ? null : dev.tlsdoctor.logs.TimeRange.parseTime(until, now));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), (since != null && e.getMessage().contains("'" + since + "'")
          ? "--since: " : "--until: ") + e.getMessage());
    }
  }
}
