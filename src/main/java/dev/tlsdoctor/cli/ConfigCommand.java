package dev.tlsdoctor.cli;

import dev.tlsdoctor.nginx.OpensslBuild;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.Finding;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.PolicyFindings;
import dev.tlsdoctor.nginx.policy.PolicyReport;
import dev.tlsdoctor.nginx.policy.SourceLines;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Sarif;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
        "",
        "Exit codes:",
        "  0  no error or warning finding",
        "  1  error or warning findings",
        "  2  usage error",
        "  3  the configuration could not be read (file:line:col: message)"})
final class ConfigCommand implements Callable<Integer> {
  private static final String DUMP_HEADER = "# configuration file ";

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

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Options.requireOneOf(spec, "--format", format, "text", "json", "sarif");
    NginxVersion version;
    String versionSource;
    OpensslBuild build;
    try {
      Optional<NginxVersion> local = nginxVersion != null ? Optional.empty() : localNginx();
      version = nginxVersion != null ? NginxVersion.parse(nginxVersion)
          : local.orElse(NginxVersion.CURRENT_STABLE);
      versionSource = nginxVersion != null ? "--nginx-version" : local.isPresent() ? "local nginx -v"
          : "no local nginx: current stable";
      build = OpensslBuild.of(opensslVersion);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    NginxConfig config;
    SourceLines lines;
    try {
      if (path.equals("-")) {
        byte[] dump = System.in.readAllBytes();
        config = NginxConfigReader.strict().readDump(dump);
        lines = SourceLines.fromDump(dump);
      } else {
        Path p = Path.of(path);
        byte[] bytes = Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
        if (bytes != null && isDump(bytes)) {
          config = NginxConfigReader.strict().readDump(bytes);
          lines = SourceLines.fromDump(bytes);
        } else {
          config = NginxConfigReader.strict().read(p);
          lines = SourceLines.fromDisk();
        }
      }
    } catch (ConfigException e) {
      err.println(Safe.text(e.getMessage())); // file:line:col: message, quoting what the file holds
      return ExitCodes.INPUT_ERROR;
    }
    TlsPolicy policy = TlsPolicy.of(config, version, build);
    List<Finding> findings = PolicyFindings.analyze(policy, lines, Clock.systemUTC());
    if (format.equals("json")) {
      out.println(Json.pretty(PolicyReport.json(policy, findings)));
    } else if (format.equals("sarif")) {
      out.println(Json.pretty(Sarif.of(findings, Main.version(), Path.of("").toAbsolutePath())));
    } else {
      PrintWriter text = TerminalWriter.wrap(out, new Style(false)); // PolicyReport escapes; this is the safety net
      PolicyReport.text(policy, versionSource, findings, text);
      text.flush();
    }
    return findings.stream().anyMatch(Finding::isProblem) ? ExitCodes.FOUND : ExitCodes.OK;
  }

  /** nginx -T output: a {@code # configuration file PATH:} line before any directive. */
  static boolean isDump(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 1 << 16), StandardCharsets.UTF_8);
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

  /** The version of the first nginx on PATH or in the usual places. */
  private static Optional<NginxVersion> localNginx() {
    List<String> candidates = new java.util.ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(dir + "/nginx");
      }
    }
    candidates.addAll(List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"));
    for (String exe : candidates) {
      if (Files.isRegularFile(Path.of(exe)) && Files.isExecutable(Path.of(exe))) {
        try {
          Process p = new ProcessBuilder(exe, "-v").redirectErrorStream(true).start();
          byte[] o = p.getInputStream().readAllBytes();
          p.waitFor(5, TimeUnit.SECONDS);
          return NginxVersion.fromVersionOutput(new String(o, StandardCharsets.UTF_8));
        } catch (IOException e) {
          return Optional.empty();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
