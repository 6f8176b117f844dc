package dev.tlsdoctor.watch;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The HTTP endpoint Prometheus scrapes: {@code /metrics} in the Prometheus text format (the Prometheus Java client's
 * own server), bound to exactly the address given, never to all interfaces unless asked ({@code 0.0.0.0:PORT} or
 * {@code [::]:PORT}).
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /** Where to listen: an IP address (a literal: no name is looked up) and a port. */
  public record Address(InetAddress ip, int port) {
    /**
     * Parses {@code 127.0.0.1:9464}, {@code [::1]:9464} or {@code 0.0.0.0:9464}. Port 0 takes a free port.
     * Throws IllegalArgumentException with the reason.
     */
    public static Address parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("'" + text + "' is not ADDRESS:PORT (such as 127.0.0.1:9464, [::1]:9464"
            + " or 0.0.0.0:9464 for every interface)");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw new IllegalArgumentException("'" + text + "': an IPv6 address is written in brackets: [::1]:9464");
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("'" + text + "': the port is not a number from 0 to 65535");
      }
      if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        throw new IllegalArgumentException("'" + text + "': the address is an IP address (no name is looked up)");
      }
      try {
        return new Address(InetAddress.getByName(host), port);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + text + "': '" + host + "' is not an IP address");
      }
    }
  }

  /** Starts serving {@code registry}; fails when the address cannot be bound (in use, not local). */
  public static MetricsEndpoint start(Address at, PrometheusRegistry registry) throws IOException {
    return new MetricsEndpoint(HTTPServer.builder().inetAddress(at.ip()).port(at.port()).registry(registry)
        .buildAndStart());
  }

  /** The port bound (the one asked for, or the free one taken for port 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
