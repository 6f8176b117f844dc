package dev.tlsdoctor.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tlsdoctor.testing.SpecialFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedReadTest {
  static final BoundedRead.Limit HUNDRED = new BoundedRead.Limit(100, "a test file");

  @TempDir
  Path dir;

  @Test
  void limits_documentedValues() {
    assertThat(BoundedRead.Limit.CONFIG.bytes()).isEqualTo(16 << 20);
    assertThat(BoundedRead.Limit.DUMP.bytes()).isEqualTo(64 << 20);
    assertThat(BoundedRead.Limit.PEM.bytes()).isEqualTo(1 << 20);
    assertThat(BoundedRead.Limit.CA_BUNDLE.bytes()).isEqualTo(4 << 20);
    assertThat(BoundedRead.Limit.CONFIG.exceeded()).isEqualTo("larger than 16 MiB, the limit for a configuration file");
    assertThat(BoundedRead.size(512 * 1024)).isEqualTo("512 KiB");
    assertThat(BoundedRead.size(100)).isEqualTo("100 bytes");
  }

  @Test
  void file_regularAtTheLimit_read() throws IOException {
    Path f = Files.write(dir.resolve("ok"), new byte[100]);
    assertThat(BoundedRead.file(f, HUNDRED)).hasSize(100);
  }

  @Test
  void file_oneByteOverTheLimit_refusedNamingFileAndLimit() throws IOException {
    Path f = Files.write(dir.resolve("big"), new byte[101]);
    assertThatThrownBy(() -> BoundedRead.file(f, HUNDRED))
        .isInstanceOf(BoundedRead.Refused.class)
        .hasMessage("\"" + f + "\" is larger than 100 bytes, the limit for a test file")
        .extracting(e -> ((BoundedRead.Refused) e).reason())
        .isEqualTo("larger than 100 bytes, the limit for a test file");
  }

  @Test
  void file_sparseFileOverTheLimit_refusedBeforeReading() throws IOException {
    Path f = SpecialFiles.sparse(dir.resolve("huge.conf"), 3L << 30); // the size alone refuses it
    assertThatThrownBy(() -> BoundedRead.file(f, BoundedRead.Limit.CONFIG))
        .hasMessage("\"" + f + "\" is larger than 16 MiB, the limit for a configuration file");
  }

  @Test
  void file_devZero_refusedAsCharacterDevice() {
    assertThatThrownBy(() -> BoundedRead.file(Path.of("/dev/zero"), BoundedRead.Limit.PEM))
        .isInstanceOf(BoundedRead.Refused.class)
        .hasMessage("\"/dev/zero\" is a character device, not a regular file");
  }

  @Test
  void file_fifo_refusedWithoutOpeningIt() throws Exception {
    Path f = SpecialFiles.fifo(dir.resolve("pipe"));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> BoundedRead.file(f, HUNDRED))
            .hasMessage("\"" + f + "\" is a FIFO, not a regular file"));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> BoundedRead.head(f, 10))
            .hasMessage("\"" + f + "\" is a FIFO, not a regular file"));
  }

  @Test
  void file_directoryAndMissing_named() {
    assertThatThrownBy(() -> BoundedRead.file(dir, HUNDRED))
        .hasMessage("\"" + dir + "\" is a directory, not a regular file");
    assertThatThrownBy(() -> BoundedRead.file(dir.resolve("gone"), HUNDRED))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void file_symbolicLinks_followed() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "abc");
    Path good = Files.createSymbolicLink(dir.resolve("good"), target);
    Path bad = Files.createSymbolicLink(dir.resolve("bad"), Path.of("/dev/zero"));
    assertThat(BoundedRead.file(good, HUNDRED)).containsExactly('a', 'b', 'c');
    assertThatThrownBy(() -> BoundedRead.file(bad, HUNDRED))
        .hasMessage("\"" + bad + "\" is a character device, not a regular file");
  }

  @Test
  void stream_endlessInput_refusedAfterLimitPlusOneBytes() {
    InputStream zeros = new InputStream() {
      long read;

      @Override
      public int read() {
        read++;
        return 0;
      }
    };
    assertThatThrownBy(() -> BoundedRead.stream(zeros, "standard input", HUNDRED))
        .hasMessage("standard input is larger than 100 bytes, the limit for a test file");
  }

  @Test
  void stream_withinLimit_allBytes() throws IOException {
    assertThat(BoundedRead.stream(new ByteArrayInputStream(new byte[100]), "x", HUNDRED)).hasSize(100);
  }

  @Test
  void head_firstBytesOnly() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "0123456789");
    assertThat(new String(BoundedRead.head(f, 4))).isEqualTo("0123");
    assertThat(new String(BoundedRead.head(f, 40))).isEqualTo("0123456789");
  }

  @Test
  void reason_fewWordsPerFailure() {
    assertThat(BoundedRead.reason(new NoSuchFileException("/x"))).isEqualTo("no such file");
    assertThat(BoundedRead.reason(new java.nio.file.AccessDeniedException("/x"))).isEqualTo("permission denied");
    assertThat(BoundedRead.reason(new IOException("Input/output error"))).isEqualTo("Input/output error");
  }
}
