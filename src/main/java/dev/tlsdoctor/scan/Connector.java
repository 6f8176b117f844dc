package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.ServerFlight;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the probe connections to one target: each with a connect and a read timeout, never past the target's
 * deadline, at most {@code limit} at a time. Thread-safe; probes share one.
 *
 * <p>Read timeouts alone do not bound a connection: a server that sends one byte a second satisfies every read.
 * So each socket also has an alarm that closes it when the deadline comes (or its own budget, for the JDK's
 * handshakes, whose reads this class cannot wrap); a read blocked on it then fails at once, and the connection's
 * answer is {@link DeadlineExceeded}.
 */
public final class Connector implements AutoCloseable {
  private final InetAddress address;
  private final int port;
  private final long deadlineNanos;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Semaphore permits;
  private final AtomicInteger connections = new AtomicInteger();
  private final long created = System.nanoTime();
  /** Connected sockets waiting for a probe (see {@link #keepWarm}); each holds a permit and has its alarm. */
  private final java.util.concurrent.ConcurrentLinkedDeque<Warm> warm =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final AtomicInteger warming = new AtomicInteger();
  private volatile int warmTarget;
  private volatile boolean closed;
  /** {@code -Dtlsdoctor.traceConnections=true}: one line on stderr per connection, for studying a scan's timing. */
  private static final boolean TRACE = Boolean.getBoolean("tlsdoctor.traceConnections");

