package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx under a temporary prefix, listening on loopback only, with {@code error_log <prefix>/error.log info}
 * and one worker process. Started by {@link #start}, stopped by {@link #close()} (use try-with-resources or an
 * {@code @AfterAll}), which also kills the workers if the master does not take them down.
 *
 * <p>The caller writes the {@code server} blocks of the {@code http} context; every {@code listen} must name
 * 127.0.0.1 and a port (e.g. from {@link Tools#freePorts}), and {@link #start} waits until each such port accepts.
 * An extra control server is added to mark the error log: see {@link #window()}.
 */
public final class NginxServer implements AutoCloseable {
  private static final Pattern LISTEN = Pattern.compile("\\blisten\\s+([^;\\s]+)");
  private static final Pattern LOOPBACK_LISTEN = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
  private static final Duration START_DEADLINE = Duration.ofSeconds(10);
  private static final Duration LOG_DEADLINE = Duration.ofSeconds(5);

  private final Path prefix;
  private final Path errorLog;
  private final int controlPort;
  private final Process master;
  private final AtomicInteger marks = new AtomicInteger();
  private int consumed;

  private NginxServer(Path prefix, int controlPort, Process master) {
    this.prefix = prefix;
    this.errorLog = prefix.resolve("error.log");
    this.controlPort = controlPort;
    this.master = master;
  }

  /**
   * Writes {@code <prefix>/nginx.conf} with {@code httpServers} inside its {@code http} block, starts nginx and waits
   * until every listen port accepts connections. {@code prefix} must exist and be empty.
   */
  public static NginxServer start(Path prefix, String httpServers) {
    return start(prefix, httpServers, "");
  }

  /**
   * As {@link #start(Path, String)}, with {@code topLevel} in the main context before {@code events}: a
   * {@code load_module} and a {@code stream {}} block ({@link #streamModule()}); its listen ports are awaited too.
   */
  public static NginxServer start(Path prefix, String httpServers, String topLevel) {
    Path nginx = Tools.require("nginx");
    Set<Integer> ports = listenPorts(httpServers + "\n" + topLevel);
    int control = Tools.freePorts(1)[0];
    while (ports.contains(control)) {
      control = Tools.freePorts(1)[0];
    }
    ports.add(control);
    Path conf = prefix.resolve("nginx.conf");
    try {
      Files.createDirectories(prefix.resolve("tmp"));
      Files.writeString(conf, config(prefix, control, httpServers, topLevel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process p;
    try {
      p = new ProcessBuilder(nginx.toString(), "-p", prefix + "/", "-c", conf.toString(),
          "-e", prefix.resolve("error.log").toString())
          .redirectErrorStream(true)
          .redirectOutput(prefix.resolve("nginx.out").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + nginx + ": " + Tools.INSTALL_HINT, e);
    }
    NginxServer server = new NginxServer(prefix, control, p);
    try {
      server.awaitPorts(ports);
      // The readiness probes were connections too: let nginx log their ends before the first window opens.
      server.window().close();
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static String config(Path prefix, int control, String httpServers, String topLevel) {
    String t = prefix.resolve("tmp").toString();
    return String.join("\n",
        isRoot() ? "user root;" : "# not root: workers keep this user",
        "worker_processes 1;",
        "daemon off;",
        "master_process on;",
        "pid " + prefix.resolve("nginx.pid") + ";",
        "lock_file " + prefix.resolve("nginx.lock") + ";",
        "error_log " + prefix.resolve("error.log") + " info;",
        topLevel,
        "events { worker_connections 256; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + t + "/client_body;",
        "  proxy_temp_path " + t + "/proxy;",
        "  fastcgi_temp_path " + t + "/fastcgi;",
        "  uwsgi_temp_path " + t + "/uwsgi;",
        "  scgi_temp_path " + t + "/scgi;",
        "  # control server: requests for missing files mark the error log",
        "  server { listen " + Tools.LOOPBACK + ":" + control + "; root " + prefix.resolve("html") + "; }",
        httpServers,
        "}",
        "");
  }

  /**
   * What the main context needs for a {@code stream {}} block: nothing when nginx has the stream module built in,
   * the {@code load_module} of Debian's {@code libnginx-mod-stream} when nginx has it as a dynamic module. Fails
   * (never skips) when the module is missing.
   */
  public static String streamModule() {
    Tools.Result v = Tools.run(List.of(Tools.require("nginx").toString(), "-V"));
    String build = v.output();
    if (build.contains("--with-stream ") || build.endsWith("--with-stream")
        || build.contains("--with-stream\n")) {
      return "";
    }
    Path so = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
    if (!Files.isRegularFile(so)) {
      throw new AssertionError("nginx has no stream module (" + so + " is missing): run scripts/test, which installs"
          + " libnginx-mod-stream, or apt-get install -y libnginx-mod-stream");
    }
    return "load_module " + so + ";";
  }

  /**
   * What the main context needs for a {@code mail {}} block: nothing when nginx has the mail module built in, the
   * {@code load_module} of Debian's {@code libnginx-mod-mail} when nginx has it as a dynamic module. Fails (never
   * skips) when the module is missing.
   */
  public static String mailModule() {
    Tools.Result v = Tools.run(List.of(Tools.require("nginx").toString(), "-V"));
    String build = v.output();
    if (build.contains("--with-mail ") || build.endsWith("--with-mail") || build.contains("--with-mail\n")) {
      return "";
    }
    Path so = Path.of("/usr/lib/nginx/modules/ngx_mail_module.so");
    if (!Files.isRegularFile(so)) {
      throw new AssertionError("nginx has no mail module (" + so + " is missing): run scripts/test, which installs"
          + " libnginx-mod-mail, or apt-get install -y libnginx-mod-mail");
    }
    return "load_module " + so + ";";
  }

  /** The ports of all listen directives, which must all be on 127.0.0.1. */
  static Set<Integer> listenPorts(String conf) {
    Set<Integer> ports = new LinkedHashSet<>();
    Matcher m = LISTEN.matcher(conf);
    while (m.find()) {
      Matcher l = LOOPBACK_LISTEN.matcher(m.group(1));
      if (!l.matches()) {
        throw new IllegalArgumentException("tests listen on 127.0.0.1:PORT only, not '" + m.group(1) + "'");
      }
      ports.add(Integer.parseInt(l.group(1)));
    }
    return ports;
  }

  private static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private void awaitPorts(Set<Integer> ports) {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    List<Integer> waiting = new ArrayList<>(ports);
    while (!waiting.isEmpty()) {
      if (!master.isAlive()) {
        throw new AssertionError("nginx exited (code " + master.exitValue() + ") at start-up:\n" + diagnostics());
      }
      waiting.removeIf(Tools::accepts);
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nginx did not listen on " + waiting + " within " + START_DEADLINE + ":\n"
            + diagnostics());
      }
      pause(20);
    }
  }

  private String diagnostics() {
    StringBuilder b = new StringBuilder();
    for (String f : List.of("nginx.out", "error.log")) {
      try {
        b.append("--- ").append(f).append('\n').append(Files.readString(prefix.resolve(f), StandardCharsets.UTF_8));
      } catch (IOException e) {
        b.append("--- ").append(f).append(": ").append(e.getMessage()).append('\n');
      }
    }
    b.append("--- nginx.conf\n");
    try {
      b.append(Files.readString(prefix.resolve("nginx.conf")));
    } catch (IOException e) {
      b.append(e.getMessage());
    }
    return b.toString();
  }

  public Path prefix() {
    return prefix;
  }

  public Path errorLog() {
    return errorLog;
  }

  /** The port of the control server (plain HTTP; every path is a 404 that nginx logs). */
  public int controlPort() {
    return controlPort;
  }

  /**
   * All error.log lines so far. Lines are split on LF and decoded as UTF-8 with malformed bytes replaced, as nginx
   * writes raw request bytes (a TLS ClientHello sent to a plain-HTTP port) into the log.
   */
  public List<String> lines() {
    return splitLines(readLog());
  }

  /** The error.log bytes so far. */
  public byte[] readLog() {
    try {
      return Files.readAllBytes(errorLog);
    } catch (NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a log into lines on LF (no trailing empty line), decoding each as UTF-8 with replacement. */
  public static List<String> splitLines(byte[] log) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < log.length; i++) {
      if (log[i] == '\n') {
        out.add(new String(log, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < log.length) {
      out.add(new String(log, start, log.length - start, StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * Waits until a line at index {@code from} or later matches, and returns it; fails after {@code timeout}.
   */
  public String awaitLine(int from, Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> all = lines();
      for (int i = from; i < all.size(); i++) {
        if (match.test(all.get(i))) {
          return all.get(i);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching error.log line within " + timeout + "; lines since " + from + ":\n"
            + String.join("\n", all.subList(Math.min(from, all.size()), all.size())));
      }
      pause(10);
    }
  }

  /**
   * Starts a window on the error log: {@link Window#close()} returns exactly the lines nginx wrote between this call
   * and then. Windows follow each other; a new one starts where the previous one was closed.
   */
  public synchronized Window window() {
    return new Window(consumed);
  }

  /**
   * Runs {@code provoke} in a {@link #window()} and returns the lines nginx wrote meanwhile. The window is closed
   * even when {@code provoke} fails (its lines then do not spill into the next window), and the failure is rethrown.
   */
  public List<String> linesDuring(Runnable provoke) {
    Window w = window();
    Throwable failure = null;
    try {
      provoke.run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    List<String> lines;
    try {
      lines = w.close();
    } catch (RuntimeException | Error e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        throw e;
      }
      lines = List.of();
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return lines;
  }

  /** The lines written during one scenario. */
  public final class Window {
    private final int start;

    private Window(int start) {
      this.start = start;
    }

    /** Index of the window's first line in {@link #lines()}. */
    public int start() {
      return start;
    }

    /**
     * Ends the window. Requests a missing file from the control server and waits for nginx to log it: nginx has
     * one worker, so everything caused before (a client's alert or close, a proxied handshake) has been logged by
     * then. Returns the lines before that marker.
     */
    public List<String> close() {
      String marker = "/__mark-" + marks.incrementAndGet();
      Tools.httpGet(controlPort, marker);
      String needle = marker + "\" failed";
      long deadline = System.nanoTime() + LOG_DEADLINE.toNanos();
      while (true) {
        List<String> all = lines();
        for (int i = start; i < all.size(); i++) {
          if (all.get(i).contains(needle)) {
            synchronized (NginxServer.this) {
              consumed = i + 1;
            }
            return List.copyOf(all.subList(start, i));
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("nginx did not log the marker " + marker + " within " + LOG_DEADLINE
              + "; lines since the window opened:\n" + String.join("\n", all.subList(start, all.size())));
        }
        pause(10);
      }
    }
  }

  /**
   * Rewrites {@code nginx.conf} with {@code httpServers} (no top-level part) and reloads nginx as an operator does
   * (SIGHUP to the master); returns once every old worker has exited, so that each new connection meets the new
   * configuration. Fails when nginx keeps its old workers (a configuration it refused: see error.log).
   */
  public void reload(String httpServers) {
    List<ProcessHandle> old = master.children().toList();
    try {
      Files.writeString(prefix.resolve("nginx.conf"), config(prefix, controlPort, httpServers, ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Tools.Result r = Tools.run(List.of("kill", "-HUP", String.valueOf(master.pid())));
    if (r.exitCode() != 0) {
      throw new AssertionError("kill -HUP " + master.pid() + ": " + r);
    }
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (old.stream().anyMatch(ProcessHandle::isAlive) || master.children().findAny().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nginx kept its old workers after the reload; error.log:\n"
            + String.join("\n", lines()));
      }
      pause(10);
    }
  }

  /** Stops nginx (SIGTERM, then SIGKILL for the master and its workers if it lingers). */
  @Override
  public void close() {
    List<ProcessHandle> children = master.descendants().toList();
    if (master.isAlive()) {
      master.destroy();
      try {
        if (!master.waitFor(5, TimeUnit.SECONDS)) {
          master.destroyForcibly();
          master.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        master.destroyForcibly();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle c : children) {
      while (c.isAlive() && System.nanoTime() < deadline) {
        pause(10);
      }
      if (c.isAlive()) {
        c.destroyForcibly();
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
