package dev.tlsdoctor.cli;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.host.LocalNginx;
import dev.tlsdoctor.nginx.config.ConfigError;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.config.Position;
import dev.tlsdoctor.nginx.fix.FixVerifier;
import dev.tlsdoctor.nginx.fix.NginxSyntaxCheck;
import dev.tlsdoctor.nginx.policy.IgnoreRule;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.PolicyFindings;
import dev.tlsdoctor.nginx.policy.SourceLines;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.PolicyReport;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Sarif;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Show the effective TLS policy of an nginx configuration and what is wrong in it.",
    description = "Reads an nginx configuration (the main file with its includes, or the output of nginx -T) and"
        + " works out the TLS policy of every listen socket and server of the http, stream and mail modules after"
        + " inheritance and the defaults of the nginx version: protocols, ciphers as OpenSSL evaluates them,"
        + " certificates, and what a client gets with and without SNI. Then the upstream side of every proxy_pass,"
        + " grpc_pass, uwsgi_pass and stream proxy_pass. Prints the findings (file:line, who is hurt, a fix as a"
        + " diff of the file), then the servers.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor config /etc/nginx/nginx.conf",
        "  nginx -T 2>/dev/null | tlsdoctor config -",
        "  tlsdoctor config --nginx-version 1.26.2 --format json nginx.conf",
        "  tlsdoctor config --fail-on error nginx.conf     # only errors fail a CI job",
        "  tlsdoctor config --ignore cipher-weak nginx.conf",
        "  tlsdoctor config --ignore protocol-deprecated@conf.d/old.conf:12 nginx.conf",
        "  tlsdoctor config --format sarif nginx.conf > tls.sarif",
        "",
        "Settings file: --settings FILE, else .tlsdoctor.yml in the working directory",
        "when there is one. The command line overrides it (--ignore replaces its list).",
        "  failOn: error                   # error, warning, info or never",
        "  ignore:",
        "    - cipher-weak                             # every finding with this id",
        "    - protocol-deprecated@conf.d/old.conf:12  # ID@FILE[:LINE]",
        "    - \"*@conf.d/vendor.conf\"                  # any id (quoted for YAML)",
        "FILE is the finding's path or its end (conf.d/old.conf, old.conf).",
        "",
        "Exit codes:",
        "  0  no finding at or above --fail-on (default warning) is left",
        "  1  a finding at or above --fail-on is left (after --ignore)",
        "  2  usage error, or a settings file that cannot be used (FILE:LINE: why)",
        "  3  the configuration could not be read (file:line:col: message)"})
final class ConfigCommand implements Callable<Integer> {
  private static final String DUMP_HEADER = "# configuration file ";
  /** Bytes looked at to tell nginx -T output from a configuration file. */
  private static final int DUMP_SNIFF = 1 << 16;