  /** The deadline passed: the scan of this target stops with what it has. */
  public static final class DeadlineExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(String message) {
      super(message);
    }
  }

  /** A connection could not be opened (refused, unreachable). */
  public static final class ConnectFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The alarms: one daemon thread closes the sockets whose time is up. Cancelled alarms are removed at once, so a
   * scan of many targets keeps only the alarms of its open connections.
   */
  private static final ScheduledThreadPoolExecutor ALARMS = alarms();

  private static ScheduledThreadPoolExecutor alarms() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon()
        .name("connection-alarm").factory());
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  public Connector(InetAddress address, int port, Duration deadline, Duration connectTimeout, Duration readTimeout,
      int limit) {
    this(address, port, System.nanoTime() + deadline.toNanos(), connectTimeout, readTimeout, limit);
  }

  /** A connector whose deadline is the {@link System#nanoTime} value {@code deadlineNanos}. */
  public Connector(InetAddress address, int port, long deadlineNanos, Duration connectTimeout, Duration readTimeout,
      int limit) {
    this.address = address;
    this.port = port;
    this.deadlineNanos = deadlineNanos;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.permits = new Semaphore(limit);
  }

  public InetAddress address() {
    return address;
  }

  public int port() {
    return port;
  }

  /** How long one answer is waited for. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** How many connections were opened so far. */
  public int connections() {
    return connections.get();
  }

  /** Time left before the deadline; throws when none is. */
  public Duration remaining() {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new DeadlineExceeded("the deadline passed");
    }
    return Duration.ofNanos(left);
  }

  /** A socket connected ahead of need, with its alarm, its number and when it connected. */
  private record Warm(Socket socket, Alarm alarm, int number, long connectedNanos) {
  }

  /**
   * How long a connected socket may wait for a probe: well under the idle timeouts servers put on a connection that
   * has not sent its hello yet (nginx: 60 s), so that none is closed under a probe.
   */
  private static final long WARM_AGE_NANOS = Duration.ofSeconds(3).toNanos();

  /**
   * From now on keeps up to {@code n} connections open and waiting (within the connection limit), so that a probe's
   * connection costs one round trip, its own, and not another one for TCP's handshake first. For a server that has
   * answered a hello: a socket connected but never used is a connection the server sees open and close without a
   * word, counted in {@link #connections()}. A failed connect ends the warming.
   */
  public void keepWarm(int n) {
    warmTarget = n;
    refill();
  }

  /** Stops warming and closes the sockets that wait, unused. */
  public void close() {
    closed = true;
    warmTarget = 0;
    for (Warm w = warm.poll(); w != null; w = warm.poll()) {
      discard(w);
    }
  }

  private void discard(Warm w) {
    w.alarm().cancel();
    closeQuietly(w.socket());
    permits.release();
  }

  private void refill() {
    while (!closed && warm.size() + warming.get() < warmTarget && deadlineNanos - System.nanoTime() > 0) {
      // a probe waiting for a connection comes first: warming takes only permits nobody waits for
      if (permits.hasQueuedThreads() || !permits.tryAcquire()) {
        return;
      }
      warming.incrementAndGet();
      try {
        Tasks.background(this::connectWarm);
      } catch (RuntimeException e) {
        warming.decrementAndGet();
        permits.release();
        return;
      }
    }
  }

  private void connectWarm() {
    Socket s = new Socket();
    Alarm alarm = new Alarm(s, deadlineNanos);
    boolean kept = false;
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address, port), (int) Math.max(1, min(connectTimeout, remaining()).toMillis()));
      Warm w = new Warm(s, alarm, connections.incrementAndGet(), System.nanoTime());
      if (!closed) {
        warm.add(w);
        kept = true;
      }
    } catch (IOException | RuntimeException e) {
      warmTarget = 0; // a server that refuses connections is not asked again ahead of need
    } finally {
      if (!kept) {
        alarm.cancel();
        closeQuietly(s);
        permits.release();
      }
      warming.decrementAndGet();
    }
  }

  /**
   * A waiting socket still open, or null: one that waited too long or that the server closed (a read of 1 ms sees
   * its end; a server never speaks first in TLS, so nothing is lost) is closed and its permit released.
   */
  private Warm takeWarm() {
    for (Warm w = warm.poll(); w != null; w = warm.poll()) {
      if (System.nanoTime() - w.connectedNanos() < WARM_AGE_NANOS && open(w.socket())) {
        return w;
      }
      discard(w);
    }
    return null;
  }

  /**
   * A waiting socket, or null with a permit acquired for a new connection: whichever comes first, as a socket warmed
   * meanwhile holds a permit that a probe waiting only for permits would never get.
   */
  private Warm warmOrPermit() {
    try {
      while (true) {
        Warm w = takeWarm();
        if (w != null) {
          return w;
        }
        if (permits.tryAcquire(WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadlineExceeded("interrupted");
    }
  }

  /** How often a probe waiting for a connection looks for a warmed socket. */
  private static final long WAIT_STEP_MILLIS = 5;

  private static boolean open(Socket s) {
    try {
      s.setSoTimeout(1);
      s.getInputStream().read();
      return false; // the end of the stream, or a byte before any hello: not a socket to probe with
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends {@code hello} on a new connection and reads the answer. A read cut short by the deadline (not by the read
   * timeout) is no answer: it throws {@link DeadlineExceeded}.
   */
  public ServerFlight exchange(byte[] hello) {
    return resetOnConnect(() -> withSocket(s -> {
      Duration left = remaining();
      ServerFlight f = send(s, hello, min(readTimeout, left));
      if (f.end() == ServerFlight.End.TIMEOUT && left.compareTo(readTimeout) < 0) {
        throw new DeadlineExceeded("the deadline passed while waiting for an answer");
      }
      return f;
    }));
  }

  /** Like {@link #exchange}, but a read cut by the deadline ends as a timeout, the answer of a silent server. */
  public ServerFlight exchangeUntilDeadline(byte[] hello) {
    // the flight's reads end at the deadline by themselves; the alarm, a little later, is only a safety net
    return resetOnConnect(() -> withSocket(null, SAFETY_NET, s -> send(s, hello, min(readTimeout, remaining()))));
  }

  /** How long after the deadline the alarm closes a socket whose action ends at the deadline by itself. */
  private static final Duration SAFETY_NET = Duration.ofMillis(500);

  /**
   * {@link ServerFlight#exchange}, except that a reset reported by the write is kept: after it the read only sees the
   * end of the stream, which would make a resetting server look like one that closed without a word.
   */
  static ServerFlight send(Socket s, byte[] hello, Duration timeout) {
    java.net.SocketException writeFailed = null;
    try {
      s.getOutputStream().write(hello);
      s.getOutputStream().flush();
    } catch (java.net.SocketException e) {
      writeFailed = e;
    } catch (IOException e) {
      // read what the server said before it went away
    }
    ServerFlight f = ServerFlight.read(s, timeout);
    if (writeFailed != null && f.end() == ServerFlight.End.EOF && f.bytesRead().isEmpty() && isReset(writeFailed)) {
      return resetFlight(writeFailed);
    }
    return f;
  }

  private static boolean isReset(java.net.SocketException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("reset") || m.contains("broken pipe");
  }

  /** The flight of a server that reset the connection before it said anything. */
  private static ServerFlight resetFlight(java.net.SocketException reset) {
    java.net.SocketException e = reset.getMessage() != null && reset.getMessage().toLowerCase(java.util.Locale.ROOT)
        .contains("reset") ? reset : new java.net.SocketException("Connection reset (" + reset.getMessage() + ")");
    return ServerFlight.read(new java.io.InputStream() {
      @Override
      public int read() throws IOException {
        throw e;
      }
    });
  }

  /**
   * A server that accepts and resets at once may have its reset reported by the connect itself (the RST arrives
   * before the connect completes): that is the server's answer, a reset, like a reset seen by the first read.
   */
  private static ServerFlight resetOnConnect(java.util.function.Supplier<ServerFlight> exchange) {
    try {
      return exchange.get();
    } catch (ConnectFailed e) {
      if (e.getCause() instanceof java.net.SocketException reset
          && String.valueOf(reset.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset")) {
        return resetFlight(reset);
      }
      throw e;
    }
  }

  /** What a probe does with a connected socket. */
  public interface SocketAction<T> {
    T apply(Socket socket) throws IOException;
  }

  /**
   * Runs {@code action} on a new connected socket whose reads time out; closes it afterwards. The socket is closed
   * under the action when the deadline comes, and then this throws {@link DeadlineExceeded} whatever the action
   * made of the closed socket.
   */
  public <T> T withSocket(SocketAction<T> action) {
    return withSocket(null, Duration.ZERO, action);
  }

  /**
   * Like {@link #withSocket(SocketAction)}, and the socket is also closed {@code budget} after it connected (when
   * that comes before the deadline): for actions whose reads this class does not control, such as the JDK's
   * handshake. An action cut short by its budget sees a closed socket ({@link Socket#isClosed()}) and answers for
   * itself.
   */
  public <T> T withSocket(Duration budget, SocketAction<T> action) {
    return withSocket(budget, Duration.ZERO, action);
  }

  /**
   * The connection itself; with a positive {@code afterDeadline} the action ends at the deadline by itself and what
   * it made of it stands: the alarm rings only that much later, as a safety net.
   */
  private <T> T withSocket(Duration budget, Duration afterDeadline, SocketAction<T> action) {
    long asked = System.nanoTime();
    Warm w = afterDeadline.isZero() ? warmOrPermit() : null;
    if (w != null) {
      refill();
      return withConnected(w.socket(), w.alarm(), w.number(), asked, asked, budget, action);
    }
    if (!afterDeadline.isZero()) {
      acquire();
    }
    long started = System.nanoTime();
    Socket s = new Socket();
    Alarm alarm = new Alarm(s, deadlineNanos + afterDeadline.toNanos());
    int number = 0;
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address, port), (int) Math.max(1, min(connectTimeout, remaining())
          .toMillis()));
      number = connections.incrementAndGet();
    } catch (java.net.SocketTimeoutException e) {
      release(s, alarm, number, asked, started);
      if (deadlineNanos - System.nanoTime() <= 0) {
        throw new DeadlineExceeded("the deadline passed while connecting");
      }
      throw new ConnectFailed("connect timed out after " + connectTimeout.toMillis() + " ms", e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset")) {
        number = connections.incrementAndGet(); // the server accepted it, then reset it
      }
      release(s, alarm, number, asked, started);
      alarm.check();
      throw new ConnectFailed("cannot connect: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      release(s, alarm, number, asked, started);
      throw e;
    }
    return withConnected(s, alarm, number, asked, started, budget, action);
  }

  /** Runs {@code action} on a connected socket, then closes it and releases its permit. */
  private <T> T withConnected(Socket s, Alarm alarm, int number, long asked, long started, Duration budget,
      SocketAction<T> action) {
    try {
      s.setSoTimeout((int) Math.max(1, min(readTimeout, remaining()).toMillis()));
      if (budget != null) {
        alarm.atMost(budget);
      }
      T result = action.apply(s);
      alarm.check();
      return result;
    } catch (IOException e) {
      alarm.check();
      throw new ConnectFailed("connection failed: " + e.getMessage(), e);
    } catch (ConnectFailed e) {
      alarm.check();
      throw e;
    } finally {
      release(s, alarm, number, asked, started);
    }
  }

  private void release(Socket s, Alarm alarm, int number, long asked, long started) {
    alarm.cancel();
    closeQuietly(s);
    permits.release();
    refill();
    if (TRACE) {
      String by = StackWalker.getInstance().walk(f -> f.map(x -> x.getClassName().replace("dev.tlsdoctor.scan.", "")
          + "." + x.getMethodName()).filter(n -> !n.startsWith("Connector") && !n.startsWith("java.")
          && !n.contains("lambda$")).limit(2).collect(java.util.stream.Collectors.joining(" < ")));
      System.err.printf(java.util.Locale.ROOT, "connection %3d: asked at %5d ms, waited %4d ms, took %4d ms, by %s%n",
          number, (asked - created) / 1_000_000, (started - asked) / 1_000_000,
          (System.nanoTime() - started) / 1_000_000, by);
    }
  }

  /** Closes one socket when the deadline (or the connection's own budget) comes. */
  private static final class Alarm {
    private final Socket socket;
    private final long deadlineNanos;
    private volatile boolean rang;
    private volatile boolean atDeadline = true;
    private ScheduledFuture<?> pending;

    Alarm(Socket socket, long deadlineNanos) {
      this.socket = socket;
      this.deadlineNanos = deadlineNanos;
      this.pending = ALARMS.schedule(this::ring, Math.max(0, deadlineNanos - System.nanoTime()),
          TimeUnit.NANOSECONDS);
    }

    /** Brings the alarm forward to {@code budget} from now, when that is before the deadline. */
    synchronized void atMost(Duration budget) {
      if (budget.toNanos() < deadlineNanos - System.nanoTime() && pending.cancel(false)) {
        atDeadline = false;
        pending = ALARMS.schedule(this::ring, budget.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    private void ring() {
      rang = true;
      closeQuietly(socket);
    }

    /** Throws {@link DeadlineExceeded} when the alarm closed the socket at the deadline. */
    void check() {
      if (rang && atDeadline) {
        throw new DeadlineExceeded("the deadline passed during a connection");
      }
    }

    synchronized void cancel() {
      pending.cancel(false);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing is all the alarm does; the try-with-resources closes the socket again anyway
    }
  }

  private void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadlineExceeded("interrupted");
    }
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
