package dev.tlsdoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.nginx.policy.NginxVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class LocalNginxTest {
  @TempDir
  Path dir;

  /** An executable {@code DIR/nginx} running {@code body} with /bin/sh. */
  static Path fakeNginx(Path dir, String body) throws IOException {
    Path exe = Files.writeString(Files.createDirectories(dir).resolve("nginx"), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    return exe;
  }

  /** A fake nginx that starts a 30 s sleep, writes its process id to {@code pidFile} and waits for it. */
  public static Path sleepingNginx(Path dir, Path pidFile) throws IOException {
    return fakeNginx(dir, "sleep 30 &\necho $! > " + pidFile + "\nwait");
  }

  @Test
  void ask_silentForThirtySeconds_stoppedWithItsChildrenAtTheTimeout() throws Exception {
    Path pid = dir.resolve("sleep.pid");
    Path exe = sleepingNginx(dir.resolve("bin"), pid);
    Duration timeout = Duration.ofSeconds(1);
    long start = System.nanoTime();
    LocalNginx.Answer a = LocalNginx.ask(exe.toString(), timeout);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(elapsed).isLessThanOrEqualTo(timeout.plusSeconds(5));
    assertThat(a).isEqualTo(new LocalNginx.Answer(Optional.empty(),
        "'" + exe + " -v' did not answer within 1 s and was stopped"));
    ProcessHandle sleeper = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElse(null);
    if (sleeper != null) {
      sleeper.onExit().get(5, TimeUnit.SECONDS); // killed: gone within the margin, not after its 30 s
    }
  }

  @Test
  void ask_versionOnStandardError_read() throws IOException {
    Path exe = fakeNginx(dir, "echo 'nginx version: nginx/1.26.2' >&2");
    assertThat(LocalNginx.ask(exe.toString(), Duration.ofSeconds(10)))
        .isEqualTo(new LocalNginx.Answer(Optional.of(NginxVersion.parse("1.26.2")), null));
  }

  @Test
  void ask_noVersionOrAnImpossibleOne_notedWithoutRepeatingTheOutput() throws IOException {
    Path garbage = fakeNginx(dir.resolve("a"), "printf 'hello \\033[2J'");
    assertThat(LocalNginx.ask(garbage.toString(), Duration.ofSeconds(10)))
        .isEqualTo(new LocalNginx.Answer(Optional.empty(), "'" + garbage + " -v' printed no nginx version"));
    Path huge = fakeNginx(dir.resolve("b"), "echo 'nginx version: nginx/99999999999.1'; exit 1");
    assertThat(LocalNginx.ask(huge.toString(), Duration.ofSeconds(10)))
        .isEqualTo(new LocalNginx.Answer(Optional.empty(), "'" + huge + " -v' printed no nginx version"));
  }

  @Test
  void ask_endlessOutput_readBoundedAndAnswered() throws IOException {
    Path exe = fakeNginx(dir, "echo 'nginx version: nginx/1.24.0'; exec cat /dev/zero");
    Duration timeout = Duration.ofSeconds(2);
    long start = System.nanoTime();
    LocalNginx.Answer a = LocalNginx.ask(exe.toString(), timeout);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(timeout.plusSeconds(5));
    assertThat(a).isEqualTo(new LocalNginx.Answer(Optional.empty(), "'" + exe + " -v' did not answer within 2 s"
        + " and was stopped"));
  }

  @Test
  void first_firstExecutableOnPath() throws IOException {
    Path notExecutable = Files.createDirectories(dir.resolve("x"));
    Files.writeString(notExecutable.resolve("nginx"), "#!/bin/sh\necho nginx/1.1.1\n");
    Path exe = fakeNginx(dir.resolve("y"), "echo 'nginx version: nginx/1.22.1' >&2");
    assertThat(LocalNginx.first(notExecutable + ":" + exe.getParent(), Duration.ofSeconds(10)).version())
        .contains(NginxVersion.parse("1.22.1"));
  }

  @Test
  void candidates_pathThenUsualPlaces() {
    assertThat(LocalNginx.candidates("/a::/b")).isEqualTo(List.of("/a/nginx", "/b/nginx", "/usr/sbin/nginx",
        "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"));
  }
}
