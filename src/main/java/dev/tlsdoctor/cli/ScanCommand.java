package dev.tlsdoctor.cli;

import dev.tlsdoctor.clients.ClientSummary;
import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.report.ClientsText;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.ScanText;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.scan.AddressPolicy;
import dev.tlsdoctor.scan.CertificateChecks;
import dev.tlsdoctor.scan.CertificateInfo;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scan",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Scan TLS endpoints: what they really accept and present.",
    description = "Connects to each target with hand-built ClientHellos and reports whether it speaks TLS at all"
        + " (naming HTTP, SSH, SMTP or FTP when it does not), the protocol versions and cipher suites it accepts"
        + " in its order of preference, its key-exchange groups, its certificate chains and what is wrong with"
        + " them (for a missing intermediate, whether the issuer named by AIA completes the chain), what SNI"
        + " changes, whether it asks for client certificates, ALPN, OCSP stapling, secure renegotiation and"
        + " TLS_FALLBACK_SCSV. Every refusal keeps its reason (the alert, a reset, silence, a"
        + " plain-text reply). Targets are scanned concurrently; each has a deadline.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor scan example.com",
        "  tlsdoctor scan 192.0.2.10:8443 --sni www.example.com",
        "  tlsdoctor scan '[2001:db8::1]:443' --ca-file internal-ca.pem",
        "  tlsdoctor scan --targets-file hosts.txt --format json | jq '.[].findings'",
        "  tlsdoctor scan intranet.example:8443 --aia-allow 10.20.0.0/16",
        "",
        "Exit codes:",
        "  0  every target scanned, nothing wrong found",
        "  1  findings (severity warning or above)",
        "  2  usage error",
        "  3  a target could not be scanned (unreachable, not TLS, deadline)"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
