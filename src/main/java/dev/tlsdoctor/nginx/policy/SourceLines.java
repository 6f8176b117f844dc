package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The text of the configuration files by line, for the {@code -} side of a fix: from the disk or an nginx -T dump.
 * Each file is kept as its bytes (a dump's files share the dump's) with the offsets of its lines; a line is decoded
 * (UTF-8, malformed bytes as U+FFFD) when it is asked for, so that a large configuration is held once, not once more
 * as a string per line. Decoding a line on its own gives what decoding the whole text and splitting it at LF gives.
 */
public final class SourceLines {
  private static final String DUMP_HEADER = "# configuration file ";
  private final Map<String, Text> files = new java.util.concurrent.ConcurrentHashMap<>(); // read by the checks' threads
  private final boolean disk;

  /**
   * The lines of one file: line {@code i} is {@code all[start[i], end[i])}, without its LF; consecutive lines of a
   * file are consecutive lines of {@code all}, one LF apart.
   */
  private record Text(byte[] all, int[] start, int[] end, int count) {
    static final Text NONE = new Text(new byte[0], new int[0], new int[0], 0);

    String line(int i) {
      return new String(all, start[i], end[i] - start[i], StandardCharsets.UTF_8);
    }

    /** The lines joined by LF: the file's text. */
    String text() {
      return count == 0 ? "" : new String(all, start[0], end[count - 1] - start[0], StandardCharsets.UTF_8);
    }
  }

  /** A growing {@link Text} of lines of {@code all}. */
  private static final class TextBuilder {
    private final byte[] all;
    private int[] start = new int[16];
    private int[] end = new int[16];
    private int count;

    TextBuilder(byte[] all) {
      this.all = all;
    }

    void add(int from, int to) {
      if (count == start.length) {
        start = Arrays.copyOf(start, count * 2);
        end = Arrays.copyOf(end, count * 2);
      }
      start[count] = from;
      end[count++] = to;
    }

    Text build() {
      return new Text(all, Arrays.copyOf(start, count), Arrays.copyOf(end, count), count);
    }
  }

  private SourceLines(boolean disk) {
    this.disk = disk;
  }

  /** Lines read from the files themselves, when asked for. */
  public static SourceLines fromDisk() {
    return new SourceLines(true);
  }

  /**
   * Lines of the files in the output of {@code nginx -T} ({@code # configuration file PATH:} then the file). The
   * bytes are kept, not copied: they must not change afterwards.
   */
  public static SourceLines fromDump(byte[] dump) {
    SourceLines s = new SourceLines(false);
    Map<String, TextBuilder> building = new java.util.LinkedHashMap<>();
    TextBuilder lines = null;
    // the lines of the text split at LF, each given to the file whose header came last (a repeated header's lines to
    // none: the first section of a name is the file)
    for (int from = 0; ; ) {
      int lf = indexOf(dump, from);
      int to = lf < 0 ? dump.length : lf;
      if (isHeader(dump, from, to)) {
        String file = new String(dump, from + HEADER.length, to - 1 - from - HEADER.length, StandardCharsets.UTF_8);
        lines = new TextBuilder(dump);
        building.putIfAbsent(file, lines);
      } else if (lines != null) {
        lines.add(from, to);
      }
      if (lf < 0) {
        break;
      }
      from = lf + 1;
    }
    building.forEach((f, b) -> s.files.put(f, b.build()));
    return s;
  }

  /**
   * The lines of named files as {@link #fromDump} gives them for these files printed as an nginx -T dump, in this
   * order: a file's text that ends with LF has no empty line after it, except the last file's (the bytes are kept,
   * not copied: they must not change afterwards).
   */
  public static SourceLines of(Map<String, byte[]> texts) {
    SourceLines s = new SourceLines(false);
    String last = null;
    for (String f : texts.keySet()) {
      last = f;
    }
    s.last = last;
    texts.forEach((f, b) -> s.files.put(f, split(b, f.equals(s.last))));
    return s;
  }

  /** These lines (made by {@link #of}) with those of {@code file} replaced by {@code bytes}'s; the others shared. */
  public SourceLines with(String file, byte[] bytes) {
    SourceLines s = new SourceLines(disk);
    s.last = last;
    s.files.putAll(files);
    s.files.put(file, split(bytes, file.equals(last)));
    return s;
  }

  /** The last file of {@link #of}. */
  private String last;

  /** The lines of {@code all} split at LF, the last one after the last LF ({@code tail}) or only if not empty. */
  private static Text split(byte[] all, boolean tail) {
    TextBuilder b = new TextBuilder(all);
    for (int from = 0; ; ) {
      int lf = indexOf(all, from);
      if (lf >= 0 || tail || from < all.length) {
        b.add(from, lf < 0 ? all.length : lf);
      }
      if (lf < 0) {
        break;
      }
      from = lf + 1;
    }
    return b.build();
  }

  private static final byte[] HEADER = DUMP_HEADER.getBytes(StandardCharsets.US_ASCII);

  /** Whether {@code [from, to)} reads {@code # configuration file NAME:}. */
  private static boolean isHeader(byte[] b, int from, int to) {
    return to - from > HEADER.length && b[to - 1] == ':'
        && Arrays.equals(b, from, from + HEADER.length, HEADER, 0, HEADER.length);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Line {@code line} (1-based) of {@code file}, without its end. */
  public Optional<String> line(String file, int line) {
    Text t = files.computeIfAbsent(file, this::read);
    return line >= 1 && line <= t.count() ? Optional.of(t.line(line - 1)) : Optional.empty();
  }

  /** Every line of {@code file} (empty when its text is unknown). */
  public List<String> lines(String file) {
    Text t = files.computeIfAbsent(file, this::read);
    return new Lines(t);
  }

  /** The text of {@code file}: its lines joined by LF; null when its text is unknown (it has no line). */
  public String text(String file) {
    Text t = files.computeIfAbsent(file, this::read);
    return t.count() == 0 ? null : t.text();
  }

  /** Whether {@code bytes} are those of {@code file}'s text as read (its lines joined by LF). */
  public boolean sameBytes(String file, byte[] bytes) {
    Text t = files.computeIfAbsent(file, this::read);
    if (t.count() == 0) {
      return bytes.length == 0;
    }
    int from = t.start()[0];
    int to = t.end()[t.count() - 1];
    return Arrays.equals(t.all(), from, to, bytes, 0, bytes.length);
  }

  /** How many bytes of configuration text this holds (a dump's whole text, or the files read so far). */
  public long size() {
    java.util.Set<byte[]> counted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    long n = 0;
    for (Text t : files.values()) {
      if (counted.add(t.all())) {
        n += t.all().length;
      }
    }
    return n;
  }

  /** The lines of a {@link Text}, each made when asked for. */
  private static final class Lines extends AbstractList<String> implements RandomAccess {
    private final Text text;

    Lines(Text text) {
      this.text = text;
    }

    @Override
    public String get(int index) {
      if (index < 0 || index >= text.count()) {
        throw new IndexOutOfBoundsException(index);
      }
      return text.line(index);
    }

    @Override
    public int size() {
      return text.count();
    }
  }

  private Text read(String file) {
    if (!disk) {
      return Text.NONE;
    }
    try {
      return split(BoundedRead.file(Path.of(file), BoundedRead.Limit.CONFIG), true);
    } catch (IOException | RuntimeException e) {
      return Text.NONE;
    }
  }
}
