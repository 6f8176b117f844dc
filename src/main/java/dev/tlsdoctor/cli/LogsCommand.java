package dev.tlsdoctor.cli;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.logs.LogAnalysis;
import dev.tlsdoctor.logs.LogClassifier;
import dev.tlsdoctor.logs.FollowLoop;
import dev.tlsdoctor.logs.LogFollower;
import dev.tlsdoctor.logs.LogInputs;
import dev.tlsdoctor.logs.LogScanner;
import dev.tlsdoctor.logs.LogSummary;
import dev.tlsdoctor.logs.TimeRange;
import dev.tlsdoctor.logs.TlsEvent;
import dev.tlsdoctor.report.EventJson;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.LogReport;
import dev.tlsdoctor.report.LogText;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.util.BoundedRead;
import dev.tlsdoctor.watch.LogMetrics;
import dev.tlsdoctor.watch.MetricsEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Classify and summarise the TLS failures in nginx error logs.",
    description = "Classifies every TLS-related line of nginx error logs into the failure taxonomy and summarises"
        + " them per class and direction (client: nginx was the server; upstream: nginx was the client): how many,"
        + " since when, the peak minute and spikes, which servers, hosts, upstreams and clients, an example, and"
        + " what it means. Reads plain and gzip files (rotated sets oldest first), globs and standard input (-).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor logs /var/log/nginx/error.log",
        "  tlsdoctor logs '/var/log/nginx/error.log*'      (rotated set, oldest first)",
        "  tlsdoctor logs --since 2h --format json error.log",
        "  tlsdoctor logs --events error.log | jq 'select(.direction==\"upstream\")'",
        "  kubectl logs deploy/ingress | tlsdoctor logs -",
        "  tlsdoctor logs --follow /var/log/nginx/error.log",
        "  tlsdoctor logs -f --new-only --metrics 127.0.0.1:9464 /var/log/nginx/error.log",
        "  tlsdoctor logs --probe-traffic error.log   (scanner bursts listed apart)",
        "",
        "Exit codes:",
        "  0  no TLS-related lines",
        "  1  TLS-related lines found",
        "  2  usage error",
        "  3  an input could not be read completely (the others were read)"})
