package dev.tlsdoctor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real programs and raw sockets the integration tests drive: {@code nginx}, {@code openssl}, {@code curl}, each
 * run with a time limit, and plain TCP on loopback. Everything here talks to 127.0.0.1 only.
 */
public final class Tools {
  /** Every network target of the tests. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The script that installs what the tests need. */
  public static final String INSTALL_HINT =
      "run scripts/test, which installs nginx, openssl and curl when they are missing";

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private Tools() {
  }

  /** The result of a program run. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** stdout and stderr together, for assertion messages. */
    public String output() {
      return stdout + stderr;
    }
  }

  /**
   * The path of a required program: on PATH or in /usr/sbin, /usr/bin, /usr/local/sbin, /usr/local/bin. Fails (never
   * skips) when it is missing, saying how to install it.
   */
  public static Path require(String program) {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(":")) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin")) {
      dirs.add(Path.of(d));
    }
    for (Path d : dirs) {
      Path p = d.resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError("'" + program + "' is needed by the integration tests but was not found on PATH or in"
        + " /usr/sbin, /usr/bin: " + INSTALL_HINT);
  }

  /** Runs a program with no standard input and the default time limit. */
  public static Result run(List<String> command) {
    return run(command, new byte[0], DEFAULT_TIMEOUT);
  }

  /**
   * Runs a program, feeding it {@code stdin} and then closing its standard input. A program still running after
   * {@code timeout} is killed (with its children) and the run fails.
   */
  public static Result run(List<String> command, byte[] stdin, Duration timeout) {
    return run(command, stdin, timeout, null);
  }

  /** {@link #run(List, byte[], Duration)} in the working directory {@code workDir} (null: the current one). */
  public static Result run(List<String> command, byte[] stdin, Duration timeout, Path workDir) {
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // the program may exit before reading its input (s_client on a failed handshake): not an error here
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(command + " still running after " + timeout + "; killed");
      }
      return new Result(List.copyOf(command), p.exitValue(),
          new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8),
          new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted while running " + command, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot read the output of " + command, e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /**
   * {@code openssl s_client -connect 127.0.0.1:PORT ARGS...} with {@code stdin} as what it sends after the
   * handshake (an empty input makes it close right after the handshake).
   */
  public static Result opensslClient(int port, String stdin, String... args) {
    List<String> cmd = new ArrayList<>(List.of(require("openssl").toString(), "s_client", "-connect",
        LOOPBACK + ":" + port));
    cmd.addAll(List.of(args));
    return run(cmd, stdin.getBytes(StandardCharsets.UTF_8), DEFAULT_TIMEOUT);
  }

  /** {@code openssl ARGS...} run in {@code workDir}, failing when it exits non-zero. */
  public static Result openssl(Path workDir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(require("openssl").toString());
    cmd.addAll(List.of(args));
    Result r = run(cmd, new byte[0], DEFAULT_TIMEOUT, workDir);
    if (r.exitCode() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed (exit " + r.exitCode() + "):\n" + r.output());
    }
    return r;
  }

  /**
   * {@code curl -sS --max-time 5 ARGS... URL}; the URL must be on 127.0.0.1. Prints the HTTP status on stdout
   * ({@code -w %{http_code}}; {@code 000} when no response came) and discards the body.
   */
  public static Result curl(String url, String... args) {
    if (!url.startsWith("http://" + LOOPBACK + ":") && !url.startsWith("https://" + LOOPBACK + ":")) {
      throw new IllegalArgumentException("tests only talk to " + LOOPBACK + ": " + url);
    }
    return curlUrl(url, List.of(args));
  }

  /**
   * curl to {@code https://NAME:PORT/} with {@code --resolve NAME:PORT:127.0.0.1}, so that curl sends NAME as SNI and
   * Host while connecting to loopback. Prints the HTTP status like {@link #curl}.
   */
  public static Result curlAs(String name, int port, String... args) {
    List<String> all = new ArrayList<>(List.of("--resolve", name + ":" + port + ":" + LOOPBACK));
    all.addAll(List.of(args));
    return curlUrl("https://" + name + ":" + port + "/", all);
  }

  private static Result curlUrl(String url, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(require("curl").toString(), "-sS", "--max-time", "5", "-o",
        "/dev/null", "-w", "%{http_code}"));
    cmd.addAll(args);
    cmd.add(url);
    return run(cmd, new byte[0], DEFAULT_TIMEOUT);
  }

  /** How a raw connection ends. */
  public enum Close {
    /** Half-close, read everything the server sends until it closes, then close: no reset, no unread data. */
    GRACEFUL,
    /** Close at once without reading: a FIN (or an RST if the server's data is still unread). */
    FIN,
    /** SO_LINGER 0: the kernel sends an RST. */
    RESET
  }

  /**
   * Connects to 127.0.0.1:PORT, sends {@code bytes}, waits {@code pause}, and ends the connection as told.
   * Returns what the server sent (for {@link Close#GRACEFUL}; empty otherwise).
   */
  public static byte[] raw(int port, byte[] bytes, Duration pause, Close close) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      if (!pause.isZero()) {
        Thread.sleep(pause.toMillis());
      }
      switch (close) {
        case GRACEFUL -> {
          s.shutdownOutput();
          ByteArrayOutputStream got = new ByteArrayOutputStream();
          s.getInputStream().transferTo(got);
          return got.toByteArray();
        }
        case RESET -> s.setSoLinger(true, 0);
        case FIN -> { }
        default -> throw new IllegalStateException();
      }
      return new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException("raw connection to " + LOOPBACK + ":" + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Sends a request line and headers over plain HTTP/1.0 and reads the whole response. */
  public static String httpGet(int port, String path) {
    byte[] req = ("GET " + path + " HTTP/1.0\r\nHost: " + LOOPBACK + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    return new String(raw(port, req, Duration.ZERO, Close.GRACEFUL), StandardCharsets.ISO_8859_1);
  }

  /**
   * Ports that are free on 127.0.0.1 now, for servers the test starts next. They come from below the kernel's
   * ephemeral range (32768 and up on Linux), so that no outgoing connection of this or another test can take one
   * between this call and the server's bind(), and no port is handed out twice in one test run.
   */
  public static synchronized int[] freePorts(int count) {
    int[] ports = new int[count];
    int found = 0;
    for (int attempt = 0; found < count && attempt < 10_000; attempt++) {
      int candidate = 20_000 + RANDOM.nextInt(12_000);
      if (HANDED_OUT.contains(candidate)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), candidate));
      } catch (IOException e) {
        continue; // in use
      }
      HANDED_OUT.add(candidate);
      ports[found++] = candidate;
    }
    if (found < count) {
      throw new IllegalStateException("cannot find " + count + " free loopback ports in 20000-31999");
    }
    return ports;
  }

  private static final java.util.Random RANDOM = new java.util.Random();
  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /** True when something accepts TCP connections on 127.0.0.1:PORT. */
  public static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
