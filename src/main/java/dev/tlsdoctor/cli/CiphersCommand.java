package dev.tlsdoctor.cli;

import dev.tlsdoctor.openssl.CipherString;
import dev.tlsdoctor.openssl.CipherStringResult;
import dev.tlsdoctor.openssl.CipherStringResult.IgnoredWord;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.tls.CipherSuite;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ciphers",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    header = "Show the cipher suites an OpenSSL cipher string (ssl_ciphers) enables.",
    description = "Shows which TLS 1.2-and-below cipher suites an OpenSSL cipher string (nginx's ssl_ciphers or"
        + " proxy_ssl_ciphers) really enables, in preference order, one OpenSSL name per line: the list"
        + " 'openssl ciphers -s -tls1_2 STRING' prints, computed without OpenSSL. Words OpenSSL silently ignores"
        + " (typos, removed ciphers, TLS 1.3 names) are reported on standard error. TLS 1.3 suites are not"
        + " controlled by this string (nginx: ssl_conf_command Ciphersuites).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor ciphers 'HIGH:!aNULL:!MD5'    (nginx's default ssl_ciphers)",
        "  tlsdoctor ciphers DEFAULT               (its default proxy_ssl_ciphers)",
        "  tlsdoctor ciphers 'EECDH+AESGCM:EDH+AESGCM'",
        "  tlsdoctor ciphers --security-level 2 'ALL:!aNULL'   (as Debian builds 3.0)",
        "  tlsdoctor ciphers --format json 'ECDHE+AESGCM:RC4-SHA' | jq '.ignored'",
        "",
        "Exit codes:",
        "  0  the string enables at least one suite",
        "  1  it enables none (OpenSSL rejects it, or nothing in it is usable)",
        "  2  usage error"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
final class CiphersCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "STRING", description = "The cipher string; quote it for the shell.")
  String cipherString;

  @Option(names = "--openssl-version", paramLabel = "VERSION", defaultValue = "3.0",
      description = "The OpenSSL to emulate (default ${DEFAULT-VALUE}; only 3.0 is implemented).")
  String opensslVersion;

  @Option(names = "--security-level", paramLabel = "N", description = "The security level when the string has no"
      + " @SECLEVEL=N: 1 in OpenSSL's own builds (default), 2 in Debian's and Ubuntu's and from 3.2 on.")
  Integer securityLevel;

  @Option(names = "--legacy-provider", description = "Emulate an OpenSSL with the legacy provider loaded"
      + " (openssl.cnf); brings the SEED suites.")
  boolean legacyProvider;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  String format = "text";

  @Override
  public Integer call() {
    Options.requireOneOf(spec, "--format", format, "text", "json");
    OpensslBuild build;
    try {
      build = OpensslBuild.of(opensslVersion);
      if (securityLevel != null) {
        build = build.withDefaultSecurityLevel(securityLevel);
      }
    } catch (IllegalArgumentException e) {
      String option = e.getMessage().startsWith("security level") ? "--security-level" : "--openssl-version";
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
    CipherStringResult r = CipherString.evaluate(cipherString, build.withLegacyProvider(legacyProvider));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (format.equals("json")) {
      out.println(Json.pretty(JsonResult.of(r)));
    } else {
      // the names come from the suite table (the net is for safety); the ignored words and the error quote the
      // string, often copied from a configuration of unknown origin
      PrintWriter text = TerminalWriter.wrap(out, new Style(false));
      r.opensslNames().forEach(text::println);
      text.flush();
      for (IgnoredWord w : r.ignored()) {
        err.printf("tlsdoctor: ignored '%s' at offset %d: %s%n", Safe.text(w.text()), w.offset(),
            Safe.text(w.detail()));
      }
    }
    if (!r.isUsable()) {
      err.println("tlsdoctor: " + Safe.text(r.error()));
      return ExitCodes.FOUND;
    }
    return ExitCodes.OK;
  }

  /** The JSON document: stable field order, code points as {@code "0xC02F"}. */
  record JsonResult(String input, JsonBuild openssl, String status, String error, List<JsonSuite> ciphers,
      List<JsonIgnored> ignored, List<JsonDropped> dropped) {
    static JsonResult of(CipherStringResult r) {
      return new JsonResult(r.input(),
          new JsonBuild(r.build().version(), r.securityLevel(), r.build().legacyProvider()),
          r.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.error(),
          r.ciphers().stream().map(JsonSuite::of).toList(),
          r.ignored().stream().map(w -> new JsonIgnored(w.text(), w.offset(),
              w.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), w.removal(), w.detail())).toList(),
          r.dropped().stream().map(d -> new JsonDropped(d.suite().opensslName(), d.suite().hex(), d.reason()))
              .toList());
    }
  }

  record JsonBuild(String version, int securityLevel, boolean legacyProvider) {
  }

  record JsonSuite(String name, String code, String iana, String kx, String au, String enc, int bits, String mac,
      String minVersion, List<String> flags) {
    static JsonSuite of(CipherSuite s) {
      return new JsonSuite(s.opensslName(), s.hex(), s.ianaName(), s.keyExchange().name(),
          s.authentication().name(), s.cipher().name(), s.keyBits(), s.mac().name(), s.minVersion().opensslName(),
          s.flags().stream().map(Enum::name).toList());
    }
  }

  record JsonIgnored(String text, int offset, String reason, boolean removal, String detail) {
  }

  record JsonDropped(String name, String code, String reason) {
  }
}
