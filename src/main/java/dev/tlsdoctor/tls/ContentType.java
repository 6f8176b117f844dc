package dev.tlsdoctor.tls;

import java.util.Optional;

/** The content type of a TLS record (RFC 8446 section 5.1, RFC 6520 for heartbeat). */
public enum ContentType {
  CHANGE_CIPHER_SPEC(20),
  ALERT(21),
  HANDSHAKE(22),
  APPLICATION_DATA(23),
  /** RFC 6520; OpenSSL removed heartbeats in 1.1.0 (Heartbleed). */
  HEARTBEAT(24);

  private final int code;

  ContentType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type with this code; empty for anything else (DTLS-only types, garbage). */
  public static Optional<ContentType> forCode(int code) {
    for (ContentType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT) + "(" + code + ")";
  }
}
