package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI controls of {@code tlsdoctor config}: --fail-on, --ignore, the settings file (explicit and found in the
 * working directory), --verbose, the help. On an nginx -T dump (fixed file names, no nginx -t) of two servers: the
 * findings are two protocol-deprecated warnings, two cipher-no-forward-secrecy infos, two mozilla-profile infos and two
 * certificate-not-checked infos.
 */
class ConfigCiTest {
  static final String DUMP = String.join("\n",
      "# configuration file /etc/nginx/nginx.conf:",
      "events {}",
      "http { ssl_session_tickets off;",
      "    ssl_protocols TLSv1 TLSv1.2;",
      "    server {",
      "        listen 443 ssl;",
      "        server_name a.test;",
      "        ssl_certificate /nonexistent/a.crt;",
      "        ssl_certificate_key /nonexistent/a.key;",
      "        ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA;",
      "    }",
      "    include /etc/nginx/conf.d/*.conf;",
      "}",
      "",
      "# configuration file /etc/nginx/conf.d/legacy.conf:",
      "server {",
      "    listen 8443 ssl;",
      "    server_name b.test;",
      "    ssl_certificate /nonexistent/b.crt;",
      "    ssl_certificate_key /nonexistent/b.key;",
      "    ssl_protocols TLSv1.1 TLSv1.2;",
      "}",
      "");
  static final String HEADER = "nginx 1.26.2 (--nginx-version), OpenSSL 3.0: ";
  static final String MOZILLA = "meets no Mozilla profile of guidelines 5.8 and 6.0 (old or custom); for intermediate it"
      + " needs TLSv1.1"
      + " switched off, TLSv1.3 and no suites outside the intermediate list (";

  @TempDir
  Path tmp;
  Path dump;

  @BeforeEach
  void write() throws Exception {
    dump = Files.writeString(tmp.resolve("nginx-T.txt"), DUMP);
  }

  private Cli.Result config(String... args) {
    List<String> all = new ArrayList<>(List.of("config", "--nginx-version", "1.26.2"));
    all.addAll(List.of(args));
    all.add(dump.toString());
    return Cli.run(all.toArray(String[]::new));
  }

  private static List<String> ids(Cli.Result r) {
    return r.out().lines().filter(l -> l.matches("(ERROR|WARNING|INFO) .*")).map(l -> l.split(" ")[1]).toList();
  }

  // ----------------------------------------------------------------------------------------------------- --fail-on

