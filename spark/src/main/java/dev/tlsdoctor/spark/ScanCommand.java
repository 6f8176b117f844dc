package dev.tlsdoctor.spark;

import dev.tlsdoctor.report.Safe;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan",
    mixinStandardHelpOptions = true,
    version = "tlsdoctor-spark 0.1.0",
    usageHelpAutoWidth = true,
    header = "Scan a fleet of TLS endpoints with Spark.",
    description = "Reads targets (host, host:port or [IPv6]:port, one per line, # starts a comment) from files on"
        + " any path Spark reads, spreads them over the executors by network, scans each as 'tlsdoctor scan' does"
        + " with its deadline, and writes DIR/profiles/ (Parquet: one row per target with the 'tlsdoctor scan"
        + " --format json' document and columns to query) and DIR/summary.json (the fleet: grades, protocols, weak"
        + " suites, certificate problems, leaf certificates expiring per ISO week, errors, and which client families fail"
        + " where: every shipped client profile simulated against each target as 'tlsdoctor scan' does). Connections are bounded"
        + " per target and per network (an IPv4 /24, an IPv6 /48, a host name) across the whole job.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor-spark scan --out /tmp/fleet targets.txt",
        "  tlsdoctor-spark scan --master yarn --partitions 400 --out hdfs:///reports/fleet hdfs:///inventory/*.txt",
        "  jq '.protocols, .certificateProblems' /tmp/fleet/summary.json",
        "  jq -c '.clients.families[] | select(.targets > 0) | [.family, .targets, .classes[].class]'"
            + " /tmp/fleet/summary.json",
        "",
        "Exit codes:",
        "  0  every target scanned, no certificate problem or weak suite found",
        "  1  certificate problems or weak suites found",
        "  2  usage error",
        "  3  a target could not be scanned (unreachable, not TLS, deadline, not a target)",
        "  4  the Spark job failed"})
final class ScanCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  Main.SparkOptions sparkOptions = new Main.SparkOptions();

  @Parameters(arity = "1..*", paramLabel = "TARGETS", description = "Files of targets, one per line (globs and"
      + " directories as Spark reads them).")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Deadline for each target (default"
      + " ${DEFAULT-VALUE}).")
  double timeout = 20;

  @Option(names = "--per-target", paramLabel = "N", description = "Probe connections open at once to one target"
      + " (default ${DEFAULT-VALUE}).")
  int perTarget = 16;

  @Option(names = "--per-network", paramLabel = "N", description = "Connections open at once to one network over the"
      + " whole job (default ${DEFAULT-VALUE}).")
  int perNetwork = 64;

  @Option(names = "--parallel", paramLabel = "N", description = "Targets scanned at once by one task (default"
      + " ${DEFAULT-VALUE}).")
  int parallel = 16;

  @Option(names = "--partitions", paramLabel = "N", description = "Tasks the targets are spread over (default: the"
      + " cluster's default parallelism).")
  Integer partitions;

  @Option(names = "--no-aia-fetch", description = "Do not download a chain's missing intermediate from its AIA"
      + " caIssuers URL (see 'tlsdoctor scan --help').")
  boolean noAiaFetch;

  @Option(names = "--client-examples", paramLabel = "N", description = "Example targets listed per client family,"
      + " client and failure class in summary.json, the first in sort order (0 to " + ScanJob.MAX_CLIENT_EXAMPLES
      + ", default ${DEFAULT-VALUE}).")
  int clientExamples = 5;

  @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM file of CAs to trust besides the JDK's, as"
      + " 'tlsdoctor scan --ca-file' (a local file, read once and sent to the executors); the client simulation"
      + " trusts them too.")
  java.nio.file.Path caFile;

  @Override
  public Integer call() throws Exception {
    if (timeout <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: '" + timeout + "' must be more than 0");
    }
    if (perTarget < 1 || perNetwork < perTarget || parallel < 1 || (partitions != null && partitions < 1)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--per-target, --parallel and --partitions must"
          + " be at least 1, and --per-network at least --per-target");
    }
    if (clientExamples < 0 || clientExamples > ScanJob.MAX_CLIENT_EXAMPLES) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--client-examples: '" + clientExamples
          + "' must be from 0 to " + ScanJob.MAX_CLIENT_EXAMPLES);
    }
    List<java.security.cert.X509Certificate> cas = dev.tlsdoctor.cli.CaFile.read(spec, caFile);
    PrintWriter err = spec.commandLine().getErr();
    SparkSession spark = sparkOptions.session("tlsdoctor scan", spec.commandLine());
    ScanJob.Summary s;
    try {
      int n = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
      s = ScanJob.run(spark, new ScanJob.Options(inputs, sparkOptions.out, Duration.ofMillis((long) (timeout * 1000)),
          perTarget, perNetwork, parallel, n, !noAiaFetch, clientExamples, cas));
    } finally {
      spark.stop();
    }
    err.println("tlsdoctor-spark: scan: " + s.targets() + " target(s), " + s.failed() + " not scanned; wrote "
        + Safe.text(sparkOptions.out) + "/summary.json and " + Safe.text(sparkOptions.out) + "/profiles/");
    err.flush();
    if (s.failed() > 0) {
      return Main.INPUT_ERROR;
    }
    return s.weakSuites().isEmpty() && s.certificateProblems().isEmpty() ? Main.OK : Main.FOUND;
  }
}
