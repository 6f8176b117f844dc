package dev.tlsdoctor.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS 1.3 key share: a group and a public (EC)DHE value (RFC 8446 section 4.2.8). {@link #generate} makes real
 * public keys with the JDK, so a server that checks the point accepts them; the private half is dropped because a
 * probe never finishes the handshake.
 *
 * <pre>
 * struct {
 *     NamedGroup group;
 *     opaque key_exchange&lt;1..2^16-1&gt;;
 * } KeyShareEntry;
 * </pre>
 *
 * @param group the group
 * @param keyExchange the public value: 32 bytes for x25519, 56 for x448, an uncompressed point (0x04 || X || Y)
 *     for the secp curves
 */
public record KeyShare(NamedGroup group, Bytes keyExchange) {

  /** A share with a freshly generated public key; for x25519, x448, secp256r1, secp384r1 and secp521r1. */
  public static KeyShare generate(NamedGroup group) {
    try {
      if (group.equals(NamedGroup.X25519) || group.equals(NamedGroup.X448)) {
        return new KeyShare(group, montgomery(group));
      }
      if (group.equals(NamedGroup.SECP256R1) || group.equals(NamedGroup.SECP384R1)
          || group.equals(NamedGroup.SECP521R1)) {
        return new KeyShare(group, weierstrass(group));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate a " + group + " key", e);
    }
    throw new IllegalArgumentException("no key generator for " + group + "; pass the key_exchange bytes to new "
        + "KeyShare(group, bytes)");
  }

  /** x25519/x448: the u-coordinate, little-endian (RFC 7748 section 5). */
  private static Bytes montgomery(NamedGroup group) throws GeneralSecurityException {
    boolean x25519 = group.equals(NamedGroup.X25519);
    KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
    g.initialize(x25519 ? NamedParameterSpec.X25519 : NamedParameterSpec.X448);
    BigInteger u = ((XECPublicKey) g.generateKeyPair().getPublic()).getU();
    byte[] bigEndian = fixedLength(u, x25519 ? 32 : 56);
    byte[] out = new byte[bigEndian.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = bigEndian[out.length - 1 - i];
    }
    return Bytes.wrap(out);
  }

  /** secp curves: the uncompressed point (RFC 8446 section 4.2.8.2). */
  private static Bytes weierstrass(NamedGroup group) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(group.name()));
    ECPublicKey key = (ECPublicKey) g.generateKeyPair().getPublic();
    int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    WireWriter w = new WireWriter().writeUint8(4);
    w.writeBytes(fixedLength(key.getW().getAffineX(), size)).writeBytes(fixedLength(key.getW().getAffineY(), size));
    return Bytes.wrap(w.toByteArray());
  }

  private static byte[] fixedLength(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  /**
   * The ClientHello's key_share; an empty list is allowed and makes a TLS 1.3 server answer with a
   * HelloRetryRequest naming the group it wants.
   *
   * <pre>
   * struct { KeyShareEntry client_shares&lt;0..2^16-1&gt;; } KeyShareClientHello;
   * </pre>
   */
  public static Extension clientExtension(List<KeyShare> shares) {
    WireWriter w = new WireWriter().vector16(v -> shares.forEach(s -> s.write(v)));
    return new Extension(ExtensionType.KEY_SHARE, Bytes.wrap(w.toByteArray()));
  }

  /** The shares of a ClientHello's key_share, in order. */
  public static List<KeyShare> readClientShares(Extension e) {
    WireReader r = WireReader.of("KeyShareClientHello", e.data().toByteArray());
    WireReader v = r.readVector16("client_shares", 0, 0xFFFF);
    List<KeyShare> out = new ArrayList<>();
    while (v.hasRemaining()) {
      out.add(read(v, "client_shares[" + out.size() + "]"));
    }
    r.expectEnd("client_shares");
    return out;
  }

  /**
   * The ServerHello's key_share: the server's share for the group it chose.
   *
   * <pre>
   * struct { KeyShareEntry server_share; } KeyShareServerHello;
   * </pre>
   */
  public static KeyShare readServerShare(Extension e) {
    WireReader r = WireReader.of("KeyShareServerHello", e.data().toByteArray());
    KeyShare s = read(r, "server_share");
    r.expectEnd("server_share");
    return s;
  }

  public static Extension serverExtension(KeyShare share) {
    WireWriter w = new WireWriter();
    share.write(w);
    return new Extension(ExtensionType.KEY_SHARE, Bytes.wrap(w.toByteArray()));
  }

  /**
   * The HelloRetryRequest's key_share: the group the server wants a share for.
   *
   * <pre>
   * struct { NamedGroup selected_group; } KeyShareHelloRetryRequest;
   * </pre>
   */
  public static NamedGroup readSelectedGroup(Extension e) {
    WireReader r = WireReader.of("KeyShareHelloRetryRequest", e.data().toByteArray());
    NamedGroup g = NamedGroup.of(r.readUint16("selected_group"));
    r.expectEnd("selected_group");
    return g;
  }

  public static Extension helloRetryExtension(NamedGroup selected) {
    return new Extension(ExtensionType.KEY_SHARE, Bytes.wrap(new WireWriter().writeUint16(selected.code())
        .toByteArray()));
  }

  private static KeyShare read(WireReader r, String field) {
    NamedGroup group = NamedGroup.of(r.readUint16(field + ".group"));
    Bytes key = r.readOpaque16(field + ".key_exchange", 1, 0xFFFF);
    return new KeyShare(group, key);
  }

  private void write(WireWriter w) {
    w.writeUint16(group.code()).writeOpaque16(keyExchange);
  }

  @Override
  public String toString() {
    return group + ":" + keyExchange;
  }
}
