package dev.tlsdoctor.host;

import dev.tlsdoctor.nginx.policy.NginxVersion;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The nginx installed here: its version from {@code nginx -v} and its whole configuration from {@code nginx -T}, of
 * the first nginx on PATH or in the usual places.
 * The program is given {@link #TIMEOUT} to answer: one that does not (a wrapper waiting on something, a hung
 * binary) is killed with its children, and the answer says so.
 */
public final class LocalNginx {
  /** How long {@code nginx -v} may take; a real one answers in milliseconds. */
  public static final Duration TIMEOUT = Duration.ofSeconds(3);
  /** More output than a version line is not read. */
  private static final int MAX_OUTPUT = 4096;
  private static final List<String> USUAL = List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx",
      "/usr/local/nginx/sbin/nginx");

  /**
   * What {@code nginx -v} said: the version, if one was read, and a note when a program was found but gave none
   * (null when there is none, or when there is no nginx at all).
   */
  public record Answer(Optional<NginxVersion> version, String note) {
  }

  private LocalNginx() {
  }

  /** Asks the first nginx found on {@code path} (a PATH value) or in the usual places. */
  public static Answer first(String path, Duration timeout) {
    for (String exe : candidates(path)) {
      if (isExecutableFile(exe)) {
        return ask(exe, timeout);
      }
    }
    return new Answer(Optional.empty(), null);
  }

  /** {@code DIR/nginx} for every directory of {@code path}, then the usual places. */
  public static List<String> candidates(String path) {
    List<String> out = new ArrayList<>();
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        out.add(dir + "/nginx");
      }
    }
    out.addAll(USUAL);
    return out;
  }

  private static boolean isExecutableFile(String exe) {
    try {
      Path p = Path.of(exe);
      return Files.isRegularFile(p) && Files.isExecutable(p);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Runs {@code exe -v}, reading its output on another thread so that a silent program cannot stall the wait. */
  public static Answer ask(String exe, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Process p;
    try {
      p = new ProcessBuilder(exe, "-v").redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      return new Answer(Optional.empty(), "'" + exe + " -v' could not be run (" + e.getMessage() + ")");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = Thread.ofPlatform().daemon().name("nginx-v-reader").start(() -> copy(p.getInputStream(), output));
    try {
      if (!p.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        kill(p);
        return new Answer(Optional.empty(), "'" + exe + " -v' did not answer within " + timeout.toSeconds()
            + " s and was stopped");
      }
      reader.join(Duration.ofNanos(Math.max(remaining(deadline), 1))); // children may hold the pipe open
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      return new Answer(Optional.empty(), "'" + exe + " -v' was interrupted");
    }
    return parse(exe, snapshot(output));
  }

  /** The version in the output; the output itself is not repeated (it may hold terminal escapes). */
  private static Answer parse(String exe, String output) {
    try {
      Optional<NginxVersion> v = NginxVersion.fromVersionOutput(output);
      if (v.isPresent()) {
        return new Answer(v, null);
      }
    } catch (IllegalArgumentException e) {
      // a number too large for a version: no version either
    }
    return new Answer(Optional.empty(), "'" + exe + " -v' printed no nginx version");
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /** Stops the program and whatever it started. */
  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** Copies up to {@link #MAX_OUTPUT} bytes, then discards the rest until the end. */
  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] b = new byte[1024];
    try (in) {
      int n;
      while ((n = in.read(b)) >= 0) {
        synchronized (out) {
          out.write(b, 0, Math.max(0, Math.min(n, MAX_OUTPUT - out.size())));
        }
      }
    } catch (IOException e) {
      // the pipe closed as the program was stopped: what was read is kept
    }
  }

  private static String snapshot(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** How long {@code nginx -T} may take. */
  public static final Duration DUMP_TIMEOUT = Duration.ofSeconds(10);

  /** What {@code nginx -T} printed (null when it could not be had), and why not. */
  public record Dump(byte[] bytes, String exe, String note) {
  }

  /**
   * Runs {@code nginx -T} of the first nginx on {@code path} (or in the usual places): its standard output, within
   * {@code timeout} and {@link dev.tlsdoctor.util.BoundedRead.Limit#DUMP} bytes, the program and its children
   * killed when it does not finish.
   */
  public static Dump dump(String path, Duration timeout) {
    String exe = candidates(path).stream().filter(LocalNginx::isExecutableFile).findFirst().orElse(null);
    if (exe == null) {
      return new Dump(null, null, "no nginx on PATH");
    }
    Path out = null;
    try {
      out = Files.createTempFile("tlsdoctor-nginx-T-", ".txt");
      Process p = new ProcessBuilder(exe, "-T").redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill(p);
        return new Dump(null, exe, "'" + exe + " -T' did not finish within " + timeout.toSeconds()
            + " s and was stopped");
      }
      byte[] bytes = dev.tlsdoctor.util.BoundedRead.file(out, dev.tlsdoctor.util.BoundedRead.Limit.DUMP);
      if (p.exitValue() != 0 || bytes.length == 0) {
        return new Dump(null, exe, "'" + exe + " -T' failed (exit " + p.exitValue() + "); give --config");
      }
      return new Dump(bytes, exe, null);
    } catch (IOException e) {
      return new Dump(null, exe, "'" + exe + " -T' could not be run or read (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Dump(null, exe, "'" + exe + " -T' was interrupted");
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // a temporary file left behind is all it costs
        }
      }
    }
  }
}
