package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tlsdoctor.testing.SpecialFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files scan reads before it connects anywhere: devices, FIFOs and huge files are refused by name. */
class ScanInputFilesTest {
  @TempDir
  Path tmp;

  @Test
  void targetsFileDeviceFifoOrHuge_usageErrorNamingIt() throws Exception {
    Path fifo = SpecialFiles.fifo(tmp.resolve("targets.pipe"));
    Path huge = SpecialFiles.sparse(tmp.resolve("targets.txt"), (16L << 20) + 1);
    Cli.Result zero = Cli.run("scan", "--targets-file", "/dev/zero");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).startsWith("--targets-file: cannot read '/dev/zero': a character device, not a regular"
        + " file\n");
    Cli.Result pipe = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> Cli.run("scan", "--targets-file", fifo.toString()));
    assertThat(pipe.err()).startsWith("--targets-file: cannot read '" + fifo + "': a FIFO, not a regular file\n");
    assertThat(Cli.run("scan", "--targets-file", huge.toString()).err()).startsWith("--targets-file: cannot read '"
        + huge + "': larger than 16 MiB, the limit for a targets file\n");
  }

  @Test
  void caFileDevice_usageErrorNamingIt() {
    Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> Cli.run("scan", "--ca-file", "/dev/zero", "127.0.0.1:1"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("--ca-file: cannot read '/dev/zero': a character device, not a regular file\n");
  }
}
