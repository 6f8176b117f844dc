package dev.tlsdoctor.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.clients.ClientDatabase;
import dev.tlsdoctor.clients.ClientProfile;
import dev.tlsdoctor.clients.ClientSimulation;
import dev.tlsdoctor.clients.PolicyOffer;
import dev.tlsdoctor.clients.Replay;
import dev.tlsdoctor.clients.ScanOffer;
import dev.tlsdoctor.clients.ServerOffer;
import dev.tlsdoctor.clients.Verdict;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.ServerPolicy;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.report.ClientsText;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.scan.Connector;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsdoctor clients}: which real clients can connect, and why the others cannot. */
@Command(name = "clients",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Which real clients can connect, and why the others cannot.",
    description = "Simulates the shipped client profiles (browsers, Android, Java, OpenSSL, curl, Go, Python,"
        + " Node, .NET, Windows, mail clients...) against a server as nginx with OpenSSL 3.0 decides: protocol,"
        + " suite (server or client order), group and key share with HelloRetryRequest, certificate and signature"
        + " scheme, DH and key-size limits, HTTP/2's forbidden suites, trust (incomplete chains and which clients"
        + " download the intermediate) and SNI (a client without SNI gets the default server). Live: the target is"
        + " scanned, the simulation runs on the scan, and each profile's ClientHello is replayed against the server"
        + " to show where the prediction and the server's real answer differ. --scan: from a saved"
        + " 'scan --format json'. --config: from the effective policy of one listen socket and name of an nginx"
        + " configuration; a failing client names the directive (file:line) that blocks it.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor clients example.com",
        "  tlsdoctor clients 192.0.2.10:8443 --sni www.example.com --format json",
        "  tlsdoctor scan example.com --format json > scan.json",
        "  tlsdoctor clients --scan scan.json",
        "  tlsdoctor clients --config /etc/nginx/nginx.conf --listen 443 \\",
        "      --sni www.example.com",
        "  tlsdoctor clients --list",
        "",
        "Exit codes:",
        "  0  every client connects",
        "  1  at least one client fails",
        "  2  usage error",
        "  3  a target could not be scanned, or the scan file or configuration could not be read"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
final class ClientsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "TARGET", description = "host, host:port or [IPv6]:port to scan (port"
      + " 443 when none is given).")
  List<String> targets = new ArrayList<>();

  @Option(names = "--sni", paramLabel = "NAME", description = "The server name clients ask for (live: default the"
      + " host when it is a name; --config: none, the default server).")
  String sni;

  @Option(names = "--scan", paramLabel = "FILE", description = "Simulate against a saved 'scan --format json'"
      + " (one profile or a list); '-' reads standard input.")
  String scanFile;

  @Option(names = "--config", paramLabel = "PATH", description = "Simulate against an nginx configuration (main"
      + " file, or the output of nginx -T).")
  Path config;

  @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "With --config: the listen socket clients"
      + " connect to (address:port, or a port).")
  String listen;

  @Option(names = "--nginx-version", paramLabel = "V", description = "With --config: the nginx version whose"
      + " defaults and SNI rules apply (default: the current stable).")
  String nginxVersion;

  @Option(names = "--openssl-version", paramLabel = "V", description = "With --config: the OpenSSL nginx uses"
      + " (default ${DEFAULT-VALUE}).")
  String opensslVersion = "3.0";

  @Option(names = "--client", paramLabel = "ID", description = "Only this client (repeatable; ids from --list).")
  List<String> only = new ArrayList<>();

  @Option(names = "--list", description = "List the client profiles (id, name, provenance) and exit.")
  boolean list;

  @Option(names = "--no-replay", description = "Live: simulate from the scan only, without replaying each"
      + " profile's ClientHello.")
  boolean noReplay;

  @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM file of private CAs your clients are"
      + " given: live, the scan trusts them besides the JDK's store; live and with --scan, a chain that leads to one"
      + " is reported as trusted only through it.")
  Path caFile;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20", description = "Live: deadline for each"
      + " target (default ${DEFAULT-VALUE}).")
  double timeout = 20; // as picocli's default: for a line read without it

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  String format = "text";

  /** One target's result: what it is and every client's verdict. */
  record Result(String target, List<Verdict> clients) {
  }

  @Override
  public Integer call() throws InterruptedException {
    Options.requireOneOf(spec, "--format", format, "text", "json");
    PrintWriter out = spec.commandLine().getOut();
    List<ClientProfile> profiles = profiles();
    if (list) {
      return listProfiles(out, profiles);
    }
    int modes = (targets.isEmpty() ? 0 : 1) + (scanFile == null ? 0 : 1) + (config == null ? 0 : 1);
    if (modes != 1) {
      throw new ParameterException(spec.commandLine(), modes == 0 ? "give TARGET, --scan FILE or --config PATH"
          : "give only one of TARGET, --scan FILE and --config PATH");
    }
    if (listen != null && config == null || nginxVersion != null && config == null) {
      throw new ParameterException(spec.commandLine(), "--listen and --nginx-version go with --config");
    }
    if (config != null && listen == null) {
      throw new ParameterException(spec.commandLine(), "--config needs --listen ADDR:PORT");
    }
    if (timeout <= 0) {
      throw new ParameterException(spec.commandLine(), "--timeout: '" + timeout + "' must be more than 0");
    }
    return run(profiles, out, spec.commandLine().getErr());
  }

  /**
   * {@code clients [--format json|text] TARGET...} without picocli (see {@link PlainCommandLine}); null for any other
   * command line, or one with a target that does not parse (picocli says why).
   */
  static java.util.concurrent.Callable<Integer> plain(String[] args, PrintWriter out, PrintWriter err) {
    PlainCommandLine p = PlainCommandLine.of(args, "clients", ScanCommand::isTarget);
    if (p == null) {
      return null;
    }
    ClientsCommand c = new ClientsCommand();
    c.targets = new ArrayList<>(p.arguments());
    c.format = p.format();
    return () -> c.run(ClientDatabase.all(), out, err);
  }

  /** Runs a valid command line: simulates {@code profiles} and prints the verdicts; returns the exit code. */
  private int run(List<ClientProfile> profiles, PrintWriter out, PrintWriter err) throws InterruptedException {
    List<Result> results = new ArrayList<>();
    int code;
    if (config != null) {
      code = fromConfig(err, profiles, results);
    } else if (scanFile != null) {
      code = fromScanFile(err, profiles, results);
    } else {
      code = live(err, profiles, results);
    }
    print(out, results);
    if (code != ExitCodes.OK) {
      return code;
    }
    return results.stream().anyMatch(r -> r.clients().stream().anyMatch(v -> !v.connects())) ? ExitCodes.FOUND
        : ExitCodes.OK;
  }

  private List<ClientProfile> profiles() {
    if (only.isEmpty()) {
      return ClientDatabase.all();
    }
    List<ClientProfile> out = new ArrayList<>();
    for (String id : only) {
      out.add(ClientDatabase.find(id).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "--client: '" + id + "' is not a client id (tlsdoctor clients --list shows them)")));
    }
    return out;
  }

  private int listProfiles(PrintWriter out, List<ClientProfile> profiles) {
    if (format.equals("json")) {
      out.println(Json.pretty(Map.of("profiles", profiles)));
    } else {
      for (ClientProfile p : profiles) {
        out.println(ClientsText.listLine(p));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void print(PrintWriter out, List<Result> results) {
    if (format.equals("json")) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Result r : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target());
        m.put("clients", r.clients());
        docs.add(m);
      }
      out.println(Json.pretty(docs.size() == 1 ? docs.get(0) : docs));
    } else {
      PrintWriter text = TerminalWriter.wrap(out, new Style(false));
      for (int i = 0; i < results.size(); i++) {
        text.print((i > 0 ? "\n" : "") + ClientsText.render(results.get(i).target(), results.get(i).clients()));
      }
      text.flush();
    }
    out.flush();
  }

  private int fromConfig(PrintWriter err, List<ClientProfile> profiles, List<Result> results) {
    NginxVersion version;
    OpensslBuild build;
    try {
      version = nginxVersion != null ? NginxVersion.parse(nginxVersion) : NginxVersion.CURRENT_STABLE;
      build = OpensslBuild.of(opensslVersion);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    TlsPolicy policy;
    try {
      byte[] head = BoundedRead.head(config, 64);
      boolean dump = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("nginx: the config");
      dev.tlsdoctor.nginx.config.NginxConfig read = dump ? NginxConfigReader.strict().notingMissingIncludes()
          .readDump(config) : NginxConfigReader.strict().notingMissingIncludes().read(config);
      read.readInside().ifPresent(module -> err.println("tlsdoctor: clients: note: " + Safe.text(config.toString())
          + " has server blocks at its top level and no " + module + " {} block: read as a file that nginx.conf"
          + " includes inside " + module + " {}; what nginx.conf itself sets there is not seen"));
      for (dev.tlsdoctor.nginx.config.ConfigError missing : read.missingIncludes()) {
        err.println("tlsdoctor: clients: note: " + Safe.text(missing.toString()) + " (nginx refuses to start with"
            + " it; simulated without that file)");
      }
      policy = TlsPolicy.of(read, version, build);
    } catch (ConfigException e) {
      err.println("tlsdoctor: clients: " + Safe.text(e.getMessage()));
      return ExitCodes.INPUT_ERROR;
    } catch (IOException e) {
      err.println("tlsdoctor: clients: " + Safe.text(config.toString()) + ": " + Safe.text(BoundedRead.reason(e)));
      return ExitCodes.INPUT_ERROR;
    }
    ListenSocket socket = PolicyOffer.socket(policy, listen).orElse(null);
    if (socket == null) {
      err.println("tlsdoctor: clients: no server of " + Safe.text(config.toString()) + " listens on "
          + Safe.text(listen) + " (sockets: " + Safe.text(String.join(", ",
              policy.sockets().stream().map(ListenSocket::address).toList())) + ")");
      return ExitCodes.INPUT_ERROR;
    }
    if (!socket.tls()) {
      err.println("tlsdoctor: clients: " + Safe.text(socket.address()) + " is not a TLS socket (no 'ssl' on its"
          + " listen)");
      return ExitCodes.INPUT_ERROR;
    }
    for (String asked : sni == null || sni.isEmpty() ? new String[] {null} : new String[] {sni, null}) {
      ServerPolicy ctx = policy.view(socket, policy.serverFor(socket, asked)).context();
      var variable = ctx.certificates().stream().filter(c -> c.value().contains("$")).findFirst();
      if (variable.isPresent()) {
        // nginx loads it per handshake: simulating the server as one without a certificate would fail every client
        String address = socket.address().startsWith("*:") ? "HOST" + socket.address().substring(1)
            : socket.address();
        err.println("tlsdoctor: clients: the certificate of the server at " + Safe.text(ctx.where())
            + " is chosen per handshake (ssl_certificate " + Safe.text(variable.get().value()) + "): the"
            + " configuration does not say which one a client gets; simulate against the running server instead:"
            + " tlsdoctor clients " + Safe.text(address) + (sni == null || sni.isEmpty() ? "" : " --sni "
            + Safe.text(sni)));
        return ExitCodes.INPUT_ERROR;
      }
    }
    ServerOffer offer = PolicyOffer.of(policy, socket, sni);
    results.add(new Result(offer.label(), ClientSimulation.against(offer, profiles)));
    return ExitCodes.OK;
  }

  private int fromScanFile(PrintWriter err, List<ClientProfile> profiles, List<Result> results) {
    List<ServerProfile> scans = new ArrayList<>();
    try {
      byte[] bytes = scanFile.equals("-") ? BoundedRead.stream(System.in, "standard input", BoundedRead.Limit.DUMP)
          : BoundedRead.file(Path.of(scanFile), BoundedRead.Limit.DUMP);
      ObjectMapper m = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      JsonNode root = m.readTree(bytes);
      if (root == null || !(root.isArray() || root.isObject())) {
        throw new IOException("not a scan: expected a JSON object or list");
      }
      for (JsonNode n : root.isArray() ? root : List.of(root)) {
        scans.add(m.treeToValue(n, ServerProfile.class));
      }
    } catch (com.fasterxml.jackson.core.JsonParseException e) {
      var at = e.getLocation();
      err.println("tlsdoctor: clients: " + Safe.text(scanFile) + ": not JSON" + (at == null ? "" : " (line "
          + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": " + Safe.text(e.getOriginalMessage()));
      return ExitCodes.INPUT_ERROR;
    } catch (IOException e) {
      err.println("tlsdoctor: clients: " + Safe.text(scanFile) + ": " + Safe.text(BoundedRead.reason(e)));
      return ExitCodes.INPUT_ERROR;
    }
    int code = ExitCodes.OK;
    for (int i = 0; i < scans.size(); i++) {
      ServerProfile p = scans.get(i);
      try {
        var offer = ScanOffer.of(p, cas());
        if (offer.isEmpty()) {
          err.println("tlsdoctor: clients: " + Safe.text(p.target()) + ": the scan has no TLS answer"
              + (p.error() == null ? "" : " (" + Safe.text(p.error()) + ")"));
          code = ExitCodes.INPUT_ERROR;
          continue;
        }
        results.add(new Result(offer.get().label(), ClientSimulation.against(offer.get(), profiles)));
      } catch (RuntimeException e) {
        // a file that parses as JSON but is not what scan writes (missing or malformed fields)
        err.println("tlsdoctor: clients: " + Safe.text(scanFile) + ": scan " + (i + 1) + " is not a tlsdoctor scan"
            + " profile: " + Safe.text(String.valueOf(e.getMessage())));
        code = ExitCodes.INPUT_ERROR;
      }
    }
    return code;
  }

  private int live(PrintWriter err, List<ClientProfile> profiles, List<Result> results) throws InterruptedException {
    List<Target> list = new ArrayList<>();
    for (String t : targets) {
      try {
        list.add(Target.parse(t, sni));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    ScanOptions d = ScanOptions.defaults();
    ScanOptions options = new ScanOptions(Duration.ofMillis((long) (timeout * 1000)), d.connectTimeout(),
        d.readTimeout(), d.connectionsPerTarget(), d.parallelTargets(), cas(), d.aiaFetch(), d.aiaAddresses());
    err.println("clients: scanning " + list.size() + " target" + (list.size() == 1 ? "" : "s"));
    err.flush();
    // each target also without SNI: what clients that send no server name get
    List<Target> all = new ArrayList<>(list);
    for (Target t : list) {
      all.add(new Target(t.host(), t.port(), null));
    }
    List<ServerProfile> scanned = new Scanner(options).scanAll(all, p -> { });
    List<ServerProfile> scans = scanned.subList(0, list.size());
    int code = ExitCodes.OK;
    for (int i = 0; i < scans.size(); i++) {
      ServerProfile p = scans.get(i);
      var offer = list.get(i).sni() == null ? ScanOffer.of(p, options.extraCas())
          : ScanOffer.of(p, scanned.get(list.size() + i), options.extraCas());
      if (offer.isEmpty() || p.error() != null) { // not TLS, or not scanned completely: no verdicts from a part
        err.println("tlsdoctor: clients: " + Safe.text(p.target()) + ": cannot be simulated"
            + (p.error() == null ? "" : ": " + Safe.text(p.error())));
        code = ExitCodes.INPUT_ERROR;
        continue;
      }
      List<Verdict> verdicts = ClientSimulation.against(offer.get(), profiles);
      if (!noReplay) {
        err.println("clients: replaying " + profiles.size() + " hellos against " + Safe.text(p.target()));
        err.flush();
        long started = System.nanoTime();
        verdicts = replay(p, list.get(i).sni(), profiles, verdicts, options);
        long disagree = verdicts.stream().filter(v -> v.replay() != null && !v.replay().agrees()).count();
        err.println("clients: replayed " + profiles.size() + " hellos in " + (System.nanoTime() - started) / 1_000_000
            + " ms; " + (disagree == 0 ? "every answer agrees with the simulation" : disagree + " differ"));
        err.flush();
      }
      results.add(new Result(offer.get().label(), verdicts));
    }
    return code;
  }

  private static List<Verdict> replay(ServerProfile p, String name, List<ClientProfile> profiles,
      List<Verdict> verdicts, ScanOptions options) throws InterruptedException {
    Connector connector;
    try {
      connector = new Connector(InetAddress.getByName(p.ip()), p.port(), options.timeout(), options.connectTimeout(),
          options.readTimeout(), options.connectionsPerTarget());
    } catch (java.net.UnknownHostException e) {
      return verdicts; // an IP literal from the scan: cannot happen
    }
    List<Verdict> out = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Verdict.Replay>> fs = new ArrayList<>();
      for (int i = 0; i < profiles.size(); i++) {
        ClientProfile c = profiles.get(i);
        Verdict v = verdicts.get(i);
        fs.add(pool.submit(() -> Replay.run(connector, c, name, v)));
      }
      for (int i = 0; i < fs.size(); i++) {
        Verdict.Replay r;
        try {
          r = fs.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          r = new Verdict.Replay(null, null, null, false, "replay failed: " + e.getCause(), false,
              List.of("the replay could not run: " + e.getCause()), null);
        }
        out.add(ClientSimulation.withReplay(verdicts.get(i), r));
      }
    }
    return out;
  }

  private List<X509Certificate> cas() {
    if (caFile == null) {
      return List.of();
    }
    try (var in = Files.newInputStream(caFile)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (IOException | CertificateException e) {
      throw new ParameterException(spec.commandLine(), "--ca-file: " + caFile + ": " + e.getMessage());
    }
  }
}
