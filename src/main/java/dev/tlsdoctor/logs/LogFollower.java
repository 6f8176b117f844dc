package dev.tlsdoctor.logs;

import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Follows one growing log file like {@code tail -F}: reads what is appended, and when the file is rotated (renamed
 * and re-created) finishes the old file and continues with the new one from its start. Only complete lines are
 * processed; a partial last line waits for its newline. Only regular files are followed: something else put under
 * the name (a FIFO would block the reader) is passed over until a regular file is there again.
 *
 * <p>A file truncated in place ({@code copytruncate}, {@code > error.log}) keeps its identity and may have grown
 * past the old read position again by the next poll, so its size says nothing. The follower remembers the first
 * {@value #FINGERPRINT} bytes of the file and the {@value #FINGERPRINT} bytes before the read position, and checks
 * them after every read: when they changed, the file was truncated or rewritten, and it is read again from its start
 * (with a note, as lines written between the last read and the truncation are lost). A rewrite that repeats the old
 * bytes at both places is not seen; nginx's lines start with a timestamp, so real ones do not.
 */
public final class LogFollower implements AutoCloseable {
  /** Bytes remembered at the start of the file and before the read position. */
  static final int FINGERPRINT = 64;

  private final Path path;
  private final LogScanner scanner;
  private final byte[] buf = new byte[(1 << 20) + LogScanner.SLACK];
  private final byte[] head = new byte[FINGERPRINT];
  private final byte[] tail = new byte[FINGERPRINT];
  private final byte[] check = new byte[FINGERPRINT];
  private final List<String> notes = new ArrayList<>();
  private int headLength;
  private int tailLength;
  private int start;
  private int end;
  private FileChannel channel;
  private Object fileKey;
  private long position;
  private long linesCounted;

  /**
   * Starts following; {@code fromStart} reads the current content first, otherwise starts at the end. A path that
   * exists but is no regular file (a FIFO, a device: nothing to follow) is a {@link BoundedRead.Refused}.
   */
  public LogFollower(Path path, LogScanner scanner, boolean fromStart) throws IOException {
    this.path = path;
    this.scanner = scanner;
    if (Files.exists(path)) {
      BoundedRead.requireRegular(path);
      openCurrent();
      if (!fromStart) {
        long size = channel.size();
        skipTo(size);
        if (size <= MAX_COUNTED) {
          scanner.continueAfter(newlines(size)); // line numbers as in the file, not from where following started
        } else {
          notes.add(path + ": larger than " + (MAX_COUNTED >> 30) + " GiB; its line numbers count from where"
              + " following started");
        }
      }
    }
  }

  /** The file followed, as named. */
  public String name() {
    return path.toString();
  }

  /** Up to this size the lines skipped by a follower that starts at the end are counted, to number lines right. */
  static final long MAX_COUNTED = 1L << 30;

  /** The number of line ends in the first {@code size} bytes of the file. */
  private long newlines(long size) throws IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
    long count = 0;
    for (long at = 0; at < size; ) {
      b.clear();
      b.limit((int) Math.min(b.capacity(), size - at));
      int n = channel.read(b, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (b.get(i) == '\n') {
          count++;
        }
      }
      at += n;
    }
    return count;
  }

  private void openCurrent() throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.READ);
    fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    readFromStart();
  }

  private void readFromStart() {
    position = 0;
    start = 0;
    end = 0;
    headLength = 0;
    tailLength = 0;
  }

  /** Starts reading at {@code at}, remembering the fingerprint of what lies before it. */
  private void skipTo(long at) throws IOException {
    headLength = readAt(0, head, (int) Math.min(FINGERPRINT, at));
    tailLength = (int) Math.min(FINGERPRINT, at);
    tailLength = readAt(at - tailLength, tail, tailLength);
    position = at;
  }

  /** Reads whatever is new; returns the number of lines processed. Never blocks waiting for data. */
  public long poll(LogSummary summary) throws IOException {
    long before = scanner.lines();
    if (channel != null) {
      drain();
    }
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      now = null; // between rename and re-creation
    }
    if (now != null && now.isRegularFile() && (channel == null || !Objects.equals(now.fileKey(), fileKey))) {
      if (channel != null) {
        scanner.finish(buf, start, end); // the old file's last line, if it has no newline
        channel.close();
      }
      openCurrent();
      scanner.restartLineNumbers();
      drain();
    }
    scanner.flush();
    long n = scanner.lines() - before;
    summary.countLines(scanner.lines() - linesCounted);
    linesCounted = scanner.lines();
    return n;
  }

  /** The lines read from the file (all its files, across rotations) and counted in the summary so far. */
  public long linesRead() {
    return linesCounted;
  }

  /**
   * Notes gathered since the last call, each naming the file: a truncation or rewrite found, after which lines may
   * have been missed.
   */
  public List<String> takeNotes() {
    List<String> out = List.copyOf(notes);
    notes.clear();
    return out;
  }

  /**
   * Reads and processes the complete lines up to the current end of the file. Each read is kept only when the
   * fingerprints still hold after it, so that the bytes read belong to the file that was being read.
   */
  private void drain() throws IOException {
    while (true) {
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - LogScanner.SLACK - end), position);
      if (rewritten()) {
        restartAfterTruncation();
        continue;
      }
      if (n <= 0) {
        return;
      }
      remember(buf, end, n);
      position += n;
      end += n;
      start = scanner.feed(buf, start, end);
    }
  }

  /** Whether the first bytes of the file, or those before the read position, are no longer the ones read. */
  private boolean rewritten() throws IOException {
    return !holds(0, head, headLength) || !holds(position - tailLength, tail, tailLength);
  }

  private boolean holds(long at, byte[] expected, int length) throws IOException {
    return readAt(at, check, length) == length && Arrays.equals(check, 0, length, expected, 0, length);
  }

  /** The file was truncated or rewritten under the read position: its old last line ends, and it is read anew. */
  private void restartAfterTruncation() {
    notes.add(path + ": truncated or rewritten after byte " + position + "; read again from its start (lines"
        + " written between the last read and the truncation were missed, if any)");
    scanner.finish(buf, start, end);
    scanner.restartLineNumbers();
    readFromStart();
  }

  /** Adds {@code buf[from, from + n)}, just read at {@link #position}, to the fingerprints. */
  private void remember(byte[] src, int from, int n) {
    if (headLength < FINGERPRINT) {
      int add = Math.min(n, FINGERPRINT - headLength);
      System.arraycopy(src, from, head, headLength, add);
      headLength += add;
    }
    int keep = Math.min(tailLength, FINGERPRINT - Math.min(n, FINGERPRINT));
    System.arraycopy(tail, tailLength - keep, tail, 0, keep);
    int add = Math.min(n, FINGERPRINT);
    System.arraycopy(src, from + n - add, tail, keep, add);
    tailLength = keep + add;
  }

  /** Reads up to {@code length} bytes at {@code at} into {@code into}; returns how many there were. */
  private int readAt(long at, byte[] into, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(into, 0, length);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) <= 0) {
        break;
      }
    }
    return b.position();
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
