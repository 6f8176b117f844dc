package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JSSE TLS server for what nginx on OpenSSL 3.0 cannot serve: SSL 3.0, 3DES, RC4, anonymous and NULL suites. It
 * runs in a child JVM (the test's own java and class path, {@link JdkTlsServerMain}) started with
 * {@code -Djava.security.properties=FILE}, where FILE empties {@code jdk.tls.disabledAlgorithms} and
 * {@code jdk.tls.legacyAlgorithms}; the test JVM keeps its own security settings.
 *
 * <p>The server listens on 127.0.0.1 at a port from {@link Tools#freePorts}, handshakes each connection, answers
 * {@code HTTP/1.1 200 OK} and closes. {@link #close()} kills the child, and so does a shutdown hook of the test JVM;
 * the child also exits on its own when its standard input (a pipe from this JVM) ends.
 */
public final class JdkTlsServer implements AutoCloseable {
  private static final Duration START_DEADLINE = Duration.ofSeconds(30);
  private static final String SECURITY = "jdk.tls.disabledAlgorithms=\njdk.tls.legacyAlgorithms=\n";

  private final int port;
  private final Process child;
  private final Thread hook;
  private final Path stderr;

  private JdkTlsServer(int port, Process child, Path stderr) {
    this.port = port;
    this.child = child;
    this.stderr = stderr;
    this.hook = new Thread(child::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts a server presenting {@code cert} (chain and key as PEM files) with exactly {@code protocols} (JSSE names:
   * {@code SSLv3}, {@code TLSv1}, {@code TLSv1.2}...) and {@code suites} (JSSE names, in this order), choosing by its
   * own order when {@code serverOrder}. Its files go to {@code dir}. Returns once it listens; fails with the child's
   * standard error when it does not.
   */
  public static JdkTlsServer start(Path dir, TestCerts.Pair cert, List<String> protocols, List<String> suites,
                                   boolean serverOrder) {
    int port = Tools.freePorts(1)[0];
    String stem = "jdk-tls-" + port;
    Path security = dir.resolve(stem + ".security");
    Path stdout = dir.resolve(stem + ".out");
    Path stderr = dir.resolve(stem + ".err");
    Tools.openssl(dir, "pkcs12", "-export", "-in", cert.cert().toString(), "-inkey", cert.key().toString(),
        "-name", "server", "-out", stem + ".p12", "-passout", "pass:" + JdkTlsServerMain.PASSWORD);
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("no java command")),
        "-Djava.security.properties=" + security, "-cp", System.getProperty("java.class.path"),
        JdkTlsServerMain.class.getName(), String.valueOf(port), dir.resolve(stem + ".p12").toString(),
        String.join(",", protocols), String.join(",", suites), String.valueOf(serverOrder)));
    Process child;
    try {
      Files.writeString(security, SECURITY);
      child = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    JdkTlsServer server = new JdkTlsServer(port, child, stderr);
    try {
      server.awaitReady(stdout);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  public int port() {
    return port;
  }

  /** The child JVM, for tests of this class. */
  Process process() {
    return child;
  }

  private void awaitReady(Path stdout) {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (!read(stdout).contains(JdkTlsServerMain.READY)) {
      if (!child.isAlive()) {
        throw new AssertionError("the JDK TLS server exited (code " + child.exitValue() + ") at start-up; stderr:\n"
            + read(stderr));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the JDK TLS server was not ready within " + START_DEADLINE + "; stderr:\n"
            + read(stderr));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while the JDK TLS server started", e);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the child JVM and waits until it is gone. */
  @Override
  public void close() {
    child.destroy();
    try {
      if (!child.waitFor(5, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        child.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }
}
