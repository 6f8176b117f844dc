package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A key-exchange group of the supported_groups and key_share extensions (RFC 8446 section 4.2.7, formerly
 * "elliptic curves" of RFC 4492), e.g. {@code x25519(0x001D)}. Unknown codes survive as values.
 *
 * @param code the two-byte wire value
 * @param name the IANA registry name, {@code GREASE} for RFC 8701 values, or {@code unknown}
 * @param opensslName the name OpenSSL's group lists ({@code -groups}, {@code ssl_ecdh_curve}) take; null if OpenSSL
 *     has none
 * @param aliases other names OpenSSL accepts or prints for it ({@code prime256v1}, {@code P-256}, {@code X25519})
 * @param kind what the group is
 */
public record NamedGroup(int code, String name, String opensslName, List<String> aliases, Kind kind) {

  /** What a group is. */
  public enum Kind {
    /** A prime-field Weierstrass curve (secp*, brainpool*). */
    EC_PRIME,
    /** A binary-field curve (sect*); deprecated by RFC 8422. */
    EC_BINARY,
    /** Curve25519/Curve448 (RFC 7748). */
    MONTGOMERY,
    /** A finite-field Diffie-Hellman group (RFC 7919). */
    FFDHE,
    /** ML-KEM alone (FIPS 203): post-quantum. */
    ML_KEM,
    /** A classical ECDH combined with ML-KEM: post-quantum hybrid. */
    HYBRID,
    /** A GOST R 34.10-2012 curve (RFC 9189). */
    GOST,
    /** SM2 (RFC 8998). */
    SM2,
    /** A pre-standard Kyber hybrid, obsolete. */
    KYBER_DRAFT,
    /** Explicit curve parameters instead of a named curve (RFC 8422, deprecated). */
    EXPLICIT,
    /** A GREASE value (RFC 8701). */
    GREASE,
    /** Not in this table. */
    UNKNOWN
  }

  private static final Map<Integer, NamedGroup> BY_CODE = new LinkedHashMap<>();
  private static final Map<String, NamedGroup> BY_NAME = new HashMap<>();

