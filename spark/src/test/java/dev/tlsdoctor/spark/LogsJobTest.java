package dev.tlsdoctor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LogsJob in local[2] against the CLI on the same files: a rotated set over four days (gzip, a truncated gzip, plain
 * files cut into many ranges, junk lines). The summary must be the CLI's, byte for byte; the events those of
 * {@code logs --events}, partitioned by day and class.
 */
class LogsJobTest {
  private static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start();
    TestLogs.write(Files.createDirectories(dir.resolve("logs")));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rotatedSet_summaryAndEvents_equalTheCli() throws Exception {
    Path logs = dir.resolve("logs");
    String glob = logs + "/error.log*";
    Cli.Run cli = Cli.run(dir, "logs", "--format", "json", glob);
    Cli.Run cliEvents = Cli.run(dir, "logs", "--events", glob);
    assertThat(cli.exit()).isEqualTo(3); // the truncated gzip file
    assertThat(cli.out()).contains("\"truncated gzip stream after line ");

    Path out = dir.resolve("out");
    // a 48 KiB split size cuts each plain file into several ranges, read by separate tasks
    LogsJob.Outcome outcome = LogsJob.run(spark, new LogsJob.Options(List.of(glob), out.toString(), 48 << 10, 5,
        null, null, true));

    String summary = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
    assertThat(summary).isEqualTo(cli.out());
    assertThat(outcome.summaryJson() + "\n").isEqualTo(cli.out());
    Map<?, ?> report = JSON.readValue(summary, Map.class);
    List<String> order = Stream.of("error.log.4.gz", "error.log.3.gz", "error.log.2.gz", "error.log.1", "error.log")
        .map(n -> logs + "/" + n).toList();
    assertThat(((List<?>) report.get("inputs")).stream().map(i -> ((Map<?, ?>) i).get("file")).toList())
        .isEqualTo(order);
    int perDay = TestLogs.nginxLines().size();
    assertThat((List<?>) report.get("inputs")).extracting(i -> ((Map<?, ?>) i).get("lines"))
        .element(1).isEqualTo(30 * perDay); // error.log.3.gz: the example 30 times
    assertThat((List<?>) report.get("inputs")).extracting(i -> ((Map<?, ?>) i).get("lines"))
        .element(3).isEqualTo(40 * perDay); // error.log.1, read in ranges
    assertThat(summary).contains("\"spikes\" : [ {"); // the burst, found from the merged minutes

    List<Map<String, Object>> expected = new ArrayList<>();
    for (String line : cliEvents.out().split("\n")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> e = JSON.readValue(line, LinkedHashMap.class);
      expected.add(e);
    }
    List<Map<String, Object>> actual = events(out.resolve("events"));
    actual.sort(Comparator.comparing((Map<String, Object> e) -> order.indexOf((String) e.get("file")))
        .thenComparing(e -> ((Number) e.get("line")).longValue()));
    assertThat(actual).hasSize(expected.size()).isEqualTo(expected);
    assertThat(expected).hasSize((int) outcome.events());
    assertThat(outcome.events()).isGreaterThan(5_000);
  }

  /** The events as Parquet holds them, as the maps of {@code logs --events}; checks the partitions on the way. */
  private static List<Map<String, Object>> events(Path dir) throws IOException {
    try (Stream<Path> days = Files.list(dir)) {
      assertThat(days.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("day=")).sorted().toList())
          .containsExactly("day=2026-11-19", "day=2026-11-20", "day=2026-11-21", "day=2026-11-22", "day=2026-11-23",
              "day=__HIVE_DEFAULT_PARTITION__"); // events of lines without a time
    }
    assertThat(dir.resolve("day=2026-11-21").resolve("class=no-shared-cipher")).isDirectory();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : spark.read().parquet(dir.toString()).collectAsList()) {
      LocalDateTime time = r.getAs("time");
      LocalDate day = r.getAs("day");
      assertThat(day).isEqualTo(time == null ? null : time.toLocalDate());
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("file", r.getAs("file"));
      e.put("line", ((Long) r.getAs("line")).intValue());
      e.put("time", time == null ? null : iso(time));
      for (String f : List.of("level", "class", "direction", "entry", "reason", "code", "generation", "client",
          "server", "host", "upstream")) {
        e.put(f, r.getAs(f));
      }
      Long connection = r.getAs("connection");
      e.put("connection", connection == null ? null : connection.intValue());
      out.add(e);
    }
    return out;
  }

  private static String iso(LocalDateTime t) {
    String s = t.toString();
    return s.length() == 16 ? s + ":00" : s;
  }

  @Test
  void timeWindow_summaryOnly_equalsTheCli() throws Exception {
    String glob = dir.resolve("logs") + "/error.log*";
    Cli.Run cli = Cli.run(dir, "logs", "--format", "json", "--since", "2026-11-21 03:00", "--until", "2026-11-23",
        "--top", "3", glob);
    assertThat(cli.exit()).isEqualTo(3);

    Path out = dir.resolve("window");
    LogsJob.Outcome outcome = LogsJob.run(spark, new LogsJob.Options(List.of(glob), out.toString(), 40 << 10, 3,
        LocalDateTime.of(2026, 11, 21, 3, 0), LocalDateTime.of(2026, 11, 23, 0, 0), false));

    assertThat(Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8)).isEqualTo(cli.out());
    // the TLS lines outside the window are those of the whole set less those inside
    Map<?, ?> all = JSON.readValue(Cli.run(dir, "logs", "--format", "json", glob).out(), Map.class);
    assertThat(outcome.report().outsideTimeRange()).isPositive()
        .isEqualTo(((Number) all.get("tlsEvents")).longValue() - outcome.report().tlsEvents());
    assertThat(outcome.report().tlsEvents()).isPositive();
    assertThat(out.resolve("events")).doesNotExist();
  }
}
