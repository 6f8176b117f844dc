package dev.tlsdoctor.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process and captures what it prints. */
final class Cli {
  record Result(int code, String out, String err) {
  }

  private Cli() {
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** As {@link #run}, on the path that does without picocli; null when the command line is not plain. */
  static Result runPlain(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Integer code = Main.runPlain(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return code == null ? null : new Result(code, out.toString(), err.toString());
  }

  static Result runWithStdin(String stdin, String... args) {
    return runWithStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  static synchronized Result runWithStdin(InputStream stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(stdin);
    try {
      return run(args);
    } finally {
      System.setIn(saved);
    }
  }
}
