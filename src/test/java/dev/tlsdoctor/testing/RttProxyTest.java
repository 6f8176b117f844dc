package dev.tlsdoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latency proxy: bytes pass exactly, each way takes at least the configured delay, chunks travel together,
 * FIN and RST cross it, it stays on loopback. Timing assertions are lower bounds, except that work the proxy must
 * overlap is checked against a bound ten times looser than what serialising it would cost.
 */
class RttProxyTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  Path tmp;

  private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

  /** Closes every proxy, server and socket of the test (all of them, even when one fails) and stops its threads. */
  @AfterEach
  void stopEverything() throws Exception {
    pool.shutdownNow();
    Exception failure = null;
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        cleanup.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).as("test threads stopped").isTrue();
    if (failure != null) {
      throw failure;
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    cleanup.add(c);
    return c;
  }

  private ServerSocket target() throws IOException {
    ServerSocket s = closeLater(new ServerSocket());
    s.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), 0));
    s.setSoTimeout((int) TIMEOUT.toMillis());
    return s;
  }

  /** A target that echoes every connection and half-closes after the client's FIN. */
  private int echoTarget() throws IOException {
    ServerSocket server = target();
    server.setSoTimeout(0);
    pool.submit(() -> {
      while (true) {
        Socket s = closeLater(server.accept());
        s.setTcpNoDelay(true);
        pool.submit(() -> {
          s.getInputStream().transferTo(s.getOutputStream());
          s.shutdownOutput();
          return null;
        });
      }
    });
    return server.getLocalPort();
  }

  private int proxy(int targetPort, Duration oneWay) {
    RttProxy proxy = closeLater(new RttProxy());
    return proxy.start(Tools.LOOPBACK, targetPort, oneWay);
  }

  private Socket connect(int port) throws IOException {
    Socket s = closeLater(new Socket());
    s.connect(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), port), 2000);
    s.setSoTimeout((int) TIMEOUT.toMillis());
    s.setTcpNoDelay(true); // small writes leave at once, as separate chunks
    return s;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void forwardsLargeRandomPayloadsExactlyBothWaysAtOnce() throws Exception {
    byte[] request = random(4 << 20, 1);
    byte[] response = random(3 << 20, 2);
    ServerSocket target = target();
    int port = proxy(target.getLocalPort(), Duration.ofMillis(5));
    Socket client = connect(port);
    Socket server = closeLater(target.accept());
    Future<byte[]> serverGot = pool.submit(() -> server.getInputStream().readAllBytes());
    Future<?> serverSent = pool.submit(() -> {
      server.getOutputStream().write(response);
      server.shutdownOutput();
      return null;
    });
    Future<?> clientSent = pool.submit(() -> {
      client.getOutputStream().write(request);
      client.shutdownOutput();
      return null;
    });
    byte[] clientGot = client.getInputStream().readAllBytes();
    clientSent.get(5, TimeUnit.SECONDS);
    serverSent.get(5, TimeUnit.SECONDS);
    assertThat(serverGot.get(5, TimeUnit.SECONDS)).isEqualTo(request);
    assertThat(clientGot).isEqualTo(response);
  }

  @Test
  void manyConcurrentConnectionsEachGetTheirOwnBytesBack() throws Exception {
    int port = proxy(echoTarget(), Duration.ofMillis(2));
    List<CompletableFuture<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] payload = random(256 * 1024, 100 + i);
      results.add(CompletableFuture.supplyAsync(() -> {
        try (Socket s = connect(port)) {
          CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
              s.getOutputStream().write(payload);
              s.shutdownOutput();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, pool);
          byte[] back = s.getInputStream().readAllBytes();
          sent.join();
          return Arrays.equals(back, payload);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, pool));
    }
    for (CompletableFuture<Boolean> r : results) {
      assertThat(r.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void eachWayOfEveryRoundTripTakesAtLeastTheOneWayDelay() throws Exception {
    ServerSocket target = target();
    int port = proxy(target.getLocalPort(), Duration.ofMillis(25));
    Socket client = connect(port);
    Socket server = closeLater(target.accept());
    for (int i = 0; i < 3; i++) { // not only the first: the delay is per chunk, not per connection
      long sent = System.nanoTime();
      client.getOutputStream().write('?');
      assertThat(server.getInputStream().read()).isEqualTo('?');
      long arrived = System.nanoTime();
      server.getOutputStream().write('!');
      assertThat(client.getInputStream().read()).isEqualTo('!');
      assertThat(TimeUnit.NANOSECONDS.toMillis(arrived - sent)).as("client to target, round trip %d", i)
          .isGreaterThanOrEqualTo(25);
      assertThat(millisSince(arrived)).as("target to client, round trip %d", i).isGreaterThanOrEqualTo(25);
      assertThat(millisSince(sent)).as("round trip %d", i).isGreaterThanOrEqualTo(50);
    }
  }

  @Test
  void firstBytesOfAConnectionWaitForTcpsHandshake() throws Exception {
    ServerSocket target = target();
    int port = proxy(target.getLocalPort(), Duration.ofMillis(25));
    long start = System.nanoTime();
    Socket client = connect(port);
    client.getOutputStream().write('?');
    Socket server = closeLater(target.accept());
    assertThat(server.getInputStream().read()).isEqualTo('?');
    // the handshake's round trip (50 ms) and the way there (25 ms): as if sent when a real connect returned
    assertThat(millisSince(start)).isGreaterThanOrEqualTo(75);
    server.getOutputStream().write('!');
    assertThat(client.getInputStream().read()).isEqualTo('!');
    assertThat(millisSince(start)).isGreaterThanOrEqualTo(100);
  }

  @Test
  void chunksReadInQuickSuccessionAreInFlightTogether() throws Exception {
    // 20 chunks 10 ms apart through a 100 ms-each-way proxy: about 190 + 200 ms when they overlap,
    // 20 × 200 ms if each waited for the one before (still 2 s if pairs of them merged on the way).
    int port = proxy(echoTarget(), Duration.ofMillis(100));
    Socket client = connect(port);
    long start = System.nanoTime();
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    for (int i = 0; i < 20; i++) {
      byte[] chunk = random(1000, i);
      client.getOutputStream().write(chunk);
      sent.writeBytes(chunk);
      Thread.sleep(10);
    }
    byte[] back = client.getInputStream().readNBytes(sent.size());
    long elapsed = millisSince(start);
    assertThat(back).isEqualTo(sent.toByteArray());
    assertThat(elapsed).isGreaterThanOrEqualTo(200).isLessThan(1000);
  }

  @Test
  void twentyParallelRoundTripsTakeFarLessThanTwentyRoundTrips() throws Exception {
    Duration oneWay = Duration.ofMillis(50);
    int port = proxy(echoTarget(), oneWay);
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sockets.add(connect(port));
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> rtts = new ArrayList<>();
    for (Socket s : sockets) {
      rtts.add(pool.submit(() -> {
        go.await();
        long t = System.nanoTime();
        s.getOutputStream().write('x');
        assertThat(s.getInputStream().read()).isEqualTo('x');
        return millisSince(t);
      }));
    }
    long start = System.nanoTime();
    go.countDown();
    for (Future<Long> rtt : rtts) {
      assertThat(rtt.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(100);
    }
    assertThat(millisSince(start)).isLessThan(10 * 100); // 20 in a row would take 20 × 100 ms
  }

  @Test
  void serverSpeakingFirstReachesTheClientAfterTheDelay() throws Exception {
    try (HostileServer ssh = HostileServer.start(HostileServer.Behaviour.SSH_BANNER)) {
      int port = proxy(ssh.port(), Duration.ofMillis(25));
      long start = System.nanoTime();
      Socket client = connect(port);
      assertThat(new String(client.getInputStream().readNBytes(21), StandardCharsets.US_ASCII))
          .isEqualTo("SSH-2.0-OpenSSH_9.2\r\n");
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(25);
    }
  }

  @Test
  void clientHalfCloseReachesTheTargetAndTheReplyStillFlows() throws Exception {
    ServerSocket target = target();
    Socket client = connect(proxy(target.getLocalPort(), Duration.ofMillis(5)));
    Socket server = closeLater(target.accept());
    client.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
    client.shutdownOutput();
    assertThat(server.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("request");
    server.getOutputStream().write("reply".getBytes(StandardCharsets.US_ASCII));
    server.close();
    assertThat(client.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("reply");
  }

  @Test
  void targetHalfCloseReachesTheClientWhichCanStillSend() throws Exception {
    ServerSocket target = target();
    Socket client = connect(proxy(target.getLocalPort(), Duration.ofMillis(5)));
    Socket server = closeLater(target.accept());
    server.getOutputStream().write("banner".getBytes(StandardCharsets.US_ASCII));
    server.shutdownOutput();
    assertThat(client.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("banner");
    client.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));
    client.shutdownOutput();
    assertThat(server.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("late");
  }

  @Test
  void resetByTheTargetBecomesAResetAtTheClient() throws Exception {
    ServerSocket target = target();
    Socket client = connect(proxy(target.getLocalPort(), Duration.ofMillis(5)));
    Socket server = closeLater(target.accept());
    client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(server.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
    server.setSoLinger(true, 0);
    server.close();
    assertThatThrownBy(() -> client.getInputStream().read())
        .isInstanceOf(SocketException.class).hasMessage("Connection reset");
  }

  @Test
  void resetByTheClientBecomesAResetAtTheTarget() throws Exception {
    ServerSocket target = target();
    Socket client = connect(proxy(target.getLocalPort(), Duration.ofMillis(5)));
    Socket server = closeLater(target.accept());
    server.getOutputStream().write("ready".getBytes(StandardCharsets.US_ASCII));
    assertThat(client.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("ready");
    client.setSoLinger(true, 0);
    client.close();
    assertThatThrownBy(() -> server.getInputStream().read())
        .isInstanceOf(SocketException.class).hasMessage("Connection reset");
  }

  @Test
  void dataForATargetThatHasClosedEndsInAResetAtTheClient() throws Exception {
    ServerSocket target = target();
    Socket client = connect(proxy(target.getLocalPort(), Duration.ofMillis(5)));
    closeLater(target.accept()).close();
    assertThat(client.getInputStream().read()).isEqualTo(-1);
    // The target's kernel answers further data with a reset; the proxy's next write finds it and resets the client.
    IOException failure = null;
    for (int i = 0; i < 200 && failure == null; i++) {
      try {
        client.getOutputStream().write('x');
        Thread.sleep(10);
      } catch (IOException e) {
        failure = e;
      }
    }
    assertThat(failure).isInstanceOf(SocketException.class).hasMessageMatching("Broken pipe|Connection reset.*");
  }

  @Test
  void unreachableTargetResetsTheClient() throws Exception {
    int port = proxy(Tools.freePorts(1)[0], Duration.ZERO);
    // The reset may come before connect() returns ("Connection reset by peer") or at the first read.
    assertThatThrownBy(() -> connect(port).getInputStream().read())
        .isInstanceOf(SocketException.class).hasMessageStartingWith("Connection reset");
  }

  @Test
  void closeEndsOpenConnectionsAndStopsListening() throws Exception {
    RttProxy proxy = new RttProxy();
    int port = proxy.start(Tools.LOOPBACK, echoTarget(), Duration.ofMillis(5));
    try (Socket client = connect(port)) {
      client.getOutputStream().write('a');
      assertThat(client.getInputStream().read()).isEqualTo('a');
      assertThat(proxy.openConnections()).isEqualTo(1);
      proxy.close();
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    } finally {
      proxy.close();
    }
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
    assertThat(proxy.openConnections()).isZero();
    assertThat(Tools.accepts(port)).isFalse();
  }

  @Test
  void refusesAddressesOffLoopbackWithoutResolvingNames() {
    assertThatThrownBy(() -> new RttProxy().start("10.0.0.1", 443, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target address '10.0.0.1' is not a loopback address: use 127.0.0.1, ::1 or localhost"
            + " (this proxy never leaves the machine)");
    assertThatThrownBy(() -> new RttProxy().start("example.com", 443, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target address 'example.com' is not a loopback address: use 127.0.0.1, ::1 or localhost"
            + " (names are not resolved; this proxy never leaves the machine)");
    assertThatThrownBy(() -> new RttProxy().start(new InetSocketAddress("0.0.0.0", 0), "127.0.0.1", 443,
        Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("listen address 0.0.0.0:0 is not a loopback address");
    assertThat(RttProxy.loopback("target", "[::1]").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(RttProxy.loopback("target", "127.3.4.5").getHostAddress()).isEqualTo("127.3.4.5");
    assertThat(RttProxy.loopback("target", "localhost").getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void parsesTheCommandLine() {
    RttProxy.Options o = RttProxy.Options.parse("--listen", "8444", "--target", "127.0.0.1:8443", "--rtt", "40ms");
    assertThat(o.listen().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(o.listen().getPort()).isEqualTo(8444);
    assertThat(o.targetHost()).isEqualTo("127.0.0.1");
    assertThat(o.targetPort()).isEqualTo(8443);
    assertThat(o.oneWayDelay()).isEqualTo(Duration.ofMillis(20));
    RttProxy.Options v6 = RttProxy.Options.parse("--rtt", "0.25s", "--target", "[::1]:443", "--listen", "[::1]:0");
    assertThat(v6.listen().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(v6.targetHost()).isEqualTo("[::1]");
    assertThat(v6.oneWayDelay()).isEqualTo(Duration.ofMillis(125));
  }

  @Test
  void refusesBadCommandLines() {
    assertThatThrownBy(() -> RttProxy.Options.parse("--listen", "0.0.0.0:8444", "--target", "127.0.0.1:8443",
        "--rtt", "40ms")).hasMessage("listen address '0.0.0.0' is not a loopback address: use 127.0.0.1, ::1 or"
        + " localhost (this proxy never leaves the machine)");
    assertThatThrownBy(() -> RttProxy.Options.parse("--listen", "8444", "--target", "192.168.1.10:443",
        "--rtt", "40ms")).hasMessageStartingWith("target address '192.168.1.10' is not a loopback address");
    assertThatThrownBy(() -> RttProxy.Options.parse("--listen", "8444", "--target", "127.0.0.1:8443",
        "--rtt", "40")).hasMessage("--rtt '40' is not a duration like 40ms or 0.2s");
    assertThatThrownBy(() -> RttProxy.Options.parse("--listen", "8444", "--target", "8443", "--rtt", "40ms"))
        .hasMessage("--target '8443' is not HOST:PORT");
    assertThatThrownBy(() -> RttProxy.Options.parse("--listen", "8444", "--rtt", "40ms"))
        .hasMessage("--listen, --target and --rtt are all required");
    assertThatThrownBy(() -> RttProxy.Options.parse("--listen", "70000", "--target", "127.0.0.1:1", "--rtt", "1ms"))
        .hasMessage("port 70000 in '70000' is out of range");
    assertThatThrownBy(() -> RttProxy.Options.parse("--delay", "1ms")).hasMessage("unknown argument '--delay'");
  }

  @Test
  void parseAll_pairsShareOneRtt() {
    List<RttProxy.Options> all = RttProxy.Options.parseAll("--rtt", "40ms", "--listen", "8444", "--target",
        "127.0.0.1:8443", "--listen", "[::1]:0", "--target", "[::1]:443");
    assertThat(all).extracting(o -> o.listen().getPort() + ">" + o.targetHost() + ":" + o.targetPort() + "/"
        + o.oneWayDelay().toMillis()).containsExactly("8444>127.0.0.1:8443/20", "0>[::1]:443/20");
    assertThat(RttProxy.Options.parseAll("--listen", "8444", "--target", "127.0.0.1:8443", "--rtt", "40ms"))
        .hasSize(1);
    assertThatThrownBy(() -> RttProxy.Options.parseAll("--listen", "8444", "--target", "127.0.0.1:8443"))
        .hasMessage("--listen, --target and --rtt are all required");
    assertThatThrownBy(() -> RttProxy.Options.parseAll("--rtt", "40ms", "--listen", "8444", "--target",
        "127.0.0.1:8443", "--listen", "8445")).hasMessage("--listen, --target and --rtt are all required");
    assertThatThrownBy(() -> RttProxy.Options.parseAll("--rtt", "40ms", "--target", "127.0.0.1:8443"))
        .hasMessage("--target 127.0.0.1:8443 has no --listen before it");
  }

  /** {@code java -cp <test classes> dev.tlsdoctor.testing.RttProxy ARGS...}, as bench/rtt-proxy runs it. */
  private static Process program(String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classes = Path.of(RttProxy.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", classes, RttProxy.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }

  @Test
  void runsAsAProgram() throws Exception {
    int target = echoTarget();
    Process p = program("--listen", "127.0.0.1:0", "--target", "127.0.0.1:" + target, "--rtt", "40ms");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, pool).get(10, TimeUnit.SECONDS);
      assertThat(line).matches("rtt-proxy: listening on 127\\.0\\.0\\.1:\\d+, forwarding to 127\\.0\\.0\\.1:"
          + target + " with 20ms each way \\(40ms round trip, one more before each connection's first byte\\)");
      int port = Integer.parseInt(line.replaceAll(".*127\\.0\\.0\\.1:(\\d+), forwarding.*", "$1"));
      Socket client = connect(port);
      long start = System.nanoTime();
      client.getOutputStream().write('z');
      assertThat(client.getInputStream().read()).isEqualTo('z');
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(40);
    } finally {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void asAProgramRefusesATargetOffLoopback() throws Exception {
    Process p = program("--listen", "0", "--target", "192.0.2.1:443", "--rtt", "40ms");
    try {
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(2);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(err).startsWith("rtt-proxy: target address '192.0.2.1' is not a loopback address: use 127.0.0.1,"
          + " ::1 or localhost (this proxy never leaves the machine)\nusage: rtt-proxy --listen");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void opensslHandshakeThroughTheProxyCompletes() throws Exception {
    Tools.openssl(tmp, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost");
    int serverPort = Tools.freePorts(1)[0];
    Process server = new ProcessBuilder(Tools.require("openssl").toString(), "s_server",
        "-accept", Tools.LOOPBACK + ":" + serverPort, "-naccept", "1",
        "-cert", tmp.resolve("cert.pem").toString(), "-key", tmp.resolve("key.pem").toString())
        .redirectErrorStream(true).start();
    try {
      awaitLine(server.getInputStream(), "ACCEPT");
      int port = proxy(serverPort, Duration.ofMillis(20));
      long start = System.nanoTime();
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost");
      long elapsed = millisSince(start);
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.stdout()).contains("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384");
      assertThat(elapsed).isGreaterThanOrEqualTo(40); // at least one round trip: ClientHello, server flight
    } finally {
      server.destroy();
      if (!server.waitFor(5, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** Reads lines until one equals {@code expected}; fails when the stream ends first or after 10 s. */
  private void awaitLine(InputStream in, String expected) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    Boolean found = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          seen.append(line).append('\n');
          if (line.equals(expected)) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    }, pool).get(10, TimeUnit.SECONDS);
    assertThat(found).as("openssl s_server output:\n%s", seen).isTrue();
  }
}
