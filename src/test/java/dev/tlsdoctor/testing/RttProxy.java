package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback that makes every connection through it behave like one over a slower network: each chunk
 * of bytes is held for a fixed one-way delay in each direction, so a request and its answer take
 * {@code 2 × oneWayDelay} longer than over a direct connection (20 ms each way: 40 ms of added round-trip time).
 *
 * <p>Each chunk is stamped when it is read and released at that stamp plus the delay, in order; chunks read in
 * quick succession are in flight together, so the delay adds latency without throttling throughput. Chunk
 * boundaries are kept (one read, one write, TCP_NODELAY on both sides). A FIN from one side becomes a half-close
 * ({@code shutdownOutput}) on the other after the same delay, behind the data that preceded it; a reset becomes a
 * reset (SO_LINGER 0). The proxy's own connect to the target is immediate: TCP's handshake is not delayed, only
 * what flows over the connection.
 *
 * <p>Every connection uses four virtual threads (a reader and a writer per direction). {@link #close()} ends all of
 * them. Listens on and forwards to loopback addresses only. Also a program for benchmarks, see {@link #main}.
 */
public final class RttProxy implements AutoCloseable {
  private static final String USAGE =
      "usage: rtt-proxy --listen [HOST:]PORT --target HOST:PORT --rtt DURATION\n"
      + "  Forwards every connection to HOST:PORT adding DURATION/2 in each direction (DURATION like 40ms, 0.2s).\n"
      + "  Addresses must be loopback: 127.0.0.0/8, ::1 or localhost. PORT 0 picks a free port.";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern HOST_PORT = Pattern.compile("(?:(\\[[^\\]]*\\]|[^:\\[\\]]+):)?(\\d{1,5})");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");
  private static final int CHUNK_BYTES = 64 * 1024;
  /** Bytes read but not yet written, per direction; a reader waits when its direction holds this much. */
  private static final int IN_FLIGHT_BYTES = 16 * 1024 * 1024;
  private static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile ServerSocket listener;
  private volatile boolean closed;

  /** Starts a proxy on a free port of 127.0.0.1; returns the port. */
  public int start(String targetHost, int targetPort, Duration oneWayDelay) {
    return start(new InetSocketAddress(loopback("listen", "127.0.0.1"), 0), targetHost, targetPort, oneWayDelay);
  }

  /** Starts a proxy on {@code listen} (a loopback address; port 0 for a free one); returns the port. */
  public synchronized int start(InetSocketAddress listen, String targetHost, int targetPort, Duration oneWayDelay) {
    if (listener != null || closed) {
      throw new IllegalStateException("an RttProxy starts once");
    }
    if (!listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("listen address " + listen.getAddress().getHostAddress() + ":"
          + listen.getPort() + " is not a loopback address");
    }
    if (oneWayDelay.isNegative()) {
      throw new IllegalArgumentException("oneWayDelay " + oneWayDelay + " is negative");
    }
    InetSocketAddress target = new InetSocketAddress(loopback("target", targetHost), targetPort);
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(listen, 128);
      listener = s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + listen, e);
    }
    long delayNanos = oneWayDelay.toNanos();
    spawn("rtt-proxy-accept", () -> acceptLoop(target, delayNanos));
    return listener.getLocalPort();
  }

  /** The listening port. */
  public int port() {
    ServerSocket s = listener;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.getLocalPort();
  }

  /** Connections accepted so far. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Connections whose sockets are still open. */
  public int openConnections() {
    return links.size();
  }

  private void acceptLoop(InetSocketAddress target, long delayNanos) {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Link link = new Link(client, delayNanos);
      links.add(link);
      if (closed) {
        link.close(false);
      } else {
        link.start(target);
      }
    }
  }

  /** Stops listening, closes every connection and waits for their threads to end. */
  @Override
  public void close() {
    closed = true;
    ServerSocket s = listener;
    if (s != null) {
      closeQuietly(s);
    }
    // Threads may still start a moment after the listener closes (a connection accepted just before): repeat.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!threads.isEmpty() && System.nanoTime() < deadline) {
      for (Link link : List.copyOf(links)) {
        link.close(false);
      }
      for (Thread t : List.copyOf(threads)) {
        joinQuietly(t);
      }
    }
    if (!threads.isEmpty()) {
      throw new IllegalStateException("RttProxy threads still running 5 s after close");
    }
  }

  /** One proxied connection: the client's socket, the target's, and a {@link Direction} each way. */
  private final class Link {
    private final Socket client;
    private final Socket target = new Socket();
    private final long delayNanos;
    private final List<Thread> linkThreads = new ArrayList<>();
    private final AtomicInteger finsDelivered = new AtomicInteger();
    private volatile boolean ended;

    Link(Socket client, long delayNanos) {
      this.client = client;
      this.delayNanos = delayNanos;
    }

    void start(InetSocketAddress address) {
      synchronized (this) {
        linkThreads.add(spawn("rtt-proxy-connect", () -> connectAndPump(address)));
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
      Direction up = new Direction(this, client, target);
      Direction down = new Direction(this, target, client);
      up.opposite = down;
      down.opposite = up;
      synchronized (this) {
        if (ended) {
          return;
        }
        for (Direction d : List.of(up, down)) {
          linkThreads.add(spawn("rtt-proxy-read", d::readLoop));
          linkThreads.add(spawn("rtt-proxy-write", d::writeLoop));
        }
      }
    }

    /** A FIN reached its destination; once both have, the connection is over. */
    void finDelivered() {
      if (finsDelivered.incrementAndGet() == 2) {
        close(false);
      }
    }

    /** Closes both sockets, with an RST when {@code reset}, and stops the other threads. */
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
        closeQuietly(s);
      }
      List<Thread> others;
      synchronized (this) {
        others = List.copyOf(linkThreads);
      }
      for (Thread t : others) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
      links.remove(this);
    }

  }

  /** What a writer does with a queued item. */
  private enum Kind { DATA, FIN, RESET }

  /** Bytes (or the end of a stream) read at some moment, to be passed on at {@code due} (System.nanoTime). */
  private record Chunk(Kind kind, byte[] bytes, long due) {
  }

  /** One way through a {@link Link}: a reader stamps chunks, a writer releases each at its due time. */
  private static final class Direction {
    private final Link link;
    private final Socket from;
    private final Socket to;
    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final Semaphore budget = new Semaphore(IN_FLIGHT_BYTES);
    private Direction opposite;

    Direction(Link link, Socket from, Socket to) {
      this.link = link;
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
          long due = System.nanoTime() + link.delayNanos;
          if (n < 0) {
            queue.add(new Chunk(Kind.FIN, null, due));
            return;
          }
          budget.acquire(n);
          queue.add(new Chunk(Kind.DATA, Arrays.copyOf(buffer, n), due));
        }
      } catch (IOException e) {
        if (!link.ended) {
          // A reset (or another failure of the connection) from this side: the other side gets a reset too.
          queue.add(new Chunk(Kind.RESET, null, System.nanoTime() + link.delayNanos));
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
                link.finDelivered();
              }
              if (link.ended) {
                return;
              }
            }
            case RESET -> {
              link.close(true);
              return;
            }
            default -> throw new IllegalStateException("unknown chunk kind " + c.kind);
          }
        }
      } catch (IOException e) {
        if (!link.ended) {
          link.close(true);
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
        if (!link.ended) {
          opposite.queue.add(new Chunk(Kind.RESET, null, System.nanoTime() + link.delayNanos));
        }
        return false;
      }
    }
  }

  /**
   * The loopback address {@code host} names, without any name lookup: an IPv4 or IPv6 literal in 127.0.0.0/8 or
   * ::1, or {@code localhost} (taken as 127.0.0.1). Anything else is refused with a message naming {@code role}.
   */
  static InetAddress loopback(String role, String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      h = "127.0.0.1";
    }
    if (!IPV4.matcher(h).matches() && !h.contains(":")) {
      throw new IllegalArgumentException(role + " address '" + host + "' is not a loopback address: use 127.0.0.1,"
          + " ::1 or localhost (names are not resolved; this proxy never leaves the machine)");
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(h); // a literal: parsed, not looked up
    } catch (IOException e) {
      throw new IllegalArgumentException(role + " address '" + host + "' is not a valid IP address", e);
    }
    if (!a.isLoopbackAddress()) {
      throw new IllegalArgumentException(role + " address '" + host + "' is not a loopback address: use 127.0.0.1,"
          + " ::1 or localhost (this proxy never leaves the machine)");
    }
    return a;
  }

  /** The command line of {@link #main}: where to listen, where to forward, the delay each way. */
  record Options(InetSocketAddress listen, String targetHost, int targetPort, Duration oneWayDelay) {
    static Options parse(String... args) {
      String listen = null;
      String target = null;
      String rtt = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!List.of("--listen", "--target", "--rtt").contains(a)) {
          throw new IllegalArgumentException("unknown argument '" + a + "'");
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--listen" -> listen = v;
          case "--target" -> target = v;
          default -> rtt = v;
        }
      }
      if (listen == null || target == null || rtt == null) {
        throw new IllegalArgumentException("--listen, --target and --rtt are all required");
      }
      Matcher l = HOST_PORT.matcher(listen);
      if (!l.matches()) {
        throw new IllegalArgumentException("--listen '" + listen + "' is not [HOST:]PORT");
      }
      InetAddress listenAddress = loopback("listen", l.group(1) == null ? "127.0.0.1" : l.group(1));
      Matcher t = HOST_PORT.matcher(target);
      if (!t.matches() || t.group(1) == null) {
        throw new IllegalArgumentException("--target '" + target + "' is not HOST:PORT");
      }
      loopback("target", t.group(1));
      Matcher d = DURATION.matcher(rtt.toLowerCase(Locale.ROOT));
      if (!d.matches()) {
        throw new IllegalArgumentException("--rtt '" + rtt + "' is not a duration like 40ms or 0.2s");
      }
      double millis = Double.parseDouble(d.group(1)) * (d.group(2).equals("s") ? 1000 : 1);
      Duration oneWay = Duration.ofNanos(Math.round(millis * 1_000_000 / 2));
      return new Options(new InetSocketAddress(listenAddress, port(listen, l.group(2))), t.group(1),
          port(target, t.group(2)), oneWay);
    }

    private static int port(String arg, String digits) {
      int p = Integer.parseInt(digits);
      if (p > 65535) {
        throw new IllegalArgumentException("port " + p + " in '" + arg + "' is out of range");
      }
      return p;
    }
  }

  /**
   * {@code --listen [HOST:]PORT --target HOST:PORT --rtt DURATION}: runs until killed, after printing one line on
   * stdout that names the listening address. Exits 2 on bad arguments.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("rtt-proxy: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    RttProxy proxy = new RttProxy();
    int port;
    try {
      port = proxy.start(o.listen(), o.targetHost(), o.targetPort(), o.oneWayDelay());
    } catch (RuntimeException e) {
      System.err.println("rtt-proxy: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
    long ms = o.oneWayDelay().toMillis();
    System.out.println("rtt-proxy: listening on " + o.listen().getAddress().getHostAddress() + ":" + port
        + ", forwarding to " + o.targetHost() + ":" + o.targetPort() + " with " + ms + "ms each way ("
        + 2 * ms + "ms round trip)");
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** Starts a virtual thread that {@link #close()} waits for. */
  private Thread spawn(String name, Runnable body) {
    Thread t = Thread.ofVirtual().name(name).unstarted(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    });
    threads.add(t);
    t.start();
    return t;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** Waits up to 5 s for {@code t} to end. */
  private static void joinQuietly(Thread t) {
    try {
      t.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