  // IANA TLS Supported Groups registry, current as of 2025 (ML-KEM code points from draft-connolly-tls-mlkem-key-
  // agreement-05 and draft-kwiatkowski-tls-ecdhe-mlkem-03). OpenSSL names as OpenSSL 3.0 accepts them (3.5 for ML-KEM).
  public static final NamedGroup SECT163K1 = register(1, "sect163k1", "sect163k1", Kind.EC_BINARY, "K-163");
  public static final NamedGroup SECT163R1 = register(2, "sect163r1", "sect163r1", Kind.EC_BINARY);
  public static final NamedGroup SECT163R2 = register(3, "sect163r2", "sect163r2", Kind.EC_BINARY, "B-163");
  public static final NamedGroup SECT193R1 = register(4, "sect193r1", "sect193r1", Kind.EC_BINARY);
  public static final NamedGroup SECT193R2 = register(5, "sect193r2", "sect193r2", Kind.EC_BINARY);
  public static final NamedGroup SECT233K1 = register(6, "sect233k1", "sect233k1", Kind.EC_BINARY, "K-233");
  public static final NamedGroup SECT233R1 = register(7, "sect233r1", "sect233r1", Kind.EC_BINARY, "B-233");
  public static final NamedGroup SECT239K1 = register(8, "sect239k1", "sect239k1", Kind.EC_BINARY);
  public static final NamedGroup SECT283K1 = register(9, "sect283k1", "sect283k1", Kind.EC_BINARY, "K-283");
  public static final NamedGroup SECT283R1 = register(10, "sect283r1", "sect283r1", Kind.EC_BINARY, "B-283");
  public static final NamedGroup SECT409K1 = register(11, "sect409k1", "sect409k1", Kind.EC_BINARY, "K-409");
  public static final NamedGroup SECT409R1 = register(12, "sect409r1", "sect409r1", Kind.EC_BINARY, "B-409");
  public static final NamedGroup SECT571K1 = register(13, "sect571k1", "sect571k1", Kind.EC_BINARY, "K-571");
  public static final NamedGroup SECT571R1 = register(14, "sect571r1", "sect571r1", Kind.EC_BINARY, "B-571");
  public static final NamedGroup SECP160K1 = register(15, "secp160k1", "secp160k1", Kind.EC_PRIME);
  public static final NamedGroup SECP160R1 = register(16, "secp160r1", "secp160r1", Kind.EC_PRIME);
  public static final NamedGroup SECP160R2 = register(17, "secp160r2", "secp160r2", Kind.EC_PRIME);
  public static final NamedGroup SECP192K1 = register(18, "secp192k1", "secp192k1", Kind.EC_PRIME);
  /** NIST P-192; OpenSSL's curve name is {@code prime192v1}. */
  public static final NamedGroup SECP192R1 = register(19, "secp192r1", "secp192r1", Kind.EC_PRIME, "prime192v1",
      "P-192");
  public static final NamedGroup SECP224K1 = register(20, "secp224k1", "secp224k1", Kind.EC_PRIME);
  public static final NamedGroup SECP224R1 = register(21, "secp224r1", "secp224r1", Kind.EC_PRIME, "P-224");
  public static final NamedGroup SECP256K1 = register(22, "secp256k1", "secp256k1", Kind.EC_PRIME);
  /** NIST P-256, the most common ECDHE curve with x25519; OpenSSL prints {@code prime256v1} in places. */
  public static final NamedGroup SECP256R1 = register(23, "secp256r1", "secp256r1", Kind.EC_PRIME, "prime256v1",
      "P-256");
  /** NIST P-384. */
  public static final NamedGroup SECP384R1 = register(24, "secp384r1", "secp384r1", Kind.EC_PRIME, "P-384");
  /** NIST P-521. */
  public static final NamedGroup SECP521R1 = register(25, "secp521r1", "secp521r1", Kind.EC_PRIME, "P-521");
  /** Brainpool P-256 for TLS 1.2 and earlier (RFC 7027). */
  public static final NamedGroup BRAINPOOLP256R1 = register(26, "brainpoolP256r1", "brainpoolP256r1", Kind.EC_PRIME);
  public static final NamedGroup BRAINPOOLP384R1 = register(27, "brainpoolP384r1", "brainpoolP384r1", Kind.EC_PRIME);
  public static final NamedGroup BRAINPOOLP512R1 = register(28, "brainpoolP512r1", "brainpoolP512r1", Kind.EC_PRIME);
  /** X25519 (RFC 7748, RFC 8422); OpenSSL prints {@code X25519}. */
  public static final NamedGroup X25519 = register(29, "x25519", "x25519", Kind.MONTGOMERY, "X25519");
  /** X448 (RFC 7748). */
  public static final NamedGroup X448 = register(30, "x448", "x448", Kind.MONTGOMERY, "X448");
  /** Brainpool curves for TLS 1.3 (RFC 8734); OpenSSL accepts them from 3.2. */
  public static final NamedGroup BRAINPOOLP256R1TLS13 = register(31, "brainpoolP256r1tls13", "brainpoolP256r1tls13",
      Kind.EC_PRIME);
  public static final NamedGroup BRAINPOOLP384R1TLS13 = register(32, "brainpoolP384r1tls13", "brainpoolP384r1tls13",
      Kind.EC_PRIME);
  public static final NamedGroup BRAINPOOLP512R1TLS13 = register(33, "brainpoolP512r1tls13", "brainpoolP512r1tls13",
      Kind.EC_PRIME);
  public static final NamedGroup GC256A = register(34, "GC256A", null, Kind.GOST);
  public static final NamedGroup GC256B = register(35, "GC256B", null, Kind.GOST);
  public static final NamedGroup GC256C = register(36, "GC256C", null, Kind.GOST);
  public static final NamedGroup GC256D = register(37, "GC256D", null, Kind.GOST);
  public static final NamedGroup GC512A = register(38, "GC512A", null, Kind.GOST);
  public static final NamedGroup GC512B = register(39, "GC512B", null, Kind.GOST);
  public static final NamedGroup GC512C = register(40, "GC512C", null, Kind.GOST);
  /** SM2 (RFC 8998). */
  public static final NamedGroup CURVE_SM2 = register(41, "curveSM2", null, Kind.SM2);
  /** The RFC 7919 finite-field groups. */
  public static final NamedGroup FFDHE2048 = register(256, "ffdhe2048", "ffdhe2048", Kind.FFDHE);
  public static final NamedGroup FFDHE3072 = register(257, "ffdhe3072", "ffdhe3072", Kind.FFDHE);
  public static final NamedGroup FFDHE4096 = register(258, "ffdhe4096", "ffdhe4096", Kind.FFDHE);
  public static final NamedGroup FFDHE6144 = register(259, "ffdhe6144", "ffdhe6144", Kind.FFDHE);
  public static final NamedGroup FFDHE8192 = register(260, "ffdhe8192", "ffdhe8192", Kind.FFDHE);
  /** ML-KEM-512 alone (draft-connolly-tls-mlkem-key-agreement); OpenSSL 3.5+. */
  public static final NamedGroup MLKEM512 = register(0x0200, "MLKEM512", "MLKEM512", Kind.ML_KEM);
  public static final NamedGroup MLKEM768 = register(0x0201, "MLKEM768", "MLKEM768", Kind.ML_KEM);
  public static final NamedGroup MLKEM1024 = register(0x0202, "MLKEM1024", "MLKEM1024", Kind.ML_KEM);
  /** secp256r1 + ML-KEM-768 (draft-kwiatkowski-tls-ecdhe-mlkem); OpenSSL 3.5+. */
  public static final NamedGroup SECP256R1MLKEM768 = register(0x11EB, "SecP256r1MLKEM768", "SecP256r1MLKEM768",
      Kind.HYBRID);
  /** X25519 + ML-KEM-768, the post-quantum hybrid browsers send first (2025); OpenSSL 3.5+ default. */
  public static final NamedGroup X25519MLKEM768 = register(0x11EC, "X25519MLKEM768", "X25519MLKEM768", Kind.HYBRID);
  /** secp384r1 + ML-KEM-1024; OpenSSL 3.5+. */
  public static final NamedGroup SECP384R1MLKEM1024 = register(0x11ED, "SecP384r1MLKEM1024", "SecP384r1MLKEM1024",
      Kind.HYBRID);
  /** Pre-standard X25519+Kyber768 (obsolete; sent by Chrome 124-130 and Firefox before ML-KEM). */
  public static final NamedGroup X25519KYBER768DRAFT00 = register(0x6399, "X25519Kyber768Draft00", null,
      Kind.KYBER_DRAFT);
  public static final NamedGroup SECP256R1KYBER768DRAFT00 = register(0x639A, "SecP256r1Kyber768Draft00", null,
      Kind.KYBER_DRAFT);
  public static final NamedGroup ARBITRARY_EXPLICIT_PRIME_CURVES = register(0xFF01,
      "arbitrary_explicit_prime_curves", null, Kind.EXPLICIT);
  public static final NamedGroup ARBITRARY_EXPLICIT_CHAR2_CURVES = register(0xFF02,
      "arbitrary_explicit_char2_curves", null, Kind.EXPLICIT);

