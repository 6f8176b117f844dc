package dev.tlsdoctor.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tlsdoctor.clients.ClientDatabase;
import dev.tlsdoctor.clients.ClientProfile;
import dev.tlsdoctor.clients.ClientSimulation;
import dev.tlsdoctor.clients.ClientSummary;
import dev.tlsdoctor.clients.ScanOffer;
import dev.tlsdoctor.clients.Verdict;
import dev.tlsdoctor.finding.SuiteWeakness;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.scan.CertificateInfo;
import dev.tlsdoctor.scan.ProtocolKey;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import dev.tlsdoctor.tls.CipherSuite;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * {@code tlsdoctor scan} over a cluster: the targets spread over the executors by network, so that one task holds
 * every target of a network and bounds the connections to it (per network and per target) without coordination;
 * each target scanned by the core scanner with its deadline. Writes one profile per target (the JSON of
 * {@code tlsdoctor scan --format json} and columns to query) as Parquet, and a fleet summary.
 */
public final class ScanJob {
  /**
   * How to scan.
   *
   * @param perTarget  probe connections open at once to one target
   * @param perNetwork connections open at once to one network (see {@link TargetNetworks}), over the whole job
   * @param parallel   targets scanned at once by one task
   * @param partitions tasks the targets are spread over (each network in one)
   * @param clientExamples example targets listed per client family, client and failure class in the summary
   * @param cas        certificates to trust besides the JDK's (as {@code tlsdoctor scan --ca-file})
   */
  public record Options(List<String> inputs, String out, Duration timeout, int perTarget, int perNetwork,
                        int parallel, int partitions, boolean aiaFetch, int clientExamples,
                        List<java.security.cert.X509Certificate> cas) implements Serializable {
    public Options {
      cas = List.copyOf(cas);
    }
  }

  /** The fleet summary (DIR/summary.json). */
  public record Summary(long targets, long scanned, long failed, List<Count> grades, List<Count> protocols,
                        List<Count> weakSuites, List<Count> certificateProblems, List<Count> expiryByWeek,
                        List<Count> errors, Clients clients) {
  }

  /**
   * Which client families fail where: the shipped client profiles simulated against every target that answered
   * with TLS ({@code targets}), {@code examples} example targets at most per list.
   */
  public record Clients(int profiles, long targets, int examples, List<Family> families) {
  }

  /**
   * A client family ({@code java}, {@code android}, {@code ie}...), every one listed: {@code targets} that at least
   * one of its {@code profiles} cannot connect to, {@code everyProfile} of them that none of its profiles connects
   * to, per failure class (a target counts in each class one of the family's clients fails with), and each of its
   * clients that fails somewhere.
   */
  public record Family(String family, int profiles, long targets, long everyProfile, List<ClassCount> classes,
                       List<Client> clients) {
  }

  /** One client profile that cannot connect to {@code targets} targets, per failure class. */
  public record Client(String id, String name, long targets, List<ClassCount> classes) {
  }

  /** A failure class, the targets it happens on, and the first of them in sort order. */
  public record ClassCount(@JsonProperty("class") String clazz, long targets, List<String> examples) {
  }

  /** The largest {@code --client-examples}. */
  public static final int MAX_CLIENT_EXAMPLES = 100;

  /** A failing client in a profile row: id, family and failure class. */
  static final StructType CLIENT_FAILURE = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("family", DataTypes.StringType, false)
      .add("class", DataTypes.StringType, false);

  /** A value and the number of targets (for expiry: leaf certificates) that have it. */
  public record Count(String value, long targets) {
  }

