package dev.tlsdoctor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A command line that holds a command's positional arguments and at most one {@code --format json|text}, and nothing
 * else: how most runs of {@code logs}, {@code scan}, {@code clients} and {@code explain} look. Such a line is run
 * without picocli, whose model takes 0.12-0.18 s of a cold start to build (its classes, compiled for Java 5, are left
 * out of the class-data archive): every option not on the line has its default. A line picocli could read
 * differently (any other option, {@code -}, {@code --}, an argument file {@code @...}) or that holds an argument the
 * command's own test refuses is left to picocli, which then gives its usual messages.
 *
 * @param arguments the positional arguments, in order
 * @param format    {@code text} unless the line says {@code json}
 */
record PlainCommandLine(List<String> arguments, String format) {
  /**
   * The plain reading of {@code args} (the command's name first) when it is one: the name is {@code command}, there
   * is at least one positional argument and {@code argument} accepts each; else null.
   */
  static PlainCommandLine of(String[] args, String command, Predicate<String> argument) {
    if (args.length < 2 || !args[0].equals(command)) {
      return null;
    }
    List<String> positional = new ArrayList<>();
    String format = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String value;
      if (a.equals("--format") && i + 1 < args.length && (args[i + 1].equals("json") || args[i + 1].equals("text"))) {
        value = args[++i];
      } else if (a.equals("--format=json") || a.equals("--format=text")) {
        value = a.substring("--format=".length());
      } else {
        if (a.isEmpty() || a.startsWith("-") || a.startsWith("@") || !argument.test(a)) {
          return null;
        }
        positional.add(a);
        continue;
      }
      if (format != null) {
        return null; // given twice: picocli's message
      }
      format = value;
    }
    return positional.isEmpty() ? null : new PlainCommandLine(List.copyOf(positional), format == null ? "text" : format);
  }
}
