package dev.tlsdoctor.openssl;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.EnumSet;
import java.util.Set;

/**
 * OpenSSL's security levels 0 to 5 ({@code @SECLEVEL=n}, {@code SSL_CTX_set_security_level}): what each one refuses
 * in OpenSSL 3.0's default security callback ({@code ssl_security_default_callback}, {@code ssl/ssl_cert.c}).
 *
 * <p>Level 0 permits everything. From level 1 on, each level names a number of security bits (80, 112, 128, 192,
 * 256) that suites, RSA and DH keys and curves must reach; see {@link CipherString} for what it removes from a
 * cipher string.
 */
public final class SecurityLevel {
  /** The highest level OpenSSL knows. */
  public static final int MAX = 5;

  /** Security bits at levels 0-5. */
  private static final int[] BITS = {0, 80, 112, 128, 192, 256};

  /** RSA, DSA and DH modulus bits equivalent to {@link #BITS} (NIST SP 800-57 part 1, as OpenSSL maps them). */
  private static final int[] FINITE_FIELD_BITS = {0, 1024, 2048, 3072, 7680, 15360};

  private SecurityLevel() {
  }

  /** Whether {@code level} is one OpenSSL knows. */
  public static boolean isValid(int level) {
    return level >= 0 && level <= MAX;
  }

  /** The security bits {@code level} requires of a suite: 0, 80, 112, 128, 192 or 256. */
  public static int securityBits(int level) {
    return BITS[clamp(level)];
  }

  /**
   * The smallest RSA key or DH prime {@code level} accepts, in bits: 0 (no limit) at level 0, then 1024, 2048, 3072,
   * 7680 and 15360. A server's {@code ssl_dhparam} below it is not used; a certificate key below it is refused.
   */
  public static int minimumFiniteFieldBits(int level) {
    return FINITE_FIELD_BITS[clamp(level)];
  }

  /**
   * The protocol versions OpenSSL 3.0 negotiates at {@code level}: built without SSL 3.0, it refuses TLS 1.0 and 1.1
   * from level 1 on (their handshakes sign with SHA-1 and MD5-SHA1, which rate below 80 bits), so only TLS 1.2 and
   * 1.3 remain unless the level is 0.
   */
  public static Set<ProtocolVersion> usableProtocols(int level) {
    return level >= 1 ? EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)
        : EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3);
  }

  private static int clamp(int level) {
    return Math.max(0, Math.min(level, MAX));
  }
}
