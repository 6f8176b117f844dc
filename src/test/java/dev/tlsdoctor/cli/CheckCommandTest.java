package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code tlsdoctor check} against real nginx servers on loopback: a server that meets the policy, each policy key
 * failing on a server built to break it, a baseline regression after nginx's configuration is changed and
 * reloaded, the offline check of a configuration, exit codes, JUnit XML and SARIF read back.
 */
class CheckCommandTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  /** TLS 1.2 and 1.3, Mozilla intermediate suites, server order, three groups, a stapled OCSP response. */
  static int good;
  /** TLS 1.0 to 1.2, CBC and RSA key exchange suites, secp384r1 only. */
  static int legacy;
  /** A default server that rejects handshakes without a known name. */
  static int sniStrict;

  static final String INTERMEDIATE = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
      + "ECDHE-RSA-CHACHA20-POLY1305";
  static final String OK = " location / { return 200 \"ok\\n\"; } }";

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path dir = certs.dir();
    // an OCSP response for the leaf, signed by its issuer (status "unknown": the index is empty)
    Files.writeString(dir.resolve("index.txt"), "");
    Tools.openssl(dir, "ocsp", "-issuer", "intermediate-ca.crt", "-cert", "leaf.crt", "-no_nonce", "-reqout",
        "ocsp-req.der");
    Tools.openssl(dir, "ocsp", "-index", "index.txt", "-rsigner", "intermediate-ca.crt", "-rkey",
        "intermediate-ca.key", "-CA", "intermediate-ca.crt", "-reqin", "ocsp-req.der", "-respout", "ocsp.der",
        "-ndays", "1");
    int[] p = Tools.freePorts(3);
    good = p[0];
    legacy = p[1];
    sniStrict = p[2];
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), String.join("\n",
        server(good) + rsa() + " ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers " + INTERMEDIATE + ";"
            + " ssl_prefer_server_ciphers on; ssl_ecdh_curve X25519:prime256v1:secp384r1; ssl_stapling on;"
            + " ssl_stapling_file " + dir.resolve("ocsp.der") + ";" + OK,
        server(legacy) + rsa() + " ssl_protocols TLSv1 TLSv1.1 TLSv1.2; ssl_ecdh_curve secp384r1;"
            + " ssl_ciphers ECDHE-RSA-AES128-SHA:AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0;"
            + " ssl_prefer_server_ciphers on;" + OK,
        "server { listen 127.0.0.1:" + sniStrict + " ssl default_server; ssl_reject_handshake on; }",
        "server { listen 127.0.0.1:" + sniStrict + " ssl; server_name localhost; " + rsa()
            + " ssl_protocols TLSv1.2 TLSv1.3;" + OK));
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  static String server(int port) {
    return "server { listen 127.0.0.1:" + port + " ssl; ";
  }

  static String rsa() {
    return "ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + "; ";
  }

  static Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  static Cli.Result check(String... args) {
    List<String> all = new ArrayList<>(List.of("check", "--ca-file", certs.rootCa().toString(), "--sni",
        "localhost"));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  static String target(int port) {
    return "127.0.0.1:" + port;
  }

  static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void goodServer_everyKeyMet_exit0() throws IOException {
    Path policy = write("good.yml", String.join("\n",
        "# the production TLS policy",
        "minProtocol: TLSv1.2",
        "maxProtocol: TLSv1.3",
        "requireProtocols: [TLSv1.3]",
        "mozilla: {profile: intermediate, version: \"5.8\"}",
        "groups: [x25519, prime256v1, secp384r1]",
        "certificateDaysLeft: 30",
        "ocspStapling: true",
        "sni:",
        "  unknownName: accepted",
        ""));

    Cli.Result r = check("--policy", policy.toString(), target(good));

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
    assertThat(r.out()).isEqualTo(String.join("\n",
        "PASS 127.0.0.1:" + good,
        "  pass    minProtocol          nothing older than TLSv1.2 is accepted",
        "  pass    maxProtocol          nothing newer than TLSv1.3 is accepted",
        "  pass    requireProtocols     TLSv1.3 is accepted",
        "  pass    mozilla              meets Mozilla intermediate 5.8",
        "  pass    groups               every accepted group is in the list (accepted: x25519, secp256r1,"
            + " secp384r1)",
        "  pass    certificateDaysLeft  364 day(s) left (expires " + notAfter() + "); the policy wants at least 30",
        "  pass    ocspStapling         an OCSP response is stapled",
        "  pass    sni.unknownName      a hello naming an unknown server is accepted; the policy wants it accepted",
        "  pass    findings             no findings",
        "passed: 1 target(s); rules: 0 failed, 9 passed, 0 skipped",
        ""));
    assertThat(r.err()).isEqualTo("check: scanned 1/1 127.0.0.1:" + good + "\n");
  }

  static String notAfter() throws IOException {
    Tools.Result r = Tools.openssl(certs.dir(), "x509", "-in", "leaf.crt", "-noout", "-enddate", "-dateopt",
        "iso_8601");
    // notAfter=2027-12-07 00:17:29Z
    String iso = r.stdout().strip().substring("notAfter=".length()).replace(' ', 'T');
    return java.time.Instant.parse(iso).toString();
  }

  @Test
  void legacyServer_eachKeyFails_exit1() throws IOException {
    Path policy = write("strict.yml", String.join("\n",
        "minProtocol: TLSv1.2",
        "maxProtocol: TLSv1.2",
        "requireProtocols: [TLSv1.3]",
        "mozilla: intermediate",
        "suites: [ECDHE-RSA-AES128-GCM-SHA256, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]",
        "groups: [x25519]",
        "certificateDaysLeft: 365",
        "ocspStapling: true",
        ""));

    Cli.Result r = check("--policy", policy.toString(), "--format", "json", target(legacy));

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    JsonNode t = json(r.out()).get("targets").get(0);
    List<String> lines = new ArrayList<>();
    t.get("verdicts").forEach(v -> lines.add(v.get("status").asText() + " " + v.get("rule").asText()
        + (v.get("finding").isNull() ? "" : " " + v.get("finding").asText()) + " @" + v.get("policyLine").asInt()
        + ": " + v.get("message").asText()));
    assertThat(lines).containsExactly(
        "fail minProtocol @1: TLSv1.0, TLSv1.1 accepted; the minimum is TLSv1.2",
        "pass maxProtocol @2: nothing newer than TLSv1.2 is accepted",
        "fail requireProtocols @3: TLSv1.3 is not accepted (accepted: TLSv1.0, TLSv1.1, TLSv1.2)",
        "fail mozilla @4: does not meet Mozilla intermediate 6.0: protocols not in the profile: TLSv1.0, TLSv1.1;"
            + " suites not in the profile: ECDHE-RSA-AES128-SHA, AES128-SHA",
        "fail suites @5: accepted but not in the list: AES128-SHA",
        "fail groups @6: accepted but not in the list: secp384r1",
        "fail certificateDaysLeft @7: 364 day(s) left (expires " + notAfter() + "); the policy wants at least 365",
        "fail ocspStapling @8: no OCSP response is stapled",
        "fail findings protocol-deprecated @0: warning: TLSv1.0 is accepted: deprecated by RFC 8996",
        "fail findings protocol-deprecated @0: warning: TLSv1.1 is accepted: deprecated by RFC 8996");
    assertThat(json(r.out()).get("passed").asBoolean()).isFalse();
  }

  @Test
  void allowFindings_allowedFindingsPass_theOthersStillFail() throws IOException {
    Path policy = write("allow.yml", "allowFindings: [protocol-deprecated]\nmaxProtocol: TLSv1.1\n");

    Cli.Result r = check("--policy", policy.toString(), target(legacy));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(String.join("\n",
        "FAIL 127.0.0.1:" + legacy,
        "  fail    maxProtocol          TLSv1.2 accepted; the maximum is TLSv1.1",
        "  pass    findings             2 finding(s), each allowed by allowFindings",
        "FAILED: 1 target(s); rules: 1 failed, 1 passed, 0 skipped",
        ""));
  }

  @Test
  void sni_defaultServerRejects_withoutNameRefused_failsWhenAcceptedIsWanted() throws IOException {
    Path policy = write("sni.yml", "sni: {withoutName: accepted, unknownName: refused}\n");

    Cli.Result r = check("--policy", policy.toString(), target(sniStrict));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(
        "  fail    sni.withoutName      a hello without SNI is refused; the policy wants it accepted\n",
        "  pass    sni.unknownName      a hello naming an unknown server is refused; the policy wants it refused\n");
  }

  @Test
  void sni_addressWithoutName_skippedNotPassed() throws IOException {
    Path policy = write("sni-skip.yml", "sni: {withoutName: refused}\n");

    Cli.Result r = Cli.run("check", "--ca-file", certs.rootCa().toString(), "--policy", policy.toString(),
        target(good));

    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("  skipped sni.withoutName      SNI was not tested: the target is an address; give"
        + " --sni NAME\n", "rules: 0 failed, 1 passed, 1 skipped\n");
  }

  @Test
  void noPolicy_everyFindingFails() {
    Cli.Result r = check(target(legacy));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("  fail    findings protocol-deprecated warning: TLSv1.0 is accepted: deprecated by"
        + " RFC 8996\n");
  }

  @Test
  void unreachableTarget_exit3() {
    int closed = Tools.freePorts(1)[0];

    Cli.Result r = check(target(closed));

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).startsWith("FAIL 127.0.0.1:" + closed + "\n  could not be scanned: ");
  }

  @Test
  void clients_live_eachNamedClientMustConnect_aFailingOneNamesItsReason() throws IOException {
    Path policy = write("clients.yml", "minProtocol: TLSv1.2\nclients:\n  - java-8u161\n  - ie-8-xp\n"
        + "  - firefox-current\n");

    Cli.Result r = check("--policy", policy.toString(), target(good));

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(String.join("\n",
        "FAIL 127.0.0.1:" + good,
        "  fail    clients ie-8-xp      IE 8 on Windows XP cannot connect: protocol-version-mismatch: the client speaks"
            + " SSL 3.0-TLS 1.0, the server TLS 1.2-1.3",
        "  pass    minProtocol          nothing older than TLSv1.2 is accepted",
        "  pass    clients java-8u161   Java 8u161 connects (TLSv1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)",
        "  pass    clients firefox-current Firefox (current release, Linux) connects (TLSv1.3, TLS_AES_256_GCM_SHA384)",
        "  pass    findings             no findings",
        "FAILED: 1 target(s); rules: 1 failed, 4 passed, 0 skipped",
        ""));
    JsonNode v = json(check("--policy", policy.toString(), "--format", "json", target(good)).out())
        .at("/targets/0/verdicts/2");
    assertThat(v.get("rule").asText() + " " + v.get("finding").asText() + " " + v.get("status").asText() + " @"
        + v.get("policyLine").asInt()).isEqualTo("clients ie-8-xp fail @2");
  }

  @Test
  void clients_offlineConfig_theBlockingDirectiveNamed() throws IOException {
    Path conf = write("clients.conf", String.join("\n",
        "events {}",
        "http {",
        "  server {",
        "    listen 443 ssl;",
        "    server_name localhost;",
        "    " + rsa(),
        "    ssl_protocols TLSv1.3;",
        "  }",
        "}",
        ""));
    Path policy = write("clients-offline.yml", "clients: [java-8u161, java-17, android-4.4]\n"
        + "allowFindings: [protocol-deprecated]\n");

    Cli.Result r = Cli.run("check", "--config", conf.toString(), "--nginx-version", "1.22.1", "--policy",
        policy.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(String.join("\n",
        "FAIL localhost on *:443",
        "  fail    clients java-8u161   Java 8u161 cannot connect: protocol-version-mismatch: the client speaks TLS"
            + " 1.0-1.2, the server TLS 1.3 only (ssl_protocols TLSv1.3) (" + conf + ":7)",
        "  fail    clients android-4.4  Android 4.4 (OS TLS stack, API 19) cannot connect: protocol-version-mismatch:"
            + " the client speaks SSL 3.0-TLS 1.0, the server TLS 1.3 only (ssl_protocols TLSv1.3) (" + conf + ":7)",
        "  pass    clients java-17      Java 17 (OpenJDK 17.0.15, HttpsURLConnection) connects (TLSv1.3,"
            + " TLS_AES_256_GCM_SHA384)",
        "  pass    findings             no findings",
        "FAILED: 1 target(s); rules: 2 failed, 2 passed, 0 skipped",
        ""));
    // SARIF puts a failing client at the directive that blocks it
    List<String> results = new ArrayList<>();
    json(Cli.run("check", "--config", conf.toString(), "--nginx-version", "1.22.1", "--policy", policy.toString(),
        "--format", "sarif").out()).get("runs").get(0).get("results").forEach(x -> results.add(x.get("ruleId")
        .asText() + " " + x.at("/locations/0/physicalLocation/artifactLocation/uri").asText() + ":"
        + x.at("/locations/0/physicalLocation/region/startLine").asInt()));
    assertThat(results).containsExactly("client/java-8u161 " + conf.toUri() + ":7", "client/android-4.4 "
        + conf.toUri() + ":7");
  }

  @Test
  void clients_unknownId_usageErrorNamingFileLineAndTheNearestIds() throws IOException {
    Path policy = write("clients-bad.yml", "minProtocol: TLSv1.2\nclients:\n  - java-8u161\n  - java-8u16\n");

    Cli.Result r = check("--policy", policy.toString(), target(good));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("tlsdoctor: check: " + policy + ":4: clients: 'java-8u16' is no client profile"
        + " tlsdoctor knows (nearest: java-8u161, java-8u261, java-21; all: tlsdoctor clients --list)\n");
  }

  @Test
  void badPolicies_usageErrorsNamingFileLineAndKey() throws IOException {
    String[][] cases = {
        {"minProtocol: TLSv1.2\nmaxProtocl: TLSv1.3\n", ":2: unknown key 'maxProtocl' (the keys are minProtocol,"
            + " maxProtocol, requireProtocols, mozilla, suites, groups, certificateDaysLeft, ocspStapling, sni,"
            + " allowFindings, clients)"},
        {"minProtocol: TLSv1.4\n", ":1: minProtocol: 'TLSv1.4' is not one of: SSLv2, SSLv3, TLSv1.0, TLSv1.1,"
            + " TLSv1.2, TLSv1.3"},
        {"minProtocol: TLSv1.3\nmaxProtocol: TLSv1.2\n", ":2: maxProtocol: TLSv1.2 is older than minProtocol"
            + " TLSv1.3"},
        {"suites:\n  - ECDHE-RSA-AES128-GCM-SHA256\n  - NOT-A-SUITE\n", ":3: suites: 'NOT-A-SUITE' is no cipher"
            + " suite (OpenSSL or IANA name) tlsdoctor knows"},
        {"groups: [x25519, curve9]\n", ":1: groups: 'curve9' is no key-exchange group tlsdoctor knows"},
        {"certificateDaysLeft: soon\n", ":1: certificateDaysLeft: a whole number of days (0 or more) is wanted,"
            + " not 'soon'"},
        {"mozilla: {profile: old, version: \"6.0\"}\n", ":1: mozilla: guideline 6.0 has no old profile"},
        {"mozilla: {profile: modern, version: 4}\n", ":1: mozilla: version: a number (4) is not one of: 5.7, 5.8,"
            + " 6.0"},
        {"sni:\n  withoutName: maybe\n", ":2: sni: withoutName: 'maybe' is not one of: accepted, refused"},
        {"ocspStapling: false\n", ":1: ocspStapling: only 'true' (a stapled OCSP response is required) is"
            + " meaningful, not a boolean (false); leave the key out to require nothing"},
        {"minProtocol: TLSv1.2\nminProtocol: TLSv1.3\n", ":2: minProtocol: given twice"},
        {"- TLSv1.2\n", ":1: the policy is a mapping of keys (minProtocol, maxProtocol, requireProtocols, mozilla,"
            + " suites, groups, certificateDaysLeft, ocspStapling, sni, allowFindings, clients), not a list"},
        {"minProtocol: [TLSv1.2\n", ":1: not valid YAML: while parsing a flow sequence: expected ',' or ']', but"
            + " got <stream end>"},
    };
    for (String[] c : cases) {
      Path policy = write("bad.yml", c[0]);

      Cli.Result r = check("--policy", policy.toString(), target(good));

      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).startsWith("tlsdoctor: check: " + policy + c[1]);
      assertThat(r.out()).isEmpty();
    }
  }

  /**
   * The client profiles that {@link #after} lets in through a legacy version or a suite without forward secrecy
   * (Schannel on Windows 7 speaks SSL 3.0 and TLS 1.0 only: Microsoft's protocols page gives that client default).
   */
  static final List<String[]> WEAKLY_GAINED = List.of(new String[] {"IE 11 on Windows 8.1", "TLSv1.2"},
      new String[] {"IE 11 on Windows 7", "TLSv1.2"}, new String[] {"Android 4.4 (OS TLS stack, API 19)", "TLSv1"},
      new String[] {"Android 4.1-4.3 (OS TLS stack, API 16-18)", "TLSv1"}, new String[] {"Java 7u80", "TLSv1"},
      new String[] {"Java 7u25", "TLSv1"}, new String[] {"Java 6u45", "TLSv1"}, new String[] {"OpenSSL 0.9.8", "TLSv1"},
      new String[] {"NET Framework 4.x on Windows 7 / Server 2008 R2", "TLSv1"},
      new String[] {"Windows 8.1 / Server 2012 R2 (Schannel)", "TLSv1.2"},
      new String[] {"Windows 7 / Server 2008 R2 (Schannel)", "TLSv1"});

  /** The server of the baseline test before the deploy: TLS 1.2 and 1.3, two ECDHE suites, two groups, stapling. */
  static String before(int port) {
    return server(port) + rsa() + " ssl_protocols TLSv1.2 TLSv1.3;"
        + " ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384; ssl_prefer_server_ciphers on;"
        + " ssl_ecdh_curve X25519:prime256v1; ssl_stapling on; ssl_stapling_file "
        + certs.dir().resolve("ocsp.der") + ";" + OK;
  }

  /**
   * After a bad deploy: TLS 1.0 instead of 1.3, an RSA key-exchange suite, the two ECDHE suites swapped, one group,
   * no stapling.
   */
  static String after(int port) {
    return server(port) + rsa() + " ssl_protocols TLSv1 TLSv1.2;"
        + " ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0;"
        + " ssl_prefer_server_ciphers on; ssl_ecdh_curve X25519;" + OK;
  }

  @Test
  void baseline_reloadedWithWeakerConfig_eachRegressionNamed_thenRevertedAsImprovements() throws Exception {
    int port = Tools.freePorts(1)[0];
    try (NginxServer n = NginxServer.start(Files.createDirectories(tmp.resolve("deploy")), before(port))) {
      Cli.Result scan = Cli.run("scan", "--ca-file", certs.rootCa().toString(), "--sni", "localhost", "--format",
          "json", target(port));
      Path baseline = write("scan-before.json", scan.out());
      Cli.Result same = check("--baseline", baseline.toString(), target(port));
      assertThat(same.code()).as(same.out()).isEqualTo(0);

      n.reload(after(port));
      Path xml = tmp.resolve("check.xml");
      Cli.Result r = check("--baseline", baseline.toString(), "--format", "junit", "--output", xml.toString(),
          target(port));
      Cli.Result asJson = check("--baseline", baseline.toString(), "--format", "json", target(port));
      Cli.Result sarif = check("--baseline", baseline.toString(), "--format", "sarif", target(port));
      n.reload(before(port));
      Cli.Result reverted = check("--baseline", write("check-after.json", asJson.out()).toString(), target(port));

      String t = "127.0.0.1:" + port;
      assertThat(same.out()).isEqualTo("PASS " + t + "\n  pass    findings             no findings\n"
          + "passed: 1 target(s); rules: 0 failed, 1 passed, 0 skipped; baseline: 0 regression(s), 0 improvement(s)\n");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).isEqualTo(String.join("\n",
          "FAIL " + t,
          "  fail    findings protocol-deprecated warning: TLSv1.0 is accepted: deprecated by RFC 8996",
          "  regression  protocols       TLSv1.0 is accepted now",
          "  regression  protocols       TLSv1.3 is no longer accepted",
          "  regression  suites          TLSv1.2: AES128-SHA is accepted now (no forward secrecy)",
          "  regression  groups          secp256r1 is no longer accepted",
          "  regression  ocspStapling    no OCSP response is stapled any more",
          "  regression  findings        new finding protocol-deprecated: TLSv1.0 is accepted: deprecated by RFC 8996",
          "  change      order           TLSv1.2: the server's order changed: ECDHE-RSA-AES256-GCM-SHA384 >"
              + " ECDHE-RSA-AES128-GCM-SHA256 (was ECDHE-RSA-AES128-GCM-SHA256 > ECDHE-RSA-AES256-GCM-SHA384)",
          // old clients that connect only through TLS 1.0 or the RSA key-exchange suite: changes, not improvements
          String.join("\n", WEAKLY_GAINED.stream().map(c -> "  change      clients         " + c[0] + " connects now,"
              + " only with a weak handshake (" + c[1] + ", TLS_RSA_WITH_AES_128_CBC_SHA)").toList()),
          "FAILED: 1 target(s); rules: 1 failed, 0 passed, 0 skipped; baseline: 6 regression(s), 0 improvement(s)",
          ""));

      // the JUnit XML as a CI server reads it: every regression is a failed test case whose message names it
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
      Element suites = doc.getDocumentElement();
      assertThat(suites.getTagName()).isEqualTo("testsuites");
      assertThat(suites.getAttribute("tests")).isEqualTo("19");
      assertThat(suites.getAttribute("failures")).isEqualTo("7");
      NodeList failures = doc.getElementsByTagName("failure");
      List<String> messages = new ArrayList<>();
      for (int i = 0; i < failures.getLength(); i++) {
        Element f = (Element) failures.item(i);
        Element test = (Element) f.getParentNode();
        assertThat(test.getAttribute("classname")).isEqualTo("tlsdoctor.check." + t);
        messages.add(f.getAttribute("message"));
      }
      assertThat(messages).containsExactly(
          "warning: TLSv1.0 is accepted: deprecated by RFC 8996",
          "regression: protocols: TLSv1.0 is accepted now",
          "regression: protocols: TLSv1.3 is no longer accepted",
          "regression: suites: TLSv1.2: AES128-SHA is accepted now (no forward secrecy)",
          "regression: groups: secp256r1 is no longer accepted",
          "regression: ocspStapling: no OCSP response is stapled any more",
          "regression: findings: new finding protocol-deprecated: TLSv1.0 is accepted: deprecated by RFC 8996");

      NodeList cases = doc.getElementsByTagName("testcase");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < cases.getLength(); i++) {
        names.add(((Element) cases.item(i)).getAttribute("name"));
      }
      assertThat(names).doesNotHaveDuplicates().hasSize(19).first().isEqualTo("findings protocol-deprecated: warning:"
          + " TLSv1.0 is accepted: deprecated by RFC 8996");

      JsonNode log = json(sarif.out());
      assertThat(sarif.code()).isEqualTo(1);
      assertThat(log.get("version").asText()).isEqualTo("2.1.0");
      List<String> results = new ArrayList<>();
      log.get("runs").get(0).get("results").forEach(x -> results.add(x.get("ruleId").asText() + " "
          + x.get("level").asText() + " " + x.at("/locations/0/physicalLocation/artifactLocation/uri").asText("-")
          + " " + x.at("/locations/0/logicalLocations/0/name").asText()));
      String uri = baseline.toUri().toString();
      assertThat(results).containsExactly(
          "finding/protocol-deprecated error - " + t,
          "regression/protocols error " + uri + " " + t,
          "regression/protocols error " + uri + " " + t,
          "regression/suites error " + uri + " " + t,
          "regression/groups error " + uri + " " + t,
          "regression/ocspStapling error " + uri + " " + t,
          "regression/findings error " + uri + " " + t);

      // the check's own JSON is the next baseline: reverting the deploy is six improvements, exit 0
      assertThat(reverted.code()).isEqualTo(0);
      List<String> lost = reverted.out().lines().filter(l -> l.startsWith("  change      clients ")).toList();
      assertThat(lost).hasSize(11);
      for (int i = 0; i < lost.size(); i++) {
        assertThat(lost.get(i)).startsWith("  change      clients         " + WEAKLY_GAINED.get(i)[0] + " cannot connect"
            + " any more (it connected only with a weak handshake: " + WEAKLY_GAINED.get(i)[1] + ","
            + " TLS_RSA_WITH_AES_128_CBC_SHA): ");
      }
      assertThat(reverted.out().lines().filter(l -> !l.startsWith("  change      clients ")).toList()
          .stream().collect(java.util.stream.Collectors.joining("\n", "", "\n"))).isEqualTo(String.join("\n",
          "PASS " + t,
          "  pass    findings             no findings",
          "  improvement protocols       TLSv1.0 is no longer accepted",
          "  improvement protocols       TLSv1.3 is accepted now",
          "  improvement suites          TLSv1.2: AES128-SHA is no longer accepted (no forward secrecy)",
          "  improvement groups          secp256r1 is accepted now",
          "  improvement ocspStapling    an OCSP response is stapled now",
          "  improvement findings        finding protocol-deprecated is gone",
          "  change      order           TLSv1.2: the server's order changed: ECDHE-RSA-AES128-GCM-SHA256 >"
              + " ECDHE-RSA-AES256-GCM-SHA384 (was ECDHE-RSA-AES256-GCM-SHA384 > ECDHE-RSA-AES128-GCM-SHA256)",
          "passed: 1 target(s); rules: 0 failed, 1 passed, 0 skipped; baseline: 0 regression(s), 6 improvement(s)",
          ""));
    }
  }

  /**
   * Client verdicts in the baseline: a deploy that leaves only TLS 1.3 makes clients that connected with TLS 1.2
   * fail (regressions naming each); the revert brings them back (improvements).
   */
  @Test
  void baseline_clientsThatConnectedNoLonger_regressions_thenImprovements() throws Exception {
    int port = Tools.freePorts(1)[0];
    String tls12 = server(port) + rsa() + " ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers " + INTERMEDIATE + ";" + OK;
    try (NginxServer n = NginxServer.start(Files.createDirectories(tmp.resolve("deploy-clients")), tls12)) {
      Path baseline = write("clients-before.json", check("--format", "json", target(port)).out());
      assertThat(json(Files.readString(baseline)).at("/targets/0/observed/clients").size()).isEqualTo(63);

      n.reload(server(port) + rsa() + " ssl_protocols TLSv1.3;" + OK);
      Cli.Result r = check("--baseline", baseline.toString(), "--format", "json", target(port));
      n.reload(tls12);
      Cli.Result reverted = check("--baseline", write("clients-after.json", r.out()).toString(), target(port));

      assertThat(r.code()).isEqualTo(1);
      List<String> changes = new ArrayList<>();
      json(r.out()).at("/targets/0/changes").forEach(c -> changes.add(c.get("kind").asText() + " "
          + c.get("aspect").asText() + ": " + c.get("message").asText()));
      assertThat(changes).hasSize(17);
      assertThat(changes.get(0)).isEqualTo("regression protocols: TLSv1.2 is no longer accepted");
      assertThat(changes).contains("regression clients: Java 8u161 cannot connect any more:"
          + " protocol-version-mismatch: the client speaks TLS 1.0-1.2, the server TLS 1.3 only",
          "regression clients: IE 11 on Windows 10 cannot connect any more: protocol-version-mismatch: the client"
              + " speaks TLS 1.0-1.2, the server TLS 1.3 only",
          "regression clients: Android 8-9 (OS TLS stack, API 26-28) cannot connect any more:"
              + " protocol-version-mismatch: the client speaks TLS 1.0-1.2, the server TLS 1.3 only");
      assertThat(changes.stream().filter(c -> c.startsWith("regression clients: ")).count()).isEqualTo(16);
      assertThat(json(r.out()).at("/summary/regressions").asInt()).isEqualTo(17);

      assertThat(reverted.code()).isEqualTo(0);
      assertThat(reverted.out()).contains("  improvement clients         Java 8u161 connects now (TLSv1.2,"
          + " TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)\n", "baseline: 0 regression(s), 17 improvement(s)\n");
    }
  }

  @Test
  void config_offline_protocolsSuitesCertificateFromTheFiles_liveOnlyRulesSkipped() throws IOException {
    Path conf = write("offline.conf", String.join("\n",
        "events {}",
        "http {",
        "  ssl_protocols TLSv1 TLSv1.2;",
        "  server {",
        "    listen 443 ssl;",
        "    server_name shop.example;",
        "    " + rsa(),
        "    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA;",
        "  }",
        "}",
        ""));
    Path policy = write("offline.yml", String.join("\n",
        "minProtocol: TLSv1.2",
        "suites: [ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_128_GCM_SHA256]",
        "certificateDaysLeft: 30",
        "ocspStapling: true",
        "sni: {withoutName: accepted}",
        "allowFindings: [protocol-deprecated]",
        ""));

    Cli.Result r = Cli.run("check", "--config", conf.toString(), "--nginx-version", "1.22.1", "--policy",
        policy.toString());

    Path chain = certs.leaf().cert();
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(String.join("\n",
        "FAIL shop.example on *:443",
        "  fail    minProtocol          TLSv1.0 accepted; the minimum is TLSv1.2",
        "  fail    suites               accepted but not in the list: AES128-SHA",
        "  fail    findings certificate-name-mismatch warning: the certificate " + chain + " does not cover"
            + " server_name shop.example (it is for localhost, good.test, 127.0.0.1) (" + conf + ":7)",
        "  skipped ocspStapling         OCSP stapling is not known from a configuration",
        "  skipped sni.withoutName      SNI behaviour is not known from a configuration",
        "  pass    certificateDaysLeft  364 day(s) left (expires " + notAfter() + "); the policy wants at least 30",
        "FAILED: 1 target(s); rules: 3 failed, 1 passed, 2 skipped",
        ""));

    // SARIF puts a configuration's finding at its line, a policy rule at the policy key's line
    Cli.Result sarif = Cli.run("check", "--config", conf.toString(), "--nginx-version", "1.22.1", "--policy",
        policy.toString(), "--format", "sarif");
    List<String> results = new ArrayList<>();
    json(sarif.out()).get("runs").get(0).get("results").forEach(x -> results.add(x.get("ruleId").asText() + " "
        + x.at("/locations/0/physicalLocation/artifactLocation/uri").asText() + ":"
        + x.at("/locations/0/physicalLocation/region/startLine").asInt()));
    assertThat(results).containsExactly("policy/minProtocol " + policy.toUri() + ":1",
        "policy/suites " + policy.toUri() + ":2", "finding/certificate-name-mismatch " + conf.toUri() + ":7");
  }

  @Test
  void badBaselines_usageErrorsNamingTheFile() throws IOException {
    String[][] cases = {
        {"{\"target\": \"x\",\n  \"protocols\": {\"TLSv1.2\": tru}}", ":2: not valid JSON: Unrecognized token"
            + " 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"},
        {"[1, 2]", ": [0] has no 'target' and 'protocols': neither the JSON of tlsdoctor scan nor that of"
            + " tlsdoctor check"},
        {"{\"targets\": [{\"target\": \"x\"}]}", ": targets[0] has no 'observed' object: not the JSON of tlsdoctor"
            + " check"},
        {"\"text\"", ": neither the JSON of tlsdoctor scan nor that of tlsdoctor check"},
    };
    for (String[] c : cases) {
      Path baseline = write("bad-baseline.json", c[0]);

      Cli.Result r = check("--baseline", baseline.toString(), target(good));

      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).isEqualTo("tlsdoctor: check: " + baseline + c[1] + "\n");
    }
  }

  /**
   * The configuration judged offline and the same configuration running: for each TLS server, the protocols, the
   * suites in order and the groups a check of the file finds are those the live scan finds.
   */
  @Test
  void config_offlineMatchesTheLiveServerRunningIt() throws IOException {
    Cli.Result offline = Cli.run("check", "--config", nginx.prefix().resolve("nginx.conf").toString(),
        "--nginx-version", "1.22.1", "--format", "json");
    JsonNode targets = json(offline.out()).get("targets");
    for (int port : new int[] {good, legacy}) {
      JsonNode live = json(check("--format", "json", target(port)).out()).at("/targets/0/observed");
      JsonNode fromFile = null;
      for (JsonNode t : targets) {
        if (t.get("target").asText().equals("(no server_name) on 127.0.0.1:" + port)) {
          fromFile = t.get("observed");
        }
      }
      assertThat(fromFile).as("port " + port + " in " + offline.out()).isNotNull();
      for (String field : new String[] {"protocols", "suites", "groups", "serverPreference"}) {
        assertThat(fromFile.get(field)).as(port + " " + field).isEqualTo(live.get(field));
      }
      assertThat(fromFile.at("/certificate/sha256")).isEqualTo(live.at("/certificate/sha256"));
    }
  }
}
