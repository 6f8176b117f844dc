package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.PrometheusServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logs --follow --metrics} scraped by a real Prometheus while a real nginx logs handshake failures that real
 * clients (openssl s_client, curl) provoke: the counters Prometheus stored, read back through its HTTP API, are
 * exactly the failures provoked.
 */
class LogsMetricsPrometheusTest {
  @TempDir
  Path tmp;

  @Test
  void prometheusStoresExactlyTheFailuresProvoked() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(4);
    int tls12 = p[0];
    int untrusted = p[1];
    int proxy = p[2];
    int metricsPort = p[3];
    String ok = " location / { return 200 \"ok\\n\"; } }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), String.join("\n",
        "server { listen 127.0.0.1:" + tls12 + " ssl; server_name tls12.test; ssl_certificate "
            + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + "; ssl_protocols TLSv1.2;"
            + " ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;" + ok,
        "server { listen 127.0.0.1:" + untrusted + " ssl; ssl_certificate " + certs.selfSigned().cert()
            + "; ssl_certificate_key " + certs.selfSigned().key() + ";" + ok,
        "server { listen 127.0.0.1:" + proxy + "; server_name proxy.test; location / { proxy_pass https://127.0.0.1:"
            + untrusted + "; proxy_ssl_verify on; proxy_ssl_trusted_certificate " + certs.rootCa() + "; } }"))) {
      StringWriter err = new StringWriter();
      StringWriter out = new StringWriter();
      AtomicInteger code = new AtomicInteger(-1);
      Thread follower = new Thread(() -> code.set(Main.run(new String[] {"logs", "--follow", "--new-only",
          "--metrics", "127.0.0.1:" + metricsPort, "--for", "5m", nginx.errorLog().toString()},
          new PrintWriter(out, true), new PrintWriter(err, true))));
      follower.start();
      try (PrometheusServer prometheus = PrometheusServer.start(Files.createDirectories(tmp.resolve("prom")),
          metricsPort)) {
        awaitText(err, "following 1 file(s)");
        int linesBefore = nginx.lines().size();
        long start = System.currentTimeMillis() / 1000;

        for (int i = 0; i < 3; i++) {
          Tools.opensslClient(tls12, "", "-tls1_3");
        }
        for (int i = 0; i < 2; i++) {
          Tools.opensslClient(tls12, "", "-tls1_2", "-cipher", "AES256-SHA");
        }
        assertThat(Tools.curl("http://127.0.0.1:" + proxy + "/some/path?x=1").stdout()).isEqualTo("502");
        nginx.awaitLine(linesBefore, l -> l.contains("while SSL handshaking to upstream"), Duration.ofSeconds(5));
        long end = System.currentTimeMillis() / 1000 + 1;

        String server = "127.0.0.1:" + tls12;
        Map<String, Double> expected = Map.of(
            "{class=\"protocol-version-mismatch\", direction=\"client\", server=\"" + server + "\"}", 3.0,
            "{class=\"no-shared-cipher\", direction=\"client\", server=\"" + server + "\"}", 2.0,
            "{class=\"certificate-untrusted\", direction=\"upstream\", server=\"proxy.test\", upstream=\"https://"
                + "127.0.0.1:" + untrusted + "\"}", 1.0);
        Map<String, Double> stored = prometheus.awaitQuery("tlsdoctor_handshake_failures_total", expected,
            Duration.ofSeconds(30));
        assertThat(stored).as(String.join("\n", nginx.lines().subList(linesBefore, nginx.lines().size())))
            .isEqualTo(expected);
        int linesAfter = nginx.lines().size();
        assertThat(prometheus.awaitQuery("tlsdoctor_log_lines_total", Map.of("{}", (double) (linesAfter
            - linesBefore)), Duration.ofSeconds(10))).isEqualTo(Map.of("{}", (double) (linesAfter - linesBefore)));
        assertThat(prometheus.query("tlsdoctor_unclassified_lines_total")).isEqualTo(Map.of("{}", 0.0));
        Map<String, Double> last = prometheus.query("tlsdoctor_last_event_timestamp_seconds");
        assertThat(last).containsOnlyKeys("{class=\"protocol-version-mismatch\", direction=\"client\"}",
            "{class=\"no-shared-cipher\", direction=\"client\"}",
            "{class=\"certificate-untrusted\", direction=\"upstream\"}");
        assertThat(last.values()).allSatisfy(t -> assertThat(t).isBetween((double) start - 1, (double) end));

        // logrotate's way: the file renamed, nginx told to reopen its logs (USR1); counting goes on in the new file
        Files.move(nginx.errorLog(), nginx.errorLog().resolveSibling("error.log.1"));
        String pid = Files.readString(nginx.prefix().resolve("nginx.pid")).strip();
        assertThat(Tools.run(List.of("kill", "-USR1", pid)).exitCode()).isEqualTo(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(nginx.errorLog()) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Tools.opensslClient(tls12, "", "-tls1_2", "-cipher", "AES256-SHA");
        String cipher = "{class=\"no-shared-cipher\", direction=\"client\", server=\"" + server + "\"}";
        assertThat(prometheus.awaitQuery("tlsdoctor_handshake_failures_total{class=\"no-shared-cipher\"}",
            Map.of(cipher, 3.0), Duration.ofSeconds(30))).isEqualTo(Map.of(cipher, 3.0));
      } finally {
        follower.interrupt();
        follower.join(10_000);
      }
      assertThat(follower.isAlive()).isFalse();
      assertThat(code.get()).as(err.toString()).isEqualTo(1);
      assertThat(Tools.accepts(metricsPort)).as("the metrics endpoint is closed with the command").isFalse();
    }
  }

  private static void awaitText(StringWriter w, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!w.toString().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' on standard error: " + w);
      }
      Thread.sleep(20);
    }
  }
}
