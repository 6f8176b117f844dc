package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.ServerFlight;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the probe connections to one target: each with a connect and a read timeout, never past the target's
 * deadline, at most {@code limit} at a time. Thread-safe; probes share one.
 */
public final class Connector {
  private final InetAddress address;
  private final int port;
  private final long deadlineNanos;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Semaphore permits;
  private final AtomicInteger connections = new AtomicInteger();

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

  public Connector(InetAddress address, int port, Duration deadline, Duration connectTimeout, Duration readTimeout,
      int limit) {
    this.address = address;
    this.port = port;
    this.deadlineNanos = System.nanoTime() + deadline.toNanos();
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
    return withSocket(s -> {
      Duration left = remaining();
      ServerFlight f = ServerFlight.exchange(s, hello, min(readTimeout, left));
      if (f.end() == ServerFlight.End.TIMEOUT && left.compareTo(readTimeout) < 0) {
        throw new DeadlineExceeded("the deadline passed while waiting for an answer");
      }
      return f;
    });
  }

  /** Like {@link #exchange}, but a read cut by the deadline ends as a timeout, the answer of a silent server. */
  public ServerFlight exchangeUntilDeadline(byte[] hello) {
    return withSocket(s -> ServerFlight.exchange(s, hello, min(readTimeout, remaining())));
  }

  /** What a probe does with a connected socket. */
  public interface SocketAction<T> {
    T apply(Socket socket) throws IOException;
  }

  /** Runs {@code action} on a new connected socket whose reads time out; closes it afterwards. */
  public <T> T withSocket(SocketAction<T> action) {
    acquire();
    try (Socket s = new Socket()) {
      connections.incrementAndGet();
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
        throw new ConnectFailed("cannot connect: " + e.getMessage(), e);
      }
      s.setSoTimeout((int) Math.max(1, min(readTimeout, remaining()).toMillis()));
      return action.apply(s);
    } catch (IOException e) {
      throw new ConnectFailed("connection failed: " + e.getMessage(), e);
    } finally {
      permits.release();
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

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
