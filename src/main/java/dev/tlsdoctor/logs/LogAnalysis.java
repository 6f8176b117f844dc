package dev.tlsdoctor.logs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.zip.ZipException;

/**
 * Reads a list of inputs into one {@link LogSummary}. A large plain file is read in parallel ranges (one per worker)
 * when no per-event output is wanted; everything else is read as a stream. A problem with one input is recorded and
 * the other inputs are still read.
 */
public final class LogAnalysis {
  /** Files at least this large are split into ranges read in parallel. */
  static final long PARALLEL_MIN_BYTES = 8L << 20;

  private final LogClassifier classifier;
  private final TimeRange range;
  private final int threads;
  private final java.util.concurrent.atomic.LongAdder progress = new java.util.concurrent.atomic.LongAdder();

  public LogAnalysis(LogClassifier classifier, TimeRange range, int threads) {
    this.classifier = classifier;
    this.range = range;
    this.threads = Math.max(1, threads);
  }

  private java.util.function.Predicate<TlsEvent> keep;

  /** Counts only the events {@code keep} accepts (null: all). */
  public LogAnalysis filter(java.util.function.Predicate<TlsEvent> keep) {
    this.keep = keep;
    return this;
  }

  /** Bytes read so far (compressed inputs count their uncompressed bytes), for progress displays. */
  public long bytesRead() {
    return progress.sum();
  }

  /**
   * What happened to one input.
   *
   * @param name  the file name as given, {@code -} for standard input
   * @param lines lines read
   * @param error why the input could not be read completely; null when it was
   * @param notes unusual input that was handled (overlong lines, binary bytes), each naming file and line
   */
  public record InputResult(String name, long lines, String error, List<String> notes) {
  }

  /**
   * The merged summary and the per-input outcomes; {@code probes} holds the probe traffic set apart (null when it
   * was not looked for).
   */
  public record Result(LogSummary summary, List<InputResult> inputs, ProbeTraffic probes) {
    public Result(LogSummary summary, List<InputResult> inputs) {
      this(summary, inputs, null);
    }

    public boolean hasErrors() {
      return inputs.stream().anyMatch(i -> i.error() != null);
    }
  }

  private boolean probeTraffic;

  /**
   * Sets probe traffic apart (see {@link ProbeTraffic}): its events are counted neither in the summary nor given to
   * the consumer. Every TLS line then takes the plain path, in one thread, in order.
   */
  public LogAnalysis probeTraffic(boolean on) {
    this.probeTraffic = on;
    return this;
  }

  public Result run(List<LogInputs.Input> inputs, Consumer<TlsEvent> events) {
    LogSummary total = new LogSummary();
    List<InputResult> results = new ArrayList<>();
    if (!probeTraffic) {
      for (LogInputs.Input in : inputs) {
        results.add(read(in, total, events));
      }
      return new Result(total, results);
    }
    // every event through the delay line: what is no probe's goes into the summary and on to the consumer
    ProbeTraffic probes = new ProbeTraffic(e -> {
      total.add(e);
      if (events != null) {
        events.accept(e);
      }
    });
    java.util.function.Predicate<TlsEvent> userFilter = keep;
    keep = e -> {
      if (userFilter == null || userFilter.test(e)) {
        probes.accept(e);
      }
      return false; // counted by the delay line, not by the scanner
    };
    try {
      for (LogInputs.Input in : inputs) {
        results.add(read(in, total, e -> { }));
      }
    } finally {
      keep = userFilter;
    }
    probes.finish();
    return new Result(total, results, probes);
  }

  /** Reads one input into {@code total}. */
  public InputResult read(LogInputs.Input in, LogSummary total, Consumer<TlsEvent> events) {
    try {
      if (events == null && threads > 1 && LogInputs.isPlainFile(in)
          && (in.end() < 0 ? java.nio.file.Files.size(in.path()) : in.end()) >= PARALLEL_MIN_BYTES) {
        return readParallel(in, total);
      }
    } catch (IOException e) {
      return new InputResult(in.name(), 0, describe(e, 0), List.of());
    }
    LogScanner scanner = new LogScanner(classifier, in.name(), range, total, events);
    scanner.setFilter(keep);
    scanner.setProgress(progress);
    try (InputStream s = LogInputs.open(in)) {
      scanner.scan(s);
      return new InputResult(in.name(), scanner.lines(), null, scanner.notes(0));
    } catch (IOException e) {
      total.countLines(scanner.lines());
      return new InputResult(in.name(), scanner.lines(), describe(e, scanner.lines()), scanner.notes(0));
    }
  }

  private InputResult readParallel(LogInputs.Input in, LogSummary total) throws IOException {
    try (FileChannel ch = FileChannel.open(in.path(), StandardOpenOption.READ)) {
      long size = in.end() < 0 ? ch.size() : Math.min(ch.size(), in.end());
      int n = threads;
      long step = size / n;
      List<LogSummary> parts = new ArrayList<>();
      List<LogScanner> scanners = new ArrayList<>();
      List<Future<?>> futures = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        for (int i = 0; i < n; i++) {
          long from = i * step;
          long to = i == n - 1 ? size : (i + 1) * step;
          LogSummary part = new LogSummary();
          LogScanner sc = new LogScanner(classifier, in.name(), range, part, null);
          sc.setFilter(keep);
          sc.setProgress(progress);
          parts.add(part);
          scanners.add(sc);
          futures.add(pool.submit(() -> {
            sc.scanRange(ch, from, to);
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
      long offset = 0;
      List<String> notes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        total.merge(parts.get(i), offset);
        notes.addAll(scanners.get(i).notes(offset));
        offset += scanners.get(i).lines();
      }
      return new InputResult(in.name(), offset, null, notes.size() > 3 ? notes.subList(0, 3) : notes);
    }
  }

  /** A message for an input that could not be read completely, naming the line reached. */
  static String describe(IOException e, long lines) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof EOFException) {
      return "truncated gzip stream after line " + lines + "; the lines before it were read";
    }
    if (e instanceof ZipException) {
      return "corrupt gzip data after line " + lines + " (" + e.getMessage() + "); the lines before it were read";
    }
    String m = e.getMessage();
    if (m != null && m.contains("Is a directory")) {
      return "is a directory";
    }
    return (m == null ? e.getClass().getSimpleName() : m) + " after line " + lines;
  }
}
