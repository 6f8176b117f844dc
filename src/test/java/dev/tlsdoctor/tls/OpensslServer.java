package dev.tlsdoctor.tls;

import dev.tlsdoctor.testing.Tools;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code openssl s_server -www} on 127.0.0.1 with the options a test gives, stopped (with SIGKILL if need be)
 * by {@link #close()}. Its output goes to {@code s_server.log} in the given directory, which start-up failures quote.
 */
final class OpensslServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private OpensslServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts s_server with {@code -cert}, {@code -key} and {@code options}; waits until it accepts connections. */
  static OpensslServer start(Path dir, Path cert, Path key, String... options) {
    int port = Tools.freePorts(1)[0];
    List<String> cmd = new ArrayList<>(List.of(Tools.require("openssl").toString(), "s_server", "-www",
        "-accept", Tools.LOOPBACK + ":" + port, "-cert", cert.toString(), "-key", key.toString()));
    cmd.addAll(List.of(options));
    Path log = dir.resolve("s_server-" + port + ".log");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
    OpensslServer server = new OpensslServer(p, port, log);
    server.awaitPort(cmd);
    return server;
  }

  int port() {
    return port;
  }

  private void awaitPort(List<String> cmd) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Tools.accepts(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new AssertionError("s_server did not start: " + String.join(" ", cmd) + "\n" + output());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
