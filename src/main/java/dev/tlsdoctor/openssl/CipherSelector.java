package dev.tlsdoctor.openssl;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.Optional;

/**
 * What one element of a cipher string selects: a single suite, or the suites whose key exchange, authentication,
 * cipher and MAC classes intersect the given sets, with the given protocol version and strength class. Words joined
 * by {@code +} intersect their selectors; a set that becomes empty makes the whole element select nothing (OpenSSL
 * then skips it).
 *
 * @param code a single suite's code, or -1
 * @param kx key-exchange class bits, 0 for any (likewise {@code au}, {@code enc}, {@code mac}, {@code strength})
 * @param minTls the version a suite must record, or null for any
 * @param notDefault true to select only COMPLEMENTOFDEFAULT suites
 */
record CipherSelector(int code, int kx, int au, int enc, int mac, ProtocolVersion minTls, int strength,
    boolean notDefault) {

  static final CipherSelector ANY = new CipherSelector(-1, 0, 0, 0, 0, null, 0, false);

  static CipherSelector of(OpensslCipher c) {
    return new CipherSelector(c.suite().code(), c.kx(), c.au(), c.enc(), c.mac(), null, c.strength(),
        c.notDefault());
  }

  boolean matches(OpensslCipher c) {
    return (code < 0 || c.suite().code() == code)
        && (kx == 0 || (kx & c.kx()) != 0)
        && (au == 0 || (au & c.au()) != 0)
        && (enc == 0 || (enc & c.enc()) != 0)
        && (mac == 0 || (mac & c.mac()) != 0)
        && (minTls == null || c.minTls() == minTls)
        && (strength == 0 || (strength & c.strength()) != 0)
        && (!notDefault || c.notDefault());
  }

  /**
   * This selector narrowed by another word's: class sets intersect, versions must agree, a suite's code replaces
   * the code. Empty when the two exclude each other ({@code kRSA+kDHE}, {@code HIGH+FIPS}, {@code TLSv1+TLSv1.2}).
   * A suite word's own version does not take part (OpenSSL only compares versions given by keywords).
   */
  Optional<CipherSelector> and(CipherSelector other, boolean otherIsSuite) {
    int k = meet(kx, other.kx);
    int a = meet(au, other.au);
    int e = meet(enc, other.enc);
    int m = meet(mac, other.mac);
    int s = meet(strength, other.strength);
    if (k == -1 || a == -1 || e == -1 || m == -1 || s == -1) {
      return Optional.empty();
    }
    ProtocolVersion v = minTls;
    if (!otherIsSuite && other.minTls != null) {
      if (v != null && v != other.minTls) {
        return Optional.empty();
      }
      v = other.minTls;
    }
    int c = otherIsSuite ? other.code : code;
    return Optional.of(new CipherSelector(c, k, a, e, m, v, s, notDefault || other.notDefault));
  }

  /** The intersection of two class sets where 0 means "any"; -1 when they do not meet. */
  private static int meet(int x, int y) {
    if (x == 0) {
      return y;
    }
    if (y == 0) {
      return x;
    }
    int both = x & y;
    return both == 0 ? -1 : both;
  }
}
