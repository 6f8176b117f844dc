package dev.tlsdoctor.tls;

import dev.tlsdoctor.util.DataFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An SSL 2.0 cipher kind, the 3-byte CipherSpec of an SSLv2 ClientHello ({@code SSL_CK_RC4_128_WITH_MD5(0x010080)}).
 * An SSLv2-format hello also carries TLS suites as {@code 0x00XXYY}; {@link #tlsSuite()} gives those. Unknown codes
 * survive as values. Data: resource {@code tlsdoctor/tls/sslv2-cipher-kinds.tsv}.
 *
 * @param code the 3-byte value, 0x000000-0xFFFFFF
 * @param name the specification's name, or {@code unknown}
 * @param opensslName the name OpenSSL 1.0.2 and earlier printed; null if none
 * @param keyBits secret key bits (40 for the export kinds)
 * @param export true for the 40-bit export kinds
 */
public record SslV2CipherKind(int code, String name, String opensslName, int keyBits, boolean export) {
  private static final String RESOURCE = "/tlsdoctor/tls/sslv2-cipher-kinds.tsv";
  private static final Map<Integer, SslV2CipherKind> BY_CODE = load();

  /** The kind with this code; an unlisted code gives an unknown kind (a {@code 0x00XXYY} one maps to a TLS suite). */
  public static SslV2CipherKind of(int code) {
    if (code < 0 || code > 0xFFFFFF) {
      throw new IllegalArgumentException("SSLv2 cipher kind out of range 0x000000-0xFFFFFF: " + code);
    }
    SslV2CipherKind k = BY_CODE.get(code);
    if (k != null) {
      return k;
    }
    if (code <= 0xFFFF) {
      CipherSuite s = CipherSuite.of(code);
      return new SslV2CipherKind(code, s.name(), s.opensslName(), s.keyBits(), s.is(CipherSuite.Flag.EXPORT));
    }
    return new SslV2CipherKind(code, "unknown", null, 0, false);
  }

  /** Every SSL 2.0 cipher kind in the table. */
  public static List<SslV2CipherKind> all() {
    return List.copyOf(BY_CODE.values());
  }

  /** The TLS suite a {@code 0x00XXYY} entry stands for; empty for the real SSLv2 kinds. */
  public Optional<CipherSuite> tlsSuite() {
    return code <= 0xFFFF ? Optional.of(CipherSuite.of(code)) : Optional.empty();
  }

  public String hex() {
    return String.format("0x%06X", code);
  }

  @Override
  public String toString() {
    return name + "(" + hex() + ")";
  }

  private static Map<Integer, SslV2CipherKind> load() {
    Map<Integer, SslV2CipherKind> m = new LinkedHashMap<>();
    for (SslV2CipherKind k : DataFile.rows(SslV2CipherKind.class, RESOURCE, row -> {
      String[] f = row.fields();
      int code = Integer.parseInt(f[0].substring(2), 16);
      return new SslV2CipherKind(code, f[1], f[2], Integer.parseInt(f[3]), f[4].equals("y"));
    })) {
      m.put(k.code(), k);
    }
    return m;
  }
}
