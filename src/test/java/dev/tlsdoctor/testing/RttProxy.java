package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * reset (SO_LINGER 0). TCP's own handshake costs a round trip too: nothing passes either way until one round
 * trip after the accept (the client's connect returns at once on loopback, so its first bytes are held as if sent
 * when a real connect would have returned); the proxy's own connect to the target is immediate.
 *
 * <p>Every connection uses four virtual threads (a reader and a writer per direction, see {@link DelayedLink}).
 * {@link #close()} ends all of them. Listens on and forwards to loopback addresses only. Also a program for benchmarks, see {@link #main}.
 */
public final class RttProxy implements AutoCloseable {
  private static final String USAGE =
      "usage: rtt-proxy --listen [HOST:]PORT --target HOST:PORT [--listen ... --target ...] --rtt DURATION\n"
      + "  Forwards every connection to HOST:PORT adding DURATION/2 in each direction (DURATION like 40ms, 0.2s);\n"
      + "  a connection's first bytes wait one round trip more, as TCP's own handshake costs.\n"
      + "  Addresses must be loopback: 127.0.0.0/8, ::1 or localhost. PORT 0 picks a free port.";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern HOST_PORT = Pattern.compile("(?:(\\[[^\\]]*\\]|[^:\\[\\]]+):)?(\\d{1,5})");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");

  private final Set<DelayedLink> links = ConcurrentHashMap.newKeySet();
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
      DelayedLink link = new DelayedLink(client, delayNanos, this::spawn, links::remove);
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
      for (DelayedLink link : List.copyOf(links)) {
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

    /**
     * Several proxies in one process (a benchmark's ten sockets without ten JVMs competing for the CPU it measures):
     * {@code --rtt} once, then {@code --listen} and {@code --target} pairs, each {@code --target} closing a pair.
     */
    static List<Options> parseAll(String... args) {
      String rtt = null;
      List<String> pairs = new java.util.ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--rtt") && i + 1 < args.length) {
          rtt = args[++i];
        } else {
          pairs.add(args[i]);
        }
      }
      List<Options> out = new java.util.ArrayList<>();
      List<String> one = new java.util.ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        one.add(pairs.get(i));
        if (pairs.get(i).equals("--target") && i + 1 < pairs.size()) {
          one.add(pairs.get(++i));
          if (!one.contains("--listen")) {
            throw new IllegalArgumentException("--target " + pairs.get(i) + " has no --listen before it");
          }
          if (rtt != null) {
            one.addAll(List.of("--rtt", rtt));
          }
          out.add(parse(one.toArray(String[]::new)));
          one.clear();
        }
      }
      if (!one.isEmpty() || out.isEmpty()) {
        if (rtt != null) {
          one.addAll(List.of("--rtt", rtt));
        }
        out.add(parse(one.toArray(String[]::new))); // says what is missing
      }
      return out;
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
    List<Options> all = new java.util.ArrayList<>();
    try {
      all = Options.parseAll(args);
    } catch (IllegalArgumentException e) {
      System.err.println("rtt-proxy: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    for (Options o : all) {
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
          + 2 * ms + "ms round trip, one more before each connection's first byte)");
    }
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
      // closed anyway
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
