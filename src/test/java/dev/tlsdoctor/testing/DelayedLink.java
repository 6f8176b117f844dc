package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One connection through an {@link RttProxy}: the client's socket, the target's, and a {@link Direction} each way
 * whose reader stamps every chunk it reads and whose writer passes it on at that stamp plus the one-way delay.
 */
final class DelayedLink {
  private static final int CHUNK_BYTES = 64 * 1024;
  /** Bytes read but not yet written, per direction; a reader waits when its direction holds this much. */
  private static final int IN_FLIGHT_BYTES = 16 * 1024 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private final Socket client;
  private final Socket target = new Socket();
  private final long delayNanos;
  /**
   * When TCP's handshake would have completed on the slower network: one round trip after the accept. Nothing is
   * passed on as if sent before it (a client cannot send before its connect returns), so a new connection costs a
   * round trip before its first bytes, as on a real network.
   */
  private final long openNanos;
  private final BiFunction<String, Runnable, Thread> spawn;
  private final Consumer<DelayedLink> onEnd;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger finsDelivered = new AtomicInteger();
  private volatile boolean ended;

  /**
   * A link for an accepted {@code client}; {@code spawn} starts a named thread, {@code onEnd} hears once that both
   * sockets are closed.
   */
  DelayedLink(Socket client, long delayNanos, BiFunction<String, Runnable, Thread> spawn,
              Consumer<DelayedLink> onEnd) {
    this.client = client;
    this.delayNanos = delayNanos;
    this.openNanos = System.nanoTime() + 2 * delayNanos;
    this.spawn = spawn;
    this.onEnd = onEnd;
  }

  /** Connects to the target and starts forwarding, on threads of its own. */
  void start(InetSocketAddress address) {
    synchronized (this) {
      threads.add(spawn.apply("rtt-proxy-connect", () -> connectAndPump(address)));
    }
  }

  private void connectAndPump(InetSocketAddress address) {
    try {
      target.connect(address, CONNECT_TIMEOUT_MILLIS);
      client.setTcpNoDelay(true);
      target.setTcpNoDelay(true);
    } catch (IOException e) {
      close(true); // like a refused connection: the client sees a reset
      return;
    }
    Direction up = new Direction(client, target);
    Direction down = new Direction(target, client);
    up.opposite = down;
    down.opposite = up;
    synchronized (this) {
      if (ended) {
        return;
      }
      for (Direction d : List.of(up, down)) {
        threads.add(spawn.apply("rtt-proxy-read", d::readLoop));
        threads.add(spawn.apply("rtt-proxy-write", d::writeLoop));
      }
    }
  }

  /** A FIN reached its destination; once both have, the connection is over. */
  private void finDelivered() {
    if (finsDelivered.incrementAndGet() == 2) {
      close(false);
    }
  }

  /** Closes both sockets, with an RST when {@code reset}, and stops the link's other threads. */
  void close(boolean reset) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    for (Socket s : List.of(client, target)) {
      if (reset) {
        try {
          s.setSoLinger(true, 0);
        } catch (IOException e) {
          // already reset or closed: nothing to send
        }
      }
      try {
        s.close();
      } catch (IOException e) {
        // closed anyway
      }
    }
    List<Thread> others;
    synchronized (this) {
      others = List.copyOf(threads);
    }
    for (Thread t : others) {
      if (t != Thread.currentThread()) {
        t.interrupt();
      }
    }
    onEnd.accept(this);
  }

  /** What a writer does with a queued item. */
  private enum Kind { DATA, FIN, RESET }

  /** Bytes (or the end of a stream) read at some moment, to be passed on at {@code due} (System.nanoTime). */
  private record Chunk(Kind kind, byte[] bytes, long due) {
  }

  /** One way through the link: a reader stamps chunks, a writer releases each at its due time, in order. */
  private final class Direction {
    private final Socket from;
    private final Socket to;
    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final Semaphore budget = new Semaphore(IN_FLIGHT_BYTES);
    private Direction opposite;

    Direction(Socket from, Socket to) {
      this.from = from;
      this.to = to;
    }

    void readLoop() {
      byte[] buffer = new byte[CHUNK_BYTES];
      try {
        InputStream in = from.getInputStream();
        while (true) {
          // One read is one chunk on purpose: the proxy passes on what arrived, as it arrived.
          int n = in.read(buffer);
          long due = Math.max(System.nanoTime(), openNanos) + delayNanos;
          if (n < 0) {
            queue.add(new Chunk(Kind.FIN, null, due));
            return;
          }
          budget.acquire(n);
          queue.add(new Chunk(Kind.DATA, Arrays.copyOf(buffer, n), due));
        }
      } catch (IOException e) {
        if (!ended) {
          // A reset (or another failure of the connection) from this side: the other side gets a reset too.
          queue.add(new Chunk(Kind.RESET, null, System.nanoTime() + delayNanos));
        }
      } catch (InterruptedException e) {
        // the connection is being closed
      }
    }

    void writeLoop() {
      boolean destinationGone = false;
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk c = queue.take();
          long wait = c.due - System.nanoTime();
          if (wait > 0 && !destinationGone) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          switch (c.kind) {
            case DATA -> {
              // Once the destination has gone, data is dropped until a reset (from either side) ends the link.
              destinationGone = destinationGone || !write(out, c.bytes);
              budget.release(c.bytes.length);
            }
            case FIN -> {
              // Half-close; then keep waiting (the other direction may still hand over a reset) unless the
              // connection is over.
              if (!destinationGone) {
                to.shutdownOutput();
                finDelivered();
              }
              if (ended) {
                return;
              }
            }
            case RESET -> {
              close(true);
              return;
            }
            default -> throw new IllegalStateException("unknown chunk kind " + c.kind);
          }
        }
      } catch (IOException e) {
        if (!ended) {
          close(true);
        }
      } catch (InterruptedException e) {
        // the connection is being closed
      }
    }

    /**
     * Writes one chunk; false when the destination has gone (reset or closed): the source learns it by a reset
     * that travels back behind what the destination had already sent.
     */
    private boolean write(OutputStream out, byte[] bytes) {
      try {
        out.write(bytes);
        return true;
      } catch (IOException e) {
        if (!ended) {
          opposite.queue.add(new Chunk(Kind.RESET, null, System.nanoTime() + delayNanos));
        }
        return false;
      }
    }
  }
}
