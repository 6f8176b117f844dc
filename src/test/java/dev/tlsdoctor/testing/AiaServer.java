package dev.tlsdoctor.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) for the caIssuers URLs of test
 * certificates: a path given to {@link #serve} answers 200 with its bytes, one given to {@link #redirect} answers 302
 * to its location, any other path answers 404. Counts the requests.
 */
public final class AiaServer implements AutoCloseable {
  private final HttpServer server;
  private final String host;
  private final int port;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  private AiaServer(String host, int port) {
    this.host = host;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.port = server.getAddress().getPort();
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        byte[] body = bodies.get(path);
        if (redirects.containsKey(path)) {
          exchange.getResponseHeaders().add("Location", redirects.get(path));
          exchange.sendResponseHeaders(302, -1);
        } else if (body == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          exchange.getResponseHeaders().add("Content-Type", "application/pkix-cert");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      }
    });
    server.start();
  }

  /** Starts on {@code port} (from {@link Tools#freePorts}, so that certificates can name it first). */
  public static AiaServer start(int port) {
    return new AiaServer(Tools.LOOPBACK, port);
  }

  /** Starts on a free port of {@code host}, an IP literal (another loopback address such as 127.0.0.2). */
  public static AiaServer startOn(String host) {
    return new AiaServer(host, 0);
  }

  /** {@code http://HOST:PORT/path}. */
  public String url(String path) {
    return "http://" + host + ":" + port + path;
  }

  public AiaServer serve(String path, byte[] body) {
    bodies.put(path, body);
    return this;
  }

  public AiaServer redirect(String path, String location) {
    redirects.put(path, location);
    return this;
  }

  /** Requests answered so far. */
  public int requests() {
    return requests.get();
  }

  /** The DER of the first certificate in the PEM file {@code pem}. */
  public static byte[] der(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
