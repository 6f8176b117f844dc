package dev.tlsdoctor.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input with one deadline for everything read through it: before each read the socket's SO_TIMEOUT is
 * set to the time left, so a peer that trickles one byte at a time cannot stretch a read past the deadline. Past the
 * deadline reads throw {@link SocketTimeoutException}. The socket keeps the last timeout set.
 */
public final class DeadlineInputStream extends FilterInputStream {
  private final Socket socket;
  private final long deadline;

  /** Reads from {@code socket} until {@code timeout} from now. */
  public DeadlineInputStream(Socket socket, Duration timeout) throws IOException {
    super(socket.getInputStream());
    this.socket = socket;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  @Override
  public int read() throws IOException {
    arm();
    return super.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    arm();
    return super.read(b, off, len);
  }

  private void arm() throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
  }
}
