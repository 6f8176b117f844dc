package dev.tlsdoctor.spark;

import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.scan.CertificateInfo;
import dev.tlsdoctor.scan.Findings;
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
   */
  public record Options(List<String> inputs, String out, Duration timeout, int perTarget, int perNetwork,
                        int parallel, int partitions, boolean aiaFetch) implements Serializable {
  }

  /** The fleet summary (DIR/summary.json). */
  public record Summary(long targets, long scanned, long failed, List<Count> grades, List<Count> protocols,
                        List<Count> weakSuites, List<Count> certificateProblems, List<Count> expiryByWeek,
                        List<Count> errors) {
  }

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
      .add("profile", DataTypes.StringType, false);

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
    Summary summary = summarise(spark.read().parquet(dir));
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
        1, List.of(), o.aiaFetch()));
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
          null, 0L, "null");
    }
    ServerProfile p = scanner.scan(target);
    List<String> protocols = new ArrayList<>();
    if (p.protocols() != null) {
      p.protocols().forEach((v, on) -> {
        if (Boolean.TRUE.equals(on)) {
          protocols.add(v);
        }
      });
    }
    TreeSet<String> weak = new TreeSet<>();
    if (p.cipherSuites() != null) {
      p.cipherSuites().values().forEach(list -> list.forEach(s -> CipherSuite.forIanaName(s.iana())
          .filter(c -> Findings.weakness(c) != null).ifPresent(c -> weak.add(c.name()))));
    }
    List<String> problems = p.certificateProblems() == null ? List.of() : p.certificateProblems();
    return RowFactory.create(spec, network, p.error(), p.grade(), seq(protocols), seq(List.copyOf(weak)),
        seq(problems), expiryWeek(p), p.millis(), Json.pretty(p));
  }

  /** A list as Spark's rows hold arrays. */
  private static scala.collection.immutable.Seq<String> seq(List<String> list) {
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
  static Summary summarise(Dataset<Row> profiles) {
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
            + " ORDER BY n DESC, error LIMIT 20"));
  }

  private static List<Count> counts(SparkSession spark, String sql) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList();
  }
}