final class LogsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE|GLOB|-", description = "Error logs to read; - reads standard input.")
  List<String> files = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  String format = "text";

  @Option(names = "--events", description = "Print one JSON object per TLS-related line (JSON Lines) instead of"
      + " the summary.")
  boolean events;

  @Option(names = "--since", paramLabel = "TIME", description = "Only lines at or after TIME: 2026-06-27T11:47:03,"
      + " '2026-06-27 11:47', 2026-06-27, or a duration ago (15m, 2h, 3d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only lines before TIME (same forms as --since).")
  String until;

  @Option(names = {"-f", "--follow"}, description = "Keep reading as the files grow, across rotation (like tail -F);"
      + " print each new TLS event and a summary every --interval.")
  boolean follow;

  // Defaults are field values, not annotation attributes, so that a command built without picocli (see
  // PlainCommandLine) has them too.
  @Option(names = "--interval", paramLabel = "SECONDS",
      description = "With --follow: seconds between summaries (default ${DEFAULT-VALUE}).")
  int interval = 60;

  @Option(names = "--for", paramLabel = "DURATION", description = "With --follow: stop after this long (90s, 15m,"
      + " 2h) and print the final summary.")
  String followFor;

  @Option(names = "--new-only", description = "With --follow: skip what the files already hold.")
  boolean newOnly;

  @Option(names = "--client", paramLabel = "IP|CIDR", description = "Only events of these clients (repeatable):"
      + " an address or a network such as 203.0.113.0/24.")
  List<String> clients = new ArrayList<>();

  @Option(names = "--exclude-client", paramLabel = "IP|CIDR", description = "Leave out events of these clients"
      + " (repeatable): a scanner, a monitoring probe.")
  List<String> excludeClients = new ArrayList<>();

  @Option(names = "--server", paramLabel = "NAME|ADDR", description = "Only events whose server: field is this"
      + " (repeatable): a listen address as nginx logs it (0.0.0.0:443) or a server_name.")
  List<String> servers = new ArrayList<>();

  @Option(names = "--probe-traffic", description = "Set scanner traffic apart from real clients: an address that"
      + " makes 4 or more kinds of failure and 12 or more failures on one socket within 10 s (as sslscan, nmap,"
      + " testssl.sh and tlsdoctor scan do) is listed under probe traffic, its whole burst left out of the classes"
      + " and their clients. Reads every TLS line on the plain path, in one thread (slower on large logs).")
  boolean probeTraffic;

  @Option(names = "--top", paramLabel = "N",
      description = "How many servers, hosts, upstreams and clients to list per class (default ${DEFAULT-VALUE}).")
  int top = 5;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads for large files (default: the"
      + " number of processors).")
  int threads = DEFAULT_THREADS;

  private static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();

  @Option(names = "--metrics", paramLabel = "ADDRESS:PORT", description = "With --follow: serve Prometheus"
      + " metrics on http://ADDRESS:PORT/metrics (tlsdoctor_handshake_failures_total{class,direction,server,"
      + "upstream}, lines read, unclassified lines, the last event's time per class). Binds only the address"
      + " given: 127.0.0.1:9464, [::1]:9464, or 0.0.0.0:9464 for every interface.")
  String metrics;

  @Option(names = "--metrics-label-cap", paramLabel = "N", description = "With --metrics: at most N distinct"
      + " values of the server label and of the upstream label; later ones are counted as 'other'"
      + " (default ${DEFAULT-VALUE}).")
  int metricsLabelCap = 100;

  @Option(names = "--no-color", description = "No colours, even on a terminal.")
  boolean noColor;

  @Option(names = "--no-progress", description = "No progress bar on standard error (it is shown only on a terminal"
      + " and for inputs of 256 MiB or more).")
  boolean noProgress;

  /**
   * Starts what the readers need on two background threads while the command line is read: the knowledge base
   * (~40 ms; the readers start without it and their first verdict waits for it), and the classifier's other classes
   * (OpenSSL's reasons, ~25 ms, which the knowledge base needs too, and the regular expressions).
   */
  static void prepare() {
    Thread.ofPlatform().daemon().name("logs-warm-up").start(KnowledgeBase::get);
    Thread.ofPlatform().daemon().name("logs-classes").start(() -> {
      dev.tlsdoctor.kb.OpensslReasons.get();
      LogClassifier.prepare();
    });
  }

  /**
   * The FILE arguments of {@code logs [--format json|text] FILE...} when every one is an existing regular file
   * named without glob characters; null for any other command line.
   */
  static List<String> plainFiles(String[] args) {
    PlainCommandLine p = plain(args);
    return p == null ? null : p.arguments();
  }

  private static PlainCommandLine plain(String[] args) {
    return PlainCommandLine.of(args, "logs", a -> !LogInputs.isGlob(a) && regularFile(a));
  }

  private static boolean regularFile(String name) {
    try {
      return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(name));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Options.requireOneOf(spec, "--format", format, "text", "json");
    if (top < 1 || interval < 1 || threads < 1) {
      throw new ParameterException(spec.commandLine(), "--top, --interval and --threads must be at least 1");
    }
    if (metrics != null && !follow) {
      throw new ParameterException(spec.commandLine(), "--metrics counts what --follow reads: add --follow");
    }
    if (metricsLabelCap < 1) {
      throw new ParameterException(spec.commandLine(), "--metrics-label-cap must be at least 1");
    }
    return run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * {@code logs [--format json|text] FILE...} (see {@link #plainFiles}) without picocli (see
   * {@link PlainCommandLine}); null for any other command line.
   */
  static java.util.concurrent.Callable<Integer> plain(String[] args, PrintWriter out, PrintWriter err) {
    PlainCommandLine plain = plain(args);
    if (plain == null) {
      return null;
    }
    LogsCommand c = new LogsCommand();
    c.files = plain.arguments();
    c.format = plain.format();
    return () -> c.run(out, err);
  }

  /** The command once its options are checked. */
  private int run(PrintWriter stdout, PrintWriter err) throws IOException, InterruptedException {
    // text goes out behind the safety net, which lets through no escape sequence but the style's own (LogText and
    // eventLine escape what they print from the logs); JSON escapes by itself and stays as it is
    // JSON has no colours: the console is not looked up for it (~3 ms of the start)
    Style style = format.equals("json") ? new Style(false) : Style.forTerminal(!noColor);
    PrintWriter out = events || format.equals("json") ? stdout : TerminalWriter.wrap(stdout, style);
    TimeRange range = range();
    LogInputs.Resolved resolved = LogInputs.resolve(files);
    // the readers start while the knowledge base loads (see prepare); the first verdict waits for it
    LogClassifier classifier = new LogClassifier(KnowledgeBase::get);
    if (follow) {
      KnowledgeBase kb = KnowledgeBase.get();
      if (probeTraffic) {
        throw new ParameterException(spec.commandLine(), "--probe-traffic is not available with --follow");
      }
      return follow(resolved, classifier, range, kb, style, out, err);
    }
    Consumer<TlsEvent> sink = events ? e -> out.println(EventJson.of(e)) : null;
    LogAnalysis analysis = new LogAnalysis(classifier, range, threads).filter(filter()).probeTraffic(probeTraffic);
    LogAnalysis.Result result;
    Progress progress = Progress.start("reading", totalSize(resolved.inputs()), analysis::bytesRead, !noProgress);
    try {
      result = analysis.run(resolved.inputs(), sink);
    } finally {
      if (progress != null) {
        progress.close();
      }
    }
    List<LogAnalysis.InputResult> all = new ArrayList<>();
    resolved.problems().forEach(p -> all.add(new LogAnalysis.InputResult(p.argument(), 0, p.message(), List.of())));
    all.addAll(result.inputs());
    result = new LogAnalysis.Result(result.summary(), all, result.probes());
    // One rule for every format: errors on standard error, the report on standard output (JSON keeps each input's
    // error as data as well). The text report shows the notes itself; events get them on standard error.
    for (LogAnalysis.InputResult in : result.inputs()) {
      if (in.error() != null) {
        err.println("tlsdoctor: logs: " + Safe.text(in.name()) + ": " + Safe.text(in.error()));
      }
      for (String note : in.notes()) {
        if (events) {
          err.println("tlsdoctor: logs: note: " + Safe.text(note));
        }
      }
    }
    if (!events) {
      print(LogReport.of(result, KnowledgeBase.get(), top), style, out);
    }
    out.flush();
    if (result.hasErrors()) {
      return ExitCodes.INPUT_ERROR;
    }
    return result.summary().tlsLines() > 0 ? ExitCodes.FOUND : ExitCodes.OK;
  }

  private static long totalSize(List<LogInputs.Input> inputs) {
    long total = 0;
    for (LogInputs.Input in : inputs) {
      try {
        total += in.isStdin() ? 0 : java.nio.file.Files.size(in.path());
      } catch (IOException e) {
        // reported when it is read
      }
    }
    return total;
  }

  private void print(LogReport report, Style style, PrintWriter out) {
    if (format.equals("json")) {
      out.println(follow ? "{\"summary\":" + Json.line(report) + "}" : report.toJson());
    } else {
      LogText.render(report, out, style);
    }
  }

  /** The events --client, --exclude-client and --server keep; null when none is given (every event counts). */
  private java.util.function.Predicate<TlsEvent> filter() {
    if (clients.isEmpty() && excludeClients.isEmpty() && servers.isEmpty()) {
      return null;
    }
    List<dev.tlsdoctor.scan.AddressPolicy.Network> in = networks("--client", clients);
    List<dev.tlsdoctor.scan.AddressPolicy.Network> out = networks("--exclude-client", excludeClients);
    java.util.Set<String> named = new java.util.HashSet<>(servers);
    return e -> (in.isEmpty() || matches(in, e.client())) && !matches(out, e.client())
        && (named.isEmpty() || named.contains(e.server()));
  }

  private List<dev.tlsdoctor.scan.AddressPolicy.Network> networks(String option, List<String> values) {
    List<dev.tlsdoctor.scan.AddressPolicy.Network> out = new ArrayList<>();
    for (String v : values) {
      try {
        out.add(dev.tlsdoctor.scan.AddressPolicy.Network.parse(v));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** Whether the client address {@code ip} (as nginx logs it) lies in one of {@code networks}. */
  private static boolean matches(List<dev.tlsdoctor.scan.AddressPolicy.Network> networks, String ip) {
    if (ip == null || ip.isEmpty() || networks.isEmpty()) {
      return false;
    }
    byte[] address;
    try {
      if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        return false; // not an address: never looked up
      }
      address = java.net.InetAddress.getByName(ip).getAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
    return networks.stream().anyMatch(n -> n.contains(address));
  }

  private TimeRange range() {
    return Options.timeRange(spec, since, until);
  }

  private int follow(LogInputs.Resolved resolved, LogClassifier classifier, TimeRange range, KnowledgeBase kb,
                     Style style, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    if (resolved.inputs().stream().anyMatch(LogInputs.Input::isStdin)) {
      throw new ParameterException(spec.commandLine(), "--follow reads files; for standard input just pipe into"
          + " 'tlsdoctor logs -'");
    }
    for (LogInputs.Problem p : resolved.problems()) {
      err.println("tlsdoctor: logs: " + Safe.text(p.argument()) + ": " + Safe.text(p.message()));
    }
    Duration limit = followFor == null ? null : parseDuration(followFor);
    LogMetrics counters = metrics == null ? null : new LogMetrics(metricsLabelCap, java.time.ZoneId.systemDefault());
    MetricsEndpoint endpoint = counters == null ? null : startMetrics(counters, err);
    try {
      return follow(resolved, classifier, range, kb, style, out, err, limit, counters);
    } finally {
      if (endpoint != null) {
        endpoint.close();
      }
    }
  }

  /** Serves {@code counters} on --metrics; a usage error when the address cannot be bound. */
  private MetricsEndpoint startMetrics(LogMetrics counters, PrintWriter err) {
    try {
      MetricsEndpoint e = MetricsEndpoint.start(MetricsEndpoint.Address.parse(metrics), counters.registry());
      err.println("tlsdoctor: metrics on http://" + metrics.replaceAll(":\\d+$", "") + ":" + e.port() + "/metrics");
      return e;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--metrics: " + e.getMessage());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--metrics: cannot listen on " + metrics + ": "
          + e.getMessage());
    }
  }

  private int follow(LogInputs.Resolved resolved, LogClassifier classifier, TimeRange range, KnowledgeBase kb,
                     Style style, PrintWriter out, PrintWriter err, Duration limit, LogMetrics counters)
      throws IOException {
    LogSummary summary = new LogSummary();
    List<LogFollower> followers = new ArrayList<>();
    List<LogScanner> scanners = new ArrayList<>();
    for (LogInputs.Input in : resolved.inputs()) {
      // the metrics count what the files already hold too; the printing starts with what is new
      LogScanner scanner = new LogScanner(classifier, in.name(), range, summary, counters == null ? null
          : counters::record);
      scanner.setFilter(filter());
      try {
        followers.add(new LogFollower(in.path(), scanner, !newOnly));
      } catch (BoundedRead.Refused e) {
        err.println("tlsdoctor: logs: " + in.name() + ": " + e.reason() + "; --follow reads regular files (pipe a"
            + " stream into 'tlsdoctor logs -')");
        continue;
      }
      scanners.add(scanner);
    }
    if (followers.isEmpty()) {
      err.println("tlsdoctor: logs: nothing to follow");
      return ExitCodes.INPUT_ERROR;
    }
    FollowLoop loop = new FollowLoop(followers, summary, this, new FollowLoop.Listener() {
      @Override
      public void polled(LogSummary s) {
        if (counters != null) {
          counters.linesRead(s.lines());
        }
        out.flush();
        err.flush();
      }

      @Override
      public void note(String note) {
        err.println("tlsdoctor: logs: note: " + Safe.text(note));
      }

      @Override
      public void summary(LogSummary s) {
        printFollowSummary(s, kb, style, out);
      }
    });
    loop.pollAll(); // what the files already hold: into the summary, not printed line by line
    if (counters != null) {
      counters.linesRead(summary.lines());
    }
    err.flush();
    synchronized (this) {
      followed = List.copyOf(followers);
    }
    Consumer<TlsEvent> print = e -> out.println(format.equals("json") ? "{\"event\":" + EventJson.of(e) + "}"
        : eventLine(e));
    Consumer<TlsEvent> sink = counters == null ? print : print.andThen(counters::record);
    scanners.forEach(s -> s.setEvents(sink)); // from now on, new events are printed as they arrive
    err.println("tlsdoctor: following " + followers.size() + " file(s); Ctrl-C stops");
    loop.run(limit, Duration.ofSeconds(interval));
    return summary.tlsLines() > 0 ? ExitCodes.FOUND : ExitCodes.OK;
  }

  /** The files being followed, for the summaries' inputs (name and lines read so far). */
  private List<LogFollower> followed = List.of();

  private synchronized void printFollowSummary(LogSummary summary, KnowledgeBase kb, Style style, PrintWriter out) {
    List<LogAnalysis.InputResult> inputs = followed.stream()
        .map(f -> new LogAnalysis.InputResult(f.name(), f.linesRead(), null, List.of())).toList();
    print(LogReport.of(new LogAnalysis.Result(summary, inputs), kb, top), style, out);
    out.flush();
  }

  /** One event of --follow in text; the client, server, upstream and reason from the log line escaped. */
  private static String eventLine(TlsEvent e) {
    return String.format(Locale.ROOT, "%s %-28s %-8s %s%s  (%s)", e.time() == null ? "-" : e.time().toString()
            .replace('T', ' '), e.failureClass().id(), e.direction().id(),
        e.client().isEmpty() ? "-" : Safe.text(e.client()), e.upstream().isEmpty()
            ? (e.server().isEmpty() ? "" : " -> " + Safe.text(e.server())) : " -> " + Safe.text(e.upstream()),
        Safe.text(e.reason()));
  }

  private Duration parseDuration(String v) {
    return Options.duration(spec, "--for", v);
  }
}