  @Test
  void failOn_default_warningsFail() {
    Cli.Result r = config();
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith(HEADER + "8 findings\n\nWARNING protocol-deprecated  ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void failOn_error_warningsDoNotFail() {
    Cli.Result r = config("--fail-on", "error");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith(HEADER + "8 findings\nfails on: errors only\n\nWARNING protocol-deprecated  ");
  }

  @Test
  void failOn_info_infoFindingsFailToo() {
    Cli.Result r = config("--fail-on", "info", "--ignore", "protocol-deprecated");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith(HEADER + "6 findings (2 more ignored)\nfails on: any finding, info included\n"
        + "ignored: 2 findings by protocol-deprecated\n\nINFO cipher-no-forward-secrecy  ");
    assertThat(config("--ignore", "protocol-deprecated").code()).isZero(); // infos alone do not fail by default
  }

  @Test
  void failOn_never_exit0() {
    Cli.Result r = config("--fail-on", "never");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith(HEADER + "8 findings\nfails on: nothing (never)\n\n");
  }

  @Test
  void failOn_badValue_usageError() {
    Cli.Result r = config("--fail-on", "warn");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("--fail-on: 'warn' is not one of: error, warning, info, never\n");
    assertThat(r.out()).isEmpty();
  }

  // ------------------------------------------------------------------------------------------------------ --ignore

  @Test
  void ignore_byIdFileAndLine_exactText() {
    Cli.Result r = config("--ignore", "mozilla-profile", "--ignore", "certificate-not-checked", "--ignore",
        "cipher-weak@conf.d/legacy.conf", "--ignore", "protocol-deprecated@/etc/nginx/nginx.conf:3");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(HEADER + "2 findings (6 more ignored)\n"
        + "ignored: 2 findings by mozilla-profile, 2 findings by certificate-not-checked,"
        + " 1 finding by cipher-weak@conf.d/legacy.conf, 1 finding by protocol-deprecated@/etc/nginx/nginx.conf:3\n"
        + "\n"
        + "WARNING protocol-deprecated  /etc/nginx/conf.d/legacy.conf:6  listen *:8443  server_name \"b.test\"\n"
        + "  ssl_protocols enables TLSv1.1 (deprecated by RFC 8996); OpenSSL 3.0 at security level 1 refuses it"
        + " anyway, so the setting only misleads\n"
        + "  affects: clients limited to TLSv1.1 (IE 10 and older, Android 4.3 and older, Java 6)\n"
        + "  fix: applied to a copy and analysed again: protocol-deprecated is gone, no new error\n"
        + "    --- a/etc/nginx/conf.d/legacy.conf\n"
        + "    +++ b/etc/nginx/conf.d/legacy.conf\n"
        + "    @@ -6,1 +6,1 @@\n"
        + "    -    ssl_protocols TLSv1.1 TLSv1.2;\n"
        + "    +    ssl_protocols TLSv1.2;\n"
        + "\n"
        + "INFO cipher-no-forward-secrecy  /etc/nginx/nginx.conf:9  listen *:443  server_name \"a.test\"\n"
        + "  ssl_ciphers \"ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA\" lets clients negotiate 1 suite with no forward"
        + " secrecy (RSA key exchange): AES128-SHA\n"
        + "  affects: recorded traffic can be decrypted later with the server key\n"
        + "  fix: applied to a copy and analysed again: cipher-no-forward-secrecy is gone, no new error\n"
        + "    --- a/etc/nginx/nginx.conf\n"
        + "    +++ b/etc/nginx/nginx.conf\n"
        + "    @@ -9,1 +9,1 @@\n"
        + "    -        ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA;\n"
        + "    +        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
        + "ECDHE-RSA-CHACHA20-POLY1305;\n"
        + "\n"
        + "server \"a.test\" at /etc/nginx/nginx.conf:4\n"
        + "  listen *:443 ssl (default server)\n"
        + "  ssl_protocols          TLSv1 TLSv1.2  (/etc/nginx/nginx.conf:3)\n"
        + "  ssl_ciphers            ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA  (/etc/nginx/nginx.conf:9)\n"
        + "    = 2 suites: ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA\n"
        + "  Ciphersuites           TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"
        + "  (default)\n"
        + "  ssl_ecdh_curve         auto  (default)\n"
        + "  ssl_certificate        /nonexistent/a.crt  (/etc/nginx/nginx.conf:7)\n"
        + "  ssl_verify_client      off  (default)\n"
        + "  ssl_reject_handshake   off  (default)\n"
        + "  http2                  off  (default)\n"
        + "  clients on *:443 get: protocols TLSv1 TLSv1.2 (/etc/nginx/nginx.conf:3), the certificate and ciphers of"
        + " the server at /etc/nginx/nginx.conf:4, groups auto\n"
        + "\n"
        + "server \"b.test\" at /etc/nginx/conf.d/legacy.conf:1\n"
        + "  listen *:8443 ssl (default server)\n"
        + "  ssl_protocols          TLSv1.1 TLSv1.2  (/etc/nginx/conf.d/legacy.conf:6)\n"
        + "  ssl_ciphers            HIGH:!aNULL:!MD5  (default)\n"
        + "    = 71 suites: ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-DSS-AES256-GCM-SHA384:"
        + "DHE-RSA-AES256-GCM-SHA384 and 67 more (--verbose lists them)\n"
        + "  Ciphersuites           TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"
        + "  (default)\n"
        + "  ssl_ecdh_curve         auto  (default)\n"
        + "  ssl_certificate        /nonexistent/b.crt  (/etc/nginx/conf.d/legacy.conf:4)\n"
        + "  ssl_verify_client      off  (default)\n"
        + "  ssl_reject_handshake   off  (default)\n"
        + "  http2                  off  (default)\n"
        + "  clients on *:8443 get: protocols TLSv1.1 TLSv1.2 (/etc/nginx/conf.d/legacy.conf:6), the certificate and"
        + " ciphers of the server at /etc/nginx/conf.d/legacy.conf:1, groups auto\n");
  }

  @Test
  void ignore_byId_everyFindingOfIt() {
    Cli.Result r = config("--ignore", "protocol-deprecated");
    assertThat(r.code()).isZero(); // no warning left
    assertThat(ids(r)).containsExactly("cipher-no-forward-secrecy", "mozilla-profile", "certificate-not-checked",
        "mozilla-profile", "certificate-not-checked", "cipher-no-forward-secrecy");
    assertThat(r.out()).startsWith(HEADER + "6 findings (2 more ignored)\n"
        + "ignored: 2 findings by protocol-deprecated\n\n");
  }

  @Test
  void ignore_byFile_asGivenOrByTheEndOfThePath() {
    for (String file : List.of("/etc/nginx/conf.d/legacy.conf", "conf.d/legacy.conf", "legacy.conf",
        "./legacy.conf")) {
      Cli.Result r = config("--ignore", "*@" + file);
      assertThat(r.out()).as(file).startsWith(HEADER + "4 findings (4 more ignored)\nignored: 4 findings by *@"
          + file + "\n\nWARNING protocol-deprecated  /etc/nginx/nginx.conf:3  ");
      assertThat(r.err()).as(file).isEmpty();
    }
    // a name is matched whole: gacy.conf is not the end of the path, d/legacy.conf neither
    for (String file : List.of("gacy.conf", "d/legacy.conf", "nginx/conf.d")) {
      Cli.Result r = config("--ignore", "*@" + file);
      assertThat(r.out()).as(file).startsWith(HEADER + "8 findings\nignored: 0 findings by *@" + file + "\n\n");
      assertThat(r.err()).as(file).isEqualTo("tlsdoctor: config: note: ignore rule '*@" + file + "' (--ignore)"
          + " matched no finding\n");
    }
  }

  @Test
  void ignore_byFileAndLine_onlyThatLine() {
    Cli.Result r = config("--ignore", "protocol-deprecated@nginx.conf:3");
    assertThat(r.out()).startsWith(HEADER + "7 findings (1 more ignored)\n"
        + "ignored: 1 finding by protocol-deprecated@nginx.conf:3\n\n"
        + "WARNING protocol-deprecated  /etc/nginx/conf.d/legacy.conf:6  ");
    assertThat(r.code()).isEqualTo(1); // the other warning is left
    Cli.Result both = config("--ignore", "protocol-deprecated@nginx.conf:3", "--ignore",
        "protocol-deprecated@legacy.conf:6");
    assertThat(both.code()).isZero();
  }

  @Test
  void ignore_staleRule_notedOnStderr_outputUnchanged() {
    Cli.Result r = config("--ignore", "protocol-deprecated@nginx.conf:4", "--ignore", "no-such-check");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo(
        "tlsdoctor: config: note: ignore rule 'protocol-deprecated@nginx.conf:4' (--ignore) matched no finding\n"
            + "tlsdoctor: config: note: ignore rule 'no-such-check' (--ignore) matched no finding\n");
    assertThat(r.out()).startsWith(HEADER + "8 findings\n"
        + "ignored: 0 findings by protocol-deprecated@nginx.conf:4, 0 findings by no-such-check\n\n");
  }

  @Test
  void ignore_badRules_usageErrors() {
    assertThat(config("--ignore", "Cipher_Weak").err()).startsWith("--ignore: 'Cipher_Weak' is not"
        + " ID[@FILE[:LINE]]: 'Cipher_Weak' is not a finding id (lower case words joined by -, or *)\n");
    assertThat(config("--ignore", "cipher-weak@").err()).startsWith("--ignore: 'cipher-weak@' is not"
        + " ID[@FILE[:LINE]]: no file after @\n");
    assertThat(config("--ignore", "cipher-weak@a.conf:0").err()).startsWith("--ignore: 'cipher-weak@a.conf:0':"
        + " the line must be a number from 1\n");
    assertThat(config("--ignore", "cipher-weak@a.conf:0").code()).isEqualTo(2);
  }

  @Test
  void json_failOnSettingsAndIgnoredCounts() throws Exception {
    Cli.Result r = config("--format", "json", "--fail-on", "error", "--ignore", "mozilla-profile", "--ignore",
        "nothing-here");
    assertThat(r.code()).isZero();
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.get("failOn").asText()).isEqualTo("error");
    assertThat(j.get("settings").isNull()).isTrue();
    assertThat(Json.line(j.get("ignored"))).isEqualTo("[{\"rule\":\"mozilla-profile\",\"count\":2},"
        + "{\"rule\":\"nothing-here\",\"count\":0}]");
    assertThat(j.get("findings")).hasSize(6);
    assertThat(j.get("findings").findValuesAsText("id")).doesNotContain("mozilla-profile");
    assertThat(r.err()).isEqualTo("tlsdoctor: config: note: ignore rule 'nothing-here' (--ignore) matched no"
        + " finding\n");
    JsonNode plain = Json.MAPPER.readTree(config("--format", "json").out());
    assertThat(plain.get("failOn").asText()).isEqualTo("warning");
    assertThat(plain.get("ignored")).isEmpty();
    assertThat(Json.line(plain.fieldNames())).isEqualTo("[\"nginxVersion\",\"opensslVersion\",\"failOn\","
        + "\"settings\",\"ignored\",\"findings\",\"servers\"]");
  }

