package dev.tlsdoctor.tls;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The server's ephemeral key-exchange parameters in TLS 1.2 and earlier, with their signature: the curve and point
 * of an ECDHE suite, the prime, generator and public value of a DHE suite. The layout depends on the suite the
 * ServerHello chose and, for the signature, on the version, so {@link #parse} takes both.
 *
 * @param params what the server sent for the key exchange
 * @param signatureScheme the signature's algorithm (TLS 1.2 only; earlier versions imply it from the certificate)
 * @param signature the signature over the randoms and params; empty for anonymous suites
 */
public record ServerKeyExchange(Params params, Optional<SignatureScheme> signatureScheme, Bytes signature) {

  /** The key-exchange parameters. */
  public sealed interface Params permits Ecdhe, Dhe, Unparsed {
  }

  /**
   * ECDHE parameters on a named curve (RFC 8422 section 5.4).
   *
   * @param group the curve
   * @param point the server's public point (uncompressed: 0x04 || X || Y; 32 bytes for x25519)
   */
  public record Ecdhe(NamedGroup group, Bytes point) implements Params {
  }

  /**
   * Finite-field DHE parameters (RFC 5246 section 7.4.3).
   *
   * @param p the prime modulus
   * @param g the generator
   * @param ys the server's public value
   */
  public record Dhe(BigInteger p, BigInteger g, BigInteger ys) implements Params {
    /** The size of the group: the bit length of p (the "DH key size" of OpenSSL's "dh key too small"). */
    public int bits() {
      return p.bitLength();
    }
  }

  /**
   * Parameters this package does not decode (PSK, SRP, RSA export, explicit curves), kept whole.
   *
   * @param bytes the whole message body
   */
  public record Unparsed(Bytes bytes) implements Params {
  }

  /**
   * Parses a ServerKeyExchange body for {@code suite} at version {@code version} (wire value).
   *
   * <pre>
   * struct {
   *     opaque dh_p&lt;1..2^16-1&gt;;
   *     opaque dh_g&lt;1..2^16-1&gt;;
   *     opaque dh_Ys&lt;1..2^16-1&gt;;
   * } ServerDHParams;     // Ephemeral DH parameters
   *
   * enum { explicit_prime (1), explicit_char2 (2), named_curve (3), reserved(248..255) } ECCurveType;
   * struct {
   *     ECCurveType    curve_type;
   *     select (curve_type) {
   *         case named_curve:
   *             NamedCurve namedcurve;
   *     };
   * } ECParameters;
   * struct {
   *     opaque point &lt;1..2^8-1&gt;;
   * } ECPoint;
   * struct {
   *     ECParameters    curve_params;
   *     ECPoint         public;
   * } ServerECDHParams;
   *
   * struct {
   *     select (KeyExchangeAlgorithm) {
   *         case dh_anon:
   *             ServerDHParams params;
   *         case dhe_dss:
   *         case dhe_rsa:
   *             ServerDHParams params;
   *             digitally-signed struct {
   *                 opaque client_random[32];
   *                 opaque server_random[32];
   *                 ServerDHParams params;
   *             } signed_params;
   *         case ec_diffie_hellman:
   *             ServerECDHParams    params;
   *             Signature           signed_params;
   *     };
   * } ServerKeyExchange;
   *
   * struct {
   *     SignatureAndHashAlgorithm algorithm;    // TLS 1.2 only
   *     opaque signature&lt;0..2^16-1&gt;;
   * } DigitallySigned;
   * </pre>
   */
  public static ServerKeyExchange parse(byte[] body, CipherSuite suite, int version) {
    WireReader r = WireReader.of("ServerKeyExchange", body);
    Params params = switch (suite.keyExchange()) {
      case ECDHE -> readEcdhe(r, body);
      case DHE -> readDhe(r);
      default -> new Unparsed(Bytes.wrap(r.readRest()));
    };
    if (params instanceof Unparsed || suite.authentication() == Authentication.NULL) {
      r.expectEnd("params");
      return new ServerKeyExchange(params, Optional.empty(), Bytes.EMPTY);
    }
    Optional<SignatureScheme> scheme = version >= ProtocolVersion.TLSv1_2.wire()
        ? Optional.of(SignatureScheme.of(r.readUint16("signed_params.algorithm"))) : Optional.empty();
    Bytes signature = r.readOpaque16("signed_params.signature", 0, 0xFFFF);
    r.expectEnd("signed_params.signature");
    return new ServerKeyExchange(params, scheme, signature);
  }

  private static Params readEcdhe(WireReader r, byte[] body) {
    int curveType = r.readUint8("params.curve_params.curve_type");
    if (curveType != 3) {
      // explicit_prime / explicit_char2 (deprecated by RFC 8422): kept whole, not decoded
      r.readRest();
      return new Unparsed(Bytes.of(body));
    }
    NamedGroup group = NamedGroup.of(r.readUint16("params.curve_params.namedcurve"));
    return new Ecdhe(group, r.readOpaque8("params.public.point", 1, 0xFF));
  }

  private static Params readDhe(WireReader r) {
    BigInteger p = unsigned(r.readOpaque16("params.dh_p", 1, 0xFFFF));
    BigInteger g = unsigned(r.readOpaque16("params.dh_g", 1, 0xFFFF));
    BigInteger ys = unsigned(r.readOpaque16("params.dh_Ys", 1, 0xFFFF));
    return new Dhe(p, g, ys);
  }

  private static BigInteger unsigned(Bytes b) {
    return new BigInteger(1, b.toByteArray());
  }

  /** The ECDHE parameters, if that is what the server sent. */
  public Optional<Ecdhe> ecdhe() {
    return params instanceof Ecdhe e ? Optional.of(e) : Optional.empty();
  }

  /** The DHE parameters, if that is what the server sent. */
  public Optional<Dhe> dhe() {
    return params instanceof Dhe d ? Optional.of(d) : Optional.empty();
  }
}
