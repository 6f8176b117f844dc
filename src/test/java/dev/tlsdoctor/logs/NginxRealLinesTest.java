package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.testing.NginxServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A regression corpus: lines a real nginx 1.22.1 (OpenSSL 3.0) wrote for TLS failures provoked on purpose, kept
 * byte for byte in {@code logs/real-nginx-1.22.log} (including the raw ClientHello bytes nginx 1.22 writes for a
 * TLS client on a plain-HTTP port), with the expected class and direction of each line in
 * {@code logs/real-nginx-1.22.tsv}.
 */
class NginxRealLinesTest {
  private static final String LOG = "/logs/real-nginx-1.22.log";
  private static final String EXPECTED = "/logs/real-nginx-1.22.tsv";

  private static LogClassifier classifier;
  private static List<String> lines;

  /** One row of the TSV: the line number, the expected class and direction ("-" = not TLS-related), evidence. */
  record Expected(int line, String failureClass, String direction, String evidence) {
    @Override
    public String toString() {
      return "line " + line + ": " + failureClass + " " + direction + " | " + evidence;
    }
  }

  @BeforeAll
  static void loadKnowledgeBase() {
    classifier = new LogClassifier(KnowledgeBase.get());
  }

  /** The log's lines, split on LF and decoded as UTF-8 with replacement (as the log scanner does). */
  static synchronized List<String> logLines() {
    if (lines == null) {
      lines = NginxServer.splitLines(resource(LOG));
    }
    return lines;
  }

  static List<Expected> expected() {
    List<Expected> rows = new ArrayList<>();
    for (String row : new String(resource(EXPECTED), StandardCharsets.UTF_8).split("\n")) {
      if (row.isBlank() || row.startsWith("#")) {
        continue;
      }
      String[] f = row.split("\t", -1);
      if (f.length != 4) {
        throw new IllegalStateException(EXPECTED + ": not 4 tab-separated fields: " + row);
      }
      rows.add(new Expected(Integer.parseInt(f[0]), f[1], f[2], f[3]));
    }
    return rows;
  }

  static Stream<Expected> rows() {
    return expected().stream();
  }

  @Test
  void everyLineHasExactlyOneExpectation() {
    List<String> lines = logLines();
    List<Integer> numbers = expected().stream().map(Expected::line).toList();
    List<Integer> all = new ArrayList<>();
    for (int i = 1; i <= lines.size(); i++) {
      all.add(i);
    }
    assertThat(numbers).containsExactlyElementsOf(all);
  }

  @Test
  void theCorpusKeepsTheRawBytesNginxWrote() {
    // nginx 1.22 does not escape request bytes: a ClientHello on a plain-HTTP port is logged as it came
    assertThat(logLines()).anySatisfy(l -> assertThat(l).contains("client sent invalid method")
        .contains("request: \"\u0016\u0003\u0001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void classifiesTheRealLine(Expected e) {
    String line = logLines().get(e.line() - 1);
    assertThat(line).as("line %d holds the evidence", e.line()).contains(e.evidence());
    Optional<TlsEvent> event = classifier.classify("real-nginx-1.22.log", e.line(), line);
    String actual = event.map(ev -> ev.failureClass().id() + " " + ev.direction().id()).orElse("- -");
    assertThat(actual).as("class and direction of line %d: %s", e.line(), line)
        .isEqualTo(e.failureClass() + " " + e.direction());
  }

  private static byte[] resource(String name) {
    try (InputStream in = NginxRealLinesTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
