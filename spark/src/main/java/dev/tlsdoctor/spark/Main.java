package dev.tlsdoctor.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tlsdoctor-spark} command line: the jobs, run on a Spark master or in this JVM ({@code local[*]}). */
@Command(name = "tlsdoctor-spark",
    mixinStandardHelpOptions = true,
    version = "tlsdoctor-spark 0.1.0",
    usageHelpAutoWidth = true,
    subcommands = {LogsCommand.class, ScanCommand.class},
    description = "tlsdoctor's log classifier and TLS scanner as Apache Spark jobs, for a fleet's logs and endpoints.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor-spark logs --out /tmp/tls '/var/log/nginx/error.log*'",
        "  tlsdoctor-spark logs --master spark://head:7077 --out hdfs:///reports/tls hdfs:///logs/nginx/",
        "  tlsdoctor-spark scan --out /tmp/fleet targets.txt",
        "  tlsdoctor-spark COMMAND --help",
        "",
        "Exit codes:",
        "  0   nothing wrong found",
        "  1   failures found",
        "  2   usage error",
        "  3   some input could not be read completely (the rest was processed)",
        "  4   the Spark job failed (the master could not be reached, a task failed too often)",
        "  70  internal error"},
    exitCodeOnInvalidInput = Main.USAGE,
    exitCodeOnExecutionException = Main.SOFTWARE)
public final class Main implements Runnable {
  static final int OK = 0;
  static final int FOUND = 1;
  static final int USAGE = 2;
  static final int INPUT_ERROR = 3;
  static final int JOB_FAILED = 4;
  static final int SOFTWARE = 70;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof org.apache.spark.SparkException || ex instanceof org.apache.spark.SparkThrowable) {
        err.println("tlsdoctor-spark: the Spark job failed: " + dev.tlsdoctor.report.Safe.text(firstLine(ex)));
        return JOB_FAILED;
      }
      err.println("tlsdoctor-spark: internal error: " + ex);
      ex.printStackTrace(err);
      return SOFTWARE;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String firstLine(Throwable ex) {
    String m = String.valueOf(ex.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The options every job takes: where Spark runs and where the results go. */
  static final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[N], spark://HOST:7077, yarn,"
        + " k8s://https://HOST:443. Default: the one spark-submit sets, else local[*] (every processor of this"
        + " machine).")
    String master;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results (any"
        + " Hadoop file system path: /tmp/x, hdfs:///x, s3a://bucket/x); what it holds of a previous run is"
        + " replaced.")
    String out;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g."
        + " spark.executor.memory=4g.")
    List<String> conf = new ArrayList<>();

    /** A session on the chosen master; the Spark UI is off in the default local[*] unless a --conf turns it on. */
    SparkSession session(String appName, CommandLine cl) {
      SparkSession.Builder b = SparkSession.builder().appName(appName)
          .config("spark.sql.datetime.java8API.enabled", true);
      if (master == null && System.getProperty("spark.master") == null) {
        b.master("local[*]").config("spark.ui.enabled", false); // one machine: no web UI to look at
      } else if (master != null) {
        b.master(master);
      }
      for (String kv : conf) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new CommandLine.ParameterException(cl, "--conf: '" + kv + "' is not KEY=VALUE");
        }
        b.config(kv.substring(0, eq), kv.substring(eq + 1));
      }
      return b.getOrCreate();
    }
  }
}
