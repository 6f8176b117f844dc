package dev.tlsdoctor.logs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Inputs read in parts by the workers of a distributed job, each part a byte range of one input read where the data
 * lives, and the parts merged back into exactly what {@link LogAnalysis#run} gives for the same inputs read in one
 * process: the same line numbers, examples, notes and input errors. A part holds a {@link LogSummary}, never events:
 * events go where the caller sends them, numbered within their part ({@link Merged#lineOffsets} makes the numbers
 * those of the file).
 */
public final class LogParts {
  private final LogClassifier classifier;
  private final TimeRange range;

  public LogParts(LogClassifier classifier, TimeRange range) {
    this.classifier = classifier;
    this.range = range;
  }

  /** Opens an input at a byte offset (a Hadoop file system, an object store, a local file). */
  @FunctionalInterface
  public interface Opener {
    InputStream open(long position) throws IOException;
  }

  /**
   * What one part yielded.
   *
   * @param id      the part's place among all parts: parts of earlier inputs and earlier ranges have smaller ids
   * @param input   the input's index
   * @param from    the range's first byte
   * @param summary the statistics of its lines
   * @param lines   lines read (that start in the range)
   * @param error   why the range could not be read completely; null when it was
   * @param notes   unusual lines, numbered within the range
   */
  public record Part(int id, int input, long from, LogSummary summary, long lines, IOException error,
                     LogScanner.NoteCounts notes) implements Serializable {
  }

  /**
   * Reads the lines that start in [{@code from}, {@code from + length}) of an input. Gzip data (recognised by its
   * magic bytes) cannot be split: the part at offset 0 reads the whole uncompressed stream and the others read
   * nothing. {@code whole} says that the range is the whole input, read as one stream as {@link LogAnalysis} reads it.
   */
  public Part read(int id, int input, String name, long from, long length, boolean whole, Opener opener,
                   Consumer<TlsEvent> events) {
    LogSummary summary = new LogSummary();
    LogScanner scanner = new LogScanner(classifier, name, range, summary, events);
    try {
      if (whole) {
        try (InputStream in = LogInputs.decompressed(opener.open(0))) {
          scanner.scan(in);
        }
      } else if (isGzip(opener)) {
        if (from == 0) {
          try (InputStream in = LogInputs.decompressed(opener.open(0))) {
            scanner.scan(in);
          }
        }
      } else {
        try (InputStream in = new BufferedInputStream(opener.open(from == 0 ? 0 : from - 1), 1 << 16)) {
          boolean midLine = from > 0 && in.read() != '\n';
          scanner.scanRange(in, midLine, length);
        }
      }
      return new Part(id, input, from, summary, scanner.lines(), null, scanner.noteCounts());
    } catch (IOException e) {
      summary.countLines(scanner.lines());
      return new Part(id, input, from, summary, scanner.lines(), e, scanner.noteCounts());
    }
  }

  private static boolean isGzip(Opener opener) throws IOException {
    try (InputStream in = opener.open(0)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /**
   * The parts merged in input order.
   *
   * @param result      what {@link LogAnalysis#run} gives
   * @param lineOffsets by part id: the lines of the input before the part, to add to the line numbers of its
   *                    events; -1 for a part after an input's read error, whose events a reader in one process never
   *                    reached
   */
  public record Merged(LogAnalysis.Result result, long[] lineOffsets) {
  }

  /**
   * Merges the parts of the inputs named {@code names} (by index). An input's first read error ends it: its later
   * parts are left out, as a reader in one process stops at the error.
   */
  public static Merged merge(List<String> names, List<Part> parts) {
    List<Part> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparingInt(Part::id));
    long[] offsets = new long[sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).id() + 1];
    Arrays.fill(offsets, -1);
    LogSummary total = new LogSummary();
    List<LogAnalysis.InputResult> inputs = new ArrayList<>();
    int next = 0;
    for (int input = 0; input < names.size(); input++) {
      String name = names.get(input);
      long lines = 0;
      String error = null;
      LogScanner.NoteCounts notes = new LogScanner.NoteCounts(0, 0, 0, 0);
      for (; next < sorted.size() && sorted.get(next).input() == input; next++) {
        Part p = sorted.get(next);
        if (error != null) {
          continue;
        }
        offsets[p.id()] = lines;
        total.merge(p.summary(), lines);
        notes = notes.then(p.notes(), lines);
        lines += p.lines();
        if (p.error() != null) {
          error = LogAnalysis.describe(p.error(), lines);
        }
      }
      inputs.add(new LogAnalysis.InputResult(name, lines, error, notes.notes(name, 0)));
    }
    return new Merged(new LogAnalysis.Result(total, inputs), offsets);
  }
}
