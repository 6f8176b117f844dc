package dev.tlsdoctor.tls;

import dev.tlsdoctor.util.DataFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A TLS cipher suite, e.g. {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F)}, which OpenSSL calls
 * {@code ECDHE-RSA-AES128-GCM-SHA256}. The table (resource {@code tlsdoctor/tls/cipher-suites.tsv}) holds every entry
 * of the IANA TLS Cipher Suites registry plus the code points that implementations used without registering them;
 * any other code point survives as an unknown suite from {@link #of(int)}.
 *
 * @param code the two-byte wire value
 * @param ianaName the registry name; for an unregistered code point the name its specification draft gave it (flag
 *     {@link Flag#UNREGISTERED}); null when there is none (OpenSSL's private-use GOST code, unknown code points)
 * @param opensslName the name OpenSSL 3.0 uses, else the one OpenSSL 1.0.2 used; null when OpenSSL never had one
 * @param opensslAliases other names OpenSSL printed for the suite (1.0.2's {@code EDH-RSA-DES-CBC3-SHA})
 * @param openssl where OpenSSL implements the suite
 * @param keyBits key bits of the bulk cipher (40 for export ciphers, 168 for 3DES, 0 for NULL)
 * @param minVersion the oldest protocol version that can negotiate the suite (OpenSSL's view where OpenSSL has the
 *     suite); null for an unknown code point
 */
public record CipherSuite(int code, String ianaName, String opensslName, List<String> opensslAliases,
    OpensslStatus openssl, KeyExchange keyExchange, Authentication authentication, BulkCipher cipher, int keyBits,
    MacAlgorithm mac, ProtocolVersion minVersion, Set<Flag> flags) {

  /** Properties a suite has or not. */
  public enum Flag {
    /** Authenticated encryption (GCM, CCM, ChaCha20-Poly1305...). */
    AEAD,
    /** An export suite: at most 40-bit (or, for the EXPORT1024 drafts, 56-bit) keys; broken (FREAK, Logjam). */
    EXPORT,
    /** No server authentication (DH_anon, ECDH_anon): a man in the middle needs no key. */
    ANONYMOUS,
    /** No encryption at all. */
    NULL_ENCRYPTION,
    /** A signaling value, not a real suite (TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV). */
    SIGNALING,
    /** Used by implementations but never registered with IANA. */
    UNREGISTERED,
    /** Not in the table: a code point this version of tlsdoctor does not know (or GREASE, RFC 8701). */
    UNKNOWN
  }

  /** Where OpenSSL implements a suite; matters for what an nginx built against it can negotiate. */
  public enum OpensslStatus {
    /** In OpenSSL 3.0 with the default provider. */
    AVAILABLE("3.0"),
    /** In OpenSSL 3.0 but its cipher lives in the legacy provider (SEED, IDEA), which nginx does not load. */
    LEGACY_PROVIDER("3.0-legacy"),
    /** In OpenSSL 3.0's source only for builds configured with enable-weak-ssl-ciphers (RC4, 3DES). */
    WEAK_BUILD_ONLY("3.0-weak"),
    /** In OpenSSL 3.0 only with a GOST engine or provider loaded. */
    GOST_ENGINE("3.0-engine"),
    /** Removed in OpenSSL 1.1.0 (export, single DES, static DH/ECDH, Kerberos, GOST R 34.10-94); last in 1.0.2. */
    REMOVED_1_1_0("1.0.2"),
    /** Never implemented by OpenSSL. */
    NONE("-");

    private final String label;

    OpensslStatus(String label) {
      this.label = label;
    }

    /** The label used in the data file: {@code 3.0}, {@code 3.0-legacy}, {@code 1.0.2}... */
    public String label() {
      return label;
    }

    static OpensslStatus ofLabel(String label) {
      for (OpensslStatus s : values()) {
        if (s.label.equals(label)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown OpenSSL status '" + label + "'");
    }
  }

  public CipherSuite {
    opensslAliases = List.copyOf(opensslAliases);
    flags = flags.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Flag.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(flags));
  }

  /** The suite with this code; an unlisted code gives an unknown suite carrying the code. Never null. */
  public static CipherSuite of(int code) {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("cipher suite code out of range 0x0000-0xFFFF: " + code);
    }
    CipherSuite s = Table.BY_CODE.get(code);
    return s != null ? s : unknown(code);
  }

  /** The suite with this IANA name, exactly as registered ({@code TLS_RSA_WITH_AES_128_CBC_SHA}). */
  public static Optional<CipherSuite> forIanaName(String name) {
    return Optional.ofNullable(Table.BY_IANA.get(name));
  }

  /**
   * The suite OpenSSL calls {@code name} (case-sensitive, as OpenSSL matches it): 3.0 names, 1.0.2 names and the
   * older aliases ({@code EDH-RSA-DES-CBC3-SHA}). TLS 1.3 suites have their IANA name in OpenSSL too.
   */
  public static Optional<CipherSuite> forOpensslName(String name) {
    return Optional.ofNullable(Table.BY_OPENSSL.get(name));
  }

  /** Every suite in the table, by code. */
  public static List<CipherSuite> all() {
    return Table.ALL;
  }

  /**
   * True for the GREASE values of RFC 8701 ({@code 0x0A0A}, {@code 0x1A1A} ... {@code 0xFAFA}), which clients send to
   * keep servers tolerant of unknown values.
   */
  public static boolean isGrease(int code) {
    return (code & 0x0F0F) == 0x0A0A && (code >> 8) == (code & 0xFF);
  }

  private static CipherSuite unknown(int code) {
    return new CipherSuite(code, null, null, List.of(), OpensslStatus.NONE, KeyExchange.UNKNOWN,
        Authentication.UNKNOWN, BulkCipher.UNKNOWN, 0, MacAlgorithm.UNKNOWN, null, EnumSet.of(Flag.UNKNOWN));
  }

  /** The best name there is: IANA's, else OpenSSL's, else {@code GREASE} or {@code unknown}. */
  public String name() {
    if (ianaName != null) {
      return ianaName;
    }
    if (opensslName != null) {
      return opensslName;
    }
    return isGrease(code) ? "GREASE" : "unknown";
  }

  /** The code as people write it: {@code 0xC02F}. */
  public String hex() {
    return String.format("0x%04X", code);
  }

  public boolean isKnown() {
    return !flags.contains(Flag.UNKNOWN);
  }

  public boolean is(Flag flag) {
    return flags.contains(flag);
  }

  /** True for TLS 1.3 suites (0x13xx and the other suites that only TLS 1.3 can negotiate). */
  public boolean isTls13() {
    return minVersion == ProtocolVersion.TLSv1_3;
  }

  @Override
  public String toString() {
    return name() + "(" + hex() + ")";
  }

  /** The table, read once from the resource file. */
  private static final class Table {
    static final String RESOURCE = "/tlsdoctor/tls/cipher-suites.tsv";
    static final Map<Integer, CipherSuite> BY_CODE = new LinkedHashMap<>();
    static final Map<String, CipherSuite> BY_IANA = new HashMap<>();
    static final Map<String, CipherSuite> BY_OPENSSL = new HashMap<>();
    static final List<CipherSuite> ALL;

    static {
      for (CipherSuite s : load()) {
        if (BY_CODE.put(s.code(), s) != null) {
          throw new IllegalStateException(RESOURCE + ": duplicate code " + s.hex());
        }
        if (s.ianaName() != null) {
          BY_IANA.putIfAbsent(s.ianaName(), s);
        }
        if (s.opensslName() != null) {
          BY_OPENSSL.putIfAbsent(s.opensslName(), s);
        }
      }
      // Aliases last, so that a current name always wins over an old alias of another suite.
      for (CipherSuite s : BY_CODE.values()) {
        for (String alias : s.opensslAliases()) {
          BY_OPENSSL.putIfAbsent(alias, s);
        }
      }
      ALL = List.copyOf(BY_CODE.values());
    }

    private static List<CipherSuite> load() {
      return DataFile.rows(CipherSuite.class, RESOURCE, row -> parse(row.text(), row.number()));
    }

    // code name openssl openssl_aliases openssl_status kx au cipher bits mac min_version flags
    private static CipherSuite parse(String line, int n) {
      String[] f = line.split("\t", -1);
      if (f.length != 12) {
        throw new IllegalStateException(RESOURCE + ":" + n + ": expected 12 fields, found " + f.length + ": " + line);
      }
      try {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        for (String flag : list(f[11])) {
          flags.add(Flag.valueOf(flag));
        }
        return new CipherSuite(Integer.parseInt(f[0].substring(2), 16), opt(f[1]), opt(f[2]), list(f[3]),
            OpensslStatus.ofLabel(f[4]), KeyExchange.valueOf(f[5]), Authentication.valueOf(f[6]),
            BulkCipher.valueOf(f[7]), Integer.parseInt(f[8]), MacAlgorithm.valueOf(f[9]),
            ProtocolVersion.fromName(f[10]), flags);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(RESOURCE + ":" + n + ": " + e.getMessage() + ": " + line, e);
      }
    }

    private static String opt(String s) {
      return s.equals("-") ? null : s;
    }

    private static List<String> list(String s) {
      return s.equals("-") ? List.of() : Arrays.asList(s.split(","));
    }
  }
}
