package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe traffic in a log a real nginx 1.22 wrote while real scanners ran against it from 127.0.0.1 — sslscan, nmap's
 * ssl-enum-ciphers and tlsdoctor's own scan, one after the other — and a real client (curl from 127.0.0.5, offering
 * only an ECDSA suite to a server with an RSA certificate) kept failing all along. The scanners' failures are set
 * apart, every one of them; the client's all stay, in {@code logs} and in {@code diagnose}.
 */
class ProbeTrafficNginxTest {
  private static final String CLIENT = "127.0.0.5";
  @TempDir
  static Path tmp;
  static Path log;
  static Path conf;
  static int port;
  static int clientFailures;

  @BeforeAll
  static void provoke() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    port = Tools.freePorts(1)[0];
    String server = "server {\n    listen 127.0.0.1:" + port + " ssl;\n    server_name www.example.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    ssl_protocols TLSv1.2 TLSv1.3;\n    location / { return 200 \"ok\\n\"; }\n}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), server)) {
      conf = nginx.prefix().resolve("nginx.conf");
      int from = nginx.lines().size(); // after the harness's own readiness connections
      AtomicBoolean scanning = new AtomicBoolean(true);
      AtomicInteger failures = new AtomicInteger();
      Thread client = Thread.ofPlatform().start(() -> {
        while (scanning.get()) {
          String status = Tools.curl("https://127.0.0.1:" + port + "/", "--interface", CLIENT, "--tls-max", "1.2",
              "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256", "-k").stdout();
          if (status.equals("000")) {
            failures.incrementAndGet();
          }
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      try {
        Tools.Result sslscan = Tools.run(List.of(Tools.require("sslscan").toString(), "--no-colour",
            "127.0.0.1:" + port), new byte[0], Duration.ofSeconds(60));
        assertThat(sslscan.output()).contains("TLSv1.2");
        Tools.Result nmap = Tools.run(List.of(Tools.require("nmap").toString(), "-Pn", "-p", String.valueOf(port),
            "--script", "ssl-enum-ciphers", "127.0.0.1"), new byte[0], Duration.ofSeconds(120));
        assertThat(nmap.output()).contains("ssl-enum-ciphers");
        StringWriter scanOut = new StringWriter();
        assertThat(Main.run(new String[] {"scan", "--format", "json", "127.0.0.1:" + port},
            new PrintWriter(scanOut, true), new PrintWriter(new StringWriter(), true))).isIn(0, 1);
      } finally {
        // however fast the scanners were, the real client fails a few times (its failures are the point)
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (failures.get() < 4 && System.nanoTime() < until && client.isAlive()) {
          Thread.sleep(100);
        }
        scanning.set(false);
        client.join();
      }
      clientFailures = failures.get();
      nginx.awaitLine(from, l -> l.contains("client: " + CLIENT), Duration.ofSeconds(5));
      Thread.sleep(300); // the last lines of the scans
      List<String> lines = nginx.lines();
      log = tmp.resolve("scanned.log");
      Files.write(log, lines.subList(from, lines.size()));
    }
  }

  private static JsonNode json(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isIn(0, 1);
    return Json.MAPPER.readTree(out.toString());
  }

  /** The classes tlsdoctor logs finds for the events of 127.0.0.1 alone (--client): the scanners' failures. */
  private static Map<String, Long> scannerClasses() throws Exception {
    JsonNode only = json("logs", "--format", "json", "--client", "127.0.0.1", log.toString());
    Map<String, Long> out = new java.util.TreeMap<>();
    only.get("classes").forEach(c -> out.put(c.get("class").asText(), c.get("count").asLong()));
    return out;
  }

  private static Map<String, Long> classesOf(JsonNode probe) {
    Map<String, Long> out = new java.util.TreeMap<>();
    probe.get("classes").forEach(c -> out.put(c.get("value").asText(), c.get("count").asLong()));
    return out;
  }

  @Test
  void logs_scannersSetApart_everyScannerFailure_theClientsAllKept() throws Exception {
    assertThat(clientFailures).isGreaterThan(3);
    JsonNode r = json("logs", "--probe-traffic", "--format", "json", log.toString());

    JsonNode probes = r.get("probeTraffic");
    assertThat(probes).hasSize(1);
    assertThat(probes.get(0).get("client").asText()).isEqualTo("127.0.0.1");
    assertThat(probes.get(0).get("server").asText()).isEqualTo("127.0.0.1:" + port);
    Map<String, Long> scanner = scannerClasses();
    assertThat(scanner.size()).isGreaterThanOrEqualTo(3);
    assertThat(classesOf(probes.get(0))).isEqualTo(scanner);
    assertThat(probes.get(0).get("events").asLong()).isEqualTo(scanner.values().stream().mapToLong(x -> x).sum());
    // what is left is the real client's: one class, one address, every failure it had
    assertThat(r.get("classes")).hasSize(1);
    JsonNode real = r.get("classes").get(0);
    assertThat(real.get("class").asText()).isEqualTo("no-shared-cipher");
    assertThat(real.get("count").asLong()).isEqualTo(clientFailures);
    assertThat(real.get("topClients").toString()).isEqualTo("[{\"value\":\"" + CLIENT + "\",\"count\":"
        + clientFailures + "}]");
  }

  @Test
  void logs_text_probeTrafficSection() throws Exception {
    StringWriter out = new StringWriter();
    Main.run(new String[] {"logs", "--probe-traffic", "--no-color", log.toString()}, new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true));

    assertThat(out.toString()).contains("\nProbe traffic, set apart from real clients (4 or more kinds of failure"
        + " and 12 or more failures from one address within 10 s, as scanners make): 1 address(es), ");
    assertThat(out.toString()).contains("\n  127.0.0.1 on 127.0.0.1:" + port + ": ");
  }

  @Test
  void withoutTheOption_probeTrafficNull_scannersCountedAsClients() throws Exception {
    JsonNode r = json("logs", "--format", "json", log.toString());

    assertThat(r.get("probeTraffic").isNull()).isTrue();
    assertThat(r.get("classes").findValuesAsText("value")).contains("127.0.0.1");
  }

  @Test
  void diagnose_scannersSetApart_theClientsFailureDiagnosedAlone() throws Exception {
    JsonNode r = json("diagnose", "--format", "json", "--nginx-version", "1.22.1", "--config", conf.toString(),
        "--log", log.toString());

    JsonNode probes = r.get("probeTraffic");
    assertThat(probes).hasSize(1);
    assertThat(probes.get(0).get("client").asText()).isEqualTo("127.0.0.1");
    assertThat(classesOf(probes.get(0))).isEqualTo(scannerClasses());
    assertThat(r.get("diagnoses")).hasSize(1);
    JsonNode d = r.get("diagnoses").get(0);
    assertThat(d.get("class").asText()).isEqualTo("no-shared-cipher");
    assertThat(d.get("listen").asText()).isEqualTo("127.0.0.1:" + port);
    assertThat(d.get("fixWhere").asText()).isEqualTo("client");
    assertThat(d.get("affected").get("clients").toString()).isEqualTo("[{\"ip\":\"" + CLIENT + "\",\"count\":"
        + clientFailures + "}]");
    assertThat(StreamSupport.stream(r.get("diagnoses").spliterator(), false)
        .flatMap(x -> StreamSupport.stream(x.get("affected").get("clients").spliterator(), false))
        .map(c -> c.get("ip").asText())).doesNotContain("127.0.0.1");
  }
}
