package dev.tlsdoctor.finding;

import dev.tlsdoctor.tls.BulkCipher;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.MacAlgorithm;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Why a cipher suite is weak: the one rule table that {@code scan} (suites a server accepts), {@code config}
 * (suites an nginx configuration lets clients negotiate) and {@code check} (suites gained or lost) judge suites by.
 * Each weakness is the id of the finding that reports it and carries its severity. A suite has at most one: the
 * first that applies, in the order below (worst first), so that {@code RC4-MD5} counts as RC4, not as MD5. TLS 1.3
 * suites have none. CBC mode alone is not a weakness here: Lucky13 and POODLE against TLS are implementation bugs,
 * tested on the wire by {@code scan} ({@code poodle-tls}), and every current browser still offers AES-CBC.
 */
public enum SuiteWeakness {
  /** Anonymous key exchange (aNULL): any man in the middle reads everything. */
  ANONYMOUS("cipher-anonymous", Severity.ERROR, "anonymous", "anonymous (no server authentication)",
      s -> s.is(CipherSuite.Flag.ANONYMOUS)),
  /** No encryption at all (eNULL). */
  NULL_ENCRYPTION("cipher-null", Severity.ERROR, "no encryption", "no encryption",
      s -> s.is(CipherSuite.Flag.NULL_ENCRYPTION) || s.cipher() == BulkCipher.NULL),
  /** Export suites, 40- or 56-bit keys: broken by FREAK (RSA) and Logjam (DHE). */
  EXPORT("cipher-export", Severity.ERROR, "export-grade", "export-grade keys (FREAK, Logjam)",
      s -> s.is(CipherSuite.Flag.EXPORT)),
  /** RC4: biases in its key stream recover plaintext; prohibited by RFC 7465 (2015). */
  RC4("cipher-rc4", Severity.ERROR, "RC4", "RC4, prohibited by RFC 7465",
      s -> s.cipher().name().startsWith("RC4")),
  /** Keys under 128 bits: single DES and RC2, exhaustively searchable. */
  SHORT_KEY("cipher-short-key", Severity.ERROR, "short keys", "keys under 128 bits (DES, RC2)",
      s -> s.keyBits() < 128 || s.cipher() == BulkCipher.DES_CBC || s.cipher() == BulkCipher.DES40_CBC
          || s.cipher().name().startsWith("RC2")),
  /**
   * 64-bit blocks (3DES, IDEA): a long connection repeats blocks and leaks plaintext (Sweet32, CVE-2016-2183); needs
   * hundreds of gigabytes on one connection, hence a warning.
   */
  BLOCK_64("cipher-64bit-block", Severity.WARNING, "Sweet32", "64-bit block cipher (3DES, IDEA: Sweet32)",
      s -> s.cipher() == BulkCipher.TRIPLE_DES_EDE_CBC || s.cipher() == BulkCipher.IDEA_CBC),
  /** An HMAC-MD5 record MAC: not broken as an HMAC, but deprecated everywhere. */
  MD5_MAC("cipher-md5", Severity.WARNING, "MD5", "MD5 MAC", s -> s.mac() == MacAlgorithm.MD5),
  /**
   * Static key exchange (RSA, or the static DH, ECDH and PSK variants): no forward secrecy, so recorded traffic can
   * be decrypted later with the server's key. nginx's default list allows RSA key exchange and old clients need it:
   * information, not a problem.
   */
  NO_FORWARD_SECRECY("cipher-no-forward-secrecy", Severity.INFO, "no forward secrecy",
      "no forward secrecy (RSA key exchange)", s -> switch (s.keyExchange()) {
        case RSA, DH, ECDH, PSK, RSA_PSK -> true;
        default -> false;
      });

  private final String id;
  private final Severity severity;
  private final String label;
  private final String reason;
  private final Predicate<CipherSuite> applies;

  SuiteWeakness(String id, Severity severity, String label, String reason, Predicate<CipherSuite> applies) {
    this.id = id;
    this.severity = severity;
    this.label = label;
    this.reason = reason;
    this.applies = applies;
  }

  /** The id of the finding that reports suites with this weakness ({@code cipher-rc4}). */
  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  /** A few words for short messages: {@code RC4}, {@code no forward secrecy}. */
  public String label() {
    return label;
  }

  /** What is wrong, for messages: {@code RC4, prohibited by RFC 7465}. */
  public String reason() {
    return reason;
  }

  /** The weakness of {@code suite}; empty for a suite with none, a TLS 1.3 suite, or an unknown one. */
  public static Optional<SuiteWeakness> of(CipherSuite suite) {
    if (suite == null || suite.isTls13() || !suite.isKnown()) {
      return Optional.empty();
    }
    for (SuiteWeakness w : values()) {
      if (w.applies.test(suite)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** True for a suite whose weakness is a problem (an error or a warning), not only worth knowing. */
  public static boolean isProblem(CipherSuite suite) {
    return of(suite).map(w -> w.severity.isProblem()).orElse(false);
  }

  /**
   * Whether {@code rule}, a finding id from a user's list ({@code --ignore}, {@code allowFindings}), names
   * {@code findingId}: the ids of the single weak-suite finding that {@code config} ({@code cipher-weak}) and
   * {@code scan} ({@code weak-cipher}) wrote before this table stand for every weakness in it.
   */
  public static boolean names(String rule, String findingId) {
    if (rule.equals(findingId)) {
      return true;
    }
    if (!rule.equals(LEGACY_CONFIG_ID) && !rule.equals(LEGACY_SCAN_ID)) {
      return false;
    }
    for (SuiteWeakness w : values()) {
      if (w.id.equals(findingId)) {
        return true;
      }
    }
    return false;
  }

  /** The id {@code config} gave every weak-suite finding before the table. */
  public static final String LEGACY_CONFIG_ID = "cipher-weak";
  /** The id {@code scan} gave every weak-suite finding before the table. */
  public static final String LEGACY_SCAN_ID = "weak-cipher";
}
