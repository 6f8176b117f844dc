package dev.tlsdoctor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.clients.ClientDatabase;
import dev.tlsdoctor.clients.ClientProfile;
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
 * is the count of what the CLI reported, the client section included (every client profile simulated against each
 * target: which families fail where, by class, with the first examples).
 */
class ScanJobTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXAMPLES = 2;

  @TempDir
  static Path tmp;

  private static SparkSession spark;
  private static NginxServer nginx;
  private static QuietServer silent;
  private static int[] ports;
  private static int closed;
  private static Path rootCa;

  @BeforeAll
  static void start() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    rootCa = certs.rootCa();
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

  /**
   * A profile without what measures the run rather than the server: its time, and its connection count (a connection
   * opened ahead of need, to save a round trip, is counted whether or not a probe came to use it).
   */
  private static String withoutMeasurements(String json) {
    assertThat(json).containsPattern("\"connections\" : [1-9]");
    return json.replaceAll("\"millis\" : \\d+", "\"millis\" : 0").replaceAll("\"connections\" : \\d+",
        "\"connections\" : 0");
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
        TIMEOUT, 4, 8, 4, 2, false, EXAMPLES, cas(rootCa)));

    Map<String, Row> rows = new HashMap<>();
    for (Row r : spark.read().parquet(out.resolve("profiles").toString()).collectAsList()) {
      rows.put(r.getAs("target"), r);
    }
    assertThat(rows).hasSize(6);
    List<JsonNode> cli = new ArrayList<>();
    for (String t : nginxTargets) {
      Cli.Run run = Cli.run(tmp, "scan", "--format", "json", "--no-aia-fetch", "--ca-file", rootCa.toString(),
          "--connections", "4", "--timeout",
          String.valueOf(TIMEOUT.toSeconds()), t);
      assertThat(run.exit()).as(run.err()).isIn(0, 1);
      assertThat(withoutMeasurements(rows.get(t).getAs("profile"))).isEqualTo(withoutMeasurements(run.out().strip()));
      assertThat((String) rows.get(t).getAs("network")).isEqualTo("127.0.0.0/24");
      JsonNode doc = JSON.readTree(run.out());
      cli.add(doc);
      // the row's failing clients: those of the CLI's client section, in its order
      List<String> failing = new ArrayList<>();
      doc.get("clients").get("failing")
          .forEach(f -> failing.add(f.get("id").asText() + " " + f.get("class").asText()));
      assertThat(failing).isNotEmpty();
      List<String> rowFailing = new ArrayList<>();
      for (Row f : rows.get(t).<Row>getList(rows.get(t).fieldIndex("client_failures"))) {
        rowFailing.add(f.getAs("id") + " " + f.getAs("class"));
        assertThat((String) f.getAs("family")).isEqualTo(ClientDatabase.find(f.getAs("id")).orElseThrow().family());
      }
      assertThat(rowFailing).isEqualTo(failing);
      assertThat((Integer) rows.get(t).getAs("clients_simulated")).isEqualTo(ClientDatabase.all().size());
    }
    for (String t : List.of(hostile, "127.0.0.1:" + closed, "not a target:99999")) {
      assertThat((Integer) rows.get(t).getAs("clients_simulated")).isNull();
      assertThat(rows.get(t).<Row>getList(rows.get(t).fieldIndex("client_failures"))).isEmpty();
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

    // the client section: what the CLI's client sections say, counted per family and client
    ScanJob.Clients clients = summary.clients();
    assertThat(clients).isEqualTo(expectedClients(nginxTargets, cli));
    assertThat(clients.targets()).isEqualTo(3);
    assertThat(clients.families()).hasSize(20);
    // the TLS 1.3-only server: the TLS 1.2 clients of old Java, Android and IE fail there for the version alone
    String only13 = nginxTargets.get(2);
    for (String id : List.of("java-8u161", "android-8-9", "ie-11-win10")) {
      ScanJob.Client c = client(clients, id);
      assertThat(c.classes()).as(id).contains(new ScanJob.ClassCount("protocol-version-mismatch", 1, List.of(only13)));
    }
    // Go trusts the test root given as --ca-file: it connects to the two valid servers, fails on the expired one
    ScanJob.Family go = clients.families().stream().filter(f -> f.family().equals("go")).findFirst().orElseThrow();
    assertThat(go.targets()).isEqualTo(1);
    assertThat(go.everyProfile()).isEqualTo(1);
    assertThat(go.classes()).containsExactly(new ScanJob.ClassCount("certificate-expired", 1, List.of(only13)));
    // IE 8 on XP speaks TLS 1.0 at most: no server of the fleet accepts it
    List<String> sorted = nginxTargets.stream().sorted().toList();
    assertThat(client(clients, "ie-8-xp").classes()).containsExactly(
        new ScanJob.ClassCount("protocol-version-mismatch", 3, sorted.subList(0, EXAMPLES)));
    JsonNode writtenClients = JSON.readTree(out.resolve("summary.json").toFile()).get("clients");
    assertThat(writtenClients).isEqualTo(JSON.readTree(JSON.writeValueAsString(clients)));
    assertThat(writtenClients.toString()).contains("\"class\":\"protocol-version-mismatch\"");
  }

  private static List<java.security.cert.X509Certificate> cas(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      List<java.security.cert.X509Certificate> out = new ArrayList<>();
      for (var c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((java.security.cert.X509Certificate) c);
      }
      return out;
    }
  }

  private static ScanJob.Client client(ScanJob.Clients clients, String id) {
    return clients.families().stream().flatMap(f -> f.clients().stream()).filter(c -> c.id().equals(id))
        .findFirst().orElseThrow(() -> new AssertionError(id + " fails nowhere"));
  }

  /** The client section computed from the CLI's documents: targets per family, client and class. */
  private static ScanJob.Clients expectedClients(List<String> targets, List<JsonNode> docs) {
    Map<String, Map<String, String>> classOf = new HashMap<>(); // client id -> target -> class
    for (int i = 0; i < targets.size(); i++) {
      for (JsonNode f : docs.get(i).get("clients").get("failing")) {
        classOf.computeIfAbsent(f.get("id").asText(), k -> new TreeMap<>()).put(targets.get(i),
            f.get("class").asText());
      }
    }
    Map<String, List<ClientProfile>> families = new java.util.LinkedHashMap<>();
    ClientDatabase.all().forEach(c -> families.computeIfAbsent(c.family(), k -> new ArrayList<>()).add(c));
    List<ScanJob.Family> out = new ArrayList<>();
    families.forEach((family, members) -> {
      Map<String, java.util.TreeSet<String>> byClass = new TreeMap<>();
      Map<String, Integer> failingMembers = new TreeMap<>();
      List<ScanJob.Client> failing = new ArrayList<>();
      for (ClientProfile c : members) {
        Map<String, String> where = classOf.getOrDefault(c.id(), Map.of());
        if (where.isEmpty()) {
          continue;
        }
        Map<String, java.util.TreeSet<String>> mine = new TreeMap<>();
        where.forEach((t, cls) -> {
          mine.computeIfAbsent(cls, k -> new java.util.TreeSet<>()).add(t);
          byClass.computeIfAbsent(cls, k -> new java.util.TreeSet<>()).add(t);
          failingMembers.merge(t, 1, Integer::sum);
        });
        failing.add(new ScanJob.Client(c.id(), c.name(), where.size(), classCounts(mine)));
      }
      failing.sort(java.util.Comparator.comparingLong(ScanJob.Client::targets).reversed());
      out.add(new ScanJob.Family(family, members.size(), failingMembers.size(),
          failingMembers.values().stream().filter(n -> n == members.size()).count(), classCounts(byClass), failing));
    });
    out.sort(java.util.Comparator.comparingLong(ScanJob.Family::targets).reversed()
        .thenComparing(ScanJob.Family::family));
    return new ScanJob.Clients(ClientDatabase.all().size(), targets.size(), EXAMPLES, out);
  }

  private static List<ScanJob.ClassCount> classCounts(Map<String, java.util.TreeSet<String>> byClass) {
    return byClass.entrySet().stream()
        .map(e -> new ScanJob.ClassCount(e.getKey(), e.getValue().size(),
            e.getValue().stream().limit(EXAMPLES).toList()))
        .sorted(java.util.Comparator.comparingLong(ScanJob.ClassCount::targets).reversed()).toList();
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
