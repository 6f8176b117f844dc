package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.nginx.fix.Patch;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diagnose} on a real nginx 1.22 with three planted faults, each failure provoked by a real client (curl):
 * a server with only TLS 1.1 (refused by OpenSSL 3.0), a server whose only suite needs an ECDSA key while its
 * certificate is RSA, and a proxy that asks for TLS 1.3 from a TLS 1.2-only backend of the same configuration (the
 * front's "to upstream" line and the backend's own line become one diagnosis). The diagnoses are asserted exactly;
 * then their verified fixes are applied to the real files, nginx reloaded, and the failing requests succeed.
 */
class DiagnoseNginxTest {
  @TempDir
  static Path tmp;

  private static JsonNode diagnose(NginxServer nginx) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"diagnose", "--format", "json", "--nginx-version", "1.22.1", "--config",
        nginx.prefix().resolve("nginx.conf").toString(), "--log", nginx.errorLog().toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isIn(0, 1);
    return Json.MAPPER.readTree(out.toString());
  }

  private static int lineOf(Path conf, String text) throws IOException {
    List<String> lines = Files.readAllLines(conf);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text);
  }

  private static JsonNode byClass(JsonNode report, String cls, String direction) {
    return StreamSupport.stream(report.get("diagnoses").spliterator(), false)
        .filter(d -> d.get("class").asText().equals(cls) && d.get("direction").asText().equals(direction))
        .findFirst().orElseThrow(() -> new AssertionError("no " + cls + " " + direction + " in " + report));
  }

  /** The status curl gets from {@code url}, asked until it is {@code want} or 10 s have passed. */
  private static String awaitStatus(String url, String ca, String want) throws InterruptedException {
    String status = "";
    for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < end; ) {
      status = Tools.curl(url, "--cacert", ca).output();
      if (status.equals(want)) {
        break;
      }
      Thread.sleep(100);
    }
    return status;
  }

  @Test
  void threePlantedFaults_oneDiagnosisEach_verifiedFixesMakeTheClientsSucceed() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(4);
    String pair = "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key()
        + ";\n";
    String servers = "server {\n    listen 127.0.0.1:" + p[0] + " ssl;\n    server_name old.test;\n" + pair
        + "    ssl_protocols TLSv1.1;\n    location / { return 200 \"ok\\n\"; }\n}\n"
        + "server {\n    listen 127.0.0.1:" + p[1] + " ssl;\n    server_name ecdsa.test;\n" + pair
        + "    ssl_protocols TLSv1.2;\n    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;\n"
        + "    location / { return 200 \"ok\\n\"; }\n}\n"
        + "server {\n    listen 127.0.0.1:" + p[2] + " ssl;\n    server_name front.test;\n" + pair
        + "    location / {\n        proxy_pass https://127.0.0.1:" + p[3] + ";\n"
        + "        proxy_ssl_protocols TLSv1.3;\n    }\n}\n"
        + "server {\n    listen 127.0.0.1:" + p[3] + " ssl;\n    server_name backend.test;\n" + pair
        + "    ssl_protocols TLSv1.2;\n    location / { return 200 \"backend\\n\"; }\n}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), servers)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      String ca = certs.rootCa().toString();
      for (int i = 0; i < 3; i++) {
        assertThat(Tools.curl("https://127.0.0.1:" + p[0] + "/", "--cacert", ca).output()).startsWith("000");
        assertThat(Tools.curl("https://127.0.0.1:" + p[1] + "/", "--cacert", ca).output()).startsWith("000");
        assertThat(Tools.curl("https://127.0.0.1:" + p[2] + "/", "--cacert", ca).output()).isEqualTo("502");
      }
      nginx.awaitLine(0, l -> l.contains("to upstream"), Duration.ofSeconds(5));

      JsonNode report = diagnose(nginx);

      // the three faults first (their causes are in the configuration), then what the harness's readiness checks
      // left: connections closed during the handshake, the network's
      List<String> ranked = StreamSupport.stream(report.get("diagnoses").spliterator(), false)
          .map(d -> d.get("class").asText() + "/" + d.get("fixWhere").asText()).toList();
      assertThat(ranked.subList(0, 3)).containsExactlyInAnyOrder("signature-algorithm-mismatch/nginx",
          "no-shared-cipher/nginx", "protocol-version-mismatch/nginx");
      assertThat(ranked.subList(3, ranked.size())).allMatch(x -> x.equals("peer-closed-handshake/network"));
      JsonNode old = byClass(report, "signature-algorithm-mismatch", "client");
      assertThat(old.get("listen").asText()).isEqualTo("127.0.0.1:" + p[0]);
      assertThat(old.get("serverName").asText()).isEqualTo("old.test");
      assertThat(old.get("fixWhere").asText()).isEqualTo("nginx");
      assertThat(old.get("causeAt").toString()).isEqualTo("{\"file\":\"" + conf + "\",\"line\":"
          + lineOf(conf, "ssl_protocols TLSv1.1") + ",\"directive\":\"no-usable-protocol\"}");
      assertThat(old.get("affected").get("logEvents").asLong()).isEqualTo(3);
      assertThat(old.get("affected").get("clients").toString()).isEqualTo("[{\"ip\":\"127.0.0.1\",\"count\":3}]");
      assertThat(old.get("fix").get("verified").asBoolean()).isTrue();

      JsonNode ecdsa = byClass(report, "no-shared-cipher", "client");
      assertThat(ecdsa.get("listen").asText()).isEqualTo("127.0.0.1:" + p[1]);
      assertThat(ecdsa.get("causeAt").get("directive").asText()).isEqualTo("no-usable-cipher");
      assertThat(ecdsa.get("causeAt").get("line").asInt()).isEqualTo(lineOf(conf, "ssl_ciphers ECDHE-ECDSA"));
      assertThat(ecdsa.get("fix").get("verified").asBoolean()).isTrue();

      JsonNode proxy = byClass(report, "protocol-version-mismatch", "upstream");
      assertThat(proxy.get("listen").asText()).isEqualTo("127.0.0.1:" + p[2]);
      assertThat(proxy.get("serverName").asText()).isEqualTo("front.test");
      assertThat(proxy.get("causeAt").get("directive").asText()).isEqualTo("upstream-protocol-mismatch");
      assertThat(proxy.get("causeAt").get("line").asInt()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      // the backend's own "unsupported protocol" lines are the same failure: joined, not a fourth diagnosis
      assertThat(proxy.get("affected").get("logEvents").asLong()).isEqualTo(3);
      assertThat(proxy.get("affected").get("backendEvents").asLong()).isEqualTo(3);
      assertThat(proxy.get("fix").get("diff").asText()).contains("\n-        proxy_ssl_protocols TLSv1.3;\n"
          + "+        proxy_ssl_protocols TLSv1.2 TLSv1.3;\n");
      assertThat(report.get("probeTraffic")).isEmpty();
      // who fails: the client of an upstream handshake is nginx, no client profile is simulated there
      assertThat(proxy.get("affected").get("simulatedClients").isNull()).isTrue();
      // a server with TLS 1.1 only: every profile fails there, modern ones on the versions, the others on OpenSSL
      // 3.0's security level ("no suitable signature algorithm" here, internal_error for the client)
      JsonNode oldSim = old.get("affected").get("simulatedClients");
      assertThat(oldSim.size()).isEqualTo(63);
      assertThat(simulated(oldSim, "ie-11-win7").get("class").asText()).isEqualTo("internal-error-alert");
      assertThat(simulated(oldSim, "java-21").get("class").asText()).isEqualTo("protocol-version-mismatch");

      // apply the three verified fixes, reload, and the failing requests succeed
      for (JsonNode d : List.of(old, ecdsa, proxy)) {
        List<String> lines = Arrays.asList(Files.readString(conf).split("\n", -1));
        Files.writeString(conf, String.join("\n", Patch.apply(lines, d.get("fix").get("diff").asText())));
      }
      assertThat(Tools.run(List.of(Tools.require("nginx").toString(), "-p", nginx.prefix() + "/", "-c",
          conf.toString(), "-s", "reload")).exitCode()).isZero();
      // the old worker may take a connection or two while it shuts down: each URL is asked until the new one answers
      for (int port : new int[] {p[2], p[0], p[1]}) {
        assertThat(awaitStatus("https://127.0.0.1:" + port + "/", ca, "200")).as("port " + port).isEqualTo("200");
      }
    }
  }

  /**
   * With no arguments on an nginx host: the configuration from {@code nginx -T} (here a wrapper on PATH that points
   * the real nginx at the test's configuration) and the error logs it names.
   */
  @Test
  void noArguments_readsNginxTAndTheLogsItNames() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs-noarg")));
    int port = Tools.freePorts(1)[0];
    String server = "server {\n    listen 127.0.0.1:" + port + " ssl;\n    server_name ecdsa.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    ssl_protocols TLSv1.2;\n    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;\n}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx-noarg")), server)) {
      for (int i = 0; i < 2; i++) {
        Tools.curl("https://127.0.0.1:" + port + "/", "--cacert", certs.rootCa().toString());
      }
      nginx.awaitLine(0, l -> l.contains("no shared cipher"), Duration.ofSeconds(5));
      Path bin = Files.createDirectories(tmp.resolve("bin"));
      Path wrapper = bin.resolve("nginx");
      Files.writeString(wrapper, "#!/bin/sh\nexec " + Tools.require("nginx") + " -p " + nginx.prefix() + "/ -c "
          + nginx.prefix().resolve("nginx.conf") + " \"$@\"\n");
      wrapper.toFile().setExecutable(true);
      ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
          System.getProperty("java.class.path"), Main.class.getName(), "diagnose", "--format", "json",
          "--nginx-version", "1.22.1").redirectOutput(tmp.resolve("noarg.out").toFile())
          .redirectError(tmp.resolve("noarg.err").toFile());
      pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
      Process p = pb.start();
      assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      String err = Files.readString(tmp.resolve("noarg.err"));
      assertThat(p.exitValue()).as(err).isEqualTo(1);
      assertThat(err).startsWith("tlsdoctor: diagnose: read " + wrapper + " -T and the logs it names: "
          + nginx.errorLog() + "* (since 24h)");
      JsonNode report = Json.MAPPER.readTree(Files.readString(tmp.resolve("noarg.out")));
      JsonNode d = byClass(report, "no-shared-cipher", "client");
      assertThat(d.get("listen").asText()).isEqualTo("127.0.0.1:" + port);
      assertThat(d.get("causeAt").get("directive").asText()).isEqualTo("no-usable-cipher");
      assertThat(report.get("inputs").get("config").asText()).isEqualTo(wrapper + " -T");
    }
  }

  /**
   * Who fails: a server with only TLS 1.3, refused by a real TLS 1.2 client (curl --tls-max 1.2). The diagnosis lists
   * the simulated client profiles that cannot connect for the same reason (old Java, Android, IE), from the
   * configuration and from a scan of the socket; the text says how many of all the profiles.
   */
  @Test
  void tls13Only_simulatedClientsThatCannotConnect_fromConfigurationAndScan() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs-who")));
    int port = Tools.freePorts(1)[0];
    String server = "server {\n    listen 127.0.0.1:" + port + " ssl;\n    server_name new.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    ssl_protocols TLSv1.3;\n    location / { return 200 \"ok\\n\"; }\n}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx-who")), server)) {
      String ca = certs.rootCa().toString();
      for (int i = 0; i < 2; i++) {
        assertThat(Tools.curl("https://127.0.0.1:" + port + "/", "--cacert", ca, "--tls-max", "1.2").output())
            .startsWith("000");
      }
      assertThat(Tools.curl("https://127.0.0.1:" + port + "/", "--cacert", ca).output()).isEqualTo("200");
      nginx.awaitLine(0, l -> l.contains("unsupported protocol"), Duration.ofSeconds(5));
      Path conf = nginx.prefix().resolve("nginx.conf");
      String at = " (" + conf + ":" + lineOf(conf, "ssl_protocols TLSv1.3") + " ssl_protocols TLSv1.3)";

      // from the configuration: each failing profile points at the directive
      JsonNode fromConfig = whoFails(nginx, "--config", conf.toString());
      assertThat(fromConfig.get("simulatedProfiles").asInt()).isEqualTo(63);
      JsonNode sim = fromConfig.get("simulatedClients");
      assertThat(sim.size()).isEqualTo(28);
      assertThat(simulated(sim, "java-8u161").toString()).isEqualTo("{\"id\":\"java-8u161\",\"name\":\"Java 8u161\","
          + "\"version\":\"8u161\",\"connects\":false,\"class\":\"protocol-version-mismatch\",\"reason\":"
          + "\"the client speaks TLS 1.0-1.2, the server TLS 1.3 only" + at + "\"}");
      assertThat(simulated(sim, "ie-11-win7").get("reason").asText())
          .isEqualTo("the client speaks TLS 1.0-1.2, the server TLS 1.3 only" + at);
      assertThat(simulated(sim, "android-4.4").get("reason").asText())
          .isEqualTo("the client speaks SSL 3.0-TLS 1.0, the server TLS 1.3 only" + at);
      assertThat(simulated(sim, "java-6u45").get("class").asText()).isEqualTo("protocol-version-mismatch");
      // clients with TLS 1.3 are not listed
      List<String> ids = StreamSupport.stream(sim.spliterator(), false).map(c -> c.get("id").asText()).toList();
      assertThat(ids).doesNotContain("java-11.0.11", "java-17", "android-10-12", "firefox-current", "chrome-current",
          "openssl-1.1.1", "curl-7.88-openssl");

      // the text (before the scan below, whose probes would join the log as probe traffic)
      StringWriter out = new StringWriter();
      Main.run(new String[] {"diagnose", "--nginx-version", "1.22.1", "--config", conf.toString(), "--log",
          nginx.errorLog().toString()}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
      assertThat(out.toString()).contains("\n  clients that cannot connect: 28 of 63 (e.g. Chrome 49 on Windows XP"
          + " SP3, Firefox 52 ESR on Windows XP, Edge 18 (EdgeHTML) on Windows 10 1809, IE 11 on Windows 10 ...)\n");

      // from a scan of the socket alone (no configuration): the same clients, no directive to point at
      JsonNode fromScan = whoFails(nginx, "--target", "127.0.0.1:" + port);
      List<String> scanIds = StreamSupport.stream(fromScan.get("simulatedClients").spliterator(), false)
          .map(c -> c.get("id").asText()).toList();
      assertThat(scanIds).isEqualTo(ids);
      assertThat(simulated(fromScan.get("simulatedClients"), "java-8u161").get("reason").asText())
          .isEqualTo("the client speaks TLS 1.0-1.2, the server TLS 1.3 only");

    }
  }

  /** The {@code affected} of the client protocol-version-mismatch diagnosis, with these inputs. */
  private static JsonNode whoFails(NginxServer nginx, String... inputs) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new java.util.ArrayList<>(List.of("diagnose", "--format", "json", "--nginx-version",
        "1.22.1", "--log", nginx.errorLog().toString()));
    args.addAll(List.of(inputs));
    assertThat(Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true)))
        .as(err.toString()).isIn(0, 1);
    return byClass(Json.MAPPER.readTree(out.toString()), "protocol-version-mismatch", "client").get("affected");
  }

  private static JsonNode simulated(JsonNode sim, String id) {
    return StreamSupport.stream(sim.spliterator(), false).filter(c -> c.get("id").asText().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + id + " in " + sim));
  }
}
