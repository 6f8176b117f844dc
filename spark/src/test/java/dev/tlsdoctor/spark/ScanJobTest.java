package dev.tlsdoctor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.scan.QuietServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScanJob in local[2] against {@code tlsdoctor scan} on real nginx servers on loopback (modern, one with weak suites,
 * one with an expired certificate), among a server that accepts and never answers, a closed port and a line that
 * is not a target: each profile equals the CLI's, the hostile server ends by its deadline, and the fleet summary
 * is the count of what the CLI reported.
 */
class ScanJobTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;

  private static SparkSession spark;
  private static NginxServer nginx;
  private static QuietServer silent;
  private static int[] ports;
  private static int closed;

  @BeforeAll
  static void start() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    ports = Tools.freePorts(4);
    closed = ports[3];
    String ok = " location / { return 200 \"ok\\n\"; } }";
    String rsa = " ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), String.join("\n",
        "server { listen 127.0.0.1:" + ports[0] + " ssl;" + rsa + " ssl_protocols TLSv1.2 TLSv1.3;" + ok,
        "server { listen 127.0.0.1:" + ports[1] + " ssl;" + rsa + " ssl_protocols TLSv1.2;"
            + " ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256:NULL-SHA256:@SECLEVEL=0';" + ok,
        "server { listen 127.0.0.1:" + ports[2] + " ssl; ssl_certificate " + certs.expiredLeaf().cert()
            + "; ssl_certificate_key " + certs.expiredLeaf().key() + "; ssl_protocols TLSv1.3;" + ok));
    silent = QuietServer.start(QuietServer.Policy.SILENT);
    spark = LocalSpark.start();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (silent != null) {
      silent.close();
    }
    if (nginx != null) {
      nginx.close();
    }
  }

  private static String withoutMillis(String json) {
    return json.replaceAll("\"millis\" : \\d+", "\"millis\" : 0");
  }

  @Test
  void fleet_profilesEqualTheCli_hostileServerEndsByItsDeadline() throws Exception {
    List<String> nginxTargets = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
    String hostile = "127.0.0.1:" + silent.port();
    Path targets = tmp.resolve("targets.txt");
    Files.writeString(targets, "# the fleet\n" + String.join("\n", nginxTargets) + "\n" + hostile
        + "   # accepts, never answers\n\n127.0.0.1:" + closed + "\nnot a target:99999\n");

    Path out = tmp.resolve("out");
    ScanJob.Summary summary = ScanJob.run(spark, new ScanJob.Options(List.of(targets.toString()), out.toString(),
        TIMEOUT, 4, 8, 4, 2, false));

    Map<String, Row> rows = new HashMap<>();
    for (Row r : spark.read().parquet(out.resolve("profiles").toString()).collectAsList()) {
      rows.put(r.getAs("target"), r);
    }
    assertThat(rows).hasSize(6);
    List<JsonNode> cli = new ArrayList<>();
    for (String t : nginxTargets) {
      Cli.Run run = Cli.run(tmp, "scan", "--format", "json", "--no-aia-fetch", "--connections", "4", "--timeout",
          String.valueOf(TIMEOUT.toSeconds()), t);
      assertThat(run.exit()).as(run.err()).isIn(0, 1);
      assertThat(withoutMillis(rows.get(t).getAs("profile"))).isEqualTo(withoutMillis(run.out().strip()));
      assertThat((String) rows.get(t).getAs("network")).isEqualTo("127.0.0.0/24");
      cli.add(JSON.readTree(run.out()));
    }

    Row h = rows.get(hostile);
    assertThat((String) h.getAs("error")).isNotNull();
    assertThat((Long) h.getAs("millis")).isLessThanOrEqualTo(TIMEOUT.toMillis() + 2_000);
    assertThat((String) rows.get("127.0.0.1:" + closed).getAs("error")).isNotNull();
    assertThat((String) rows.get("not a target:99999").getAs("error")).isNotNull();

    // the fleet summary: what the CLI reported, counted per target
    assertThat(summary.targets()).isEqualTo(6);
    assertThat(summary.failed()).isEqualTo(3);
    assertThat(summary.scanned()).isEqualTo(3);
    assertThat(counts(summary.protocols())).isEqualTo(count(cli, p -> {
      List<String> on = new ArrayList<>();
      p.get("protocols").properties().forEach(e -> {
        if (e.getValue().asBoolean()) {
          on.add(e.getKey());
        }
      });
      return on;
    })).containsEntry("TLSv1.2", 2L).containsEntry("TLSv1.3", 2L);
    assertThat(counts(summary.certificateProblems())).isEqualTo(count(cli, p -> {
      List<String> ids = new ArrayList<>();
      p.get("certificateProblems").forEach(n -> ids.add(n.asText()));
      return ids;
    })).containsKey("expired");
    assertThat(counts(summary.grades())).isEqualTo(count(cli, p -> List.of(p.get("grade").asText())));
    assertThat(summary.weakSuites()).containsExactly(new ScanJob.Count(
        dev.tlsdoctor.tls.CipherSuite.of(0x003B).name(), 1));
    assertThat(counts(summary.expiryByWeek()).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    Map<?, ?> written = JSON.readValue(out.resolve("summary.json").toFile(), Map.class);
    assertThat(written.get("targets")).isEqualTo(6);
  }

  private static Map<String, Long> counts(List<ScanJob.Count> list) {
    Map<String, Long> m = new TreeMap<>();
    list.forEach(c -> m.put(c.value(), c.targets()));
    return m;
  }

  private static Map<String, Long> count(List<JsonNode> profiles, java.util.function.Function<JsonNode,
      List<String>> values) {
    Map<String, Long> m = new TreeMap<>();
    for (JsonNode p : profiles) {
      for (String v : new LinkedHashSet<>(values.apply(p))) { // each target counts once
        m.merge(v, 1L, Long::sum);
      }
    }
    return m;
  }
}
