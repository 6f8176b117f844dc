package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.report.EventJson;
import dev.tlsdoctor.report.LogReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs read in parts (byte ranges, as the tasks of a distributed job read them) and merged against the same inputs
 * read by {@link LogAnalysis} in one process: the same report, line numbers, notes, errors and events.
 */
class LogPartsTest {
  @TempDir
  Path dir;

  private final LogClassifier classifier = new LogClassifier(KnowledgeBase.get());

  /** An input cut into {@code n} ranges of equal size (the last takes the rest), each read on its own. */
  private List<LogParts.Part> parts(int firstId, int input, String name, byte[] bytes, int n, List<String> events) {
    LogParts reader = new LogParts(classifier, TimeRange.ALL);
    List<LogParts.Part> out = new ArrayList<>();
    long step = bytes.length / n;
    for (int k = 0; k < n; k++) {
      long from = k * step;
      long to = k == n - 1 ? bytes.length : (k + 1) * step;
      int id = firstId + k;
      out.add(reader.read(id, input, name, from, to - from, n == 1, position -> new ByteArrayInputStream(bytes,
          (int) position, bytes.length - (int) position), e -> events.add(id + " " + EventJson.of(e))));
    }
    return out;
  }

  /** The events of the parts with their line numbers made those of the file, in part order. */
  private static List<String> numbered(List<String> events, long[] offsets) {
    List<String> out = new ArrayList<>();
    for (String e : events) {
      int sp = e.indexOf(' ');
      long offset = offsets[Integer.parseInt(e.substring(0, sp))];
      if (offset < 0) {
        continue;
      }
      String json = e.substring(sp + 1);
      int at = json.indexOf("\"line\":") + 7;
      int end = json.indexOf(',', at);
      out.add(json.substring(0, at) + (Long.parseLong(json.substring(at, end)) + offset) + json.substring(end));
    }
    return out;
  }

  private record Reference(String report, List<String> events) {
  }

  private Reference reference(List<LogInputs.Input> inputs) {
    List<String> events = new ArrayList<>();
    LogAnalysis.Result r = new LogAnalysis(classifier, TimeRange.ALL, 1).run(inputs, e -> events.add(EventJson.of(e)));
    return new Reference(LogReport.of(r, KnowledgeBase.get(), 8).toJson(), events);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 64})
  void rotatedSetInRanges_merged_sameAsOneProcess(int ranges) throws IOException {
    byte[] older = FastPathEquivalenceTest.log(11, 6_000);
    byte[] live = FastPathEquivalenceTest.log(12, 9_000);
    Files.write(dir.resolve("error.log.1.gz"), gzip(older));
    Files.write(dir.resolve("error.log"), live);
    Reference ref = reference(List.of(new LogInputs.Input("error.log.1.gz", dir.resolve("error.log.1.gz")),
        new LogInputs.Input("error.log", dir.resolve("error.log"))));

    List<String> events = new ArrayList<>();
    List<LogParts.Part> parts = new ArrayList<>(parts(0, 0, "error.log.1.gz", gzip(older), ranges, events));
    parts.addAll(parts(ranges, 1, "error.log", live, ranges, events));
    java.util.Collections.reverse(parts); // parts arrive in any order
    LogParts.Merged merged = LogParts.merge(List.of("error.log.1.gz", "error.log"), parts);

    assertThat(LogReport.of(merged.result(), KnowledgeBase.get(), 8).toJson()).isEqualTo(ref.report());
    assertThat(numbered(events, merged.lineOffsets())).isEqualTo(ref.events());
    assertThat(merged.result().inputs()).extracting(LogAnalysis.InputResult::lines).containsExactly(6_000L, 9_000L);
    assertThat(merged.result().inputs().get(1).notes()).hasSize(2); // long lines and invalid UTF-8, added up
    assertThat(ref.events()).hasSizeGreaterThan(5_000);
  }

  @Test
  void truncatedGzip_errorNamesTheLineReached_asOneProcess() throws IOException {
    byte[] z = gzip(FastPathEquivalenceTest.log(13, 3_000));
    byte[] cut = Arrays.copyOf(z, z.length / 2);
    Files.write(dir.resolve("error.log.2.gz"), cut);
    Reference ref = reference(List.of(new LogInputs.Input("error.log.2.gz", dir.resolve("error.log.2.gz"))));

    List<String> events = new ArrayList<>();
    LogParts.Merged merged = LogParts.merge(List.of("error.log.2.gz"), parts(0, 0, "error.log.2.gz", cut, 3, events));

    assertThat(LogReport.of(merged.result(), KnowledgeBase.get(), 8).toJson()).isEqualTo(ref.report());
    assertThat(merged.result().inputs().get(0).error()).startsWith("truncated gzip stream after line ")
        .endsWith("; the lines before it were read");
    assertThat(numbered(events, merged.lineOffsets())).isEqualTo(ref.events());
  }

  @Test
  void truncatedGzip_summaryOnly_countsTheFieldsOfEveryLineRead() throws IOException {
    byte[] z = gzip(FastPathEquivalenceTest.log(14, 3_000));
    Files.write(dir.resolve("error.log.1.gz"), Arrays.copyOf(z, z.length / 2));
    List<LogInputs.Input> in = List.of(new LogInputs.Input("error.log.1.gz", dir.resolve("error.log.1.gz")));

    // without events the byte-level path counts the fields in batches: the batch pending at the error counts too
    LogAnalysis.Result summaryOnly = new LogAnalysis(classifier, TimeRange.ALL, 1).run(in, null);

    assertThat(summaryOnly.hasErrors()).isTrue();
    assertThat(LogReport.of(summaryOnly, KnowledgeBase.get(), 8).toJson()).isEqualTo(reference(in).report());
  }
}
