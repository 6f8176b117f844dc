package dev.tlsdoctor.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * An SSL 2.0 SERVER-HELLO: what an SSL 2.0 server answers a CLIENT-HELLO (the SSL 2.0 specification, "Server Only
 * Protocol Messages"). Its presence alone means the server speaks SSL 2.0, prohibited since RFC 6176.
 *
 * @param sessionIdHit nonzero when the server resumed the client's session
 * @param certificateType 1 = SSL_CT_X509_CERTIFICATE
 * @param version the server's version, 0x0002
 * @param certificate the DER certificate (empty on a session-id hit)
 * @param cipherSpecs the kinds both sides support
 * @param connectionId 16 to 32 bytes
 */
public record SslV2ServerHello(int sessionIdHit, int certificateType, int version, Bytes certificate,
    List<SslV2CipherKind> cipherSpecs, Bytes connectionId) {
  /** MSG-SERVER-HELLO. */
  public static final int MSG_SERVER_HELLO = 4;

  public SslV2ServerHello {
    cipherSpecs = List.copyOf(cipherSpecs);
  }

  /**
   * Parses the message of an SSL 2.0 record.
   *
   * <pre>
   * char MSG-SERVER-HELLO
   * char SESSION-ID-HIT
   * char CERTIFICATE-TYPE
   * char SERVER-VERSION-MSB
   * char SERVER-VERSION-LSB
   * char CERTIFICATE-LENGTH-MSB
   * char CERTIFICATE-LENGTH-LSB
   * char CIPHER-SPECS-LENGTH-MSB
   * char CIPHER-SPECS-LENGTH-LSB
   * char CONNECTION-ID-LENGTH-MSB
   * char CONNECTION-ID-LENGTH-LSB
   * char CERTIFICATE-DATA[MSB&lt;&lt;8|LSB]
   * char CIPHER-SPECS-DATA[MSB&lt;&lt;8|LSB]
   * char CONNECTION-ID-DATA[MSB&lt;&lt;8|LSB]
   * </pre>
   */
  public static SslV2ServerHello parse(byte[] message) {
    WireReader r = WireReader.of("SSLv2 SERVER-HELLO", message);
    int type = r.readUint8("MSG-SERVER-HELLO");
    if (type != MSG_SERVER_HELLO) {
      throw r.failAt("MSG-SERVER-HELLO", 0, "expected 4, got " + type);
    }
    int hit = r.readUint8("SESSION-ID-HIT");
    int certType = r.readUint8("CERTIFICATE-TYPE");
    int version = r.readUint16("SERVER-VERSION");
    int at = r.position();
    int certLength = r.readUint16("CERTIFICATE-LENGTH");
    int specsLength = r.readUint16("CIPHER-SPECS-LENGTH");
    int idLength = r.readUint16("CONNECTION-ID-LENGTH");
    if (specsLength % 3 != 0) {
      throw r.failAt("CIPHER-SPECS-LENGTH", at + 2, "length " + specsLength + " is not a multiple of 3");
    }
    if (idLength < 16 || idLength > 32) {
      throw r.failAt("CONNECTION-ID-LENGTH", at + 4, "length " + idLength + ", must be 16 to 32");
    }
    Bytes cert = Bytes.wrap(r.readBytes("CERTIFICATE-DATA", certLength));
    List<SslV2CipherKind> specs = new ArrayList<>();
    int specsAt = r.position();
    if (specsLength > r.remaining()) {
      throw r.failAt("CIPHER-SPECS-DATA", specsAt, "needs " + specsLength + " bytes, " + r.remaining() + " left");
    }
    for (int i = 0; i < specsLength / 3; i++) {
      specs.add(SslV2CipherKind.of(r.readUint24("CIPHER-SPECS-DATA[" + i + "]")));
    }
    Bytes id = Bytes.wrap(r.readBytes("CONNECTION-ID-DATA", idLength));
    r.expectEnd("CONNECTION-ID-DATA");
    return new SslV2ServerHello(hit, certType, version, cert, specs, id);
  }

  /** The server certificate; a {@link TlsDecodeException} when it is not X.509 DER. */
  public X509Certificate x509() {
    return CertificateMessage.decode(certificate, "SSLv2 SERVER-HELLO.CERTIFICATE-DATA");
  }
}