  static final StructType SCHEMA = new StructType()
      .add("target", DataTypes.StringType, false)
      .add("network", DataTypes.StringType, false)
      .add("error", DataTypes.StringType, true)
      .add("grade", DataTypes.StringType, true)
      .add("protocols", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("weak_suites", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("certificate_problems", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("leaf_expiry_week", DataTypes.StringType, true)
      .add("millis", DataTypes.LongType, false)
      .add("profile", DataTypes.StringType, false)
      .add("clients_simulated", DataTypes.IntegerType, true)
      .add("client_failures", DataTypes.createArrayType(CLIENT_FAILURE), false);

  private ScanJob() {
  }

  public static Summary run(SparkSession spark, Options o) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobDescription("tlsdoctor scan: read the targets");
    Dataset<String> lines = spark.read().textFile(o.inputs().toArray(String[]::new));
    JavaPairRDD<String, String> byNetwork = lines.javaRDD()
        .map(l -> l.replaceAll("#.*", "").strip())
        .filter(l -> !l.isEmpty())
        .mapToPair(l -> new Tuple2<>(network(l), l))
        .partitionBy(new HashPartitioner(Math.max(1, o.partitions())));
    jsc.setJobDescription("tlsdoctor scan: scan the targets");
    var rows = byNetwork.mapPartitions(it -> scan(it, o));
    Dataset<Row> profiles = spark.createDataFrame(rows, SCHEMA);
    String dir = new org.apache.hadoop.fs.Path(o.out(), "profiles").toString();
    profiles.write().mode(SaveMode.Overwrite).parquet(dir);
    Summary summary = summarise(spark.read().parquet(dir), Math.max(0, Math.min(MAX_CLIENT_EXAMPLES,
        o.clientExamples())));
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(o.out(), "summary.json");
    try (var w = out.getFileSystem(jsc.hadoopConfiguration()).create(out, true)) {
      w.write((Json.pretty(summary) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return summary;
  }

  private static String network(String spec) {
    try {
      return TargetNetworks.of(Target.parse(spec, null));
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** A task: the targets of its networks, each network bounded by its own semaphore. */
  private static Iterator<Row> scan(Iterator<Tuple2<String, String>> targets, Options o) throws Exception {
    ScanOptions d = ScanOptions.defaults();
    Scanner scanner = new Scanner(new ScanOptions(o.timeout(), d.connectTimeout(), d.readTimeout(), o.perTarget(),
        1, o.cas(), o.aiaFetch()));
    int targetsPerNetwork = Math.max(1, o.perNetwork() / o.perTarget());
    Map<String, Semaphore> networks = new HashMap<>();
    List<Future<Row>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.parallel()));
    try {
      while (targets.hasNext()) {
        Tuple2<String, String> t = targets.next();
        Semaphore limit = networks.computeIfAbsent(t._1(), k -> new Semaphore(targetsPerNetwork));
        results.add(pool.submit(() -> {
          limit.acquire();
          try {
            return row(t._2(), t._1(), scanner);
          } finally {
            limit.release();
          }
        }));
      }
      List<Row> out = new ArrayList<>(results.size());
      for (Future<Row> f : results) {
        out.add(f.get());
      }
      return out.iterator();
    } finally {
      pool.shutdownNow();
    }
  }

  /** One target's row; a line that is not a target gets a row with its error. */
  static Row row(String spec, String network, Scanner scanner) {
    Target target;
    try {
      target = Target.parse(spec, null);
    } catch (IllegalArgumentException e) {
      return RowFactory.create(spec, network, e.getMessage(), null, seq(List.of()), seq(List.of()), seq(List.of()),
          null, 0L, "null", null, seq(List.of()));
    }
    ServerProfile p = scanner.scan(target);
    // the client section as 'tlsdoctor scan --format json' adds it, null when there is nothing to simulate against
    List<Verdict> verdicts = ScanOffer.of(p).map(ClientSimulation::against).orElse(null);
    ObjectNode doc = Json.MAPPER.valueToTree(p);
    doc.set("clients", Json.MAPPER.valueToTree(verdicts == null ? null : ClientSummary.of(verdicts)));
    List<Row> failing = new ArrayList<>();
    if (verdicts != null) {
      for (Verdict v : verdicts) {
        if (!v.connects()) {
          failing.add(RowFactory.create(v.id(), v.family(), v.clazz()));
        }
      }
    }
    List<String> protocols = new ArrayList<>();
    if (p.protocols() != null) {
      p.protocols().forEach((v, on) -> {
        if (Boolean.TRUE.equals(on)) {
          protocols.add(ProtocolKey.name(v));
        }
      });
    }
    TreeSet<String> weak = new TreeSet<>();
    if (p.cipherSuites() != null) {
      p.cipherSuites().values().forEach(list -> list.forEach(s -> CipherSuite.forIanaName(s.iana())
          .filter(SuiteWeakness::isProblem).ifPresent(c -> weak.add(c.name()))));
    }
    List<String> problems = p.certificateProblems() == null ? List.of() : p.certificateProblems();
    return RowFactory.create(spec, network, p.error(), p.grade(), seq(protocols), seq(List.copyOf(weak)),
        seq(problems), expiryWeek(p), p.millis(), Json.pretty(doc), verdicts == null ? null : verdicts.size(),
        seq(failing));
  }

  /** A list as Spark's rows hold arrays. */
  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq();
  }

  /** The ISO week (2026-W50) in which the first chain's leaf certificate expires; null without one. */
  static String expiryWeek(ServerProfile p) {
    if (p.certificates() == null || p.certificates().isEmpty() || p.certificates().get(0).certificates().isEmpty()) {
      return null;
    }
    CertificateInfo leaf = p.certificates().get(0).certificates().get(0);
    try {
      ZonedDateTime t = Instant.parse(leaf.notAfter()).atZone(ZoneOffset.UTC);
      return String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The fleet summary, counted by Spark over the profiles written. */
  static Summary summarise(Dataset<Row> profiles, int examples) {
    profiles.createOrReplaceTempView("profiles");
    SparkSession spark = profiles.sparkSession();
    Row totals = spark.sql("SELECT count(*), count_if(error IS NULL), count_if(error IS NOT NULL) FROM profiles")
        .first();
    return new Summary(totals.getLong(0), totals.getLong(1), totals.getLong(2),
        counts(spark, "SELECT grade, count(*) FROM profiles WHERE grade IS NOT NULL GROUP BY grade ORDER BY grade"),
        counts(spark, "SELECT p, count(*) FROM profiles LATERAL VIEW explode(protocols) AS p GROUP BY p ORDER BY p"),
        counts(spark, "SELECT s, count(*) n FROM profiles LATERAL VIEW explode(weak_suites) AS s GROUP BY s"
            + " ORDER BY n DESC, s"),
        counts(spark, "SELECT c, count(*) n FROM profiles LATERAL VIEW explode(certificate_problems) AS c GROUP BY c"
            + " ORDER BY n DESC, c"),
        counts(spark, "SELECT leaf_expiry_week, count(*) FROM profiles WHERE leaf_expiry_week IS NOT NULL"
            + " GROUP BY leaf_expiry_week ORDER BY leaf_expiry_week"),
        counts(spark, "SELECT error, count(*) n FROM profiles WHERE error IS NOT NULL GROUP BY error"
            + " ORDER BY n DESC, error LIMIT 20"),
        clients(spark, examples));
  }

  /** The client section, counted from the failing clients of each row (a target listed twice counts once). */
  static Clients clients(SparkSession spark, int examples) {
    spark.sql("SELECT DISTINCT target, f.id id, f.family family, f.class cls FROM profiles"
        + " LATERAL VIEW explode(client_failures) AS f").createOrReplaceTempView("client_failures");
    long simulated = spark.sql("SELECT count(DISTINCT target) FROM profiles WHERE clients_simulated IS NOT NULL")
        .first().getLong(0);
    Map<String, Long> familyTargets = totals(spark, "family");
    Map<String, Long> clientTargets = totals(spark, "id");
    Map<String, List<ClassCount>> familyClasses = classes(spark, "family", examples);
    Map<String, List<ClassCount>> clientClasses = classes(spark, "id", examples);
    // per family: on how many targets n of its clients fail, to find the targets where all of them do
    Map<String, Map<Long, Long>> failingPerTarget = new HashMap<>();
    for (Row r : spark.sql("SELECT family, n, count(*) FROM (SELECT family, target, count(*) n FROM client_failures"
        + " GROUP BY family, target) GROUP BY family, n").collectAsList()) {
      failingPerTarget.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getLong(1), r.getLong(2));
    }
    Map<String, List<ClientProfile>> families = new LinkedHashMap<>();
    for (ClientProfile c : ClientDatabase.all()) {
      families.computeIfAbsent(c.family(), k -> new ArrayList<>()).add(c);
    }
    List<Family> out = new ArrayList<>();
    families.forEach((family, members) -> {
      List<Client> failing = members.stream().filter(c -> clientTargets.containsKey(c.id()))
          .map(c -> new Client(c.id(), c.name(), clientTargets.get(c.id()), clientClasses.get(c.id())))
          .sorted(java.util.Comparator.comparingLong(Client::targets).reversed()).toList();
      out.add(new Family(family, members.size(), familyTargets.getOrDefault(family, 0L),
          failingPerTarget.getOrDefault(family, Map.of()).getOrDefault((long) members.size(), 0L),
          familyClasses.getOrDefault(family, List.of()), failing));
    });
    out.sort(java.util.Comparator.comparingLong(Family::targets).reversed().thenComparing(Family::family));
    return new Clients(ClientDatabase.all().size(), simulated, examples, out);
  }

  /** Targets per family or client ({@code key}). */
  private static Map<String, Long> totals(SparkSession spark, String key) {
    Map<String, Long> m = new HashMap<>();
    for (Row r : spark.sql("SELECT " + key + ", count(DISTINCT target) FROM client_failures GROUP BY " + key)
        .collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  /** Per family or client ({@code key}): the failure classes, most targets first, with the first examples. */
  private static Map<String, List<ClassCount>> classes(SparkSession spark, String key, int examples) {
    Map<List<String>, List<String>> firsts = new HashMap<>();
    for (Row r : spark.sql("SELECT " + key + ", cls, target FROM (SELECT " + key + ", cls, target, row_number()"
        + " OVER (PARTITION BY " + key + ", cls ORDER BY target) r FROM (SELECT DISTINCT " + key + ", cls, target"
        + " FROM client_failures)) WHERE r <= " + examples + " ORDER BY target").collectAsList()) {
      firsts.computeIfAbsent(List.of(r.getString(0), r.getString(1)), k -> new ArrayList<>()).add(r.getString(2));
    }
    Map<String, List<ClassCount>> m = new HashMap<>();
    for (Row r : spark.sql("SELECT " + key + ", cls, count(DISTINCT target) n FROM client_failures GROUP BY " + key
        + ", cls ORDER BY n DESC, cls").collectAsList()) {
      m.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new ClassCount(r.getString(1), r.getLong(2),
          firsts.getOrDefault(List.of(r.getString(0), r.getString(1)), List.of())));
    }
    return m;
  }

  private static List<Count> counts(SparkSession spark, String sql) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList();
  }
}
