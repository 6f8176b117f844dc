package dev.tlsdoctor.x509;

import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;

/** A certificate's public key as TLS names it: its type and size. */
public final class PublicKeys {
  private PublicKeys() {
  }

  /**
   * {@code RSA}, {@code RSA-PSS} (an RSASSA-PSS key), {@code ECDSA}, {@code DSA}, {@code Ed25519} or {@code Ed448}
   * (the JDK calls both {@code EdDSA}), else the JDK's algorithm name.
   */
  public static String type(PublicKey k) {
    if (k instanceof EdECKey e) {
      return e.getParams().getName();
    }
    return switch (k.getAlgorithm()) {
      case "EC" -> "ECDSA";
      case "RSASSA-PSS" -> "RSA-PSS";
      default -> k.getAlgorithm();
    };
  }

  /** The modulus (RSA, DSA) or field (ECDSA) size in bits; 255 and 448 for the Edwards curves; 0 when unknown. */
  public static int bits(PublicKey k) {
    if (k instanceof RSAPublicKey r) {
      return r.getModulus().bitLength();
    }
    if (k instanceof ECPublicKey e) {
      return e.getParams().getCurve().getField().getFieldSize();
    }
    if (k instanceof DSAPublicKey d) {
      return d.getParams().getP().bitLength();
    }
    return switch (type(k)) {
      case "Ed25519", "X25519" -> 255;
      case "Ed448", "X448" -> 448;
      default -> 0;
    };
  }
}
