package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A TLS 1.3 key share: a group and a public (EC)DHE value (RFC 8446 section 4.2.8). {@link #generate} gives valid
 * public keys (each group's base point), so a server that checks the point accepts them; a probe never finishes the
 * handshake, so no private key is needed.
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

  /**
   * A share with a valid public key for x25519, x448, secp256r1, secp384r1 and secp521r1: the group's base point, whose
   * private key is 1 (secp curves: the generator G of SEC 2 version 2 section 2.4, uncompressed; x25519 and x448: u = 9
   * and u = 5 of RFC 7748 section 4.1 and 4.2, little-endian). A probe never derives a secret from its share, and a
   * server checks only that the point is valid, which the base point is; generating a key instead costs a cold JVM
   * about a quarter of a second (the JDK's precomputed tables for P-256) before the first hello can go out.
   */
  public static KeyShare generate(NamedGroup group) {
    KeyShare made = BASE_POINTS.get(group);
    if (made == null) {
      throw new IllegalArgumentException("no key generator for " + group + "; pass the key_exchange bytes to new "
          + "KeyShare(group, bytes)");
    }
    return made;
  }

  private static final Map<NamedGroup, KeyShare> BASE_POINTS = Map.of(
      NamedGroup.X25519, new KeyShare(NamedGroup.X25519, littleEndian(9, 32)),
      NamedGroup.X448, new KeyShare(NamedGroup.X448, littleEndian(5, 56)),
      NamedGroup.SECP256R1, new KeyShare(NamedGroup.SECP256R1, Bytes.fromHex("04"
          + "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
          + "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5")),
      NamedGroup.SECP384R1, new KeyShare(NamedGroup.SECP384R1, Bytes.fromHex("04"
          + "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7"
          + "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F")),
      NamedGroup.SECP521R1, new KeyShare(NamedGroup.SECP521R1, Bytes.fromHex("04"
          + "00C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3"
          + "C1856A429BF97E7E31C2E5BD66"
          + "011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E662C97EE72995EF42640C550B9013FAD0761353C70"
          + "86A272C24088BE94769FD16650")));

  private static Bytes littleEndian(int value, int length) {
    byte[] out = new byte[length];
    out[0] = (byte) value;
    return Bytes.wrap(out);
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
