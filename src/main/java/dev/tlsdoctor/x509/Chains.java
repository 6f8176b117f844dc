package dev.tlsdoctor.x509;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The rules of certificate chains that the scan (a served chain), the configuration checks (a certificate file) and
 * the client simulation share: who issued whom, the order a server must send, where a chain ends and whether it
 * lacks an issuer, and validity dates.
 */
public final class Chains {
  private static final String SKI_OID = "2.5.29.14";
  private static final String AKI_OID = "2.5.29.35";
  /** Signature checks remembered (a configuration is analysed again for every fix tried, with the same files). */
  private static final int MEMO_MOST = 4096;
  private static final Map<List<X509Certificate>, Boolean> ISSUED = new ConcurrentHashMap<>();

  private Chains() {
  }

  private static final java.util.concurrent.atomic.AtomicBoolean P256_STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();
  private static volatile boolean p256Ready;

  /** Whether {@link #preload} has readied the P-256 tables: a P-256 key or signature costs little from then on. */
  public static boolean p256Ready() {
    return p256Ready;
  }

  /**
   * Readies the JDK's P-256 arithmetic on a daemon thread (once per process): its first use builds tables (about 0.15 s of CPU, more
   * before the compiler has seen it), which the first signature check of an ECDSA-signed chain would otherwise wait
   * for. For a command that reads a configuration first, whose reading leaves the other processor idle.
   */
  public static void preload() {
    if (!P256_STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform().daemon().name("tlsdoctor-ec-warm-up").start(() -> {
      try {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair k = g.generateKeyPair();
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(k.getPrivate());
        s.update(new byte[] {1});
        byte[] signature = s.sign();
        s.initVerify(k.getPublic());
        s.update(new byte[] {1});
        s.verify(signature);
        p256Ready = true;
      } catch (GeneralSecurityException | RuntimeException | Error e) {
        // only a warm-up: a real check that needs the algorithm says what is missing, and a heap too small for
        // the input is said once, by the command (exit 70)
      }
    });
  }

  /** Whether a certificate is within its validity period at an instant. */
  public enum Validity {
    VALID,
    /** After notAfter. */
    EXPIRED,
    /** Before notBefore. */
    NOT_YET_VALID;

    public static Validity of(X509Certificate c, Instant now) {
      if (now.isAfter(c.getNotAfter().toInstant())) {
        return EXPIRED;
      }
      return now.isBefore(c.getNotBefore().toInstant()) ? NOT_YET_VALID : VALID;
    }
  }

  /**
   * True when {@code issuer} issued {@code child}: the issuer name equals the issuer's subject, the authority key
   * identifier (when both carry one) equals the issuer's subject key identifier, as OpenSSL's
   * {@code X509_check_issued} requires, and the signature verifies with the issuer's key. A cross-signed CA (the same
   * subject and key under another issuer) issued the same certificates as the original.
   */
  public static boolean issuedBy(X509Certificate child, X509Certificate issuer) {
    if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    byte[] aki = authorityKeyId(child);
    byte[] ski = subjectKeyId(issuer);
    if (aki != null && ski != null && !Arrays.equals(aki, ski)) {
      return false;
    }
    List<X509Certificate> key = List.of(child, issuer);
    Boolean known = ISSUED.get(key);
    if (known != null) {
      return known;
    }
    boolean verified;
    try {
      child.verify(issuer.getPublicKey());
      verified = true;
    } catch (GeneralSecurityException | RuntimeException e) {
      verified = false;
    }
    if (ISSUED.size() < MEMO_MOST) {
      ISSUED.put(key, verified);
    }
    return verified;
  }

  /** A root: signed by its own key under its own name. */
  public static boolean selfSigned(X509Certificate c) {
    return issuedBy(c, c);
  }

  /**
   * The path a client builds from {@code chain} (leaf first, the rest in any order): the leaf, then the certificate of
   * the chain that issued it, and so on, each used once, up to a root or the first certificate whose issuer was not
   * sent. RFC 8446 section 4.4.2 lets the others come in any order; clients before it expect the served order.
   */
  public static List<X509Certificate> ordered(List<X509Certificate> chain) {
    List<X509Certificate> path = new ArrayList<>();
    if (chain.isEmpty()) {
      return path;
    }
    Set<X509Certificate> left = new LinkedHashSet<>(chain);
    X509Certificate current = chain.get(0);
    path.add(current);
    left.remove(current);
    while (!selfSigned(current)) {
      X509Certificate issuer = issuerIn(left, current);
      if (issuer == null) {
        break;
      }
      path.add(issuer);
      left.remove(issuer);
      current = issuer;
    }
    return path;
  }

  /** Whether the chain is sent leaf first, each certificate followed by its issuer (as far as issuers were sent). */
  public static boolean inOrder(List<X509Certificate> chain) {
    List<X509Certificate> path = ordered(chain);
    return path.size() <= 1 || path.equals(chain.subList(0, path.size()));
  }

  /**
   * The index of the first certificate that is not issued by the next one, or -1 when every link holds. The last
   * certificate needs no issuer in the list (a trust anchor is not sent).
   */
  public static int brokenLink(List<X509Certificate> chain) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!issuedBy(chain.get(i), chain.get(i + 1))) {
        return i;
      }
    }
    return -1;
  }

  /** The first of {@code candidates} that issued {@code c}, or null. */
  public static X509Certificate issuerIn(Collection<X509Certificate> candidates, X509Certificate c) {
    for (X509Certificate i : candidates) {
      if (!i.equals(c) && issuedBy(c, i)) {
        return i;
      }
    }
    return null;
  }

  /**
   * The part of {@code path} a client that trusts {@code anchors} validates: up to the first certificate that is an
   * anchor or that an anchor issued. With a cross-signed chain (leaf, intermediate, new root signed by an old root), a
   * client that has the new root stops at the intermediate and never needs the old one. The whole path when no
   * anchor is met.
   */
  public static List<X509Certificate> untilAnchor(List<X509Certificate> path, Collection<X509Certificate> anchors) {
    for (int i = 0; i < path.size(); i++) {
      X509Certificate c = path.get(i);
      if (anchors.contains(c)) {
        return path.subList(0, Math.max(i, 1));
      }
      if (issuerIn(anchors, c) != null) {
        return path.subList(0, i + 1);
      }
    }
    return path;
  }

  /** How a chain ends, for whether a client can complete it. */
  public enum Ending {
    /** With a root, or with a certificate whose issuer is a root (never sent; a client that trusts it completes it). */
    AT_ROOT,
    /** With a certificate issued by an intermediate CA that is not sent. */
    BELOW_INTERMEDIATE,
    /** With a certificate whose issuer is not known here: a root only its clients hold, or a missing intermediate. */
    ISSUER_UNKNOWN
  }

  /**
   * How {@code path} (as {@link #ordered} builds it) ends, {@code issuerOf} naming the issuer of its last certificate
   * where it is known (a trust store, the CA files of a configuration), else null. A leaf issued directly by a root
   * ends at the root: the chain is complete, and whether the root is trusted is another question.
   */
  public static Ending ending(List<X509Certificate> path, Function<X509Certificate, X509Certificate> issuerOf) {
    X509Certificate last = path.get(path.size() - 1);
    if (selfSigned(last)) {
      return Ending.AT_ROOT;
    }
    X509Certificate issuer = issuerOf.apply(last);
    if (issuer == null) {
      return Ending.ISSUER_UNKNOWN;
    }
    return selfSigned(issuer) ? Ending.AT_ROOT : Ending.BELOW_INTERMEDIATE;
  }

  /** The subject key identifier (RFC 5280 4.2.1.2), or null. */
  static byte[] subjectKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue(SKI_OID);
    if (ext == null) {
      return null;
    }
    try {
      Der id = Der.extension(ext);
      return id.tag() == 0x04 ? Arrays.copyOfRange(ext, id.start(), id.end()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The keyIdentifier of the authority key identifier (RFC 5280 4.2.1.1), or null. */
  static byte[] authorityKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue(AKI_OID);
    if (ext == null) {
      return null;
    }
    try {
      Der seq = Der.extension(ext);
      if (seq.tag() != 0x30 || seq.start() >= seq.end()) {
        return null;
      }
      Der first = Der.read(ext, seq.start());
      // keyIdentifier [0] IMPLICIT KeyIdentifier
      return first.tag() == 0x80 ? Arrays.copyOfRange(ext, first.start(), first.end()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
