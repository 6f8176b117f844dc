package dev.tlsdoctor.kb;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which handshake an event belongs to, seen from nginx. */
public enum Direction {
  /** nginx was the server: a client connected to nginx. */
  CLIENT("client"),
  /** nginx was the client: it connected to an upstream (proxy_pass, grpc_pass, stream proxy, ...). */
  UPSTREAM("upstream"),
  /** Neither: nginx's own start-up or configuration (e.g. a certificate that cannot be loaded). */
  LOCAL("local"),
  /** The message alone does not say (a bare OpenSSL error, a client-side message). */
  UNKNOWN("unknown");

  private final String id;

  Direction(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
