package dev.tlsdoctor.logs;

import dev.tlsdoctor.util.Fnmatch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Turns the user's arguments into the inputs to read, in time order: {@code -} is standard input; a glob the shell
 * did not expand is expanded here; rotated sets ({@code error.log.2.gz error.log.1 error.log}, or logrotate's
 * {@code error.log-20261120.gz}) are read oldest first.
 */
public final class LogInputs {
  private LogInputs() {
  }

  /**
   * One thing to read: a file or standard input; {@code end} is where reading a plain file stops (its size when
   * {@link #upToNow()} was called), -1 for to its end.
   */
  public record Input(String name, Path path, long end) {
    public Input(String name, Path path) {
      this(name, path, -1);
    }

    public boolean isStdin() {
      return path == null;
    }

    /**
     * This input as it is now: a plain file is read up to its present size, not into the lines written after this
     * call (a diagnosis that scans a server does not read its own probes back from that server's log).
     */
    public Input upToNow() {
      try {
        return isStdin() || !isPlainFile(this) ? this : new Input(name, path, Files.size(path));
      } catch (IOException e) {
        return this; // reading it will say what is wrong
      }
    }
  }

  /** An argument that names nothing readable. */
  public record Problem(String argument, String message) {
  }

  /** The inputs and the problems found while resolving them. */
  public record Resolved(List<Input> inputs, List<Problem> problems) {
    /** These inputs as they are now ({@link Input#upToNow()}). */
    public Resolved upToNow() {
      return new Resolved(inputs.stream().map(Input::upToNow).toList(), problems);
    }
  }

  public static Resolved resolve(List<String> args) {
    Set<Path> files = new LinkedHashSet<>();
    List<Input> inputs = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<Path> batch = new ArrayList<>();
    for (String a : args) {
      if (a.equals("-")) {
        flush(batch, files, inputs);
        inputs.add(new Input("-", null));
        continue;
      }
      Path p = Path.of(a);
      if (Files.exists(p)) {
        if (Files.isDirectory(p)) {
          problems.add(new Problem(a, "is a directory; give the log files in it, e.g. " + p.resolve("error.log*")));
        } else {
          batch.add(p);
        }
      } else if (isGlob(a)) {
        List<Path> matched = glob(a);
        if (matched.isEmpty()) {
          problems.add(new Problem(a, "no file matches this pattern"));
        }
        batch.addAll(matched);
      } else {
        problems.add(new Problem(a, "no such file"));
      }
    }
    flush(batch, files, inputs);
    return new Resolved(inputs, problems);
  }

  private static void flush(List<Path> batch, Set<Path> seen, List<Input> inputs) {
    List<Path> sorted = new ArrayList<>(batch);
    if (sorted.size() > 1) {
      sorted.sort(Rotation.ORDER);
    }
    for (Path p : sorted) {
      if (seen.add(p.toAbsolutePath().normalize())) {
        inputs.add(new Input(p.toString(), p));
      }
    }
    batch.clear();
  }

  /**
   * Whether an argument is a pattern to expand: it has a wildcard as the shell reads one ({@link Fnmatch}). A
   * {@code [} without its {@code ]}, as in {@code error[.log}, is an ordinary character: such a name is a file.
   */
  public static boolean isGlob(String a) {
    return Fnmatch.hasWildcard(a);
  }

  /** The regular files in the pattern's directory whose names match its last component, as the shell matches. */
  private static List<Path> glob(String pattern) {
    Path p = Path.of(pattern);
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    String name = p.getFileName().toString();
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        if (Fnmatch.matches(name, f.getFileName().toString()) && Files.isRegularFile(f)) {
          out.add(p.getParent() == null ? f.getFileName() : f);
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /**
   * Oldest first within a rotated set: dated files by date, then numbered files from the highest number, then the
   * live file. Different sets keep their name order.
   */
  private static final class Rotation { // apart: set up when a list of files is sorted, not on every start
    static final Pattern ROTATED = Pattern.compile("(.*?)(?:\\.(\\d{1,4})|-(\\d{8,10}))?(\\.gz)?");
    static final Comparator<Path> ORDER = Comparator.comparing(Path::toString, LogInputs::rotationOrder);
  }

  /**
   * The order of {@code logs} for file names (paths or URIs) of any file system: oldest first within a rotated set
   * (see {@link Rotation#ORDER}).
   */
  public static int rotationOrder(String a, String b) {
    Matcher ma = Rotation.ROTATED.matcher(a);
    Matcher mb = Rotation.ROTATED.matcher(b);
    ma.matches();
    mb.matches();
    int c = ma.group(1).compareTo(mb.group(1));
    if (c != 0) {
      return c;
    }
    return Long.compare(age(mb), age(ma));
  }

  /** Larger is older. */
  private static long age(Matcher m) {
    if (m.group(2) != null) {
      return 1_000_000_000_000L + Long.parseLong(m.group(2));
    }
    if (m.group(3) != null) {
      return 100_000_000_000L - Long.parseLong(m.group(3).substring(0, 8));
    }
    return 0;
  }

  /** Opens an input for reading; gzip is recognised by its magic bytes, whatever the file is called. */
  public static InputStream open(Input input) throws IOException {
    if (input.isStdin()) {
      return decompressed(System.in);
    }
    InputStream raw = Files.newInputStream(input.path());
    return decompressed(input.end() < 0 ? raw : new Bounded(raw, input.end()));
  }

  /** The first {@code left} bytes of a stream. */
  private static final class Bounded extends java.io.FilterInputStream {
    private long left;

    Bounded(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, left));
      left -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** The bytes of a stream, uncompressed when they are gzip data (recognised by the magic bytes). */
  public static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  /** True for a regular, uncompressed file, which can be read in parallel ranges. */
  public static boolean isPlainFile(Input input) throws IOException {
    if (input.isStdin() || !Files.isRegularFile(input.path())) {
      return false;
    }
    try (InputStream in = Files.newInputStream(input.path())) {
      return !(in.read() == 0x1f && in.read() == 0x8b);
    }
  }
}
