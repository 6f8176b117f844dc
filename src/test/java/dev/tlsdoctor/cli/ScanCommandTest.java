package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.scan.QuietServer;
import dev.tlsdoctor.testing.HostileServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsdoctor scan} against nginx on loopback: output, JSON shape, progress and exit codes. */
class ScanCommandTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static int good;
  static int expired;
  static int tls13Only;

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(3);
    good = p[0];
    expired = p[1];
    tls13Only = p[2];
    String ok = " location / { return 200 \"ok\\n\"; } }";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), String.join("\n",
        "server { listen 127.0.0.1:" + good + " ssl; ssl_certificate " + certs.leaf().cert()
            + "; ssl_certificate_key " + certs.leaf().key() + "; ssl_protocols TLSv1.2 TLSv1.3;"
            + " ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384; ssl_prefer_server_ciphers on;"
            + ok,
        "server { listen 127.0.0.1:" + expired + " ssl; ssl_certificate " + certs.expiredLeaf().cert()
            + "; ssl_certificate_key " + certs.expiredLeaf().key() + "; ssl_protocols TLSv1.2 TLSv1.3;" + ok,
        "server { listen 127.0.0.1:" + tls13Only + " ssl; ssl_certificate " + certs.leaf().cert()
            + "; ssl_certificate_key " + certs.leaf().key() + "; ssl_protocols TLSv1.3;" + ok));
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  private static String target(int port) {
    return "127.0.0.1:" + port;
  }

  @Test
  void goodServer_text_findingsFirstExit0() {
    Cli.Result r = Cli.run("scan", "--ca-file", certs.rootCa().toString(), "--sni", "localhost", target(good));

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith(target(good) + ", SNI localhost, ");
    assertThat(r.out()).contains("\nFindings:\n  none\nGrade: A (A: no HSTS of 180 days or more (A+ needs it))\n"
        + "Protocols:\n  SSLv2    no (alert: protocol_version(70))\n");
    assertThat(r.out()).contains("  TLSv1.2 (server order)\n"
        + "    0xC02F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256         ECDHE-RSA-AES128-GCM-SHA256\n"
        + "    0xC030  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384         ECDHE-RSA-AES256-GCM-SHA384\n");
    assertThat(r.err()).isEmpty();
  }

  private static List<String> progress(String err) {
    return err.lines().map(l -> l.replaceFirst("^scan: \\d/", "scan: n/")).sorted().toList();
  }

  /** Without picocli (see PlainCommandLine) a plain command line scans with the same defaults and prints alike. */
  @Test
  void plainCommandLine_sameReportAndExitCodeAsThroughPicocli() throws IOException {
    for (String[] line : new String[][] {
        {"scan", "--format", "json", target(good), target(expired)}, {"scan", target(expired)}}) {
      Cli.Result plain = Cli.runPlain(line);
      Cli.Result viaPicocli = Cli.run(line);
      String what = String.join(" ", line);
      assertThat(plain).as(what).isNotNull();
      assertThat(plain.code()).as(what + plain.err()).isEqualTo(viaPicocli.code()).isEqualTo(ExitCodes.FOUND);
      // progress, one line per target as each is done, counted in the order they finish
      assertThat(progress(plain.err())).as(what).isEqualTo(progress(viaPicocli.err()))
          .isEqualTo(line.length == 5 ? List.of("scan: n/2 " + target(good), "scan: n/2 " + target(expired))
              .stream().sorted().toList() : List.of());
      if (line[1].equals("--format")) {
        JsonNode a = Json.MAPPER.readTree(plain.out());
        JsonNode b = Json.MAPPER.readTree(viaPicocli.out());
        assertThat(a.size()).isEqualTo(2);
        for (JsonNode j : List.of(a.get(0), a.get(1), b.get(0), b.get(1))) {
          assertThat(j.get("millis").asLong()).isPositive();
          ((com.fasterxml.jackson.databind.node.ObjectNode) j).remove(List.of("millis", "connections"));
        }
        assertThat(a).as(what).isEqualTo(b);
        assertThat(a.get(1).get("certificateProblems").toString()).contains("expired");
      } else {
        String timing = ", \\d+ connections in \\d+\\.\\d s\n";
        assertThat(plain.out().replaceFirst(timing, "")).as(what)
            .isEqualTo(viaPicocli.out().replaceFirst(timing, "")).contains("Findings:\n");
      }
    }
  }

  @Test
  void goodServer_json_schemaFields() throws IOException {
    Cli.Result r = Cli.run("scan", "--format", "json", "--ca-file", certs.rootCa().toString(), "--sni",
        "localhost", target(good));

    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.get("target").asText()).isEqualTo(target(good));
    assertThat(j.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(j.get("port").asInt()).isEqualTo(good);
    assertThat(j.get("speaksTls").asBoolean()).isTrue();
    assertThat(j.get("plaintext").isNull()).isTrue();
    assertThat(j.get("protocols").toString()).isEqualTo("{\"SSLv2\":false,\"SSLv3\":false,\"TLSv1.0\":false,"
        + "\"TLSv1.1\":false,\"TLSv1.2\":true,\"TLSv1.3\":true}");
    assertThat(j.get("cipherSuites").get("TLSv1.2").toString()).isEqualTo("[{\"code\":\"0xC02F\","
        + "\"iana\":\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\",\"openssl\":\"ECDHE-RSA-AES128-GCM-SHA256\"},"
        + "{\"code\":\"0xC030\",\"iana\":\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\","
        + "\"openssl\":\"ECDHE-RSA-AES256-GCM-SHA384\"}]");
    assertThat(j.get("serverPreference").toString()).isEqualTo("{\"TLSv1.2\":true,\"TLSv1.3\":true}");
    assertThat(j.get("sni").get("name").asText()).isEqualTo("localhost");
    assertThat(j.get("sni").get("required").asBoolean()).isFalse();
    assertThat(j.get("sni").get("certificateDiffersWithoutSni").asBoolean()).isFalse();
    assertThat(j.get("certificates").get(0).get("certificates").get(0).get("subject").asText())
        .isEqualTo("CN=localhost");
    assertThat(j.get("clientAuth").get("mode").asText()).isEqualTo("none");
    assertThat(j.get("alpn").get("supported").toString()).isEqualTo("[\"http/1.1\"]");
    assertThat(j.get("ocspStapling").asBoolean()).isFalse();
    assertThat(j.get("findings").size()).isZero();
  }

  @Test
  void twoTargets_jsonListAndProgressOnStderr_exit1ForExpired() throws IOException {
    Cli.Result r = Cli.run("scan", "--format", "json", "--ca-file", certs.rootCa().toString(), "--sni",
        "localhost", "--parallel", "2", "--connections", "4", target(good), target(expired));

    assertThat(r.code()).isEqualTo(ExitCodes.FOUND);
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.isArray()).isTrue();
    assertThat(j.get(0).get("target").asText()).isEqualTo(target(good));
    assertThat(j.get(1).get("certificateProblems").toString()).isEqualTo("[\"expired\"]");
    assertThat(j.get(1).get("findings").get(0).get("id").asText()).isEqualTo("expired");
    assertThat(r.err().lines().toList()).hasSize(2).allMatch(l -> l.matches("scan: [12]/2 127\\.0\\.0\\.1:\\d+"));
  }

  @Test
  void targetsFile_commentsSkipped() throws IOException {
    Path f = tmp.resolve("targets.txt");
    Files.writeString(f, "# loopback servers\n" + target(good) + "  # the good one\n\n");

    Cli.Result r = Cli.run("scan", "--targets-file", f.toString(), "--ca-file", certs.rootCa().toString(),
        "--sni", "localhost");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void silentPort_exit3WithVerdict() {
    try (QuietServer s = QuietServer.start(QuietServer.Policy.SILENT)) {
      Cli.Result r = Cli.run("scan", "--timeout", "1", target(s.port()));

      assertThat(r.code()).isEqualTo(ExitCodes.INPUT_ERROR);
      assertThat(r.out()).contains("  could not be scanned completely: not TLS: timeout: no answer before the read"
          + " timeout\n");
    }
  }

  /** A server that sends a byte every 100 ms forever: the run ends by its --timeout, exit 3, and says why. */
  @Test
  void tricklingServer_endsByTheDeadline_exit3() {
    try (HostileServer s = HostileServer.start(HostileServer.Behaviour.TRICKLE_FOREVER)) {
      long t0 = System.nanoTime();
      Cli.Result r = Cli.run("scan", "--timeout", "2", target(s.port()));
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(r.code()).isEqualTo(ExitCodes.INPUT_ERROR);
      assertThat(r.out()).contains("  could not be scanned completely: the deadline of 2.0 s passed; the results are"
          + " partial\n");
      assertThat(ms).isLessThanOrEqualTo(2000 + 1000);
    }
  }

  @Test
  void aiaAllow_badNetwork_usageError() {
    Cli.Result r = Cli.run("scan", "--aia-allow", "intranet", "127.0.0.1:1");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("--aia-allow: 'intranet' is not a network: give an IP address or CIDR such as"
        + " 10.0.0.0/8 or fd00::/8 (names are not looked up)\n");
  }

  @Test
  void usageErrors_exit2WithMessage() {
    assertThat(Cli.run("scan").err()).contains("no target: give TARGET or --targets-file");
    assertThat(Cli.run("scan").code()).isEqualTo(ExitCodes.USAGE);
    Cli.Result format = Cli.run("scan", "--format", "xml", "127.0.0.1:1");
    assertThat(format.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(format.err()).contains("--format: 'xml' is not one of: text, json");
    Cli.Result connections = Cli.run("scan", "--connections", "0", "127.0.0.1:1");
    assertThat(connections.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(connections.err()).contains("--connections: '0' must be at least 1");
    Cli.Result port = Cli.run("scan", "127.0.0.1:https");
    assertThat(port.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(port.err()).contains("target '127.0.0.1:https': port 'https' is not a number");
  }

  /**
   * A server name the JDK's own client refuses (an underscore, a final dot, an address) is still scanned, the JDK's
   * handshakes included (a TLS 1.3-only server's certificates come from them); a value that is no name at all is a
   * usage error, not an internal error.
   */
  @Test
  void sni_namesTheJdkRefuses_scannedAndNotAnInternalError() {
    Cli.Result underscore = Cli.run("scan", "--ca-file", certs.rootCa().toString(), "--sni", "foo_bar.test",
        target(tls13Only));
    assertThat(underscore.code()).as(underscore.out() + underscore.err()).isEqualTo(ExitCodes.FOUND);
    assertThat(underscore.out()).startsWith(target(tls13Only) + ", SNI foo_bar.test, ");
    assertThat(underscore.out()).contains("\nFindings:\n  error    hostname-mismatch: 'foo_bar.test' is not among"
        + " [DNS:localhost, DNS:good.test, IP:127.0.0.1] (TLSv1.3 handshake (RSA))\n");
    assertThat(underscore.err()).isEmpty();

    Cli.Result dot = Cli.run("scan", "--ca-file", certs.rootCa().toString(), "--sni", "localhost.",
        target(tls13Only));
    assertThat(dot.code()).as(dot.out() + dot.err()).isEqualTo(ExitCodes.OK);
    assertThat(dot.out()).startsWith(target(tls13Only) + ", SNI localhost., ");
    assertThat(dot.out()).contains("\nCertificates:\n  via TLSv1.3 handshake (RSA)\n    CN=localhost, ");
    assertThat(dot.err()).isEmpty();

    Cli.Result address = Cli.run("scan", "--ca-file", certs.rootCa().toString(), "--sni", "::1",
        target(tls13Only));
    assertThat(address.code()).as(address.out() + address.err()).isEqualTo(ExitCodes.FOUND);
    assertThat(address.out()).startsWith(target(tls13Only) + ", SNI ::1, ");
    assertThat(address.err()).isEmpty();

    for (String bad : List.of("", "a b", "evil\u001b[31m.test")) {
      Cli.Result r = Cli.run("scan", "--sni", bad, target(tls13Only));
      assertThat(r.code()).as(bad).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).startsWith("--sni '" + bad.replace("\u001b", "\\x1b") + "' is not a host name or IP"
          + " address\n");
    }
  }
}
