package dev.tlsdoctor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line: help, usage errors and their exit codes (none of these starts Spark). */
class MainTest {
  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_listsTheJobsAndExitCodes() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("logs  Classify the TLS failures in nginx error logs with Spark.")
        .contains("scan  Scan a fleet of TLS endpoints with Spark.").contains("  4   the Spark job failed");
  }

  @Test
  void logsWithoutOut_usageError() {
    Run r = run("logs", "error.log");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("Missing required option: '--out=DIR'");
  }

  @Test
  void logsWithBadSince_usageErrorNamesTheOption() {
    Run r = run("logs", "--out", "/nonexistent/out", "--since", "yesterday", "error.log");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("--since: ");
  }

  @Test
  void confWithoutValue_usageError() {
    Run r = run("logs", "--out", "/nonexistent/out", "--conf", "spark.executor.memory", "error.log");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("--conf: 'spark.executor.memory' is not KEY=VALUE");
  }

  @Test
  void scanWithNetworkBoundBelowTargetBound_usageError() {
    Run r = run("scan", "--out", "/nonexistent/out", "--per-target", "8", "--per-network", "4", "targets.txt");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("--per-target, --parallel and --partitions must be at least 1, and --per-network"
        + " at least --per-target");
  }

  @Test
  void unknownJob_usageError() {
    Run r = run("follow");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("Unmatched argument at index 0: 'follow'");
  }
}
