package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The child JVM of {@link JdkTlsServer}: a JSSE server socket on 127.0.0.1 that handshakes every connection, answers
 * one tiny HTTP response and closes. Arguments: port, PKCS12 key store (password {@link #PASSWORD}), protocols and
 * suites (JSSE names, comma-separated, suites in the server's order), and {@code true}/{@code false} for the server's
 * order. Prints {@link #READY} once it listens; exits when its standard input ends (the parent is gone).
 */
public final class JdkTlsServerMain {
  /** The line printed once the socket listens. */
  public static final String READY = "JDK TLS server ready";
  /** Of the PKCS12 key store. */
  public static final String PASSWORD = "changeit";

  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
      + "Connection: close\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII);

  private JdkTlsServerMain() {
  }

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    int port = Integer.parseInt(args[0]);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
    SSLParameters p = server.getSSLParameters();
    p.setProtocols(args[2].split(","));
    p.setCipherSuites(args[3].split(",")); // an unknown name throws here: the parent shows the stack trace
    p.setUseCipherSuitesOrder(Boolean.parseBoolean(args[4]));
    server.setSSLParameters(p);

    Thread.ofPlatform().daemon().start(() -> {
      try {
        System.in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        // the pipe broke: the parent is gone just the same
      }
      System.exit(0);
    });
    System.out.println(READY);
    System.out.flush();
    while (true) {
      Socket s = server.accept();
      Thread.ofVirtual().start(() -> serve((SSLSocket) s));
    }
  }

  private static void serve(SSLSocket s) {
    try (s) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      // read the request head (or whatever comes before the client closes), then answer
      InputStream in = s.getInputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
      }
      s.getOutputStream().write(RESPONSE);
      s.getOutputStream().flush();
    } catch (IOException e) {
      // most of a scanner's connections end before or right after the handshake
    }
  }
}
