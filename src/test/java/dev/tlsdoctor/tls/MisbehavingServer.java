package dev.tlsdoctor.tls;

import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP server on 127.0.0.1 that reads what a client sends and then misbehaves as its {@link Policy} says: the ways a
 * real peer ends a handshake badly, which no TLS library can be told to do.
 */
final class MisbehavingServer implements AutoCloseable {
  /** What the server does after it has read the client's first bytes. */
  enum Policy {
    /** Sends nothing and keeps the connection open. */
    SILENT,
    /** Sends its bytes one at a time, 20 ms apart, then keeps the connection open. */
    TRICKLE,
    /** Sends its bytes, then keeps the connection open. */
    SEND_THEN_STALL,
    /** Sends its bytes, then closes the connection (FIN). */
    SEND_THEN_CLOSE,
    /** Sends its bytes, then resets the connection (SO_LINGER 0). */
    SEND_THEN_RESET
  }

  private final ServerSocket listener;
  private final Thread thread;
  private volatile Socket accepted;

  private MisbehavingServer(ServerSocket listener, Policy policy, byte[] bytes) {
    this.listener = listener;
    this.thread = Thread.ofVirtual().start(() -> serve(policy, bytes));
  }

  static MisbehavingServer start(Policy policy, byte[] bytes) {
    try {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), 0));
      return new MisbehavingServer(s, policy, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  private void serve(Policy policy, byte[] bytes) {
    try (Socket s = listener.accept()) {
      accepted = s;
      s.getInputStream().read(new byte[16384]);
      OutputStream out = s.getOutputStream();
      if (policy == Policy.TRICKLE) {
        for (byte b : bytes) {
          out.write(b);
          out.flush();
          Thread.sleep(20);
        }
      } else {
        out.write(bytes);
        out.flush();
      }
      switch (policy) {
        case SEND_THEN_CLOSE -> { }
        case SEND_THEN_RESET -> s.setSoLinger(true, 0);
        default -> Thread.sleep(10_000);
      }
    } catch (IOException | InterruptedException e) {
      // closed by the test
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
      Socket s = accepted;
      if (s != null) {
        s.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    thread.interrupt();
  }
}
