package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A TLS 1.2-and-earlier CertificateRequest: the server asks for a client certificate, naming the certificate types,
 * the signature algorithms and the CAs it accepts (RFC 5246 section 7.4.4). TLS 1.3's form is encrypted.
 *
 * @param certificateTypes ClientCertificateType values: 1 rsa_sign, 2 dss_sign, 64 ecdsa_sign (RFC 8422) ...
 * @param signatureAlgorithms empty before TLS 1.2
 * @param authorities the DER distinguished names of the acceptable CAs; empty means "any"
 */
public record CertificateRequest(List<Integer> certificateTypes, List<SignatureScheme> signatureAlgorithms,
    List<Bytes> authorities) {

  public CertificateRequest {
    certificateTypes = List.copyOf(certificateTypes);
    signatureAlgorithms = List.copyOf(signatureAlgorithms);
    authorities = List.copyOf(authorities);
  }

  /**
   * Parses a CertificateRequest body of version {@code version} (wire value).
   *
   * <pre>
   * enum {
   *     rsa_sign(1), dss_sign(2), rsa_fixed_dh(3), dss_fixed_dh(4),
   *     rsa_ephemeral_dh_RESERVED(5), dss_ephemeral_dh_RESERVED(6),
   *     fortezza_dms_RESERVED(20), (255)
   * } ClientCertificateType;
   *
   * opaque DistinguishedName&lt;1..2^16-1&gt;;
   *
   * struct {
   *     ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
   *     SignatureAndHashAlgorithm
   *       supported_signature_algorithms&lt;2^16-1&gt;;      // TLS 1.2 only
   *     DistinguishedName certificate_authorities&lt;0..2^16-1&gt;;
   * } CertificateRequest;
   * </pre>
   */
  public static CertificateRequest parse(byte[] body, int version) {
    WireReader r = WireReader.of("CertificateRequest", body);
    List<Integer> types = r.readUint8List("certificate_types", 1, 0xFF);
    List<SignatureScheme> schemes = version >= ProtocolVersion.TLSv1_2.wire()
        ? r.readUint16List("supported_signature_algorithms", 0, 0xFFFF).stream().map(SignatureScheme::of).toList()
        : List.of();
    WireReader cas = r.readVector16("certificate_authorities", 0, 0xFFFF);
    List<Bytes> names = new ArrayList<>();
    while (cas.hasRemaining()) {
      names.add(cas.readOpaque16("certificate_authorities[" + names.size() + "]", 1, 0xFFFF));
    }
    r.expectEnd("certificate_authorities");
    return new CertificateRequest(types, schemes, names);
  }

  /** The acceptable CAs as principals; a name the JDK cannot decode is a {@link TlsDecodeException}. */
  public List<X500Principal> certificateAuthorities() {
    List<X500Principal> out = new ArrayList<>();
    for (int i = 0; i < authorities.size(); i++) {
      byte[] der = authorities.get(i).toByteArray();
      try {
        out.add(new X500Principal(der));
      } catch (RuntimeException e) {
        // X500Principal throws IllegalArgumentException (and, for some hostile DER, others) for bad names
        throw new TlsDecodeException("CertificateRequest.certificate_authorities[" + i + "]", 0,
            "not a distinguished name: " + e, der, 0, 0);
      }
    }
    return out;
  }
}
