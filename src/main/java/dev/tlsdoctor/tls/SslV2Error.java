package dev.tlsdoctor.tls;

/**
 * An SSL 2.0 ERROR message: how an SSL 2.0 server refuses a CLIENT-HELLO.
 *
 * <pre>
 * char MSG-ERROR
 * char ERROR-CODE-MSB
 * char ERROR-CODE-LSB
 * </pre>
 *
 * @param code 0x0001 NO-CIPHER-ERROR, 0x0002 NO-CERTIFICATE-ERROR, 0x0004 BAD-CERTIFICATE-ERROR, 0x0006
 *     UNSUPPORTED-CERTIFICATE-TYPE-ERROR
 */
public record SslV2Error(int code) {
  /** MSG-ERROR. */
  public static final int MSG_ERROR = 0;
  /** No cipher kind in common. */
  public static final int NO_CIPHER = 0x0001;

  public static SslV2Error parse(byte[] message) {
    WireReader r = WireReader.of("SSLv2 ERROR", message);
    int type = r.readUint8("MSG-ERROR");
    if (type != MSG_ERROR) {
      throw r.failAt("MSG-ERROR", 0, "expected 0, got " + type);
    }
    int code = r.readUint16("ERROR-CODE");
    r.expectEnd("ERROR-CODE");
    return new SslV2Error(code);
  }

  /** The specification's name of the code. */
  public String name() {
    return switch (code) {
      case 0x0001 -> "NO-CIPHER-ERROR";
      case 0x0002 -> "NO-CERTIFICATE-ERROR";
      case 0x0004 -> "BAD-CERTIFICATE-ERROR";
      case 0x0006 -> "UNSUPPORTED-CERTIFICATE-TYPE-ERROR";
      default -> "unknown";
    };
  }

  @Override
  public String toString() {
    return name() + String.format("(0x%04X)", code);
  }
}
