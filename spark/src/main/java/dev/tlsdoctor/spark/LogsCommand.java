package dev.tlsdoctor.spark;

import dev.tlsdoctor.logs.TimeRange;
import dev.tlsdoctor.report.LogReport;
import dev.tlsdoctor.report.Safe;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "logs",
    mixinStandardHelpOptions = true,
    version = "tlsdoctor-spark 0.1.0",
    usageHelpAutoWidth = true,
    header = "Classify the TLS failures in nginx error logs with Spark.",
    description = "Reads nginx error logs from any path Spark reads (local, hdfs://, s3a://; plain and gzip; files,"
        + " globs, directories), classifies every line as 'tlsdoctor logs' does, and writes DIR/summary.json (the"
        + " summary of 'tlsdoctor logs --format json', merged from every task) and DIR/events/ (the events of 'logs"
        + " --events' as Parquet, partitioned by day and class). Large plain files are read in ranges by many"
        + " tasks; a gzip file by one.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor-spark logs --out /tmp/tls '/var/log/nginx/error.log*'",
        "  tlsdoctor-spark logs --master local[2] --since 2026-11-01 --out /tmp/tls logs/",
        "  tlsdoctor-spark logs --master yarn --out hdfs:///reports/tls 'hdfs:///logs/*/error.log*'",
        "  jq '.classes[] | {class, direction, count}' /tmp/tls/summary.json",
        "",
        "Exit codes:",
        "  0  no TLS-related lines",
        "  1  TLS-related lines found",
        "  2  usage error",
        "  3  an input could not be read completely (the others were read)",
        "  4  the Spark job failed"})
final class LogsCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  Main.SparkOptions sparkOptions = new Main.SparkOptions();

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Log files, globs or directories (their files).")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--since", paramLabel = "TIME", description = "Only lines at or after TIME: 2026-06-27T11:47:03,"
      + " '2026-06-27 11:47', 2026-06-27, or a duration ago (15m, 2h, 3d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only lines before TIME (same forms as --since).")
  String until;

  @Option(names = "--top", paramLabel = "N",
      description = "How many servers, hosts, upstreams and clients to list per class (default ${DEFAULT-VALUE}).")
  int top = 5;

  @Option(names = "--split-size", paramLabel = "MiB", description = "Plain files larger than this are read in"
      + " ranges of about this size, one task each (default ${DEFAULT-VALUE}).")
  int splitMiB = 128;

  @Option(names = "--no-events", description = "Write only the summary, not DIR/events/.")
  boolean noEvents;

  @Override
  public Integer call() throws Exception {
    if (top < 1 || splitMiB < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--top and --split-size must be at least 1");
    }
    LocalDateTime now = LocalDateTime.now();
    LocalDateTime from = time("--since", since, now);
    LocalDateTime to = time("--until", until, now);
    PrintWriter err = spec.commandLine().getErr();
    SparkSession spark = sparkOptions.session("tlsdoctor logs", spec.commandLine());
    LogsJob.Outcome outcome;
    try {
      outcome = LogsJob.run(spark, new LogsJob.Options(inputs, sparkOptions.out, (long) splitMiB << 20, top, from,
          to, !noEvents));
    } finally {
      spark.stop();
    }
    LogReport report = outcome.report();
    boolean inputError = false;
    for (LogReport.InputReport in : report.inputs()) {
      if (in.error() != null) {
        inputError = true;
        err.println("tlsdoctor-spark: logs: " + Safe.text(in.file()) + ": " + Safe.text(in.error()));
      }
    }
    err.println("tlsdoctor-spark: logs: " + report.lines() + " lines, " + report.tlsEvents() + " TLS events in "
        + report.inputs().size() + " input(s); wrote " + Safe.text(sparkOptions.out) + "/summary.json"
        + (noEvents ? "" : " and " + Safe.text(sparkOptions.out) + "/events/"));
    err.flush();
    if (inputError) {
      return Main.INPUT_ERROR;
    }
    return report.tlsEvents() > 0 ? Main.FOUND : Main.OK;
  }

  private LocalDateTime time(String option, String value, LocalDateTime now) {
    if (value == null) {
      return null;
    }
    try {
      return TimeRange.parseTime(value, now);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
