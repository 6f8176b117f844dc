package dev.tlsdoctor.tls;

import java.util.Locale;
import java.util.Optional;

/**
 * An SSL/TLS protocol version as it appears on the wire ({@code ProtocolVersion} of RFC 8446 section 4.1.2), in
 * OpenSSL's output ({@code Protocol : TLSv1.2}) and in nginx's {@code ssl_protocols}.
 */
public enum ProtocolVersion {
  /** SSL 2.0 (1995). Prohibited by RFC 6176 (2011); its ClientHello carries version 0x0002. */
  SSLv2(0x0002, "SSLv2", "SSL 2.0"),
  /** SSL 3.0 (1996, RFC 6101). Prohibited by RFC 7568 (2015, POODLE). */
  SSLv3(0x0300, "SSLv3", "SSL 3.0"),
  /** TLS 1.0 (1999, RFC 2246). Deprecated by RFC 8996 (2021); OpenSSL 3.0 allows it only at security level 0. */
  TLSv1(0x0301, "TLSv1", "TLS 1.0"),
  /** TLS 1.1 (2006, RFC 4346). Deprecated by RFC 8996 (2021); OpenSSL 3.0 allows it only at security level 0. */
  TLSv1_1(0x0302, "TLSv1.1", "TLS 1.1"),
  /** TLS 1.2 (2008, RFC 5246). */
  TLSv1_2(0x0303, "TLSv1.2", "TLS 1.2"),
  /** TLS 1.3 (2018, RFC 8446). Negotiated through the supported_versions extension. */
  TLSv1_3(0x0304, "TLSv1.3", "TLS 1.3");

  private final int wire;
  private final String opensslName;
  private final String displayName;

  ProtocolVersion(int wire, String opensslName, String displayName) {
    this.wire = wire;
    this.opensslName = opensslName;
    this.displayName = displayName;
  }

  /** The two-byte value on the wire, e.g. 0x0303 for TLS 1.2. */
  public int wire() {
    return wire;
  }

  /** The name OpenSSL prints ({@code SSL_get_version}, {@code openssl ciphers -v}): {@code TLSv1}, {@code TLSv1.2}. */
  public String opensslName() {
    return opensslName;
  }

  /**
   * The parameter of nginx's {@code ssl_protocols} / {@code proxy_ssl_protocols} ({@code SSLv2 SSLv3 TLSv1 TLSv1.1
   * TLSv1.2 TLSv1.3}); nginx compares it case-insensitively. Also the name Java's JSSE uses.
   */
  public String nginxName() {
    return opensslName;
  }

  /** The name people write: {@code TLS 1.2}. */
  public String displayName() {
    return displayName;
  }

  public boolean isAtLeast(ProtocolVersion other) {
    return compareTo(other) >= 0;
  }

  /** The version with this wire value; throws for anything else (drafts, DTLS, garbage). */
  public static ProtocolVersion fromWire(int wire) {
    return forWire(wire).orElseThrow(() -> new IllegalArgumentException(
        String.format("Unexpected protocol version: 0x%04X", wire)));
  }

  public static Optional<ProtocolVersion> forWire(int wire) {
    for (ProtocolVersion v : values()) {
      if (v.wire == wire) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * The version named as OpenSSL, nginx or Java name it ({@code TLSv1.2}, case-insensitive), also {@code TLSv1.0},
   * {@code TLS1.2} and {@code TLS 1.2}; throws with the bad name otherwise.
   */
  public static ProtocolVersion fromName(String name) {
    return forName(name).orElseThrow(() -> new IllegalArgumentException(
        "Unexpected protocol version: '" + name + "'"));
  }

  public static Optional<ProtocolVersion> forName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.trim().toUpperCase(Locale.ROOT).replace(" ", "")));
  }

  /**
   * The names {@link #forName} accepts, upper case without spaces: TLSV1.0 and TLS1.0, then each version's OpenSSL
   * name and that name without its V, the first version of a name winning (a config names one per server).
   */
  private static final java.util.Map<String, ProtocolVersion> BY_NAME = byName();

  private static java.util.Map<String, ProtocolVersion> byName() {
    java.util.Map<String, ProtocolVersion> m = new java.util.HashMap<>();
    m.put("TLSV1.0", TLSv1);
    m.put("TLS1.0", TLSv1);
    for (ProtocolVersion v : values()) {
      String o = v.opensslName.toUpperCase(Locale.ROOT);
      m.putIfAbsent(o, v);
      m.putIfAbsent(o.replace("V", ""), v);
    }
    return java.util.Map.copyOf(m);
  }

  @Override
  public String toString() {
    return opensslName;
  }
}
