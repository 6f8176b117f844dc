package dev.tlsdoctor.cli;

import dev.tlsdoctor.diagnose.Demo;
import dev.tlsdoctor.diagnose.Diagnoser;
import dev.tlsdoctor.diagnose.LogGroups;
import dev.tlsdoctor.diagnose.Report;
import dev.tlsdoctor.diagnose.Scans;
import dev.tlsdoctor.host.ErrorLogs;
import dev.tlsdoctor.host.LocalNginx;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.logs.LogAnalysis;
import dev.tlsdoctor.logs.LogClassifier;
import dev.tlsdoctor.logs.LogInputs;
import dev.tlsdoctor.logs.TimeRange;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.report.DiagnoseHtml;
import dev.tlsdoctor.report.DiagnoseText;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "diagnose",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Which handshakes fail, for whom, why, and the verified change that fixes them.",
    description = "Joins the error logs and the nginx configuration: every TLS failure in the logs is tied to the"
        + " listen socket or upstream pass it hit and to the configuration finding that explains it, with the fix"
        + " as a diff verified on a copy of the configuration (nginx -t too, when nginx is installed), the clients"
        + " affected (those in the log, and the client profiles that cannot connect there for that reason,"
        + " simulated against the configuration and the scans), the remedies that will not help, and commands that show it fixed. A proxied failure logged"
        + " by both ends is one diagnosis. Problems the configuration shows but the logs do not (yet) are listed"
        + " as latent; scanner traffic is set apart. Any subset of the evidence works; with none, the local"
        + " nginx is asked (nginx -T) and the error logs its configuration names are read.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor diagnose             # nginx -T and its error logs, the last 24 h",
        "  tlsdoctor diagnose --config /etc/nginx/nginx.conf \\",
        "      --log '/var/log/nginx/error.log*'",
        "  nginx -T | tlsdoctor diagnose --config - --log error.log --since 24h",
        "  tlsdoctor diagnose --log error.log --format json | jq '.diagnoses[0]'",
        "  tlsdoctor diagnose --config nginx.conf --log error.log --scan-listens",
        "  tlsdoctor diagnose --log error.log --target www.example.com:443 \\",
        "      --format html --output report.html",
        "  tlsdoctor diagnose --demo      # planted faults on a real nginx, live",
        "",
        "Exit codes:",
        "  0  nothing fails and nothing is latent",
        "  1  diagnoses or latent problems",
        "  2  usage error",
        "  3  an input could not be read (the rest was used); --demo: nginx, openssl or curl missing"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
