package dev.tlsdoctor.openssl;

import static dev.tlsdoctor.openssl.OpensslCipher.A_DSS;
import static dev.tlsdoctor.openssl.OpensslCipher.A_ECDSA;
import static dev.tlsdoctor.openssl.OpensslCipher.A_NULL;
import static dev.tlsdoctor.openssl.OpensslCipher.A_PSK;
import static dev.tlsdoctor.openssl.OpensslCipher.A_RSA;
import static dev.tlsdoctor.openssl.OpensslCipher.A_SRP;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.HashMap;
import java.util.Map;

/**
 * The keywords ("aliases") of OpenSSL 3.0 cipher strings and the class sets each selects, as documented in
 * openssl-ciphers(1) and checked against {@code openssl ciphers} 3.0. Keywords whose every class is missing from the
 * build are not keywords at all for OpenSSL (it ignores them like any unknown word); they are listed apart so that a
 * report can say why.
 */
final class CipherKeywords {
  private static final Map<String, CipherSelector> KNOWN = new HashMap<>();
  private static final Map<String, CipherSelector> LEGACY = new HashMap<>();
  private static final Map<String, String> UNAVAILABLE = new HashMap<>();

  static {
    int allEnc = OpensslCipher.E_ALL & ~OpensslCipher.E_NULL;
    known("ALL", sel(0, 0, allEnc, 0, null, 0, false));
    known("COMPLEMENTOFALL", sel(0, 0, OpensslCipher.E_NULL, 0, null, 0, false));
    known("COMPLEMENTOFDEFAULT", sel(0, 0, 0, 0, null, 0, true));
    // Key exchange.
    known("kRSA", kx(OpensslCipher.K_RSA));
    known("RSA", kx(OpensslCipher.K_RSA));
    for (String k : new String[] {"kDHE", "kEDH", "DH"}) {
      known(k, kx(OpensslCipher.K_DHE));
    }
    for (String k : new String[] {"kECDHE", "kEECDH", "ECDH"}) {
      known(k, kx(OpensslCipher.K_ECDHE));
    }
    known("kPSK", kx(OpensslCipher.K_PSK));
    known("kRSAPSK", kx(OpensslCipher.K_RSAPSK));
    known("kECDHEPSK", kx(OpensslCipher.K_ECDHEPSK));
    known("kDHEPSK", kx(OpensslCipher.K_DHEPSK));
    known("PSK", kx(OpensslCipher.K_ANY_PSK));
    known("kSRP", kx(OpensslCipher.K_SRP));
    known("SRP", kx(OpensslCipher.K_SRP));
    // Authentication.
    known("aRSA", au(A_RSA));
    known("aDSS", au(A_DSS));
    known("DSS", au(A_DSS));
    known("aNULL", au(A_NULL));
    known("aECDSA", au(A_ECDSA));
    known("ECDSA", au(A_ECDSA));
    known("aPSK", au(A_PSK));
    known("aSRP", au(A_SRP));
    // Key exchange with authentication: the ephemeral ones exclude anonymous suites, ADH/AECDH are only those.
    int authenticated = A_RSA | A_DSS | A_ECDSA | A_PSK | A_SRP | OpensslCipher.A_GOST;
    known("DHE", sel(OpensslCipher.K_DHE, authenticated, 0, 0, null, 0, false));
    known("EDH", sel(OpensslCipher.K_DHE, authenticated, 0, 0, null, 0, false));
    known("ECDHE", sel(OpensslCipher.K_ECDHE, authenticated, 0, 0, null, 0, false));
    known("EECDH", sel(OpensslCipher.K_ECDHE, authenticated, 0, 0, null, 0, false));
    known("ADH", sel(OpensslCipher.K_DHE, A_NULL, 0, 0, null, 0, false));
    known("AECDH", sel(OpensslCipher.K_ECDHE, A_NULL, 0, 0, null, 0, false));
    // Ciphers.
    known("eNULL", enc(OpensslCipher.E_NULL));
    known("NULL", enc(OpensslCipher.E_NULL));
    known("3DES", enc(OpensslCipher.E_3DES));
    known("AES128", enc(OpensslCipher.E_AES128 | OpensslCipher.E_AES128GCM | OpensslCipher.E_AES128CCM
        | OpensslCipher.E_AES128CCM8));
    known("AES256", enc(OpensslCipher.E_AES256 | OpensslCipher.E_AES256GCM | OpensslCipher.E_AES256CCM
        | OpensslCipher.E_AES256CCM8));
    known("AES", enc(OpensslCipher.E_AES));
    known("AESGCM", enc(OpensslCipher.E_AESGCM));
    known("AESCCM", enc(OpensslCipher.E_AESCCM));
    known("AESCCM8", enc(OpensslCipher.E_AESCCM8));
    known("CAMELLIA128", enc(OpensslCipher.E_CAMELLIA128));
    known("CAMELLIA256", enc(OpensslCipher.E_CAMELLIA256));
    known("CAMELLIA", enc(OpensslCipher.E_CAMELLIA));
    known("CHACHA20", enc(OpensslCipher.E_CHACHA20));
    known("ARIA", enc(OpensslCipher.E_ARIA));
    known("ARIAGCM", enc(OpensslCipher.E_ARIA));
    known("ARIA128", enc(OpensslCipher.E_ARIA128GCM));
    known("ARIA256", enc(OpensslCipher.E_ARIA256GCM));
    known("CBC", enc(OpensslCipher.E_CBC));
    // MACs.
    known("MD5", mac(OpensslCipher.M_MD5));
    known("SHA1", mac(OpensslCipher.M_SHA1));
    known("SHA", mac(OpensslCipher.M_SHA1));
    known("SHA256", mac(OpensslCipher.M_SHA256));
    known("SHA384", mac(OpensslCipher.M_SHA384));
    // Protocol versions: the version OpenSSL records for the suite, exactly.
    known("SSLv3", sel(0, 0, 0, 0, ProtocolVersion.SSLv3, 0, false));
    known("TLSv1", sel(0, 0, 0, 0, ProtocolVersion.TLSv1, 0, false));
    known("TLSv1.0", sel(0, 0, 0, 0, ProtocolVersion.TLSv1, 0, false));
    known("TLSv1.2", sel(0, 0, 0, 0, ProtocolVersion.TLSv1_2, 0, false));
    // Strength classes.
    known("LOW", sel(0, 0, 0, 0, null, OpensslCipher.LOW, false));
    known("MEDIUM", sel(0, 0, 0, 0, null, OpensslCipher.MEDIUM, false));
    known("HIGH", sel(0, 0, 0, 0, null, OpensslCipher.HIGH, false));
    known("FIPS", sel(0, 0, allEnc, 0, null, OpensslCipher.FIPS, false));
    // The pre-1.1.0 names of two 3DES suites, kept as keywords (3DES suites are compiled out of 3.0 by default).
    known("EDH-DSS-DES-CBC3-SHA", sel(OpensslCipher.K_DHE, A_DSS, OpensslCipher.E_3DES, OpensslCipher.M_SHA1, null,
        OpensslCipher.HIGH | OpensslCipher.FIPS, false));
    known("EDH-RSA-DES-CBC3-SHA", sel(OpensslCipher.K_DHE, A_RSA, OpensslCipher.E_3DES, OpensslCipher.M_SHA1, null,
        OpensslCipher.HIGH | OpensslCipher.FIPS, false));

    // Keywords whose ciphers live in the legacy provider.
    LEGACY.put("RC4", enc(OpensslCipher.E_RC4));
    LEGACY.put("RC2", enc(OpensslCipher.E_RC2));
    LEGACY.put("SEED", enc(OpensslCipher.E_SEED));

    for (String k : new String[] {"kGOST", "kGOST18", "aGOST", "aGOST01", "aGOST12", "GOST94", "GOST89MAC",
        "GOST12", "GOST89", "GOST2012-GOST8912-GOST8912"}) {
      UNAVAILABLE.put(k, "a GOST keyword: OpenSSL 3.0 knows it only with a GOST engine or provider loaded");
    }
    UNAVAILABLE.put("IDEA", "IDEA needs the legacy provider, which nginx does not load by default");
    for (String k : new String[] {"EXP", "EXPORT", "EXPORT40", "EXPORT56", "EXP40", "EXP56", "LOW56"}) {
      UNAVAILABLE.put(k, "export suites were removed in OpenSSL 1.1.0");
    }
    for (String k : new String[] {"KRB5", "kKRB5", "aKRB5"}) {
      UNAVAILABLE.put(k, "Kerberos suites were removed in OpenSSL 1.1.0");
    }
    for (String k : new String[] {"kDHr", "kDHd", "kDH", "aDH", "kECDHr", "kECDHe", "kECDH", "aECDH"}) {
      UNAVAILABLE.put(k, "static DH/ECDH suites were removed in OpenSSL 1.1.0");
    }
    UNAVAILABLE.put("DES", "single-DES suites were removed in OpenSSL 1.1.0");
    UNAVAILABLE.put("SSLv2", "SSLv2 was removed in OpenSSL 1.1.0");
    UNAVAILABLE.put("TLSv1.1", "not a keyword: no suite is new in TLS 1.1 (use TLSv1 or TLSv1.2)");
    UNAVAILABLE.put("TLSv1.3", "not a keyword: TLS 1.3 suites are set apart (ssl_conf_command Ciphersuites)");
    UNAVAILABLE.put("AEAD", "not a keyword in OpenSSL 3.0 (AESGCM, AESCCM, CHACHA20 and ARIA are)");
    UNAVAILABLE.put("PROFILE=SYSTEM", "PROFILE=SYSTEM is a Red Hat/Fedora addition (system crypto policy); upstream"
        + " OpenSSL ignores it");
    UNAVAILABLE.put("DEFAULT", "DEFAULT is only understood at the very start of the string");
    for (String k : new String[] {"SUITEB128", "SUITEB128ONLY", "SUITEB128C2", "SUITEB192"}) {
      UNAVAILABLE.put(k, k + " is only understood at the very start of the string");
    }
  }

