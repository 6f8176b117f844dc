package dev.tlsdoctor.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's Certificate message: its chain, leaf first. TLS 1.2 sends a plain list of DER certificates in the
 * clear; TLS 1.3 adds a request context and per-entry extensions, but encrypts the message, so a probe that does not
 * finish the handshake only ever sees the TLS 1.2 form.
 *
 * @param requestContext certificate_request_context (TLS 1.3; empty for TLS 1.2)
 * @param entries the certificates, leaf first
 * @param tls13 which form was parsed
 */
public record CertificateMessage(Bytes requestContext, List<Entry> entries, boolean tls13) {

  /**
   * One certificate.
   *
   * @param data the DER certificate (or, with raw public keys, a SubjectPublicKeyInfo)
   * @param extensions the entry's extensions (TLS 1.3: status_request, signed_certificate_timestamp)
   */
  public record Entry(Bytes data, List<Extension> extensions) {
    public Entry {
      extensions = List.copyOf(extensions);
    }
  }

  public CertificateMessage {
    entries = List.copyOf(entries);
  }

  /**
   * Parses the TLS 1.2 (and SSL 3.0 - TLS 1.1) form (RFC 5246 section 7.4.2).
   *
   * <pre>
   * opaque ASN.1Cert&lt;1..2^24-1&gt;;
   * struct {
   *     ASN.1Cert certificate_list&lt;0..2^24-1&gt;;
   * } Certificate;
   * </pre>
   */
  public static CertificateMessage parseTls12(byte[] body) {
    WireReader r = WireReader.of("Certificate", body);
    WireReader list = r.readVector24("certificate_list", 0, 0xFFFFFF);
    List<Entry> entries = new ArrayList<>();
    while (list.hasRemaining()) {
      entries.add(new Entry(list.readOpaque24("certificate_list[" + entries.size() + "]", 1, 0xFFFFFF), List.of()));
    }
    r.expectEnd("certificate_list");
    return new CertificateMessage(Bytes.EMPTY, entries, false);
  }

  /**
   * Parses the TLS 1.3 form (RFC 8446 section 4.4.2).
   *
   * <pre>
   * struct {
   *     select (certificate_type) {
   *         case RawPublicKey:
   *           // From RFC 7250 ASN.1_subjectPublicKeyInfo
   *           opaque ASN1_subjectPublicKeyInfo&lt;1..2^24-1&gt;;
   *         case X509:
   *           opaque cert_data&lt;1..2^24-1&gt;;
   *     };
   *     Extension extensions&lt;0..2^16-1&gt;;
   * } CertificateEntry;
   *
   * struct {
   *     opaque certificate_request_context&lt;0..2^8-1&gt;;
   *     CertificateEntry certificate_list&lt;0..2^24-1&gt;;
   * } Certificate;
   * </pre>
   */
  public static CertificateMessage parseTls13(byte[] body) {
    WireReader r = WireReader.of("Certificate", body);
    Bytes context = r.readOpaque8("certificate_request_context", 0, 0xFF);
    WireReader list = r.readVector24("certificate_list", 0, 0xFFFFFF);
    List<Entry> entries = new ArrayList<>();
    while (list.hasRemaining()) {
      String field = "certificate_list[" + entries.size() + "]";
      Bytes data = list.readOpaque24(field + ".cert_data", 1, 0xFFFFFF);
      entries.add(new Entry(data, Extension.readList(list, field + ".extensions", 0)));
    }
    r.expectEnd("certificate_list");
    return new CertificateMessage(context, entries, true);
  }

  /**
   * The certificates decoded as X.509, leaf first. A DER the JDK cannot decode is a {@link TlsDecodeException} naming
   * its index.
   */
  public List<X509Certificate> x509() {
    List<X509Certificate> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      out.add(decode(entries.get(i).data(), "Certificate.certificate_list[" + i + "]"));
    }
    return out;
  }

  /** Decodes one DER certificate; also used for the SSL 2.0 SERVER-HELLO's certificate. */
  static X509Certificate decode(Bytes der, String field) {
    byte[] bytes = der.toByteArray();
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(bytes));
    } catch (CertificateException | RuntimeException e) {
      // The JDK's DER decoder is not ours: whatever it throws for hostile bytes becomes this package's one exception.
      throw new TlsDecodeException(field, 0, "not an X.509 certificate: " + e, bytes, 0, 0);
    }
  }

  @Override
  public String toString() {
    return "Certificate(" + entries.size() + " entries" + (tls13 ? ", TLS 1.3" : "") + ")";
  }
}
