package dev.tlsdoctor.scan;

import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on 127.0.0.1 that answers no ClientHello the way a TLS server would: it keeps silent, resets every
 * connection, or greets like another protocol first. Accepts any number of connections.
 */
public final class QuietServer implements AutoCloseable {
  /** What the server does with each connection. */
  public enum Policy {
    /** Reads and never answers, keeping the connection open. */
    SILENT,
    /** Reads the hello, then resets the connection (SO_LINGER 0). */
    RESET,
    /** Greets with an SSH banner, as sshd does before the client speaks. */
    SSH_BANNER,
    /** Answers the first hello with a fatal handshake_failure(40) alert, then keeps silent on every connection. */
    ALERT_THEN_SILENT
  }

  private final java.util.concurrent.atomic.AtomicBoolean alerted = new java.util.concurrent.atomic.AtomicBoolean();

  private final ServerSocket listener;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private QuietServer(ServerSocket listener, Policy policy) {
    this.listener = listener;
    Thread.ofVirtual().start(() -> acceptLoop(policy));
  }

  public static QuietServer start(Policy policy) {
    return start(policy, Tools.LOOPBACK);
  }

  /** A server on {@code loopback}: 127.0.0.1 or ::1. */
  public static QuietServer start(Policy policy, String loopback) {
    if (!loopback.equals(Tools.LOOPBACK) && !loopback.equals("::1")) {
      throw new IllegalArgumentException("tests listen on loopback only, not " + loopback);
    }
    try {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(InetAddress.getByName(loopback), 0));
      return new QuietServer(s, policy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop(Policy policy) {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        open.add(s);
        Policy now = policy == Policy.ALERT_THEN_SILENT && alerted.getAndSet(true) ? Policy.SILENT : policy;
        Thread.ofVirtual().start(() -> serve(s, now));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void serve(Socket s, Policy policy) {
    try {
      switch (policy) {
        case SILENT -> s.getInputStream().read(new byte[16384]);
        case RESET -> {
          s.getInputStream().read(new byte[16384]);
          s.setSoLinger(true, 0);
          s.close();
        }
        case ALERT_THEN_SILENT -> {
          s.getInputStream().read(new byte[16384]);
          s.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28});
          s.getOutputStream().flush();
          s.close();
        }
        case SSH_BANNER -> {
          s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(
              java.nio.charset.StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          s.getInputStream().read(new byte[16384]);
        }
      }
    } catch (IOException e) {
      // closed by the test
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
      for (Socket s : open) {
        s.close();
      }
    } catch (IOException e) {
      // closing
    }
  }
}
