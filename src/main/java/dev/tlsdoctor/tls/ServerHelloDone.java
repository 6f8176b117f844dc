package dev.tlsdoctor.tls;

/**
 * ServerHelloDone: the end of a TLS 1.2-and-earlier server's first flight (RFC 5246 section 7.4.5).
 *
 * <pre>
 * struct { } ServerHelloDone;
 * </pre>
 */
public record ServerHelloDone() {

  /** Checks that the body is empty. */
  public static ServerHelloDone parse(byte[] body) {
    WireReader.of("ServerHelloDone", body).expectEnd("body");
    return new ServerHelloDone();
  }
}
