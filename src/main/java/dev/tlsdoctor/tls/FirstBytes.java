package dev.tlsdoctor.tls;

import java.nio.charset.StandardCharsets;

/**
 * The first bytes a server sent, with the tests that tell a TLS record, an SSL 2.0 record and anything else apart.
 * Naming the something else (an HTTP response, an SSH or SMTP banner) is left to the caller: {@link #text()} shows
 * it.
 *
 * @param bytes up to the first few hundred bytes received
 */
public record FirstBytes(Bytes bytes) {

  /** What the first bytes look like. */
  public enum Kind {
    /** Nothing arrived. */
    EMPTY,
    /** A TLS record header: a content type 20-24 and a version 0x03XX. */
    TLS,
    /** An SSL 2.0 record carrying a SERVER-HELLO or an ERROR. */
    SSLV2,
    /** Anything else: plain text, another protocol, garbage. */
    OTHER
  }

  public Kind kind() {
    byte[] b = bytes.toByteArray();
    if (b.length == 0) {
      return Kind.EMPTY;
    }
    if (looksLikeTlsRecord(b)) {
      return Kind.TLS;
    }
    return looksLikeSslV2ServerMessage(b) ? Kind.SSLV2 : Kind.OTHER;
  }

  /** True when the bytes (any prefix of a header) could start a TLS record. */
  public static boolean looksLikeTlsRecord(byte[] b) {
    return b.length > 0 && ContentType.forCode(b[0] & 0xFF).isPresent() && (b.length < 2 || b[1] == 3);
  }

  /**
   * True for an SSL 2.0 record with a two-byte header whose message is a SERVER-HELLO (4) or an ERROR (0), the two
   * answers an SSL 2.0 server gives a CLIENT-HELLO.
   */
  public static boolean looksLikeSslV2ServerMessage(byte[] b) {
    return b.length >= 3 && (b[0] & 0x80) != 0 && (b[2] == 4 || b[2] == 0);
  }

  /** True when the bytes start with {@code ascii}: {@code startsWith("HTTP/")}. */
  public boolean startsWith(String ascii) {
    byte[] p = ascii.getBytes(StandardCharsets.ISO_8859_1);
    if (p.length > bytes.length()) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (bytes.get(i) != (p[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  /** True when every byte is printable ASCII, tab, CR or LF: a text protocol. */
  public boolean isText() {
    for (int i = 0; i < bytes.length(); i++) {
      int c = bytes.get(i);
      if ((c < 0x20 || c > 0x7E) && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return !bytes.isEmpty();
  }

  /** The bytes as text, anything not printable ASCII escaped: {@code SSH-2.0-OpenSSH_9.2\r\n}, {@code \x16}. */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < bytes.length(); i++) {
      int c = bytes.get(i);
      switch (c) {
        case '\r' -> b.append("\\r");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c >= 0x20 && c <= 0x7E) {
            b.append((char) c);
          } else {
            b.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return kind() + " " + text();
  }
}
