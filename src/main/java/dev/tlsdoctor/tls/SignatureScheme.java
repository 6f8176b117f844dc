package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A signature algorithm of the signature_algorithms extension: a TLS 1.3 SignatureScheme (RFC 8446 section 4.2.3) or
 * a TLS 1.2 (hash, signature) pair (RFC 5246 section 7.4.1.4.1), e.g. {@code rsa_pss_rsae_sha256(0x0804)}. Unknown
 * codes survive as values.
 *
 * @param code the two-byte wire value
 * @param name the IANA name; for the TLS 1.2 pairs the registry reserves, the name OpenSSL uses; {@code GREASE} or
 *     {@code unknown} otherwise
 * @param aliases OpenSSL's other spellings ({@code RSA+SHA256}, {@code RSA-PSS+SHA256}, {@code ECDSA+SHA256})
 * @param algorithm the signature algorithm
 * @param hash the hash ({@code SHA256}...), {@code intrinsic} for EdDSA/ML-DSA, or null if unknown
 * @param tls12Only true for the values TLS 1.3 forbids in signatures (SHA-1, SHA-224, MD5, DSA, PKCS#1 v1.5 in
 *     CertificateVerify)
 */
public record SignatureScheme(int code, String name, List<String> aliases, Algorithm algorithm, String hash,
    boolean tls12Only) {

  /** The signature algorithm family. */
  public enum Algorithm {
    RSA_PKCS1, RSA_PSS_RSAE, RSA_PSS_PSS, ECDSA, EDDSA, DSA, GOST, SM2, ML_DSA, IBC, GREASE, UNKNOWN
  }

  private static final Map<Integer, SignatureScheme> BY_CODE = new LinkedHashMap<>();
  private static final Map<String, SignatureScheme> BY_NAME = new HashMap<>();

  // IANA TLS SignatureScheme registry, current as of 2025, plus the TLS 1.2 (hash, signature) pairs it reserves
  // "for backward compatibility" that servers still send.
  public static final SignatureScheme RSA_MD5 = register(0x0101, "rsa_md5", Algorithm.RSA_PKCS1, "MD5", true,
      "RSA+MD5");
  public static final SignatureScheme RSA_PKCS1_SHA1 = register(0x0201, "rsa_pkcs1_sha1", Algorithm.RSA_PKCS1, "SHA1",
      true, "RSA+SHA1");
  public static final SignatureScheme DSA_SHA1 = register(0x0202, "dsa_sha1", Algorithm.DSA, "SHA1", true,
      "DSA+SHA1");
  public static final SignatureScheme ECDSA_SHA1 = register(0x0203, "ecdsa_sha1", Algorithm.ECDSA, "SHA1", true,
      "ECDSA+SHA1");
  public static final SignatureScheme RSA_PKCS1_SHA224 = register(0x0301, "rsa_pkcs1_sha224", Algorithm.RSA_PKCS1,
      "SHA224", true, "RSA+SHA224");
  public static final SignatureScheme DSA_SHA224 = register(0x0302, "dsa_sha224", Algorithm.DSA, "SHA224", true,
      "DSA+SHA224");
  public static final SignatureScheme ECDSA_SHA224 = register(0x0303, "ecdsa_sha224", Algorithm.ECDSA, "SHA224", true,
      "ECDSA+SHA224");
  /** RSASSA-PKCS1-v1_5 with SHA-256: TLS 1.2 signatures and certificate signatures in TLS 1.3. */
  public static final SignatureScheme RSA_PKCS1_SHA256 = register(0x0401, "rsa_pkcs1_sha256", Algorithm.RSA_PKCS1,
      "SHA256", false, "RSA+SHA256");
  public static final SignatureScheme DSA_SHA256 = register(0x0402, "dsa_sha256", Algorithm.DSA, "SHA256", true,
      "DSA+SHA256");
  public static final SignatureScheme ECDSA_SECP256R1_SHA256 = register(0x0403, "ecdsa_secp256r1_sha256",
      Algorithm.ECDSA, "SHA256", false, "ECDSA+SHA256");
  /** PKCS#1 v1.5 allowed in TLS 1.3 CertificateVerify for legacy keys (draft-davidben-tls13-pkcs1). */
  public static final SignatureScheme RSA_PKCS1_SHA256_LEGACY = register(0x0420, "rsa_pkcs1_sha256_legacy",
      Algorithm.RSA_PKCS1, "SHA256", false);
  public static final SignatureScheme RSA_PKCS1_SHA384 = register(0x0501, "rsa_pkcs1_sha384", Algorithm.RSA_PKCS1,
      "SHA384", false, "RSA+SHA384");
  public static final SignatureScheme DSA_SHA384 = register(0x0502, "dsa_sha384", Algorithm.DSA, "SHA384", true,
      "DSA+SHA384");
  public static final SignatureScheme ECDSA_SECP384R1_SHA384 = register(0x0503, "ecdsa_secp384r1_sha384",
      Algorithm.ECDSA, "SHA384", false, "ECDSA+SHA384");
  public static final SignatureScheme RSA_PKCS1_SHA384_LEGACY = register(0x0520, "rsa_pkcs1_sha384_legacy",
      Algorithm.RSA_PKCS1, "SHA384", false);
  public static final SignatureScheme RSA_PKCS1_SHA512 = register(0x0601, "rsa_pkcs1_sha512", Algorithm.RSA_PKCS1,
      "SHA512", false, "RSA+SHA512");
  public static final SignatureScheme DSA_SHA512 = register(0x0602, "dsa_sha512", Algorithm.DSA, "SHA512", true,
      "DSA+SHA512");
  public static final SignatureScheme ECDSA_SECP521R1_SHA512 = register(0x0603, "ecdsa_secp521r1_sha512",
      Algorithm.ECDSA, "SHA512", false, "ECDSA+SHA512");
  public static final SignatureScheme RSA_PKCS1_SHA512_LEGACY = register(0x0620, "rsa_pkcs1_sha512_legacy",
      Algorithm.RSA_PKCS1, "SHA512", false);
  public static final SignatureScheme ECCSI_SHA256 = register(0x0704, "eccsi_sha256", Algorithm.IBC, "SHA256", false);
  public static final SignatureScheme ISO_IBS1 = register(0x0705, "iso_ibs1", Algorithm.IBC, null, false);
  public static final SignatureScheme ISO_IBS2 = register(0x0706, "iso_ibs2", Algorithm.IBC, null, false);
  public static final SignatureScheme ISO_CHINESE_IBS = register(0x0707, "iso_chinese_ibs", Algorithm.IBC, null,
      false);
  /** SM2 with SM3 (RFC 8998). */
  public static final SignatureScheme SM2SIG_SM3 = register(0x0708, "sm2sig_sm3", Algorithm.SM2, "SM3", false);
  /** GOST R 34.10-2012 for TLS 1.3 (RFC 9367). */
  public static final SignatureScheme GOSTR34102012_256A = register(0x0709, "gostr34102012_256a", Algorithm.GOST,
      "GOSTR3411_2012_256", false);
  public static final SignatureScheme GOSTR34102012_256B = register(0x070A, "gostr34102012_256b", Algorithm.GOST,
      "GOSTR3411_2012_256", false);
  public static final SignatureScheme GOSTR34102012_256C = register(0x070B, "gostr34102012_256c", Algorithm.GOST,
      "GOSTR3411_2012_256", false);
  public static final SignatureScheme GOSTR34102012_256D = register(0x070C, "gostr34102012_256d", Algorithm.GOST,
      "GOSTR3411_2012_256", false);
  public static final SignatureScheme GOSTR34102012_512A = register(0x070D, "gostr34102012_512a", Algorithm.GOST,
      "GOSTR3411_2012_512", false);
  public static final SignatureScheme GOSTR34102012_512B = register(0x070E, "gostr34102012_512b", Algorithm.GOST,
      "GOSTR3411_2012_512", false);
  public static final SignatureScheme GOSTR34102012_512C = register(0x070F, "gostr34102012_512c", Algorithm.GOST,
      "GOSTR3411_2012_512", false);
  /** RSASSA-PSS with an rsaEncryption key: what TLS 1.3 servers with ordinary RSA certificates sign with. */
  public static final SignatureScheme RSA_PSS_RSAE_SHA256 = register(0x0804, "rsa_pss_rsae_sha256",
      Algorithm.RSA_PSS_RSAE, "SHA256", false, "RSA-PSS+SHA256", "PSS+SHA256");
  public static final SignatureScheme RSA_PSS_RSAE_SHA384 = register(0x0805, "rsa_pss_rsae_sha384",
      Algorithm.RSA_PSS_RSAE, "SHA384", false, "RSA-PSS+SHA384", "PSS+SHA384");
  public static final SignatureScheme RSA_PSS_RSAE_SHA512 = register(0x0806, "rsa_pss_rsae_sha512",
      Algorithm.RSA_PSS_RSAE, "SHA512", false, "RSA-PSS+SHA512", "PSS+SHA512");
  public static final SignatureScheme ED25519 = register(0x0807, "ed25519", Algorithm.EDDSA, "intrinsic", false);
  public static final SignatureScheme ED448 = register(0x0808, "ed448", Algorithm.EDDSA, "intrinsic", false);
  /** RSASSA-PSS with an RSASSA-PSS (id-RSASSA-PSS) key. */
  public static final SignatureScheme RSA_PSS_PSS_SHA256 = register(0x0809, "rsa_pss_pss_sha256",
      Algorithm.RSA_PSS_PSS, "SHA256", false);
  public static final SignatureScheme RSA_PSS_PSS_SHA384 = register(0x080A, "rsa_pss_pss_sha384",
      Algorithm.RSA_PSS_PSS, "SHA384", false);
  public static final SignatureScheme RSA_PSS_PSS_SHA512 = register(0x080B, "rsa_pss_pss_sha512",
      Algorithm.RSA_PSS_PSS, "SHA512", false);
  /** ECDSA on the TLS 1.3 brainpool curves (RFC 8734). */
  public static final SignatureScheme ECDSA_BRAINPOOLP256R1TLS13_SHA256 = register(0x081A,
      "ecdsa_brainpoolP256r1tls13_sha256", Algorithm.ECDSA, "SHA256", false);
  public static final SignatureScheme ECDSA_BRAINPOOLP384R1TLS13_SHA384 = register(0x081B,
      "ecdsa_brainpoolP384r1tls13_sha384", Algorithm.ECDSA, "SHA384", false);
  public static final SignatureScheme ECDSA_BRAINPOOLP512R1TLS13_SHA512 = register(0x081C,
      "ecdsa_brainpoolP512r1tls13_sha512", Algorithm.ECDSA, "SHA512", false);
  /** GOST R 34.10-2012 in TLS 1.2 (RFC 9189; the registry lists these as reserved). */
  public static final SignatureScheme GOSTR34102012_256 = register(0x0840, "gostr34102012_256", Algorithm.GOST,
      "GOSTR3411_2012_256", true);
  public static final SignatureScheme GOSTR34102012_512 = register(0x0841, "gostr34102012_512", Algorithm.GOST,
      "GOSTR3411_2012_512", true);
  /** ML-DSA (FIPS 204; draft-ietf-tls-mldsa). */
  public static final SignatureScheme MLDSA44 = register(0x0904, "mldsa44", Algorithm.ML_DSA, "intrinsic", false);
  public static final SignatureScheme MLDSA65 = register(0x0905, "mldsa65", Algorithm.ML_DSA, "intrinsic", false);
  public static final SignatureScheme MLDSA87 = register(0x0906, "mldsa87", Algorithm.ML_DSA, "intrinsic", false);

  public SignatureScheme {
    aliases = List.copyOf(aliases);
  }

  private static SignatureScheme register(int code, String name, Algorithm algorithm, String hash, boolean tls12Only,
      String... aliases) {
    SignatureScheme s = new SignatureScheme(code, name, List.of(aliases), algorithm, hash, tls12Only);
    BY_CODE.put(code, s);
    BY_NAME.put(name.toLowerCase(Locale.ROOT), s);
    for (String a : aliases) {
      BY_NAME.putIfAbsent(a.toLowerCase(Locale.ROOT), s);
    }
    return s;
  }

  /** The scheme with this code: GREASE values and unlisted codes survive as values. Never null. */
  public static SignatureScheme of(int code) {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("signature scheme out of range 0x0000-0xFFFF: " + code);
    }
    SignatureScheme s = BY_CODE.get(code);
    if (s != null) {
      return s;
    }
    return CipherSuite.isGrease(code) ? new SignatureScheme(code, "GREASE", List.of(), Algorithm.GREASE, null, false)
        : new SignatureScheme(code, "unknown", List.of(), Algorithm.UNKNOWN, null, false);
  }

  /** The scheme named as IANA or OpenSSL name it ({@code rsa_pss_rsae_sha256}, {@code RSA+SHA256}), any case. */
  public static Optional<SignatureScheme> forName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Every scheme in the table, by code. */
  public static List<SignatureScheme> all() {
    return new ArrayList<>(BY_CODE.values());
  }

  public boolean isKnown() {
    return algorithm != Algorithm.UNKNOWN && algorithm != Algorithm.GREASE;
  }

  public String hex() {
    return String.format("0x%04X", code);
  }

  @Override
  public String toString() {
    return name + "(" + hex() + ")";
  }
}