  /** The nginx whose defaults apply, and where that came from (for the text report). */
  private record Chosen(NginxVersion version, String source) {
  }

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "The main configuration file or a saved nginx -T output;"
      + " - reads nginx -T output from standard input.")
  String path;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json, or sarif (SARIF 2.1.0"
      + " for code-scanning tools; file paths relative to the working directory when they lie below it).")
  String format = "text";

  @Option(names = "--nginx-version", paramLabel = "VERSION", description = "The nginx whose defaults and"
      + " behaviour apply (default: the local nginx -v, else the current stable).")
  String nginxVersion;

  @Option(names = "--openssl-version", paramLabel = "VERSION", description = "The OpenSSL nginx is built with"
      + " (only 3.0 for now).")
  String opensslVersion = "3.0";

  @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit 1 when a finding of this severity or a"
      + " worse one is left: error, warning (default), info, or never (exit 0 whatever is found).")
  String failOn;

  @Option(names = "--ignore", paramLabel = "ID[@FILE[:LINE]]", description = "Leave out the findings with this id"
      + " (* for any id); with FILE only those in that file (its path or the end of it), with LINE only those at"
      + " that line. Repeatable. The report says how many each rule left out; a rule that matches nothing is noted"
      + " on standard error.")
  List<String> ignore;

  @Option(names = "--settings", paramLabel = "FILE", description = "Read failOn and ignore from this YAML file;"
      + " without it, from the file .tlsdoctor.yml in the working directory when there is one. The command line"
      + " overrides it.")
  Path settings;

  @Option(names = "--verbose", description = "List every cipher suite: of each server, and in messages (by"
      + " default a count, the first few and how many more). JSON and SARIF always have them all.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Options.requireOneOf(spec, "--format", format, "text", "json", "sarif");
    if (failOn != null) {
      Options.requireOneOf(spec, "--fail-on", failOn, ConfigSettings.FAIL_ON.toArray(String[]::new));
    }
    List<IgnoreRule> rules = new ArrayList<>();
    for (String rule : ignore == null ? List.<String>of() : ignore) {
      try {
        rules.add(IgnoreRule.parse(rule, "--ignore"));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--ignore: " + e.getMessage());
      }
    }
    NginxVersion given;
    OpensslBuild build;
    try {
      given = nginxVersion != null ? NginxVersion.parse(nginxVersion) : null;
      build = OpensslBuild.of(opensslVersion);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ConfigSettings file;
    try {
      file = settings();
    } catch (ConfigSettings.Invalid e) {
      err.println("tlsdoctor: config: " + Safe.text(e.getMessage()));
      return ExitCodes.USAGE;
    }
    // the command line overrides the file: --fail-on its failOn, --ignore its whole list
    String threshold = failOn != null ? failOn : file != null && file.failOn() != null ? file.failOn() : "warning";
    if (ignore == null && file != null && file.ignore() != null) {
      rules = file.ignore();
    }
    // while the configuration is read on this thread, the other processor readies what its analysis will need
    dev.tlsdoctor.x509.Chains.preload();
    dev.tlsdoctor.clients.ClientDatabase.preload();
    Input in = read(err);
    if (in == null) {
      return ExitCodes.INPUT_ERROR;
    }
    Chosen nginx = given != null ? new Chosen(given, "--nginx-version") : localVersion(err);
    Clock clock = Clock.systemUTC();
    // every proposed change is tried on a copy before it is shown; nginx -t too, for files on the disk, unless the
    // local nginx did not even answer -v in time
    NginxSyntaxCheck onPath = in.fromDisk() && !nginx.source().startsWith(NO_ANSWER) ? NginxSyntaxCheck.onPath()
        : null;
    FixVerifier.SyntaxCheck nginxT = onPath == null ? null : onPath.inside(in.config().readInside().orElse(null),
        in.config().confPrefix());
    Analysed a = analyse(in, nginx, build, clock, nginxT, rules, err);
    in = null; // the configuration's tree is let go: only its text is needed to try the fixes on copies
    List<Finding> findings = a.verified().get();
    IgnoreRule.Filtered filtered = a.filtered();
    PolicyReport.Run run = new PolicyReport.Run(threshold, file == null ? null : file.file(), filtered.dropped(),
        filtered.byRule().stream().map(c -> new PolicyReport.Ignored(c.rule().rule(), c.count())).toList());
    if (format.equals("json")) {
      Json.pretty(PolicyReport.json(a.nginxVersion(), a.opensslVersion(), run, findings, a.jsonServers()), out);
      out.println();
    } else if (format.equals("sarif")) {
      out.println(Json.pretty(Sarif.of(findings, Main.version(), Path.of("").toAbsolutePath())));
    } else {
      // the report escapes; this is the safety net, passing the tabs that indent a fix's lines
      PrintWriter text = new PrintWriter(new TerminalWriter(out, new Style(false), true));
      PolicyReport.findings(a.nginxVersion(), nginx.source(), a.opensslVersion(), run, findings, verbose, text);
      text.flush();
      out.print(a.textServers()); // through the same net already, while the fixes were tried
      out.flush();
    }
    int failing = PolicyReport.Run.rank(threshold);
    return findings.stream().anyMatch(f -> f.rank() <= failing) ? ExitCodes.FOUND : ExitCodes.OK;
  }

  /**
   * The settings file: {@code --settings}, else {@code .tlsdoctor.yml} in the working directory when there is one
   * (anything of that name, so that a directory or a FIFO there is said, not passed over); null when there is none.
   */
  private ConfigSettings settings() throws ConfigSettings.Invalid {
    if (settings != null) {
      return ConfigSettings.read(settings, settings.toString());
    }
    Path auto = Path.of(ConfigSettings.DEFAULT_FILE);
    if (!java.nio.file.Files.exists(auto, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return ConfigSettings.read(auto, auto.toAbsolutePath().toString());
  }

  /**
   * The configuration as read: its tree, its text by line, whether it came from files on the disk, and (nginx -T
   * input) the included files as parsed, which the copies the fixes are tried on share.
   */
  private record Input(NginxConfig config, SourceLines lines, boolean fromDisk, NginxConfigReader.Cache parsed) {
  }

  /** The configuration; null when it cannot be read (said on {@code err}, as {@code file:line:col: message}). */
  private Input read(PrintWriter err) {
    try {
      byte[] dump = dump();
      if (dump != null) {
        NginxConfigReader.Cache parsed = dump.length < FixVerifier.LARGE ? new NginxConfigReader.Cache() : null;
        return new Input(NginxConfigReader.strict().notingMissingIncludes().policyOnly().readDump(dump, parsed),
            SourceLines.fromDump(dump), false, parsed);
      }
      NginxConfig config = NginxConfigReader.strict().notingMissingIncludes().policyOnly().read(Path.of(path));
      noteReadInside(config, path, "config", err);
      return new Input(config, SourceLines.fromDisk(), true, null);
    } catch (ConfigException e) {
      err.println(Safe.text(e.getMessage())); // file:line:col: message, quoting what the file holds
      return null;
    }
  }

  /**
   * What the output needs of the policy: the findings with their fixes tried, the ignored ones left out, the
   * versions, and the servers part of the text or the JSON, made before the configuration's tree is let go; nothing
   * here holds the tree, which a large configuration would otherwise keep in memory beside each analysed copy.
   */
  private record Analysed(Verified verified, IgnoreRule.Filtered filtered, String nginxVersion,
      String opensslVersion, String textServers, List<Object> jsonServers) {
  }

  /** The findings once their fixes are tried: at once, or from another thread. */
  private interface Verified {
    List<Finding> get();
  }

  /**
   * Analyses the configuration, leaves out the ignored findings (a rule that matched none is noted on {@code err}),
   * and tries their fixes on copies. For a configuration of less than {@link FixVerifier#LARGE} bytes the copies are
   * analysed on another thread while the servers part of the output is made (the tree is held twice for that
   * while); a larger one is let go first, so that one tree is held at a time.
   */
  private Analysed analyse(Input in, Chosen nginx, OpensslBuild build, Clock clock, FixVerifier.SyntaxCheck nginxT,
      List<IgnoreRule> rules, PrintWriter err) {
    TlsPolicy policy = TlsPolicy.of(in.config(), nginx.version(), build);
    List<Finding> units = PolicyFindings.units(policy, in.lines(), clock);
    List<Finding> found = PolicyFindings.of(units);
    found = dev.tlsdoctor.clients.FindingImpact.apply(policy, found); // who is affected, simulated
    // ignored findings are left out before their fixes are tried: each fix is tried on its own
    IgnoreRule.Filtered filtered = IgnoreRule.apply(found, rules);
    for (IgnoreRule.Count c : filtered.byRule()) {
      if (c.count() == 0) {
        err.println("tlsdoctor: config: note: ignore rule '" + Safe.text(c.rule().rule()) + "' ("
            + Safe.text(c.rule().origin()) + ") matched no finding");
      }
    }
    FixVerifier verifier = new FixVerifier(in.config(), in.lines(), nginx.version(), build, clock, nginxT);
    // nginx -T input: the copy the fixes are tried against is the input itself, already analysed
    List<Finding> unchanged = in.fromDisk() ? null : units;
    Verified verified;
    if (size(in) < FixVerifier.LARGE) {
      NginxConfig tree = in.config();
      NginxConfigReader.Cache parsed = in.parsed();
      FutureTask<List<Finding>> task = dev.tlsdoctor.util.Futures.started("tlsdoctor-fix-trials",
          () -> verifier.verify(filtered.kept(), unchanged, unchanged == null ? null : policy, tree, parsed));
      verified = () -> dev.tlsdoctor.util.Futures.join(task, "the fixes were tried");
    } else {
      verified = () -> verifier.verify(filtered.kept(), unchanged);
    }
    String textServers = null;
    List<Object> jsonServers = null;
    if (format.equals("json")) {
      jsonServers = PolicyReport.servers(policy);
    } else if (format.equals("text")) {
      StringWriter w = new StringWriter();
      PrintWriter pw = new PrintWriter(new TerminalWriter(w, new Style(false), true));
      PolicyReport.servers(policy, verbose, pw);
      pw.flush();
      textServers = w.toString();
    }
    return new Analysed(verified, filtered, policy.version().toString(), policy.build().version(), textServers,
        jsonServers);
  }

  /** Bytes of configuration text: the dump's, or the sizes of the files read. */
  private static long size(Input in) {
    if (!in.fromDisk()) {
      return in.lines().size();
    }
    long n = 0;
    for (String f : in.config().files()) {
      try {
        n += java.nio.file.Files.size(Path.of(f));
      } catch (IOException | RuntimeException e) {
        // gone since: it counts for nothing
      }
    }
    return n;
  }

  /**
   * The version of the local nginx ({@code nginx -v}, within {@link LocalNginx#TIMEOUT}), else the current stable.
   * A program that did not answer or gave no version is noted on {@code err}.
   */
  private static final String NO_ANSWER = "local nginx -v gave no version";

  private static Chosen localVersion(PrintWriter err) {
    LocalNginx.Answer local = LocalNginx.first(System.getenv().getOrDefault("PATH", ""), LocalNginx.TIMEOUT);
    if (local.version().isPresent()) {
      return new Chosen(local.version().get(), "local nginx -v");
    }
    if (local.note() == null) {
      return new Chosen(NginxVersion.CURRENT_STABLE, "no local nginx: current stable");
    }
    err.println("tlsdoctor: config: note: " + local.note() + "; using the defaults of nginx "
        + NginxVersion.CURRENT_STABLE + ", the current stable (--nginx-version chooses)");
    return new Chosen(NginxVersion.CURRENT_STABLE, NO_ANSWER + ": current stable");
  }

  /**
   * The nginx -T output to read: standard input, or the PATH file when it starts as one; null when PATH is a
   * configuration file to read with its includes, or cannot be read (the reader says why, as nginx does).
   */
  private byte[] dump() throws ConfigException {
    if (path.equals("-")) {
      return read("standard input", () -> BoundedRead.stream(System.in, "standard input", BoundedRead.Limit.DUMP));
    }
    Path p = Path.of(path);
    try {
      if (!isDump(BoundedRead.head(p, DUMP_SNIFF))) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return read(p.toAbsolutePath().toString(), () -> BoundedRead.file(p, BoundedRead.Limit.DUMP));
  }

  /** A read that may fail. */
  private interface Read {
    byte[] get() throws IOException;
  }

  /** The bytes {@code read} returns; why not as a configuration error of {@code name} (exit code 3). */
  private static byte[] read(String name, Read read) throws ConfigException {
    try {
      return read.get();
    } catch (IOException e) {
      throw new ConfigException(new ConfigError(Position.of(name), BoundedRead.reason(e)));
    }
  }

  /** nginx -T output: a {@code # configuration file PATH:} line before any directive. */
  static boolean isDump(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, DUMP_SNIFF), StandardCharsets.UTF_8);
    for (String l : head.split("\n")) {
      if (l.startsWith(DUMP_HEADER) && l.endsWith(":")) {
        return true;
      }
      String t = l.trim();
      if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("nginx: ")) {
        return false;
      }
    }
    return false;
  }

  /** A configuration read and analysed, its fixes verified: what {@code diagnose} joins with the logs. */
  record ForDiagnose(NginxConfig config, TlsPolicy policy, List<Finding> findings, String versionSource) {
  }

  /**
   * Reads {@code path} (a file with its includes, a saved nginx -T output, or {@code -}) and analyses it as
   * {@code call} does; notes go to {@code err}. Throws {@link ConfigException} for an unreadable configuration.
   */
  static ForDiagnose analyse(String path, NginxVersion given, OpensslBuild build, PrintWriter err)
      throws ConfigException {
    return analyse(path, given, build, err, null);
  }

  /** {@link #analyse(String, NginxVersion, OpensslBuild, PrintWriter)}, telling {@code onPolicy} the policy early. */
  static ForDiagnose analyse(String path, NginxVersion given, OpensslBuild build, PrintWriter err,
      java.util.function.BiConsumer<NginxConfig, TlsPolicy> onPolicy) throws ConfigException {
    ConfigCommand c = new ConfigCommand();
    c.path = path;
    return analyse(path, c.dump(), given, build, err, onPolicy);
  }

  /** Says on {@code err} that {@code path} was read as a file nginx.conf includes, when it was. */
  private static void noteReadInside(NginxConfig config, String path, String command, PrintWriter err) {
    config.readInside().ifPresent(module -> err.println("tlsdoctor: " + command + ": note: " + Safe.text(path)
        + " has server blocks at its top level and no " + module + " {} block: read as a file that nginx.conf"
        + " includes inside " + module + " {} (as conf.d/*.conf and sites-enabled/* are); what nginx.conf itself sets"
        + " there is not seen: give the main file for the whole configuration"));
  }

  /** Like {@link #analyse(String, NginxVersion, OpensslBuild, PrintWriter)}, for nginx -T output already read. */
  static ForDiagnose analyse(String path, byte[] dump, NginxVersion given, OpensslBuild build, PrintWriter err)
      throws ConfigException {
    return analyse(path, dump, given, build, err, null);
  }

  /**
   * {@link #analyse(String, byte[], NginxVersion, OpensslBuild, PrintWriter)}, telling {@code onPolicy} (when not
   * null) the effective policy as soon as it is known, before the findings and their fixes are worked out: what
   * needs only the policy (the scans of its sockets) starts that much earlier.
   */
  static ForDiagnose analyse(String path, byte[] dump, NginxVersion given, OpensslBuild build, PrintWriter err,
      java.util.function.BiConsumer<NginxConfig, TlsPolicy> onPolicy) throws ConfigException {
    NginxConfig config = dump != null ? NginxConfigReader.strict().notingMissingIncludes().readDump(dump)
        : NginxConfigReader.strict().notingMissingIncludes().read(Path.of(path));
    noteReadInside(config, path, "diagnose", err);
    SourceLines lines = dump != null ? SourceLines.fromDump(dump) : SourceLines.fromDisk();
    Chosen nginx = given != null ? new Chosen(given, "--nginx-version") : localVersion(err);
    TlsPolicy policy = TlsPolicy.of(config, nginx.version(), build);
    if (onPolicy != null) {
      onPolicy.accept(config, policy);
    }
    Clock clock = Clock.systemUTC();
    NginxSyntaxCheck onPath = dump == null && !nginx.source().startsWith(NO_ANSWER) ? NginxSyntaxCheck.onPath()
        : null;
    FixVerifier.SyntaxCheck nginxT = onPath == null ? null : onPath.inside(config.readInside().orElse(null),
        config.confPrefix());
    List<Finding> findings = new FixVerifier(config, lines, nginx.version(), build, clock, nginxT)
        .verify(dev.tlsdoctor.clients.FindingImpact.apply(policy, PolicyFindings.analyze(policy, lines, clock)));
    return new ForDiagnose(config, policy, findings, nginx.source());
  }
}
