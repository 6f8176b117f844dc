package dev.tlsdoctor.openssl;

import dev.tlsdoctor.tls.CipherSuite;
import java.util.List;

/**
 * What OpenSSL makes of a cipher string (nginx's {@code ssl_ciphers} / {@code proxy_ssl_ciphers}): the TLS
 * 1.2-and-below suites it will offer, in order, and everything it silently ignored or dropped on the way.
 *
 * @param input the string as given
 * @param build the emulated OpenSSL
 * @param securityLevel the security level in force (from {@code @SECLEVEL=n} or the build's default)
 * @param status whether the string is usable
 * @param error what is wrong when the status is not {@link Status#OK}; null otherwise
 * @param ciphers the suites OpenSSL will use for TLS 1.2 and below, in preference order (what
 *     {@code openssl ciphers -s -tls1_2 STRING} prints)
 * @param configured the list the string builds before OpenSSL drops what it cannot use (what
 *     {@code openssl ciphers STRING} prints after the TLS 1.3 suites)
 * @param ignored words OpenSSL skipped without a word of warning
 * @param dropped suites in {@code configured} that are not in {@code ciphers}, with the reason
 */
public record CipherStringResult(String input, OpensslBuild build, int securityLevel, Status status, String error,
    List<CipherSuite> ciphers, List<CipherSuite> configured, List<IgnoredWord> ignored, List<Dropped> dropped) {

  /** Whether OpenSSL accepts the string and it leaves something to negotiate. */
  public enum Status {
    /** At least one suite is usable. */
    OK,
    /** OpenSSL accepts the string but nothing in it is usable (security level, PSK/SRP suites): every TLS 1.2 and
     *  below handshake fails with "no shared cipher". nginx starts. */
    NOTHING_USABLE,
    /** "no cipher match": the string selects no suite. nginx refuses the configuration
     *  ({@code SSL_CTX_set_cipher_list(...) failed}). */
    NO_CIPHER_MATCH,
    /** "invalid command": a character OpenSSL cannot parse. nginx refuses the configuration. */
    INVALID
  }

  /** Why a word had no effect. */
  public enum Reason {
    /** Not a suite name or keyword OpenSSL knows; it is skipped up to the next separator. */
    UNKNOWN,
    /** A keyword or suite OpenSSL knows that selects no suite this OpenSSL has (3DES, LOW, MEDIUM in 3.0). */
    MATCHES_NOTHING,
    /** Words joined with {@code +} that exclude each other ({@code kRSA+kDHE}, {@code HIGH+FIPS}). */
    CONTRADICTORY,
    /** Text after a {@code @} command up to the next separator, which OpenSSL skips. */
    AFTER_COMMAND
  }

  /**
   * A part of the string OpenSSL ignored.
   *
   * @param text the word or element as written, prefix included
   * @param offset its position in the string (0-based)
   * @param removal true when the element was a {@code !} or {@code -} removal: ignoring it removes nothing, which
   *     is harmless unless the author expected it to match
   * @param detail why, for a person: the likely intent when there is one
   */
  public record IgnoredWord(String text, int offset, Reason reason, boolean removal, String detail) {
  }

  /**
   * A configured suite OpenSSL will not use.
   *
   * @param reason e.g. {@code "security level 3 requires forward secrecy"}
   */
  public record Dropped(CipherSuite suite, String reason) {
  }

  public boolean isUsable() {
    return status == Status.OK;
  }

  /** The OpenSSL names of {@link #ciphers()}, in order. */
  public List<String> opensslNames() {
    return ciphers.stream().map(CipherSuite::opensslName).toList();
  }
}