final class ScanCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "TARGET", description = "host, host:port or [IPv6]:port (port 443"
      + " when none is given).")
  List<String> targets = new ArrayList<>();

  @Option(names = "--targets-file", paramLabel = "FILE", description = "Read more targets from FILE, one per line"
      + " (# starts a comment).")
  Path targetsFile;

  @Mixin
  LiveScanOptions live;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "32",
      description = "Probe connections open at once to one target (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "16",
      description = "Targets scanned at once (default ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--no-aia-fetch", description = "When a chain lacks an intermediate, do not download it from the"
      + " caIssuers URL of its Authority Information Access (plain HTTP, 3 s, 64 KiB, at most 3 downloads), which"
      + " tells whether browsers, which do download it, still succeed. Without the download the chain is only"
      + " judged as curl, openssl and Java clients see it.")
  boolean noAiaFetch;

  @Option(names = "--aia-allow", paramLabel = "NETWORK", description = "Also allow AIA downloads from this network"
      + " (CIDR such as 10.0.0.0/8 or fd00::/8, or 'private' for every address); repeatable. By default the"
      + " caIssuers URL a scanned certificate names is fetched only from public addresses, checked after name"
      + " resolution and on every redirect: a server cannot make tlsdoctor call loopback, the local network or"
      + " a metadata service (169.254.169.254). Use it for an internal PKI.")
  List<String> aiaAllow = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  String format = "text";

  @Override
  public Integer call() throws InterruptedException {
    Options.requireOneOf(spec, "--format", format, "text", "json");
    live.checkTimeout(spec);
    if (connections < 1 || parallel < 1) {
      throw new ParameterException(spec.commandLine(), (connections < 1 ? "--connections: '" + connections
          : "--parallel: '" + parallel) + "' must be at least 1");
    }
    List<Target> list = targets();
    if (list.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "no target: give TARGET or --targets-file");
    }
    ScanOptions d = ScanOptions.defaults();
    AddressPolicy aiaAddresses;
    try {
      aiaAddresses = AddressPolicy.allowing(AddressPolicy.parseAll(aiaAllow));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--aia-allow: " + e.getMessage());
    }
    ScanOptions options = new ScanOptions(Duration.ofMillis((long) (live.timeout * 1000)), d.connectTimeout(),
        d.readTimeout(), connections, parallel, cas(), !noAiaFetch, aiaAddresses);
    return scan(list, options, format, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * {@code scan [--format json|text] TARGET...} without picocli (see {@link PlainCommandLine}): the scanner's
   * defaults, which are the options' defaults. Null for any other command line, or one with a target that does not
   * parse (picocli says why).
   */
  static java.util.concurrent.Callable<Integer> plain(String[] args, PrintWriter out, PrintWriter err) {
    PlainCommandLine p = PlainCommandLine.of(args, "scan", ScanCommand::isTarget);
    if (p == null) {
      return null;
    }
    List<Target> list = p.arguments().stream().map(t -> Target.parse(t, null)).toList();
    return () -> scan(list, ScanOptions.defaults(), p.format(), out, err);
  }

  /** Whether {@code t} is a target as TARGET takes it, without --sni. */
  static boolean isTarget(String t) {
    try {
      Target.parse(t, null);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Scans valid targets with valid options and prints the report; returns the exit code. */
  private static int scan(List<Target> list, ScanOptions options, String format, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    dev.tlsdoctor.clients.ClientDatabase.preload(); // read while the network work runs
    warmUp(format);
    AtomicInteger done = new AtomicInteger();
    List<ServerProfile> results = new Scanner(options).scanAll(list, p -> {
      if (list.size() > 1) {
        synchronized (err) {
          err.printf("scan: %d/%d %s%s%n", done.incrementAndGet(), list.size(), Safe.text(p.target()),
              p.error() == null ? "" : ": " + Safe.text(p.error()));
          err.flush();
        }
      }
    });
    if (format.equals("json")) {
      // each profile with the client section added as "clients" (null when there is nothing to simulate against)
      List<com.fasterxml.jackson.databind.JsonNode> docs = new ArrayList<>();
      for (ServerProfile p : results) {
        com.fasterxml.jackson.databind.node.ObjectNode n = Json.MAPPER.valueToTree(p);
        n.set("clients", Json.MAPPER.valueToTree(ClientSummary.of(p).orElse(null)));
        docs.add(n);
      }
      out.println(Json.pretty(docs.size() == 1 ? docs.get(0) : docs));
    } else {
      PrintWriter text = TerminalWriter.wrap(out, new Style(false)); // ScanText escapes; this is the safety net
      for (int i = 0; i < results.size(); i++) {
        text.print((i > 0 ? "\n" : "") + ScanText.render(results.get(i))
            + ClientSummary.of(results.get(i)).map(ClientsText::summary).orElse(""));
      }
      text.flush();
    }
    out.flush();
    if (results.stream().anyMatch(p -> p.error() != null)) {
      return ExitCodes.INPUT_ERROR;
    }
    return results.stream().anyMatch(ScanText::hasProblems) ? ExitCodes.FOUND : ExitCodes.OK;
  }

  /**
   * Renders a made-up profile on a background thread while the probes wait for answers, so that the report writer
   * (Jackson's serializers, built on first use) is ready when the scan ends.
   */
  private static void warmUp(String format) {
    Thread.ofPlatform().daemon().name("report-warm-up").start(() -> {
      CertificateInfo cert = new CertificateInfo("CN=example", "CN=example CA", "2026-01-01T00:00:00Z",
          "2027-01-01T00:00:00Z", "RSA", 2048, List.of("DNS:example"), "SHA256withRSA", "00");
      ServerProfile p = new ServerProfile("example:443", "192.0.2.1", 443,
          new ServerProfile.Sni("example", false, false, "same certificate", "same certificate"), true, null, null,
          Map.of(ProtocolVersion.TLSv1_2, true), Map.of(ProtocolVersion.TLSv1, "alert: protocol_version(70)"),
          Map.of(ProtocolVersion.TLSv1_2, List.of(new ServerProfile.Suite("0xC02F", "TLS_A", "A"))),
          Map.of(ProtocolVersion.TLSv1_2, true),
          List.of("x25519"), 2048, List.of(new ServerProfile.Chain("example", List.of(cert),
          List.of(new CertificateChecks.Problem("expired", "example")),
          new ServerProfile.Aia("http://example/ca.der", true, true, "example"))), List.of("expired"),
          new ServerProfile.ClientAuth("none", List.of(), null), new ServerProfile.Alpn(List.of("h2"), null), true,
          true, true, List.of(new ServerProfile.Check("heartbleed", "ok", "example")), "A", List.of(),
          List.of(Finding.of("example", Severity.WARNING, "example")), 1, 1);
      if (format.equals("json")) {
        Json.pretty(List.of(p));
      } else {
        ScanText.render(p);
      }
    });
  }

  /** A list of targets, one per line: far more than anyone scans at once. */
  private static final BoundedRead.Limit TARGETS_FILE = new BoundedRead.Limit(16 << 20, "a targets file");

  private List<Target> targets() {
    List<String> specs = new ArrayList<>(targets);
    if (targetsFile != null) {
      try {
        String text = new String(BoundedRead.file(targetsFile, TARGETS_FILE), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          String t = line.replaceAll("#.*", "").strip();
          if (!t.isEmpty()) {
            specs.add(t);
          }
        }
      } catch (java.nio.file.NoSuchFileException e) {
        throw new ParameterException(spec.commandLine(), "--targets-file: no such file: '"
            + Safe.text(targetsFile.toString()) + "'");
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "--targets-file: cannot read '"
            + Safe.text(targetsFile.toString()) + "': " + Safe.text(BoundedRead.reason(e)));
      }
    }
    return live.targets(spec, specs); // a bad one's message quotes it, which may come from a file
  }

  private List<X509Certificate> cas() {
    return readCas(spec, live.caFile);
  }

  /** The certificates of {@code --ca-file} (none when it is null); a usage error names the file and the problem. */
  static List<X509Certificate> readCas(CommandSpec spec, Path caFile) {
    return CaFile.read(spec, caFile);
  }

}