  public NamedGroup {
    aliases = List.copyOf(aliases);
  }

  private static NamedGroup register(int code, String name, String opensslName, Kind kind, String... aliases) {
    NamedGroup g = new NamedGroup(code, name, opensslName, List.of(aliases), kind);
    BY_CODE.put(code, g);
    BY_NAME.put(name, g);
    if (opensslName != null) {
      BY_NAME.putIfAbsent(opensslName, g);
    }
    for (String a : aliases) {
      BY_NAME.putIfAbsent(a, g);
    }
    return g;
  }

  /** The group with this code: GREASE values and unlisted codes survive as values. Never null. */
  public static NamedGroup of(int code) {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("named group out of range 0x0000-0xFFFF: " + code);
    }
    NamedGroup g = BY_CODE.get(code);
    if (g != null) {
      return g;
    }
    return CipherSuite.isGrease(code) ? new NamedGroup(code, "GREASE", null, List.of(), Kind.GREASE)
        : new NamedGroup(code, "unknown", null, List.of(), Kind.UNKNOWN);
  }

  /**
   * The group with this name: IANA's, OpenSSL's or an alias ({@code prime256v1}, {@code P-256}, {@code X25519});
   * an exact match first, then ignoring case.
   */
  public static Optional<NamedGroup> forName(String name) {
    NamedGroup g = BY_NAME.get(name);
    if (g != null) {
      return Optional.of(g);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, NamedGroup> e : BY_NAME.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** Every registered group, by code. */
  public static List<NamedGroup> all() {
    return new ArrayList<>(BY_CODE.values());
  }

  /** True for ML-KEM groups and hybrids that resist a quantum computer (not the obsolete Kyber drafts). */
  public boolean isPostQuantum() {
    return kind == Kind.ML_KEM || kind == Kind.HYBRID;
  }

  public boolean isKnown() {
    return kind != Kind.UNKNOWN && kind != Kind.GREASE;
  }

  public String hex() {
    return String.format("0x%04X", code);
  }

  @Override
  public String toString() {
    return name + "(" + hex() + ")";
  }
}