  private CipherKeywords() {
  }

  /** The selector of a keyword OpenSSL knows in this build, or null. */
  static CipherSelector lookup(String word, OpensslBuild build) {
    CipherSelector s = KNOWN.get(word);
    if (s == null && build.legacyProvider()) {
      s = LEGACY.get(word);
    }
    return s;
  }

  /** Why OpenSSL 3.0 does not know this word as a keyword, or null if there is nothing particular to say. */
  static String whyUnknown(String word, OpensslBuild build) {
    if (LEGACY.containsKey(word) && !build.legacyProvider()) {
      return word + " needs the legacy provider, which nginx does not load by default";
    }
    return UNAVAILABLE.get(word);
  }

  /** A known keyword spelled with another case ({@code high} for {@code HIGH}), or null. */
  static String caseInsensitiveMatch(String word) {
    for (String k : KNOWN.keySet()) {
      if (k.equalsIgnoreCase(word)) {
        return k;
      }
    }
    return null;
  }

  private static void known(String name, CipherSelector s) {
    KNOWN.put(name, s);
  }

  private static CipherSelector sel(int kx, int au, int enc, int mac, ProtocolVersion v, int strength,
      boolean notDefault) {
    return new CipherSelector(-1, kx, au, enc, mac, v, strength, notDefault);
  }

  private static CipherSelector kx(int bits) {
    return sel(bits, 0, 0, 0, null, 0, false);
  }

  private static CipherSelector au(int bits) {
    return sel(0, bits, 0, 0, null, 0, false);
  }

  private static CipherSelector enc(int bits) {
    return sel(0, 0, bits, 0, null, 0, false);
  }

  private static CipherSelector mac(int bits) {
    return sel(0, 0, 0, bits, null, 0, false);
  }
}
