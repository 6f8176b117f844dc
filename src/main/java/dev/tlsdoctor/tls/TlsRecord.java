package dev.tlsdoctor.tls;

/**
 * One TLS record as read from the wire, before any decryption (RFC 8446 section 5.1, RFC 5246 section 6.2.1).
 *
 * <pre>
 * struct {
 *     ContentType type;
 *     ProtocolVersion legacy_record_version;
 *     uint16 length;
 *     opaque fragment[TLSPlaintext.length];
 * } TLSPlaintext;
 * </pre>
 *
 * @param type the content type
 * @param version legacy_record_version, 0x03XX
 * @param fragment the payload
 * @param offset where the record header starts in the stream
 */
public record TlsRecord(ContentType type, int version, Bytes fragment, long offset) {
  /** The size of the record header. */
  public static final int HEADER = 5;

  /**
   * {@code payload} as records of {@code type} and {@code version}, each with at most {@code maxFragment} bytes (the
   * protocol's limit is 2^14; larger values up to 65535 test a peer's record_overflow handling).
   */
  public static byte[] encode(ContentType type, int version, byte[] payload, int maxFragment) {
    if (maxFragment < 1 || maxFragment > 0xFFFF) {
      throw new IllegalArgumentException("maxFragment must be 1-65535: " + maxFragment);
    }
    WireWriter w = new WireWriter();
    int at = 0;
    do {
      int n = Math.min(maxFragment, payload.length - at);
      w.writeUint8(type.code()).writeUint16(version).writeUint16(n);
      w.writeBytes(java.util.Arrays.copyOfRange(payload, at, at + n));
      at += n;
    } while (at < payload.length);
    return w.toByteArray();
  }

  /** An exception about this record, the header and fragment shown. */
  TlsDecodeException fail(String field, String problem) {
    byte[] all = new WireWriter().writeUint8(type.code()).writeUint16(version).writeUint16(fragment.length())
        .write(fragment).toByteArray();
    return new TlsDecodeException(field, offset, problem, all, 0, offset);
  }

  @Override
  public String toString() {
    return String.format("%s 0x%04X %d bytes at %d", type, version, fragment.length(), offset);
  }
}
