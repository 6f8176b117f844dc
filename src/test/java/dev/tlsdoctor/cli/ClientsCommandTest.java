package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.HostileServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsdoctor clients}: live against a real nginx, from its saved scan, from its configuration; usage errors. */
class ClientsCommandTest {
  @TempDir
  static Path tmp;
  static NginxServer nginx;
  static TestCerts certs;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    port = Tools.freePorts(1)[0];
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), "server { listen 127.0.0.1:" + port
        + " ssl http2; server_name localhost; ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key "
        + certs.leaf().key() + ";\n ssl_protocols TLSv1.2 TLSv1.3;\n ssl_ecdh_curve secp384r1;\n"
        + " ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA; }");
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  /** Without picocli (see PlainCommandLine) a plain command line simulates with the same defaults. */
  @Test
  void plainCommandLine_sameVerdictsAndExitCodeAsThroughPicocli() throws Exception {
    String[] line = {"clients", "--format", "json", "127.0.0.1:" + port};
    Cli.Result plain = Cli.runPlain(line);
    Cli.Result viaPicocli = Cli.run(line);
    assertThat(plain).isNotNull();
    assertThat(plain.code()).as(plain.err()).isEqualTo(viaPicocli.code()).isEqualTo(ExitCodes.FOUND);
    String timing = "in \\d+ ms;";
    assertThat(plain.err().replaceAll(timing, "")).isEqualTo(viaPicocli.err().replaceAll(timing, ""))
        .contains("clients: replaying 63 hellos against 127.0.0.1:" + port);
    JsonNode a = Json.MAPPER.readTree(plain.out());
    assertThat(a.get("clients").size()).isEqualTo(63);
    assertThat(a).isEqualTo(Json.MAPPER.readTree(viaPicocli.out()));
  }

  @Test
  void live_everyReplayAgreesWithTheSimulation() throws Exception {
    Cli.Result r = Cli.run("clients", "127.0.0.1:" + port, "--sni", "localhost", "--ca-file",
        certs.rootCa().toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    JsonNode clients = Json.MAPPER.readTree(r.out()).get("clients");
    assertThat(clients.size()).isEqualTo(63);
    int agree = 0;
    for (JsonNode c : clients) {
      agree += c.get("replay").get("agrees").asBoolean() ? 1 : 0;
    }
    assertThat(agree).isEqualTo(63);
    JsonNode chrome = clients.get(0);
    assertThat(chrome.get("handshake").toString()).isEqualTo("{\"ok\":true,\"protocol\":\"TLSv1.3\",\"cipher\":"
        + "\"TLS_AES_128_GCM_SHA256\",\"group\":\"secp384r1\",\"certificate\":\"RSA 2048\",\"helloRetry\":true,"
        + "\"alpn\":\"h2\"}");
    assertThat(chrome.get("connects").asBoolean()).isTrue();
    assertThat(r.err()).contains("clients: replaying 63 hellos against 127.0.0.1:" + port);
  }

  @Test
  void scanFile_simulatesTheSavedScan() throws Exception {
    Cli.Result scan = Cli.run("scan", "127.0.0.1:" + port, "--sni", "localhost", "--ca-file",
        certs.rootCa().toString(), "--format", "json");
    Path saved = Files.writeString(tmp.resolve("scan.json"), scan.out());
    Cli.Result r = Cli.run("clients", "--scan", saved.toString(), "--client", "ie-11-win81", "--client",
        "java-17");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    assertThat(r.out()).startsWith("127.0.0.1:" + port + " (localhost): 1 of 2 clients connect\n\nfail:\n"
        + "  IE 11 on Windows 8.1                           alpn-mismatch: the server selects h2 with"
        + " TLS_RSA_WITH_AES_128_CBC_SHA, a suite HTTP/2 forbids");
    assertThat(r.out()).contains("  Java 17 (OpenJDK 17.0.15, HttpsURLConnection)  TLSv1.3  TLS_AES_256_GCM_SHA384"
        + "  secp384r1 (HRR)  RSA 2048  trust ok (java-cacerts)\n");
    assertThat(Json.MAPPER.readTree(scan.out()).get("clients").get("profiles").asInt()).isEqualTo(63);
  }

  @Test
  void config_namesTheBlockingDirective() throws Exception {
    Path conf = nginx.prefix().resolve("nginx.conf");
    int line = Files.readAllLines(conf).indexOf(" ssl_protocols TLSv1.2 TLSv1.3;") + 1;
    Cli.Result r = Cli.run("clients", "--config", conf.toString(), "--listen", "127.0.0.1:" + port, "--sni",
        "localhost", "--nginx-version", "1.22.1", "--client", "ie-8-xp", "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    JsonNode ie = Json.MAPPER.readTree(r.out()).get("clients").get(0);
    assertThat(ie.get("class").asText()).isEqualTo("protocol-version-mismatch");
    assertThat(ie.get("blockedBy").toString()).isEqualTo("{\"file\":" + Json.MAPPER.writeValueAsString(conf.toString())
        + ",\"line\":" + line + ",\"directive\":\"ssl_protocols TLSv1.2 TLSv1.3\"}");
  }

  @Test
  void usageErrors_exit2() {
    assertThat(Cli.run("clients").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("clients", "--config", "x.conf").err()).contains("--config needs --listen ADDR:PORT");
    Cli.Result r = Cli.run("clients", "--scan", "a.json", "--client", "nope");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--client: 'nope' is not a client id");
  }

  @Test
  void unreadableInputs_exit3() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "[1, 2");
    Cli.Result r = Cli.run("clients", "--scan", bad.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INPUT_ERROR);
    assertThat(r.err()).startsWith("tlsdoctor: clients: " + bad + ": ");
    Path hostile = Files.writeString(tmp.resolve("hostile.json"), "{\"target\": \"x:443\", \"speaksTls\": true,"
        + " \"protocols\": {\"TLSv1.2\": true}, \"cipherSuites\": {\"TLSv1.2\": [{\"code\": \"0xZZ\\u001b[2J\"}]},"
        + " \"certificates\": [{\"certificates\": [{\"keyType\": null}]}]}");
    Cli.Result h = Cli.run("clients", "--scan", hostile.toString());
    assertThat(h.code()).isEqualTo(ExitCodes.INPUT_ERROR);
    assertThat(h.err()).startsWith("tlsdoctor: clients: " + hostile + ": scan 1 is not a tlsdoctor scan profile: ")
        .doesNotContain("\u001b").doesNotContain("at dev.tlsdoctor");
    Cli.Result c = Cli.run("clients", "--config", nginx.prefix().resolve("nginx.conf").toString(), "--listen",
        "127.0.0.1:1");
    assertThat(c.code()).isEqualTo(ExitCodes.INPUT_ERROR);
    assertThat(c.err()).contains("listens on 127.0.0.1:1");
  }

  /**
   * A certificate path with a variable is resolved per handshake: nginx serves a certificate (openssl gets one), so
   * the simulation must not read the configuration as a server without any (every client failing for lack of one).
   */
  @Test
  void config_certificateFromVariable_notSimulatedAsMissing() throws Exception {
    int p = Tools.freePorts(1)[0];
    Path dir = certs.leaf().cert().getParent();
    String leaf = certs.leaf().cert().getFileName().toString().replace(".crt", "");
    String http = "map $ssl_server_name $leaf { default " + leaf + "; }\nserver { listen 127.0.0.1:" + p
        + " ssl; server_name localhost;\n    ssl_certificate " + dir + "/$leaf.crt;\n    ssl_certificate_key "
        + certs.leaf().key() + "; }";
    try (NginxServer n = NginxServer.start(Files.createDirectories(tmp.resolve("variable")), http)) {
      Tools.Result s = Tools.opensslClient(p, "", "-servername", "localhost");
      assertThat(s.output()).as(Files.readString(n.errorLog())).contains("subject=CN = localhost");
      Path conf = n.prefix().resolve("nginx.conf");
      Cli.Result r = Cli.run("clients", "--config", conf.toString(), "--listen", "127.0.0.1:" + p, "--sni",
          "localhost");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.INPUT_ERROR);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("tlsdoctor: clients: the certificate of the server at " + conf + ":"
          + lineOf(conf, "server { listen 127.0.0.1:" + p) + " is chosen per handshake (ssl_certificate " + dir
          + "/$leaf.crt): the configuration does not say which one a client gets; simulate against the running"
          + " server instead: tlsdoctor clients 127.0.0.1:" + p + " --sni localhost\n");
    }
  }

  private static int lineOf(Path file, String text) throws java.io.IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  /**
   * A live target whose scan ran out of time (a server that trickles forever) could not be scanned: exit 3 and the
   * reason, not verdicts from what little was learnt ("the server no version" for every client, exit 1).
   */
  @Test
  void live_scanPastItsDeadline_notSimulated_exit3() {
    try (HostileServer s = HostileServer.start(HostileServer.Behaviour.TRICKLE_FOREVER)) {
      Cli.Result r = Cli.run("clients", "--timeout", "2", "127.0.0.1:" + s.port());

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.INPUT_ERROR);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("clients: scanning 1 target\ntlsdoctor: clients: 127.0.0.1:" + s.port()
          + ": cannot be simulated: the deadline of 2.0 s passed; the results are partial\n");
    }
  }

  /** A scan file that is missing, special or not JSON is named with what is wrong, in tlsdoctor's words. */
  @Test
  void scanFileUnreadable_saysWhy() throws Exception {
    Path missing = tmp.resolve("missing.json");
    Cli.Result r = Cli.run("clients", "--scan", missing.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INPUT_ERROR);
    assertThat(r.err()).isEqualTo("tlsdoctor: clients: " + missing + ": no such file\n");
    Cli.Result device = Cli.run("clients", "--scan", "/dev/null");
    assertThat(device.code()).isEqualTo(ExitCodes.INPUT_ERROR);
    assertThat(device.err()).isEqualTo("tlsdoctor: clients: /dev/null: a character device, not a regular file\n");
    Path pem = Files.writeString(tmp.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIE\n");
    Cli.Result notJson = Cli.run("clients", "--scan", pem.toString());
    assertThat(notJson.code()).isEqualTo(ExitCodes.INPUT_ERROR);
    assertThat(notJson.err()).isEqualTo("tlsdoctor: clients: " + pem + ": not JSON (line 1, column 2):"
        + " Unexpected character ('-' (code 45)) in numeric value: expected digit (0-9) to follow minus sign, for"
        + " valid numeric value\n");
  }
  @Test
  void list_showsWhatWasCheckedTrustAndFallback() {
    Cli.Result r = Cli.run("clients", "--list");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out().lines().count()).isEqualTo(63);
    assertThat(r.out()).contains("\nie-11-win7                 IE 11 on Windows 7                         documented"
        + " (checked 2026-12-07: 1 corrected, 1 unverified, 3 verified)  trust microsoft, AIA  fallback TLSv1.1 > TLSv1\n");
    assertThat(r.out()).contains("\njava-11.0.11               Java 11.0.11+                              documented"
        + " (checked 2026-12-07: 4 corrected, 5 verified)  trust java-cacerts\n");
    assertThat(r.out()).contains("\nfirefox-esr-current        Firefox ESR 153 (Debian 12)                captured"
        + "  trust mozilla, preloaded intermediates\n");
  }
}
