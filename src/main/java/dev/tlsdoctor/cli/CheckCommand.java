package dev.tlsdoctor.cli;

import dev.tlsdoctor.gate.Baseline;
import dev.tlsdoctor.gate.CheckResult;
import dev.tlsdoctor.gate.ConfigTargets;
import dev.tlsdoctor.gate.GatePolicy;
import dev.tlsdoctor.gate.Observed;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.report.CheckJunit;
import dev.tlsdoctor.report.CheckSarif;
import dev.tlsdoctor.report.CheckText;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "A CI gate: does this endpoint or configuration meet the TLS policy, and did it regress?",
    description = "Scans each TARGET (as scan does) or reads an nginx configuration (--config, as config does),"
        + " judges what it accepts against a YAML policy (--policy: protocol range, a Mozilla profile or a suite"
        + " list, groups, certificate days left, OCSP stapling, SNI behaviour, findings allowed, client profiles"
        + " that must connect, simulated as the clients command does) and compares it with a previous result"
        + " (--baseline: the JSON of scan or of check), naming every change in protocols, suites, their order,"
        + " groups, the certificate and which clients connect as a regression or an improvement. Without --policy"
        + " every finding of the scan or the configuration fails the check. The JSON of a check is the next"
        + " run's baseline.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor check staging.example.com --policy tls-policy.yml",
        "  tlsdoctor check staging.example.com:8443 --baseline last.json \\",
        "      --format junit --output tls.xml",
        "  tlsdoctor check --config /etc/nginx/nginx.conf --policy tls-policy.yml \\",
        "      --format sarif --output tls.sarif",
        "  tlsdoctor check 10.0.0.5:443 --sni www.example.com \\",
        "      --ca-file internal-ca.pem --format json > now.json",
        "",
        "Policy file (every key optional):",
        "  minProtocol: TLSv1.2",
        "  maxProtocol: TLSv1.3",
        "  requireProtocols: [TLSv1.3]",
        "  mozilla: intermediate            # or {profile: intermediate, version: \"5.7\"}",
        "  suites: [ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_128_GCM_SHA256]",
        "  groups: [x25519, prime256v1]",
        "  certificateDaysLeft: 21",
        "  ocspStapling: true",
        "  sni: {withoutName: accepted, unknownName: refused}",
        "  allowFindings: [no-fallback-scsv]",
        "  clients: [java-8u161, ie-11-win7]   # must connect (tlsdoctor clients --list)",
        "",
        "Exit codes:",
        "  0  every rule passed, no regression",
        "  1  a rule failed or a regression (JUnit and SARIF name each)",
        "  2  usage error (also a policy or baseline file that cannot be used: file, line and key are named)",
        "  3  nothing failed, but a target could not be scanned or the configuration could not be read"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "TARGET", description = "host, host:port or [IPv6]:port to scan (port"
      + " 443 when none is given).")
  List<String> targets = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "FILE", description = "The YAML policy (see below).")
  Path policyFile;

  @Option(names = "--baseline", paramLabel = "FILE", description = "A previous result to compare with: the JSON"
      + " of 'tlsdoctor scan' or of 'tlsdoctor check'. Endpoints are matched by their name.")
  Path baselineFile;

  @Option(names = "--config", paramLabel = "PATH", description = "Judge an nginx configuration instead of (or"
      + " besides) live targets: nginx.conf with its includes, a saved 'nginx -T' output, or - for standard input."
      + " Each TLS server on each socket is one endpoint; OCSP stapling and SNI rules are skipped (only a live"
      + " server shows them).")
  String config;

  @Option(names = "--nginx-version", paramLabel = "VERSION", description = "With --config: the nginx whose"
      + " defaults apply (default: the local nginx -v, else the current stable).")
  String nginxVersion;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json, junit or sarif.")
  String format = "text";

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE; standard output then"
      + " gets the text summary.")
  Path output;

  @Mixin
  LiveScanOptions live;

  @Override
  public Integer call() throws InterruptedException, IOException {
    dev.tlsdoctor.clients.ClientDatabase.preload(); // read while the network work runs
    Options.requireOneOf(spec, "--format", format, "text", "json", "junit", "sarif");
    live.checkTimeout(spec);
    if (targets.isEmpty() && config == null) {
      throw new ParameterException(spec.commandLine(), "nothing to check: give TARGET or --config PATH");
    }
    List<Target> list = live.targets(spec, targets);
    NginxVersion given;
    try {
      given = nginxVersion == null ? null : NginxVersion.parse(nginxVersion);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--nginx-version: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now();
    GatePolicy policy;
    List<Observed> baseline = null;
    try {
      policy = policyFile == null ? GatePolicy.DEFAULT : GatePolicy.read(policyFile, policyFile.toString());
      if (baselineFile != null) {
        baseline = Baseline.read(baselineFile, baselineFile.toString(), now);
      }
    } catch (GatePolicy.Invalid | Baseline.Invalid e) {
      err.println("tlsdoctor: check: " + Safe.text(e.getMessage()));
      return ExitCodes.USAGE;
    }
    List<Observed> observed = new ArrayList<>();
    if (config != null) {
      try {
        ConfigCommand.ForDiagnose a = ConfigCommand.analyse(config, given, OpensslBuild.OPENSSL_3_0, err);
        observed.addAll(ConfigTargets.of(a.policy(), a.findings(), now));
      } catch (ConfigException e) {
        err.println("tlsdoctor: check: " + Safe.text(e.getMessage()));
        return ExitCodes.INPUT_ERROR;
      }
      if (observed.isEmpty()) {
        err.println("tlsdoctor: check: " + Safe.text(config) + ": no TLS server in the configuration");
      }
    }
    if (!list.isEmpty()) {
      observed.addAll(scan(list, err, now));
    }
    CheckResult result = CheckResult.of(Main.version(), now, policy, observed,
        baselineFile == null ? null : baselineFile.toString(), baseline);
    String report = switch (format) {
      case "json" -> Json.pretty(result) + "\n";
      case "junit" -> CheckJunit.render(result);
      case "sarif" -> Json.pretty(CheckSarif.of(result, Main.version(), Path.of("").toAbsolutePath())) + "\n";
      default -> CheckText.render(result);
    };
    if (output != null) {
      try {
        Files.writeString(output, report, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "--output: cannot write '" + Safe.text(output.toString())
            + "': " + Safe.text(e.getMessage()));
      }
      report = CheckText.render(result);
    }
    if (format.equals("text") || output != null) {
      PrintWriter text = TerminalWriter.wrap(out, new Style(false)); // CheckText escapes; this is the safety net
      text.print(report);
      text.flush();
    } else {
      out.print(report);
    }
    out.flush();
    return result.exitCode();
  }

  private List<Observed> scan(List<Target> list, PrintWriter err, Instant now) throws InterruptedException {
    ScanOptions options = live.scanOptions(spec);
    AtomicInteger done = new AtomicInteger();
    List<ServerProfile> profiles = new Scanner(options).scanAll(list, p -> {
      synchronized (err) {
        err.printf("check: scanned %d/%d %s%s%n", done.incrementAndGet(), list.size(), Safe.text(p.target()),
            p.error() == null ? "" : ": " + Safe.text(p.error()));
        err.flush();
      }
    });
    return profiles.stream().map(p -> Observed.of(p, now)).toList();
  }
}
