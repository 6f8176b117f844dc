package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsdoctor watch} rescanning a real nginx: the gauges it serves, and the policy drift after nginx's
 * configuration is changed and reloaded.
 */
class WatchCommandTest {
  @TempDir
  Path tmp;

  private static List<String> scrape(int port) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    return r.body().lines().filter(l -> l.startsWith("tlsdoctor_") && !l.startsWith("tlsdoctor_scan_timestamp"))
        .sorted().toList();
  }

  private static String value(List<String> lines, String series) {
    return lines.stream().filter(l -> l.startsWith(series + " ")).map(l -> l.substring(series.length() + 1))
        .findFirst().orElse(null);
  }

  @Test
  void gaugesOfEachRound_policyDriftAfterReload() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(2);
    int port = p[0];
    int metricsPort = p[1];
    String server = "server { listen 127.0.0.1:" + port + " ssl; ssl_certificate " + certs.leaf().cert()
        + "; ssl_certificate_key " + certs.leaf().key() + "; ";
    String ok = " location / { return 200 \"ok\\n\"; } }";
    Path policy = Files.writeString(tmp.resolve("policy.yml"), "minProtocol: TLSv1.2\nrequireProtocols: [TLSv1.3]\n");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")),
        server + "ssl_protocols TLSv1.2 TLSv1.3;" + ok)) {
      StringWriter err = new StringWriter();
      AtomicInteger code = new AtomicInteger(-1);
      Thread watch = new Thread(() -> code.set(Main.run(new String[] {"watch", "--metrics", "127.0.0.1:"
          + metricsPort, "--every", "1s", "--for", "5m", "--policy", policy.toString(), "--ca-file",
          certs.rootCa().toString(), "--sni", "localhost", "127.0.0.1:" + port}, new PrintWriter(new StringWriter()),
          new PrintWriter(err, true))));
      watch.start();
      try {
        String t = "target=\"127.0.0.1:" + port + "\"";
        List<String> first = await(metricsPort, "tlsdoctor_policy_failed_rules{" + t + "}", "0.0");
        assertThat(first).containsExactly(
            "tlsdoctor_certificate_days_left{" + t + "} 364.0",
            "tlsdoctor_policy_failed_rules{" + t + "} 0.0",
            "tlsdoctor_protocol_accepted{protocol=\"SSLv2\"," + t + "} 0.0",
            "tlsdoctor_protocol_accepted{protocol=\"SSLv3\"," + t + "} 0.0",
            "tlsdoctor_protocol_accepted{protocol=\"TLSv1.0\"," + t + "} 0.0",
            "tlsdoctor_protocol_accepted{protocol=\"TLSv1.1\"," + t + "} 0.0",
            "tlsdoctor_protocol_accepted{protocol=\"TLSv1.2\"," + t + "} 1.0",
            "tlsdoctor_protocol_accepted{protocol=\"TLSv1.3\"," + t + "} 1.0",
            "tlsdoctor_scan_success{" + t + "} 1.0");

        nginx.reload(server + "ssl_protocols TLSv1 TLSv1.2; ssl_ciphers DEFAULT:@SECLEVEL=0;" + ok);

        // minProtocol, requireProtocols and the finding protocol-deprecated (TLSv1.0) fail
        List<String> drifted = await(metricsPort, "tlsdoctor_policy_failed_rules{" + t + "}", "3.0");
        assertThat(value(drifted, "tlsdoctor_protocol_accepted{protocol=\"TLSv1.0\"," + t + "}")).isEqualTo("1.0");
        assertThat(value(drifted, "tlsdoctor_protocol_accepted{protocol=\"TLSv1.3\"," + t + "}")).isEqualTo("0.0");
      } finally {
        watch.interrupt();
        watch.join(30_000);
      }
      assertThat(watch.isAlive()).isFalse();
      assertThat(code.get()).as(err.toString()).isEqualTo(0);
      assertThat(Tools.accepts(metricsPort)).isFalse();
    }
  }

  /** Scrapes until {@code series} has {@code value}; fails with the last scrape after 60 s. */
  private static List<String> await(int port, String series, String value) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      try {
        last = scrape(port);
      } catch (java.io.IOException e) {
        // not listening yet
      }
      if (value.equals(value(last, series))) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + series + " " + value + " within 60 s; last scrape:\n" + String.join("\n", last));
  }
}