final class DiagnoseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--log", paramLabel = "FILE", description = "An nginx error log (a glob, .gz and rotated sets as"
      + " for logs); repeatable.")
  List<String> logs = new ArrayList<>();

  @Option(names = "--config", paramLabel = "PATH", description = "The nginx configuration: the main file, a saved"
      + " nginx -T output, or - for nginx -T on standard input.")
  String config;

  @Option(names = "--nginx-version", paramLabel = "VERSION", description = "The nginx whose defaults apply"
      + " (default: the local nginx -v, else the current stable).")
  String nginxVersion;

  @Option(names = "--since", paramLabel = "TIME", description = "Only log lines from then on (as for logs:"
      + " 2026-06-27T11:47, 2h, 3d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only log lines before then.")
  String until;

  @Option(names = "--target", arity = "1..*", paramLabel = "HOST[:PORT]", description = "Scan these endpoints"
      + " (port 443 when none is given) and join what they accept and present to the diagnoses; repeatable.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--sni", paramLabel = "NAME", description = "The server name to send to the --target endpoints"
      + " (default: the host when it is a name; none for an IP address).")
  String sni;

  @Option(names = "--scan-listens", description = "Scan the configuration's own TLS listen sockets (a wildcard"
      + " address on loopback, 127.0.0.1 or ::1), each with its default server's name, and join the results.")
  boolean scanListens;

  @Option(names = "--scan-timeout", paramLabel = "SECONDS", description = "Deadline of each endpoint's scan"
      + " (default ${DEFAULT-VALUE}).")
  double scanTimeout = 10;

  @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM file of CAs the scans trust besides the"
      + " JDK's trust store (a private CA).")
  java.nio.file.Path caFile;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json, html (one self-contained"
      + " page: timeline, diagnoses with their diffs, client matrix) or sarif (SARIF 2.1.0 for code-scanning tools:"
      + " diagnoses as errors, latent problems as warnings, at the directive to change).")
  String format = "text";

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of standard"
      + " output.")
  java.nio.file.Path output;

  @Option(names = "--demo", description = "Start a real nginx on 127.0.0.1 (a temporary prefix) with TLS faults"
      + " planted on purpose, make real clients (curl, openssl s_client) meet each, and diagnose its log live;"
      + " nginx is stopped and the prefix removed afterwards (also on Ctrl-C). Needs nginx, openssl and curl.")
  boolean demo;

  @Option(names = "--verbose", description = "Every piece of evidence, dead end and latent problem in the text.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    dev.tlsdoctor.clients.ClientDatabase.preload(); // read while the network work runs
    if (!demo) {
      return diagnose();
    }
    if (!logs.isEmpty() || config != null || !targets.isEmpty() || scanListens) {
      throw new ParameterException(spec.commandLine(), "--demo makes its own nginx, logs and configuration: give it"
          + " without --log, --config, --target and --scan-listens");
    }
    PrintWriter err = spec.commandLine().getErr();
    Demo d;
    try {
      d = Demo.run(System.getenv().getOrDefault("PATH", ""), err);
    } catch (Demo.Missing e) {
      err.println("tlsdoctor: diagnose: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (java.io.IOException e) {
      err.println("tlsdoctor: diagnose: --demo: " + Safe.text(e.getMessage()));
      return ExitCodes.INPUT_ERROR;
    }
    try (d) {
      config = d.config().toString();
      logs = List.of(d.errorLog().toString());
      err.println("tlsdoctor: diagnose --demo: nginx stopped; its log diagnosed (the files are removed afterwards)");
      err.flush();
      return diagnose();
    }
  }

  private int diagnose() throws InterruptedException {
    Options.requireOneOf(spec, "--format", format, "text", "json", "sarif", "html");
    if (scanTimeout <= 0) {
      throw new ParameterException(spec.commandLine(), "--scan-timeout: '" + scanTimeout + "' must be more than 0");
    }
    List<Target> scanTargets = new ArrayList<>();
    for (String t : targets) {
      try {
        scanTargets.add(Target.parse(t, sni));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--target: " + Safe.text(e.getMessage()));
      }
    }
    if (sni != null && targets.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--sni is the name sent to the --target endpoints: add --target");
    }
    if (scanListens && config == null && !logs.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--scan-listens needs the configuration: give --config");
    }
    ScanCommand.readCas(spec, caFile); // a bad file is a usage error before anything is read
    if (config != null || logs.isEmpty()) {
      // the certificate checks look issuers up in the system CA bundle and the JDK roots: read while the
      // configuration is parsed
      dev.tlsdoctor.nginx.policy.Issuers.preload();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] localDump = null;
    if (logs.isEmpty() && config == null && (scanTargets.isEmpty() || scanListens)) {
      // on an nginx host: the configuration nginx itself reads, and the error logs it names, the last day
      LocalNginx.Dump d = LocalNginx.dump(System.getenv().getOrDefault("PATH", ""), LocalNginx.DUMP_TIMEOUT);
      if (d.bytes() == null) {
        throw new ParameterException(spec.commandLine(), "nothing to diagnose: give --log FILE, --config PATH or --target HOST"
            + " (" + d.note() + ")");
      }
      localDump = d.bytes();
      config = d.exe() + " -T";
      since = since == null ? "24h" : since;
    }
    NginxVersion given;
    try {
      given = nginxVersion == null ? null : NginxVersion.parse(nginxVersion);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--nginx-version: " + e.getMessage());
    }
    TimeRange range = range();
    List<String> errors = new ArrayList<>();
    // what does not depend on the configuration starts at once, on threads of its own: the scans of --target and
    // the logs given; the sockets of --scan-listens as soon as the configuration's policy is known, while its
    // findings and fixes are still being worked out. They meet only in the join.
    // The logs are read as they are before the first probe of a scan is sent: the servers scanned may write to them,
    // and tlsdoctor's own probes are not evidence.
    List<java.util.concurrent.FutureTask<List<ServerProfile>>> scanning =
        java.util.Collections.synchronizedList(new ArrayList<>());
    List<java.util.concurrent.FutureTask<LogRead>> logsRead = new ArrayList<>(1);
    Runnable startTargets = () -> {
      if (!scanTargets.isEmpty()) {
        scanning.add(background("diagnose-scan", () -> scan(scanTargets, List.of(), java.util.Map.of(), err)));
      }
    };
    if (localDump == null) {
      if (!logs.isEmpty()) {
        LogInputs.Resolved now = LogInputs.resolve(logs).upToNow();
        logsRead.add(background("diagnose-logs", () -> readLogs(now, range)));
      }
      startTargets.run();
    }
    ConfigCommand.ForDiagnose analysed = null;
    if (config != null) {
      boolean fromDump = localDump != null;
      java.util.function.BiConsumer<dev.tlsdoctor.nginx.config.NginxConfig, dev.tlsdoctor.nginx.policy.TlsPolicy>
          onPolicy = !scanListens && !fromDump ? null : (parsed, policy) -> {
            if (fromDump) {
              // on an nginx host: the error logs this configuration names, as they are now, then the scans
              logs = ErrorLogs.named(parsed);
              err.println("tlsdoctor: diagnose: read " + Safe.text(config) + " and the logs it names: "
                  + Safe.text(String.join(" ", logs)) + " (since " + Safe.text(since) + ")");
              LogInputs.Resolved now = LogInputs.resolve(logs).upToNow();
              logsRead.add(background("diagnose-logs", () -> readLogs(now, range)));
              startTargets.run();
            }
            if (!scanListens) {
              return;
            }
            // each socket in full with its default server's name, and each other name whose server serves another
            // certificate or asks for client certificates otherwise, with a probe of just that
            List<Target> listens = new ArrayList<>(Scans.listenTargets(policy));
            listens.removeAll(scanTargets);
            List<Target> names = Scans.nameTargets(policy);
            java.util.Map<Target, Target> like = Scans.sameServers(policy);
            if (!listens.isEmpty() || !names.isEmpty()) {
              scanning.add(background("diagnose-scan-listens", () -> scan(listens, names, like, err)));
            }
          };
      try {
        analysed = fromDump ? ConfigCommand.analyse("-", localDump, given, OpensslBuild.OPENSSL_3_0, err,
            onPolicy) : ConfigCommand.analyse(config, given, OpensslBuild.OPENSSL_3_0, err, onPolicy);
      } catch (ConfigException e) {
        errors.add(e.getMessage());
      }
    }
    LogRead read = logsRead.isEmpty() ? new LogRead(new LogGroups(), 0, 0, List.of()) : joined(logsRead.get(0));
    errors.addAll(read.errors());
    LogGroups groups = read.groups();
    long lines = read.lines();
    long events = read.events();
    List<ServerProfile> scans = new ArrayList<>();
    for (java.util.concurrent.FutureTask<List<ServerProfile>> f : List.copyOf(scanning)) {
      scans.addAll(joined(f));
    }
    for (ServerProfile p : scans) {
      if (p.error() != null && p.findings().stream().anyMatch(f -> f.id().equals("scan-incomplete"))) {
        errors.add("scan " + p.target() + ": " + p.error());
      }
    }
    errors.forEach(e -> err.println("tlsdoctor: diagnose: " + Safe.text(e)));
    Report.Inputs inputs = new Report.Inputs(List.copyOf(logs), lines, events, config,
        analysed == null ? null : analysed.policy().version().toString(),
        scans.stream().map(ServerProfile::target).toList(), scannedAs, List.copyOf(errors));
    Report report = new Diagnoser(KnowledgeBase.get(), analysed == null ? null : analysed.policy(),
        analysed == null ? null : analysed.findings()).withScans(scans).diagnose(groups, inputs);
    if (output != null) {
      try (PrintWriter file = new PrintWriter(java.nio.file.Files.newBufferedWriter(output,
          java.nio.charset.StandardCharsets.UTF_8))) {
        render(report, file);
      } catch (java.io.IOException e) {
        err.println("tlsdoctor: diagnose: cannot write " + Safe.text(output.toString()) + ": "
            + Safe.text(e.getMessage()));
        return ExitCodes.INPUT_ERROR;
      }
      err.println("tlsdoctor: diagnose: wrote " + Safe.text(output.toString()));
    } else {
      render(report, out);
    }
    out.flush();
    if (!errors.isEmpty()) {
      return ExitCodes.INPUT_ERROR;
    }
    return report.diagnoses().isEmpty() && report.latent().isEmpty() ? ExitCodes.OK : ExitCodes.FOUND;
  }

  /** The logs as read: the groups of TLS events, the line counts, and the inputs that could not be read. */
  private record LogRead(LogGroups groups, long lines, long events, List<String> errors) {
  }

  private static LogRead readLogs(LogInputs.Resolved resolved, TimeRange range) {
    LogGroups groups = new LogGroups();
    List<String> errors = new ArrayList<>();
    resolved.problems().forEach(p -> errors.add(p.argument() + ": " + p.message()));
    LogAnalysis.Result r = new LogAnalysis(new LogClassifier(KnowledgeBase.get()), range, 1)
        .run(resolved.inputs(), groups);
    for (LogAnalysis.InputResult in : r.inputs()) {
      if (in.error() != null) {
        errors.add(in.name() + ": " + in.error());
      }
    }
    return new LogRead(groups, r.summary().lines(), r.summary().tlsLines(), errors);
  }

  /** Runs {@code work} on a daemon thread of its own. */
  private static <T> java.util.concurrent.FutureTask<T> background(String name,
      java.util.concurrent.Callable<T> work) {
    java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(work);
    Thread.ofPlatform().daemon().name(name).start(f);
    return f;
  }

  /** The result of {@code f}; what it threw is thrown here, as if the work had run on this thread. */
  private static <T> T joined(java.util.concurrent.FutureTask<T> f) throws InterruptedException {
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error x) {
        throw x;
      }
      if (e.getCause() instanceof InterruptedException i) {
        throw i;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The scans asked for, with a line on standard error per endpoint. */
  private List<ServerProfile> scan(List<Target> list, List<Target> names, java.util.Map<Target, Target> like,
      PrintWriter err) throws InterruptedException {
    if (list.isEmpty() && names.isEmpty()) {
      return List.of();
    }
    int all = list.size() + names.size();
    err.println("tlsdoctor: diagnose: scanning " + list.size() + " endpoint(s)" + (names.isEmpty() ? ""
        : " and " + names.size() + " more server name(s) on them") + ", " + scanTimeout + " s deadline each");
    err.flush();
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Consumer<ServerProfile> progress = p -> {
      synchronized (err) {
        String as = scannedAs.get(p.target());
        err.printf("tlsdoctor: diagnose: scanned %d/%d %s%s%n", done.incrementAndGet(), all,
            Safe.text(p.target()), p.error() != null ? ": " + Safe.text(p.error()) : as == null ? ""
                : " (as " + Safe.text(as) + ": the same servers, and it answers with the same versions and"
                    + " certificates)");
        err.flush();
      }
    };
    return Scans.scan(list, names, like, Duration.ofMillis((long) (scanTimeout * 1000)),
        ScanCommand.readCas(spec, caFile), progress, scannedAs::put);
  }

  private void render(Report report, PrintWriter out) {
    if (format.equals("json")) {
      out.println(Json.pretty(report));
    } else if (format.equals("sarif")) {
      out.println(Json.pretty(dev.tlsdoctor.report.Sarif.ofDiagnoses(report, Main.version(),
          java.nio.file.Path.of("").toAbsolutePath())));
    } else if (format.equals("html")) {
      out.print(DiagnoseHtml.render(report, Main.version()));
    } else {
      // the report escapes; this is the safety net, passing the tabs that indent a fix's lines
      PrintWriter text = new PrintWriter(new TerminalWriter(out, new Style(false), true));
      DiagnoseText.render(report, verbose, text);
      text.flush();
    }
    out.flush();
  }

  /** The sockets whose scan is that of another socket with the same servers, which they answer as. */
  private final java.util.Map<String, String> scannedAs = new java.util.concurrent.ConcurrentHashMap<>();

  private TimeRange range() {
    return Options.timeRange(spec, since, until);
  }
}
