package dev.tlsdoctor.tls;

/**
 * Bytes that are not what the SSL/TLS specifications say: a length beyond its enclosing limit, a vector whose length
 * is not a multiple of its element size, trailing bytes, a value outside its range. The one exception the parsers of
 * this package throw for bad input; it names the field, its offset and shows the bytes around it:
 *
 * <pre>
 * ServerHello.legacy_session_id_echo at offset 34: length 33 exceeds the maximum 32
 *   0000  03 03 cf 21 ad 74 e5 9a 61 11 be 1d 8c 02 1e 65
 *   ...
 * </pre>
 */
public final class TlsDecodeException extends RuntimeException {
  private final String field;
  private final long offset;
  private final String problem;
  private final String hexDump;

  /**
   * @param field the field as {@code Message.field} (RFC names)
   * @param offset where the field starts, counted from the first byte of {@code bytes} plus {@code base}
   * @param problem what is wrong, quoting the values
   * @param bytes the bytes being read (the message body, the record header...)
   * @param at the index in {@code bytes} to mark
   * @param base the offset of {@code bytes[0]} in whatever the offsets count (0 for a message body)
   */
  TlsDecodeException(String field, long offset, String problem, byte[] bytes, int at, long base) {
    this(field, offset, problem, Hex.dump(bytes, at, base));
  }

  private TlsDecodeException(String field, long offset, String problem, String hexDump) {
    super(field + " at offset " + offset + ": " + problem + "\n" + hexDump);
    this.field = field;
    this.offset = offset;
    this.problem = problem;
    this.hexDump = hexDump;
  }

  /** The field being read, as {@code Message.field}: {@code ServerHello.cipher_suite}. */
  public String field() {
    return field;
  }

  /** The offset of the field in the bytes shown. */
  public long offset() {
    return offset;
  }

  /** What is wrong, without the field and the dump: {@code length 33 exceeds the maximum 32}. */
  public String problem() {
    return problem;
  }

  /** The rows of hex around the offset, the offending byte in brackets. */
  public String hexDump() {
    return hexDump;
  }
}
