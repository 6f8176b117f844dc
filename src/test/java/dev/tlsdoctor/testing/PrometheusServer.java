package dev.tlsdoctor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}) under a temporary directory: its own data directory,
 * listening on a free loopback port, scraping one loopback target every second. Stopped by {@link #close()}.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration START_DEADLINE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts Prometheus scraping {@code http://127.0.0.1:targetPort/metrics} every second; waits until it is ready. */
  public static PrometheusServer start(Path dir, int targetPort) {
    Path prometheus = Tools.require("prometheus");
    int port = Tools.freePorts(1)[0];
    Path config = dir.resolve("prometheus.yml");
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(config, String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  evaluation_interval: 1s",
          "scrape_configs:",
          "  - job_name: tlsdoctor",
          "    static_configs:",
          "      - targets: ['127.0.0.1:" + targetPort + "']",
          ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process p;
    try {
      p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.out").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + prometheus, e);
    }
    PrometheusServer s = new PrometheusServer(p, port, dir);
    try {
      s.awaitReady();
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited: " + output());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/-/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      pause(100);
    }
    throw new AssertionError("prometheus not ready within " + START_DEADLINE + ": " + output());
  }

  /**
   * The instant vector of {@code promql} (GET /api/v1/query) as series to value; each series named by its labels
   * without {@code __name__}, {@code instance} and {@code job}, in the form {@code {a="x", b="y"}}.
   */
  public Map<String, Double> query(String promql) {
    String url = "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql,
        StandardCharsets.UTF_8);
    JsonNode body;
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString());
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query " + promql + " failed: " + body);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (JsonNode series : body.path("data").path("result")) {
      StringBuilder name = new StringBuilder("{");
      series.get("metric").properties().forEach(e -> {
        if (!e.getKey().equals("__name__") && !e.getKey().equals("instance") && !e.getKey().equals("job")) {
          name.append(name.length() > 1 ? ", " : "").append(e.getKey()).append("=\"").append(e.getValue().asText())
              .append('"');
        }
      });
      out.put(name.append('}').toString(), Double.parseDouble(series.get("value").get(1).asText()));
    }
    return out;
  }

  /** Waits until {@code promql} returns exactly {@code expected}; fails with the last answer after {@code timeout}. */
  public Map<String, Double> awaitQuery(String promql, Map<String, Double> expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Double> last;
    do {
      last = query(promql);
      if (last.equals(expected)) {
        return last;
      }
      pause(250);
    } while (System.nanoTime() < deadline);
    return last;
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("prometheus.out"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
