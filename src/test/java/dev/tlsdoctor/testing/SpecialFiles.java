package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Files that break naive readers, for the tests of bounded reading: FIFOs and huge sparse files. */
public final class SpecialFiles {
  private SpecialFiles() {
  }

  /** Makes a FIFO (named pipe) at {@code at} with {@code mkfifo}; opening it to read blocks until a writer comes. */
  public static Path fifo(Path at) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("mkfifo " + at + " failed");
    }
    return at;
  }

  /** Makes a file of {@code size} zero bytes at {@code at} that takes no disk space (a hole). */
  public static Path sparse(Path at, long size) throws IOException {
    try (RandomAccessFile r = new RandomAccessFile(at.toFile(), "rw")) {
      r.setLength(size);
    }
    return at;
  }
}
