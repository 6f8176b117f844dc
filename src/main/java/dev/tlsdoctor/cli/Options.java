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
}
