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
public final class Connector {
  private final InetAddress address;
  private final int port;
  private final long deadlineNanos;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Semaphore permits;
  private final AtomicInteger connections = new AtomicInteger();
  private final long created = System.nanoTime();
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
    acquire();
    long started = System.nanoTime();
    int number = 0;
    Alarm alarm = null;
    try (Socket s = new Socket()) {
      alarm = new Alarm(s, deadlineNanos + afterDeadline.toNanos());
      s.setTcpNoDelay(true);
      try {
        s.connect(new InetSocketAddress(address, port), (int) Math.max(1, min(connectTimeout, remaining())
            .toMillis()));
      } catch (java.net.SocketTimeoutException e) {
        if (deadlineNanos - System.nanoTime() <= 0) {
          throw new DeadlineExceeded("the deadline passed while connecting");
        }
        throw new ConnectFailed("connect timed out after " + connectTimeout.toMillis() + " ms", e);
      } catch (IOException e) {
        alarm.check();
        if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset")) {
          number = connections.incrementAndGet(); // the server accepted it, then reset it
        }
        throw new ConnectFailed("cannot connect: " + e.getMessage(), e);
      }
      number = connections.incrementAndGet();
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
      if (alarm != null) {
        alarm.cancel();
      }
      permits.release();
      if (TRACE) {
        System.err.printf(java.util.Locale.ROOT, "connection %3d: asked at %5d ms, waited %4d ms, took %4d ms%n",
            number, (asked - created) / 1_000_000, (started - asked) / 1_000_000,
            (System.nanoTime() - started) / 1_000_000);
      }
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
