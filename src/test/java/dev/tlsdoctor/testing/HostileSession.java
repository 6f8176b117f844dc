package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection of a {@link HostileServer}: the verbs its behaviours are made of (read the hello, send, FIN,
 * reset, wait for the client) and the record of what happened, which {@link HostileServer#connections()} reports.
 */
final class HostileSession {
  final int number;
  private final HostileServer server;
  private final Socket socket;
  private final long acceptedAt = System.nanoTime();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final InputStream in;
  private final OutputStream out;
  /** Guarded by the server's monitor. */
  HostileServer.End end = HostileServer.End.OPEN;
  private String detail = "";
  private volatile long closedAt;

  HostileSession(HostileServer server, int number, Socket socket) {
    this.server = server;
    this.number = number;
    this.socket = socket;
    InputStream i;
    OutputStream o;
    try {
      i = socket.getInputStream();
      o = socket.getOutputStream();
    } catch (IOException e) {
      i = InputStream.nullInputStream();
      o = OutputStream.nullOutputStream();
      end(HostileServer.End.CLIENT_RESET, String.valueOf(e.getMessage()));
    }
    this.in = new CountingInput(i, bytesRead);
    this.out = new CountingOutput(o, bytesWritten);
  }

  /**
   * The client's first message: a whole TLS record when the first five bytes look like a record header (content
   * type 20 to 24, major version 3), otherwise those bytes and whatever else has already arrived. Shorter when the
   * client closes first.
   */
  byte[] readFirstMessage() throws IOException {
    byte[] head = in.readNBytes(5);
    if (head.length < 5) {
      return head;
    }
    int type = head[0] & 0xff;
    boolean record = type >= HostileTls.CHANGE_CIPHER_SPEC && type <= HostileTls.HEARTBEAT && head[1] == 3;
    int more = record ? (head[3] & 0xff) << 8 | (head[4] & 0xff) : in.available();
    byte[] rest = in.readNBytes(more);
    byte[] all = new byte[5 + rest.length];
    System.arraycopy(head, 0, all, 0, 5);
    System.arraycopy(rest, 0, all, 5, rest.length);
    return all;
  }

  /** Reads the ClientHello (possibly over several records). */
  HostileTls.Offer readHello() throws IOException {
    return HostileTls.readClientHello(in);
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Half-closes (FIN), then reads and discards until the client closes. */
  void fin() throws IOException {
    end(HostileServer.End.SERVER_FIN, "");
    socket.shutdownOutput();
    drain();
  }

  /** Resets the connection (SO_LINGER 0, close). */
  void reset() {
    end(HostileServer.End.SERVER_RESET, "");
    resetSocket();
  }

  /** Reads and discards until the client closes. */
  void silentUntilClientCloses() throws IOException {
    drain();
    end(HostileServer.End.CLIENT_FIN, "");
  }

  private void drain() throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // discarded; counted by CountingInput
    }
  }

  /** Records how the connection ended, unless an earlier cause was recorded. */
  void end(HostileServer.End how, String why) {
    synchronized (server) {
      if (end == HostileServer.End.OPEN) {
        end = how;
        detail = why;
      }
      server.notifyAll();
    }
  }

  void resetSocket() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed or reset
    }
    closeSocket();
  }

  void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // closed anyway
    }
    if (closedAt == 0) {
      closedAt = System.nanoTime();
    }
  }

  /** The public record of this connection; call with the server's monitor held. */
  HostileServer.Connection snapshot() {
    long until = closedAt != 0 ? closedAt : System.nanoTime();
    return new HostileServer.Connection(number, end, bytesRead.get(), bytesWritten.get(),
        Duration.ofNanos(until - acceptedAt), detail);
  }

  private static final class CountingInput extends InputStream {
    private final InputStream in;
    private final AtomicLong count;

    CountingInput(InputStream in, AtomicLong count) {
      this.in = in;
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }
  }

  private static final class CountingOutput extends OutputStream {
    private final OutputStream out;
    private final AtomicLong count;

    CountingOutput(OutputStream out, AtomicLong count) {
      this.out = out;
      this.count = count;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count.addAndGet(len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
