package dev.tlsdoctor.tls;

/**
 * The stapled OCSP response a server sends after its Certificate when the client asked with status_request (RFC 6066
 * section 8; in TLS 1.3 it moves into the certificate entry's extensions).
 *
 * <pre>
 * struct {
 *     CertificateStatusType status_type;
 *     select (status_type) {
 *         case ocsp: OCSPResponse;
 *     } response;
 * } CertificateStatus;
 * opaque OCSPResponse&lt;1..2^24-1&gt;;
 * </pre>
 *
 * @param statusType 1 (ocsp); RFC 6961's ocsp_multi (2) is read the same way
 * @param response the DER OCSPResponse (RFC 6960)
 */
public record CertificateStatus(int statusType, Bytes response) {
  /** CertificateStatusType ocsp. */
  public static final int OCSP = 1;

  public static CertificateStatus parse(byte[] body) {
    WireReader r = WireReader.of("CertificateStatus", body);
    int type = r.readUint8("status_type");
    if (type != OCSP && type != 2) {
      throw r.failAt("status_type", 0, "unknown status type " + type);
    }
    Bytes response = r.readOpaque24("response", 1, 0xFFFFFF);
    r.expectEnd("response");
    return new CertificateStatus(type, response);
  }

  @Override
  public String toString() {
    return "CertificateStatus(type " + statusType + ", " + response.length() + " bytes)";
  }
}
