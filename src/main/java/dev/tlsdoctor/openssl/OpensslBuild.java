package dev.tlsdoctor.openssl;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenSSL library whose cipher-string behaviour {@link CipherString} emulates: its version, its compiled-in default
 * security level and whether the legacy provider is loaded.
 *
 * <p>Only OpenSSL 3.0 is implemented (3.1-3.4 behave the same for TLS 1.2 cipher strings; 3.2 raised the default
 * security level to 2). What another version would change, for whoever adds it (check each against that version's
 * binary, as the 3.0 tests do):
 * <ul>
 *   <li>1.1.1: the same grammar, keywords and security levels; a different table (3DES suites in default builds,
 *       ARIA new in 1.1.1) and so a different default order.</li>
 *   <li>1.0.2: no security levels ({@code @SECLEVEL=n} is an invalid command and {@code -s} filters only by
 *       protocol); the suites and keywords 1.1.0 removed (EXPORT/EXP, LOW, DES, RC2, IDEA, static DH/ECDH such as
 *       {@code kDHr} and {@code kECDHe}, KRB5, SSLv2) and none of CHACHA20, CCM, ARIA; {@code DEFAULT} is
 *       {@code ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2}; RC4 and 3DES rank high in the default order.</li>
 * </ul>
 *
 * @param version the emulated version, {@code 3.0}
 * @param defaultSecurityLevel the level in force when the string has no {@code @SECLEVEL=n}: 1 in OpenSSL's own
 *     builds of 3.0-3.1, 2 in Debian's and Ubuntu's (compiled with {@code -DOPENSSL_TLS_SECURITY_LEVEL=2}) and in 3.2+
 * @param legacyProvider true when the legacy provider is loaded (it brings the SEED suites and the RC4/RC2 keywords;
 *     nginx loads it only through openssl.cnf)
 */
public record OpensslBuild(String version, int defaultSecurityLevel, boolean legacyProvider) {
  /** OpenSSL 3.0 as its own build configures it: default security level 1, default provider only. */
  public static final OpensslBuild OPENSSL_3_0 = new OpensslBuild("3.0", 1, false);

  public OpensslBuild {
    if (!version.equals("3.0")) {
      throw new IllegalArgumentException(unsupported(version));
    }
    if (!SecurityLevel.isValid(defaultSecurityLevel)) {
      throw new IllegalArgumentException("security level " + defaultSecurityLevel + " is not between 0 and 5");
    }
  }

  /**
   * The build for a version as users write it: {@code 3.0}, {@code 3}, {@code 3.0.13}, {@code OpenSSL 3.0.2}.
   * Throws, naming the version, for the versions not implemented.
   */
  public static OpensslBuild of(String version) {
    String v = version.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("openssl")) {
      v = v.substring(7).trim();
    }
    if (v.equals("3") || v.equals("3.0") || v.matches("3\\.0\\.\\d+[a-z]?")) {
      return OPENSSL_3_0;
    }
    throw new IllegalArgumentException(unsupported(version));
  }

  private static String unsupported(String version) {
    return "OpenSSL version '" + version + "' is not emulated; only 3.0 is (1.1.1 and 1.0.2 differ in suites,"
        + " keywords and security levels)";
  }

  /**
   * The protocol versions this build negotiates at security {@code level}: OpenSSL 3.0 is built without SSL 3.0 and
   * refuses TLS 1.0 and 1.1 from level 1 on (their handshakes rely on SHA-1 and MD5), so only TLS 1.2 and 1.3
   * remain unless {@code @SECLEVEL=0} is set.
   */
  public Set<ProtocolVersion> usableProtocols(int level) {
    return SecurityLevel.usableProtocols(level);
  }

  public OpensslBuild withDefaultSecurityLevel(int level) {
    return new OpensslBuild(version, level, legacyProvider);
  }

  public OpensslBuild withLegacyProvider(boolean loaded) {
    return new OpensslBuild(version, defaultSecurityLevel, loaded);
  }
}
