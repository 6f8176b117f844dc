package dev.tlsdoctor.tls;

import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Sends a hello to a server on 127.0.0.1 and reads its flight, as a probe will. */
final class Loopback {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Loopback() {
  }

  static ServerFlight exchange(int port, ClientHello hello) {
    return exchange(port, hello.toRecords());
  }

  static ServerFlight exchange(int port, byte[] hello) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), port), 2000);
      return ServerFlight.exchange(s, hello, TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException("connect to " + Tools.LOOPBACK + ":" + port, e);
    }
  }
}
