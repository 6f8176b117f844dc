package dev.tlsdoctor.tls;

import java.util.Arrays;

/**
 * An immutable run of bytes from the wire (a random, a session id, a key share, a DER certificate), compared by
 * content and printed as hex. Models hold these instead of arrays so that they stay immutable and comparable.
 */
public final class Bytes {
  /** No bytes. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private static final int TO_STRING_LIMIT = 32;

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Bytes of(byte... bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** The bytes written as hex digits; whitespace is ignored ({@code "16 03 01"}). */
  public static Bytes fromHex(CharSequence hex) {
    return wrap(Hex.decode(hex));
  }

  /** Takes {@code bytes} without copying: only for arrays nobody else holds. */
  static Bytes wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  public int length() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The unsigned byte at {@code index}. */
  public int get(int index) {
    return bytes[index] & 0xFF;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The bytes as lower-case hex without separators. */
  public String hex() {
    return Hex.encode(bytes);
  }

  /** True when the bytes end with {@code suffix}. */
  public boolean endsWith(byte[] suffix) {
    int from = bytes.length - suffix.length;
    return from >= 0 && Arrays.equals(bytes, from, bytes.length, suffix, 0, suffix.length);
  }

  /** Writes the bytes to {@code out} without a defensive copy. */
  void writeTo(WireWriter out) {
    out.writeBytes(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Hex, shortened after 32 bytes: {@code 3082...(1200 bytes)}. */
  @Override
  public String toString() {
    if (bytes.length <= TO_STRING_LIMIT) {
      return hex();
    }
    return Hex.encode(bytes, 0, TO_STRING_LIMIT) + "...(" + bytes.length + " bytes)";
  }
}