  @Test
  void sarif_ignoredFindingsLeftOut() throws Exception {
    Cli.Result r = config("--format", "sarif", "--ignore", "mozilla-profile", "--ignore", "certificate-not-checked");
    JsonNode results = Json.MAPPER.readTree(r.out()).get("runs").get(0).get("results");
    assertThat(results).hasSize(4);
    assertThat(results.findValuesAsText("ruleId")).containsOnly("protocol-deprecated", "cipher-no-forward-secrecy");
  }

  // ---------------------------------------------------------------------------------------------- settings file

  @Test
  void settings_explicit_usedAndNamed() throws Exception {
    Path s = Files.writeString(tmp.resolve("ci.yml"), String.join("\n",
        "# what CI accepts",
        "failOn: error",
        "ignore:",
        "  - mozilla-profile",
        "  - \"*@legacy.conf\"",
        ""));
    Cli.Result r = config("--settings", s.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith(HEADER + "3 findings (5 more ignored)\n"
        + "settings: " + s + "\n"
        + "fails on: errors only\n"
        + "ignored: 2 findings by mozilla-profile, 4 findings by *@legacy.conf\n\n"
        + "WARNING protocol-deprecated  /etc/nginx/nginx.conf:3  ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void settings_commandLineOverrides_failOnAndTheWholeIgnoreList() throws Exception {
    Path s = Files.writeString(tmp.resolve("ci.yml"), "failOn: never\nignore: [mozilla-profile, cipher-weak]\n");
    Cli.Result r = config("--settings", s.toString(), "--fail-on", "warning", "--ignore", "protocol-deprecated");
    assertThat(r.code()).isZero(); // the warnings are ignored; failOn warning from the command line
    assertThat(r.out()).startsWith(HEADER + "6 findings (2 more ignored)\nsettings: " + s + "\n"
        + "ignored: 2 findings by protocol-deprecated\n\n");
    Cli.Result failOnOnly = config("--settings", s.toString(), "--fail-on", "info");
    assertThat(failOnOnly.code()).isEqualTo(1);
    assertThat(failOnOnly.out()).startsWith(HEADER + "4 findings (4 more ignored)\nsettings: " + s + "\n"
        + "fails on: any finding, info included\n"
        + "ignored: 2 findings by mozilla-profile, 2 findings by cipher-weak\n\n");
  }

  @Test
  void settings_badKey_usageErrorWithFileLineAndKey() throws Exception {
    Path s = Files.writeString(tmp.resolve("ci.yml"), "failOn: error\n\nfailon: warning\n");
    Cli.Result r = config("--settings", s.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("tlsdoctor: config: " + s + ":3: unknown key 'failon' (the keys are failOn and"
        + " ignore)\n");
  }

  @Test
  void settings_badValues_usageErrorsWithFileLineAndKey() throws Exception {
    String[][] cases = {
        {"failOn: fatal\n", ":1: failOn: 'fatal' is not one of: error, warning, info, never"},
        {"failOn:\n", ":1: failOn: an empty value is not one of: error, warning, info, never"},
        {"ignore:\n  - cipher-weak\n  - Cipher Weak\n", ":3: ignore: 'Cipher Weak' is not ID[@FILE[:LINE]]:"
            + " 'Cipher Weak' is not a finding id (lower case words joined by -, or *)"},
        {"ignore:\n  - cipher-weak@x.conf:0\n", ":2: ignore: 'cipher-weak@x.conf:0': the line must be a number from 1"},
        {"ignore:\n  - [a, b]\n", ":2: ignore: each rule is a string ID[@FILE[:LINE]], not a list"},
        {"ignore: 12\n", ":1: ignore: a list of rules ID[@FILE[:LINE]] is wanted, not a number"},
        {"ignore: [ *x ]\n", ":1: ignore: *x is a YAML alias; a rule that starts with * is quoted: \"*x\""},
        {"failOn: error\nfailOn: info\n", ":2: failOn: given twice"},
        {"- failOn\n", ":1: the settings are a mapping of keys (failOn, ignore), not a list"},
        {"failOn: \"error\n", ":1: not valid YAML: while scanning a quoted scalar: found unexpected end of stream"},
    };
    for (String[] c : cases) {
      Path s = Files.writeString(tmp.resolve("ci.yml"), c[0]);
      Cli.Result r = config("--settings", s.toString());
      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).startsWith("tlsdoctor: config: " + s + c[1]);
    }
  }

  @Test
  void settings_missingOrNotAFile_usageError() throws Exception {
    Cli.Result missing = config("--settings", tmp.resolve("none.yml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("tlsdoctor: config: " + tmp.resolve("none.yml") + ": no such file\n");
    Cli.Result dir = config("--settings", tmp.toString());
    assertThat(dir.code()).isEqualTo(2);
    assertThat(dir.err()).isEqualTo("tlsdoctor: config: " + tmp + ": a directory, not a regular file\n");
  }

  @Test
  void settings_emptyFile_setsNothing() throws Exception {
    Path s = Files.writeString(tmp.resolve("ci.yml"), "# nothing yet\n");
    Cli.Result r = config("--settings", s.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith(HEADER + "8 findings\nsettings: " + s + "\n\nWARNING");
  }

  /** Runs the CLI in a child JVM whose working directory is {@code dir}. */
  private static Cli.Result inDirectory(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("no answer in 60 s");
    }
    return new Cli.Result(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  @Test
  void settings_foundInTheWorkingDirectory_usedAndNamed() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Files.writeString(work.resolve(".tlsdoctor.yml"), "failOn: error\nignore:\n  - mozilla-profile\n");
    Cli.Result r = inDirectory(work, "config", "--nginx-version", "1.26.2", dump.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(HEADER + "6 findings (2 more ignored)\n"
        + "settings: " + work.toRealPath().resolve(".tlsdoctor.yml") + "\n"
        + "fails on: errors only\n"
        + "ignored: 2 findings by mozilla-profile\n\n");
    // --settings wins over the file found; a bad file found is an error naming it
    Files.writeString(work.resolve(".tlsdoctor.yml"), "failOn: error\nverbose: true\n");
    Cli.Result bad = inDirectory(work, "config", "--nginx-version", "1.26.2", dump.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("tlsdoctor: config: " + work.toRealPath().resolve(".tlsdoctor.yml")
        + ":2: unknown key 'verbose' (the keys are failOn and ignore)\n");
    Path other = Files.writeString(tmp.resolve("other.yml"), "failOn: never\n");
    Cli.Result explicit = inDirectory(work, "config", "--nginx-version", "1.26.2", "--settings", other.toString(),
        dump.toString());
    assertThat(explicit.code()).isZero();
    assertThat(explicit.out()).startsWith(HEADER + "8 findings\nsettings: " + other + "\nfails on: nothing (never)\n");
  }

  // --------------------------------------------------------------------------------------------------- --verbose

  @Test
  void verbose_everySuiteListed_defaultCountAndTheFirstFour() {
    Cli.Result brief = config();
    assertThat(brief.out()).contains("    = 71 suites: ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "DHE-DSS-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384 and 67 more (--verbose lists them)\n");
    assertThat(brief.out()).contains("lets clients negotiate 16 suites with no forward secrecy (RSA key exchange):"
        + " AES256-GCM-SHA384, AES256-CCM8, AES256-CCM, ARIA256-GCM-SHA384 and 12 more\n");
    assertThat(brief.out()).contains(MOZILLA + "ECDHE-ECDSA-AES256-CCM8, ECDHE-ECDSA-AES256-CCM,"
        + " ECDHE-ECDSA-ARIA256-GCM-SHA384, ECDHE-ARIA256-GCM-SHA384 and 32 more)\n");
    Cli.Result verbose = config("--verbose");
    assertThat(verbose.out()).contains("    = 71 suites: ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "DHE-DSS-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:")
        .contains(":AES128-SHA:CAMELLIA128-SHA\n")
        .contains("no forward secrecy (RSA key exchange): AES256-GCM-SHA384, AES256-CCM8, AES256-CCM,"
            + " ARIA256-GCM-SHA384, AES128-GCM-SHA256, AES128-CCM8, AES128-CCM, ARIA128-GCM-SHA256, AES256-SHA256,"
            + " CAMELLIA256-SHA256, AES128-SHA256, CAMELLIA128-SHA256, AES256-SHA, CAMELLIA256-SHA, AES128-SHA,"
            + " CAMELLIA128-SHA\n")
        .doesNotContain(" more (--verbose lists them)");
    assertThat(verbose.out().length()).isGreaterThan(brief.out().length());
    // the messages themselves are whole in JSON, verbose or not
    assertThat(config("--format", "json").out()).contains("CAMELLIA256-SHA, AES128-SHA, CAMELLIA128-SHA\"");
  }

  // ------------------------------------------------------------------------------------------------------ --help

  @Test
  void help_examplesSettingsAndExitCodes() {
    Cli.Result r = Cli.run("config", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("  tlsdoctor config --fail-on error nginx.conf     # only errors fail a CI job\n")
        .contains("  tlsdoctor config --ignore protocol-deprecated@conf.d/old.conf:12 nginx.conf\n")
        .contains("Settings file: --settings FILE, else .tlsdoctor.yml in the working directory\n")
        .contains("  failOn: error                   # error, warning, info or never\n")
        .contains("Exit codes:\n"
            + "  0  no finding at or above --fail-on (default warning) is left\n"
            + "  1  a finding at or above --fail-on is left (after --ignore)\n"
            + "  2  usage error, or a settings file that cannot be used (FILE:LINE: why)\n"
            + "  3  the configuration could not be read (file:line:col: message)\n");
    assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
  }
}
