package dev.tlsdoctor.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Follows one growing log file like {@code tail -F}: reads what is appended, and when the file is rotated (renamed
 * and re-created) or truncated, finishes the old file and continues with the new one from its start. Only complete
 * lines are processed; a partial last line waits for its newline.
 */
public final class LogFollower implements AutoCloseable {
  private final Path path;
  private final LogScanner scanner;
  private final byte[] buf = new byte[(1 << 20) + LogScanner.SLACK];
  private int start;
  private int end;
  private FileChannel channel;
  private Object fileKey;
  private long position;
  private long linesCounted;

  /** Starts following; {@code fromStart} reads the current content first, otherwise starts at the end. */
  public LogFollower(Path path, LogScanner scanner, boolean fromStart) throws IOException {
    this.path = path;
    this.scanner = scanner;
    if (Files.exists(path)) {
      openCurrent();
      if (!fromStart) {
        position = channel.size();
      }
    }
  }

  private void openCurrent() throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.READ);
    fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    position = 0;
    start = 0;
    end = 0;
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
    if (now != null) {
      boolean replaced = channel == null || !Objects.equals(now.fileKey(), fileKey);
      boolean truncated = !replaced && now.size() < position;
      if (replaced || truncated) {
        if (channel != null) {
          drain();
          scanner.finish(buf, start, end);
          channel.close();
        }
        openCurrent();
        scanner.restartLineNumbers();
        drain();
      }
    }
    scanner.flush();
    long n = scanner.lines() - before;
    summary.countLines(scanner.lines() - linesCounted);
    linesCounted = scanner.lines();
    return n;
  }

  private void drain() throws IOException {
    while (true) {
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - LogScanner.SLACK - end), position);
      if (n <= 0) {
        return;
      }
      position += n;
      end += n;
      start = scanner.feed(buf, start, end);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
