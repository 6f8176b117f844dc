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

  /**
   * Reads a file in ranges, one per worker to begin with. A worker that is done takes over the second half of what
   * is left of the range with the most left (see {@link LogScanner.RangeEnd#takeRest}), so that the workers finish
   * together however fast each one turns out to be; the ranges' summaries are merged in the order of the file.
   */
  private InputResult readParallel(LogInputs.Input in, LogSummary total) throws IOException {
    try (FileChannel ch = FileChannel.open(in.path(), StandardOpenOption.READ)) {
      long size = in.end() < 0 ? ch.size() : Math.min(ch.size(), in.end());
      int n = threads;
      long step = size / n;
      List<Part> parts = new ArrayList<>(); // guarded by itself
      for (int i = 0; i < n; i++) {
        parts.add(part(in, new LogScanner.RangeEnd(i * step, i == n - 1 ? size : (i + 1) * step)));
      }
      List<Future<?>> futures = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        for (int i = 0; i < n; i++) {
          Part first = parts.get(i);
          futures.add(pool.submit(() -> {
            for (Part p = first; p != null; p = takeRest(parts, in)) {
              p.scanner.scanRange(ch, p.range);
            }
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
      parts.sort(java.util.Comparator.comparingLong(p -> p.range.start()));
      long offset = 0;
      LogScanner.NoteCounts notes = new LogScanner.NoteCounts(0, 0, 0, 0);
      for (Part p : parts) {
        total.merge(p.summary, offset);
        notes = notes.then(p.scanner.noteCounts(), offset);
        offset += p.scanner.lines();
      }
      return new InputResult(in.name(), offset, null, notes.notes(in.name(), 0));
    }
  }

  /** Ranges smaller than this are not split further: a range has a summary of its own, and a cold cache. */
  static final long MIN_TAKEN_BYTES = 8L << 20;
  private long minTakenBytes = MIN_TAKEN_BYTES;
  private final java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();

  /** Lets ranges as small as {@code bytes} be taken over: for tests, which read small files in many ranges. */
  LogAnalysis minTakenBytes(long bytes) {
    this.minTakenBytes = bytes;
    return this;
  }

  /** How many times a worker took over the rest of another's range so far. */
  int rangesTaken() {
    return taken.get();
  }

  /** A range of a file, its scanner and its summary. */
  private record Part(LogScanner.RangeEnd range, LogScanner scanner, LogSummary summary) {
  }

  private Part part(LogInputs.Input in, LogScanner.RangeEnd range) {
    LogSummary summary = new LogSummary();
    LogScanner sc = new LogScanner(classifier, in.name(), this.range, summary, null);
    sc.setFilter(keep);
    sc.setProgress(progress);
    return new Part(range, sc, summary);
  }

  /** The second half of what is left of the range with the most left, as a new part; null when none has enough. */
  private Part takeRest(List<Part> parts, LogInputs.Input in) {
    synchronized (parts) {
      Part most = null;
      long mostRest = 0;
      for (Part p : parts) {
        long rest = p.range.rest();
        if (rest > mostRest) {
          most = p;
          mostRest = rest;
        }
      }
      LogScanner.RangeEnd rest = most == null ? null : most.range.takeRest(minTakenBytes);
      if (rest == null) {
        return null;
      }
      taken.incrementAndGet();
      Part p = part(in, rest);
      parts.add(p);
      return p;
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
