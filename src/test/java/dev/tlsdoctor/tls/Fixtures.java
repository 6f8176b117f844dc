package dev.tlsdoctor.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The captured flights in {@code src/test/resources/tls/}: hex, one record per line, {@code #} comments saying which
 * server sent them in answer to which ClientHello.
 */
public final class Fixtures {
  /** The server flights (everything but the ClientHello captures). */
  public static final List<String> FLIGHTS = List.of("openssl-tls12-ecdhe-rsa.hex", "openssl-tls12-dhe-rsa.hex",
      "openssl-tls13-server-hello.hex", "openssl-tls13-hello-retry-request.hex", "openssl-alert-handshake-failure.hex",
      "openssl-tls10-ecdhe-rsa.hex", "nginx-tls12-ocsp-client-auth.hex", "nginx-plain-http-400.hex");

  private Fixtures() {
  }

  public static byte[] load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/tls/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /tls/" + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return Hex.decode(text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stream that hands out {@code data} in pieces of the sizes {@code sizes} picks, as a network might. */
  static InputStream inPieces(byte[] data, java.util.function.IntSupplier sizes) {
    return new InputStream() {
      private int at;

      @Override
      public int read() {
        return at < data.length ? data[at++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (at >= data.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, Math.max(1, sizes.getAsInt())), data.length - at);
        System.arraycopy(data, at, b, off, n);
        at += n;
        return n;
      }

      @Override
      public int available() {
        return data.length - at;
      }
    };
  }

  /** One byte per read. */
  static InputStream oneByteAtATime(byte[] data) {
    return inPieces(data, () -> 1);
  }

  /** Pieces of 1 to 64 random bytes. */
  static InputStream randomPieces(byte[] data, Random random) {
    return inPieces(data, () -> 1 + random.nextInt(64));
  }
}
