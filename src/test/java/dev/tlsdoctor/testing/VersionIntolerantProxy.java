package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The version-intolerant front end of old load balancers and firewalls, on 127.0.0.1: it reads each connection's first
 * TLS record and resets the connection when the ClientHello's client_version is above {@code highest} (without
 * looking at supported_versions, as those boxes did); otherwise it relays both ways to a real server on
 * {@code backendPort}. Records the client_version of every hello it saw.
 */
public final class VersionIntolerantProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int backendPort;
  private final int highest;
  private final List<Integer> seen = new ArrayList<>();
  private final Thread acceptor;

  private VersionIntolerantProxy(int backendPort, int highest) throws IOException {
    this.backendPort = backendPort;
    this.highest = highest;
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = Thread.ofVirtual().start(this::acceptLoop);
  }

  /** A proxy that refuses every ClientHello whose client_version is above {@code highest} (e.g. 0x0301). */
  public static VersionIntolerantProxy start(int backendPort, int highest) {
    try {
      return new VersionIntolerantProxy(backendPort, highest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The client_version of each ClientHello received, in order. */
  public synchronized List<Integer> helloVersions() {
    return List.copyOf(seen);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(5000);
      InputStream in = client.getInputStream();
      byte[] header = in.readNBytes(5);
      if (header.length < 5) {
        return;
      }
      int length = (header[3] & 0xFF) << 8 | header[4] & 0xFF;
      byte[] body = in.readNBytes(length);
      // handshake header (4 bytes), then client_version
      int version = body.length >= 6 ? (body[4] & 0xFF) << 8 | body[5] & 0xFF : -1;
      synchronized (this) {
        seen.add(version);
      }
      if (version > highest) {
        client.setSoLinger(true, 0);
        return; // closing with linger 0 resets the connection
      }
      try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
        backend.setSoTimeout(5000);
        OutputStream up = backend.getOutputStream();
        up.write(header);
        up.write(body);
        up.flush();
        Thread down = Thread.ofVirtual().start(() -> pump(backend, client));
        pump(client, backend);
        down.join(5000);
      }
    } catch (IOException | InterruptedException e) {
      // the client or the backend went away: nothing to relay any more
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
      acceptor.join(2000);
    } catch (IOException | InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
