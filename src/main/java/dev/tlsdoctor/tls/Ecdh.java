package dev.tlsdoctor.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.List;
import javax.crypto.KeyAgreement;

/**
 * One side of an (EC)DHE exchange in the groups the JDK computes: x25519, x448 (RFC 7748) and secp256r1, secp384r1,
 * secp521r1 (uncompressed points, RFC 8446 section 4.2.8.2). A fresh key pair each, for handshakes this side
 * completes.
 */
final class Ecdh {
  static final List<NamedGroup> GROUPS = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1,
      NamedGroup.X448, NamedGroup.SECP521R1);

  private final NamedGroup group;
  private final KeyPair pair;

  Ecdh(NamedGroup group) throws GeneralSecurityException {
    this.group = group;
    if (montgomery()) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
      g.initialize(group.equals(NamedGroup.X25519) ? NamedParameterSpec.X25519 : NamedParameterSpec.X448);
      pair = g.generateKeyPair();
    } else if (GROUPS.contains(group)) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(group.name()));
      pair = g.generateKeyPair();
    } else {
      throw new GeneralSecurityException("no key agreement for " + group);
    }
  }

  NamedGroup group() {
    return group;
  }

  private boolean montgomery() {
    return group.equals(NamedGroup.X25519) || group.equals(NamedGroup.X448);
  }

  private int size() {
    return group.equals(NamedGroup.X25519) ? 32 : group.equals(NamedGroup.X448) ? 56
        : group.equals(NamedGroup.SECP256R1) ? 32 : group.equals(NamedGroup.SECP384R1) ? 48 : 66;
  }

  /** This side's public value as sent. */
  byte[] publicValue() {
    if (pair.getPublic() instanceof XECPublicKey x) {
      return reverse(fixed(x.getU(), size()));
    }
    ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
    return RecordCipher.concat(new byte[] {4}, fixed(w.getAffineX(), size()), fixed(w.getAffineY(), size()));
  }

  /** The shared secret with the peer's public value {@code peer}. */
  byte[] agree(byte[] peer) throws GeneralSecurityException {
    KeyAgreement ka;
    if (montgomery()) {
      byte[] u = reverse(peer);
      if (group.equals(NamedGroup.X25519) && u.length > 0) {
        u[0] &= 0x7F; // RFC 7748 section 5: the unused top bit is masked
      }
      ka = KeyAgreement.getInstance("XDH");
      ka.init(pair.getPrivate());
      ka.doPhase(KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(
          ((XECPublicKey) pair.getPublic()).getParams(), new BigInteger(1, u))), true);
    } else {
      int n = size();
      if (peer.length != 1 + 2 * n || peer[0] != 4) {
        throw new GeneralSecurityException("not an uncompressed " + group + " point (" + peer.length + " bytes)");
      }
      ECPoint w = new ECPoint(new BigInteger(1, java.util.Arrays.copyOfRange(peer, 1, 1 + n)),
          new BigInteger(1, java.util.Arrays.copyOfRange(peer, 1 + n, peer.length)));
      ka = KeyAgreement.getInstance("ECDH");
      ka.init(pair.getPrivate());
      ka.doPhase(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w,
          ((ECPublicKey) pair.getPublic()).getParams())), true);
    }
    return ka.generateSecret();
  }

  private static byte[] fixed(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  private static byte[] reverse(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[b.length - 1 - i];
    }
    return out;
  }
}
