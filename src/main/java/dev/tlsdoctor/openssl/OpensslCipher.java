package dev.tlsdoctor.openssl;

import dev.tlsdoctor.tls.Authentication;
import dev.tlsdoctor.tls.BulkCipher;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.MacAlgorithm;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.util.DataFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS 1.2-and-below suite as OpenSSL 3.0's cipher-string machinery sees it: its place in the default preference
 * order, its strength class and flags, and the class bits the keywords select on. Data: resource
 * {@code tlsdoctor/tls/openssl-3.0-ciphers.tsv}, observed with the real {@code openssl ciphers}.
 *
 * @param rank position in OpenSSL's default preference order (1 = most preferred)
 * @param bits strength bits (what {@code @STRENGTH} sorts by and security levels compare)
 * @param minTls the protocol version OpenSSL records for the suite (what TLSv1.2/TLSv1/SSLv3 select)
 */
record OpensslCipher(CipherSuite suite, int rank, boolean needsLegacyProvider, int strength, boolean notDefault,
    int bits, ProtocolVersion minTls, int kx, int au, int enc, int mac) {

  // Strength bits: a keyword's set and a suite's set must intersect (so HIGH+FIPS selects nothing: OpenSSL
  // intersects the two sets first).
  static final int STRONG_NONE = 1;
  static final int LOW = 2;
  static final int MEDIUM = 4;
  static final int HIGH = 8;
  static final int FIPS = 16;

  // Key-exchange class bits.
  static final int K_RSA = 1;
  static final int K_DHE = 2;
  static final int K_ECDHE = 4;
  static final int K_PSK = 8;
  static final int K_RSAPSK = 16;
  static final int K_ECDHEPSK = 32;
  static final int K_DHEPSK = 64;
  static final int K_SRP = 128;
  static final int K_GOST = 256;
  static final int K_ANY_PSK = K_PSK | K_RSAPSK | K_ECDHEPSK | K_DHEPSK;
  /** Forward-secret key exchanges (what security level 3 keeps). */
  static final int K_FORWARD_SECRET = K_DHE | K_ECDHE | K_DHEPSK | K_ECDHEPSK;

  // Authentication class bits.
  static final int A_RSA = 1;
  static final int A_DSS = 2;
  static final int A_NULL = 4;
  static final int A_ECDSA = 8;
  static final int A_PSK = 16;
  static final int A_SRP = 32;
  static final int A_GOST = 64;

  // Encryption class bits.
  static final int E_DES = 1;
  static final int E_3DES = 1 << 1;
  static final int E_RC4 = 1 << 2;
  static final int E_RC2 = 1 << 3;
  static final int E_IDEA = 1 << 4;
  static final int E_NULL = 1 << 5;
  static final int E_AES128 = 1 << 6;
  static final int E_AES256 = 1 << 7;
  static final int E_CAMELLIA128 = 1 << 8;
  static final int E_CAMELLIA256 = 1 << 9;
  static final int E_GOST89 = 1 << 10;
  static final int E_SEED = 1 << 11;
  static final int E_AES128GCM = 1 << 12;
  static final int E_AES256GCM = 1 << 13;
  static final int E_AES128CCM = 1 << 14;
  static final int E_AES256CCM = 1 << 15;
  static final int E_AES128CCM8 = 1 << 16;
  static final int E_AES256CCM8 = 1 << 17;
  static final int E_CHACHA20 = 1 << 18;
  static final int E_ARIA128GCM = 1 << 19;
  static final int E_ARIA256GCM = 1 << 20;
  static final int E_ALL = (1 << 21) - 1;
  static final int E_AESGCM = E_AES128GCM | E_AES256GCM;
  static final int E_AESCCM8 = E_AES128CCM8 | E_AES256CCM8;
  static final int E_AESCCM = E_AES128CCM | E_AES256CCM | E_AESCCM8;
  static final int E_AES = E_AES128 | E_AES256 | E_AESGCM | E_AESCCM;
  static final int E_CAMELLIA = E_CAMELLIA128 | E_CAMELLIA256;
  static final int E_ARIA = E_ARIA128GCM | E_ARIA256GCM;
  static final int E_CBC = E_DES | E_3DES | E_RC2 | E_IDEA | E_AES128 | E_AES256 | E_CAMELLIA | E_SEED;

  // MAC class bits.
  static final int M_MD5 = 1;
  static final int M_SHA1 = 2;
  static final int M_SHA256 = 4;
  static final int M_SHA384 = 8;
  static final int M_AEAD = 16;
  static final int M_GOST = 32;

  private static final String RESOURCE = "/tlsdoctor/tls/openssl-3.0-ciphers.tsv";
  private static final List<OpensslCipher> ALL = load();

  /** Every TLS 1.2-and-below suite OpenSSL 3.0 has with the default and legacy providers, in default order. */
  static List<OpensslCipher> all() {
    return ALL;
  }

  boolean isAnonymous() {
    return au == A_NULL;
  }

  private static List<OpensslCipher> load() {
    return List.copyOf(DataFile.rows(OpensslCipher.class, RESOURCE, row -> parse(row.text(), row.number())));
  }

  // rank code openssl provider strength fips not_default bits min_tls
  private static OpensslCipher parse(String line, int n) {
    String[] f = line.split("\t");
    CipherSuite s = CipherSuite.of(Integer.parseInt(f[1].substring(2), 16));
    if (!f[2].equals(s.opensslName())) {
      throw new IllegalStateException(RESOURCE + ":" + n + ": " + f[2] + " is " + s.opensslName() + " in the"
          + " cipher-suite table");
    }
    int strength = switch (f[4]) {
      case "HIGH" -> HIGH;
      case "MEDIUM" -> MEDIUM;
      case "LOW" -> LOW;
      default -> STRONG_NONE;
    };
    if (f[5].equals("y")) {
      strength |= FIPS;
    }
    return new OpensslCipher(s, Integer.parseInt(f[0]), f[3].equals("legacy"), strength, f[6].equals("y"),
        Integer.parseInt(f[7]), ProtocolVersion.fromName(f[8]), kx(s.keyExchange()), au(s.authentication()),
        enc(s.cipher()), mac(s.mac()));
  }

  static int kx(KeyExchange k) {
    return switch (k) {
      case RSA -> K_RSA;
      case DHE -> K_DHE;
      case ECDHE -> K_ECDHE;
      case PSK -> K_PSK;
      case RSA_PSK -> K_RSAPSK;
      case ECDHE_PSK -> K_ECDHEPSK;
      case DHE_PSK -> K_DHEPSK;
      case SRP -> K_SRP;
      case GOST -> K_GOST;
      default -> throw new IllegalArgumentException("no OpenSSL 3.0 key-exchange class for " + k);
    };
  }

  static int au(Authentication a) {
    return switch (a) {
      case RSA -> A_RSA;
      case DSS -> A_DSS;
      case NULL -> A_NULL;
      case ECDSA -> A_ECDSA;
      case PSK -> A_PSK;
      case SRP -> A_SRP;
      case GOST -> A_GOST;
      default -> throw new IllegalArgumentException("no OpenSSL 3.0 authentication class for " + a);
    };
  }

  static int enc(BulkCipher c) {
    return switch (c) {
      case DES_CBC -> E_DES;
      case TRIPLE_DES_EDE_CBC -> E_3DES;
      case RC4_128 -> E_RC4;
      case IDEA_CBC -> E_IDEA;
      case NULL -> E_NULL;
      case AES_128_CBC -> E_AES128;
      case AES_256_CBC -> E_AES256;
      case CAMELLIA_128_CBC -> E_CAMELLIA128;
      case CAMELLIA_256_CBC -> E_CAMELLIA256;
      case SEED_CBC -> E_SEED;
      case AES_128_GCM -> E_AES128GCM;
      case AES_256_GCM -> E_AES256GCM;
      case AES_128_CCM -> E_AES128CCM;
      case AES_256_CCM -> E_AES256CCM;
      case AES_128_CCM_8 -> E_AES128CCM8;
      case AES_256_CCM_8 -> E_AES256CCM8;
      case CHACHA20_POLY1305 -> E_CHACHA20;
      case ARIA_128_GCM -> E_ARIA128GCM;
      case ARIA_256_GCM -> E_ARIA256GCM;
      case GOST28147_CNT -> E_GOST89;
      default -> throw new IllegalArgumentException("no OpenSSL 3.0 cipher class for " + c);
    };
  }

  static int mac(MacAlgorithm m) {
    return switch (m) {
      case MD5 -> M_MD5;
      case SHA1 -> M_SHA1;
      case SHA256 -> M_SHA256;
      case SHA384 -> M_SHA384;
      case AEAD -> M_AEAD;
      case GOST28147, GOSTR3411_94, GOSTR3411_2012, OMAC -> M_GOST;
      default -> throw new IllegalArgumentException("no OpenSSL 3.0 MAC class for " + m);
    };
  }
}
