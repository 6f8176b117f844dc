package dev.tlsdoctor.spark;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.logs.LogAnalysis;
import dev.tlsdoctor.logs.LogClassifier;
import dev.tlsdoctor.logs.LogParts;
import dev.tlsdoctor.logs.TimeRange;
import dev.tlsdoctor.report.LogReport;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code tlsdoctor logs} over a cluster: every line of the inputs classified by the same classifier in the executors,
 * each task reading a byte range where the data lives; the per-range summaries merged in input order into the summary
 * {@code tlsdoctor logs --format json} prints (spikes and top lists computed from the merged counts), and the events
 * of {@code logs --events} written as Parquet partitioned by day and class.
 */
public final class LogsJob {
  /** What to read and where to write. */
  public record Options(List<String> inputs, String out, long splitBytes, int top, LocalDateTime since,
                        LocalDateTime until, boolean events) {
  }

  /** The job's outcome: the report written to summary.json and the number of events written. */
  public record Outcome(LogReport report, String summaryJson, long events) {
  }

  private LogsJob() {
  }

  /** The classifier of this JVM, built once per executor from the knowledge base in the core library. */
  private static final class Classifier {
    static final LogClassifier INSTANCE = new LogClassifier(KnowledgeBase.get());
  }

  /** One thing a task yields: an event (with the id of its part) or the part itself. */
  record Piece(int part, Row event, LogParts.Part summary) implements Serializable {
  }

  public static Outcome run(SparkSession spark, Options o) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopInputs.Resolved resolved = HadoopInputs.resolve(o.inputs(), jsc.hadoopConfiguration());
    List<HadoopInputs.Split> splits = HadoopInputs.splits(resolved.files(), o.splitBytes());
    Broadcast<HashMap<String, String>> conf = jsc.broadcast(HadoopInputs.entries(jsc.hadoopConfiguration()));
    LocalDateTime since = o.since();
    LocalDateTime until = o.until();
    boolean wantEvents = o.events();
    List<LogParts.Part> parts = List.of();
    JavaRDD<Piece> pieces = null;
    if (!splits.isEmpty()) {
      jsc.setJobDescription("tlsdoctor logs: classify " + resolved.files().size() + " file(s) in " + splits.size()
          + " range(s)");
      pieces = jsc.parallelize(splits, splits.size())
          .mapPartitions(it -> read(it, conf.value(), new TimeRange(since, until), wantEvents));
      if (wantEvents) {
        pieces.persist(StorageLevel.DISK_ONLY()); // streamed to disk as the tasks make them: memory stays bounded
      }
      parts = pieces.filter(p -> p.summary() != null).map(Piece::summary).collect();
    }
    List<String> names = resolved.files().stream().map(HadoopInputs.File::name).toList();
    LogParts.Merged merged = LogParts.merge(names, parts);
    List<LogAnalysis.InputResult> inputs = new ArrayList<>();
    resolved.problems().forEach(p -> inputs.add(new LogAnalysis.InputResult(p.argument(), 0, p.message(), List.of())));
    inputs.addAll(merged.result().inputs());
    LogAnalysis.Result result = new LogAnalysis.Result(merged.result().summary(), inputs);
    LogReport report = LogReport.of(result, KnowledgeBase.get(), o.top());
    String json = report.toJson();
    Path outDir = new Path(o.out());
    var outFs = outDir.getFileSystem(jsc.hadoopConfiguration());
    try (var w = outFs.create(new Path(outDir, "summary.json"), true)) {
      w.write((json + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (!wantEvents) {
      outFs.delete(new Path(outDir, "events"), true); // a previous run's: they would not match this summary
    }
    long events = 0;
    if (wantEvents) {
      writeEvents(spark, jsc, pieces, merged.lineOffsets(), new Path(outDir, "events").toString());
      events = report.tlsEvents();
      if (pieces != null) {
        pieces.unpersist(true); // blocking: done before the session stops
      }
    }
    return new Outcome(report, json, events);
  }

  private static void writeEvents(SparkSession spark, JavaSparkContext jsc, JavaRDD<Piece> pieces, long[] offsets,
                                  String dir) {
    JavaRDD<Row> rows;
    if (pieces == null) {
      rows = jsc.emptyRDD();
    } else {
      Broadcast<long[]> lineOffsets = jsc.broadcast(offsets);
      rows = pieces.filter(p -> p.event() != null && lineOffsets.value()[p.part()] >= 0)
          .map(p -> EventRows.withLineOffset(p.event(), lineOffsets.value()[p.part()]));
    }
    jsc.setJobDescription("tlsdoctor logs: write the events");
    var frame = spark.createDataFrame(rows, EventRows.SCHEMA);
    frame.write().mode(SaveMode.Overwrite).partitionBy("day", "class").parquet(dir);
  }

  /**
   * A task: reads its ranges with the core library, yielding their events and then their summaries, as Spark
   * consumes them (see {@link TaskPieces}).
   */
  private static Iterator<Piece> read(Iterator<HadoopInputs.Split> splits, HashMap<String, String> conf,
                                      TimeRange range, boolean events) {
    List<HadoopInputs.Split> mine = new ArrayList<>();
    splits.forEachRemaining(mine::add);
    return new TaskPieces<Piece>("tlsdoctor-logs-reader", out -> {
      var hadoop = HadoopInputs.configuration(conf);
      LogParts reader = new LogParts(Classifier.INSTANCE, range);
      for (HadoopInputs.Split s : mine) {
        Path path = new Path(s.path());
        var fs = path.getFileSystem(hadoop);
        LogParts.Part part = reader.read(s.id(), s.input(), s.name(), s.from(), s.length(), s.whole(), position -> {
          FSDataInputStream in = fs.open(path);
          if (position > 0) {
            in.seek(position);
          }
          return in;
        }, events ? e -> out.accept(new Piece(s.id(), EventRows.of(e), null)) : null);
        out.accept(new Piece(s.id(), null, part));
      }
    });
  }
}
