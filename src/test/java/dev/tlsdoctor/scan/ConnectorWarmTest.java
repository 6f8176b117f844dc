package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections warmed ahead of need: used by the probes that come, within the limit, closed when the scan ends. */
class ConnectorWarmTest {
  private ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), 0), 64);
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          accepted.add(server.accept());
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  @AfterEach
  void close() throws IOException {
    server.close();
    for (Socket s : accepted) {
      s.close();
    }
  }

  private Connector connector(int limit) throws IOException {
    return new Connector(InetAddress.getByName(Tools.LOOPBACK), server.getLocalPort(), Duration.ofSeconds(10),
        Duration.ofSeconds(2), Duration.ofSeconds(2), limit);
  }

  private void awaitAccepted(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (accepted.size() < n && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(accepted).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void keepWarm_probeGetsASocketConnectedBeforeItAsked() throws Exception {
    Connector c = connector(8);
    c.keepWarm(2);
    awaitAccepted(2);
    List<Integer> warmPorts = accepted.stream().map(Socket::getPort).toList();

    int used = c.withSocket(Socket::getLocalPort);

    assertThat(warmPorts).contains(used);
    c.close();
    // the socket taken was replaced (a third connection); every one counted is one the server accepted
    awaitAccepted(3);
    // the server accepts as the client's connect returns, a moment before the connector counts it
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (c.connections() < 3 && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(c.connections()).isEqualTo(3);
    assertThat(accepted).hasSize(3);
  }

  @Test
  void close_unusedWarmSocketsAreClosed() throws Exception {
    Connector c = connector(8);
    c.keepWarm(3);
    awaitAccepted(3);

    c.close();

    for (Socket s : accepted) {
      s.setSoTimeout(2000);
      assertThat(s.getInputStream().read()).as("the server sees the end of an unused connection").isEqualTo(-1);
    }
    assertThat(c.connections()).isEqualTo(3);
  }

  @Test
  void warmSocketsHoldingEveryPermit_probesStillGetConnections() throws Exception {
    Connector c = connector(2);
    c.keepWarm(2);
    awaitAccepted(2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        fs.add(pool.submit(() -> c.withSocket(Socket::getLocalPort)));
      }
      for (Future<Integer> f : fs) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
      c.close();
    }
  }

  @Test
  void socketTheServerClosedWhileWaiting_isNotUsed() throws Exception {
    Connector c = connector(8);
    c.keepWarm(1);
    awaitAccepted(1);
    accepted.get(0).close();
    Thread.sleep(50);
    int first = accepted.get(0).getPort();

    int used = c.withSocket(Socket::getLocalPort);

    assertThat(used).isNotEqualTo(first);
    c.close();
  }
}
