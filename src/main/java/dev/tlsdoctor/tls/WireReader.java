package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the bytes of one message that reads with the verbs of the presentation language (RFC 8446 section 3,
 * RFC 5246 section 4): {@code uint8}, {@code uint16}, {@code uint24}, {@code opaque x<min..max>}. Every length is
 * checked against what is left of its enclosing vector before anything is read or allocated, and every failure is a
 * {@link TlsDecodeException} naming {@code Message.field}.
 *
 * <p>A vector read with {@code readVector*} comes back as a reader limited to the vector's bytes; it shares the
 * message's bytes, so offsets and hex dumps stay those of the whole message.
 */
final class WireReader {
  private final String message;
  private final byte[] bytes;
  private final long base;
  private final int limit;
  private int pos;

  private WireReader(String message, byte[] bytes, long base, int pos, int limit) {
    this.message = message;
    this.bytes = bytes;
    this.base = base;
    this.pos = pos;
    this.limit = limit;
  }

  /** A reader over all of {@code bytes}, the body of the message called {@code message}. */
  static WireReader of(String message, byte[] bytes) {
    return of(message, bytes, 0);
  }

  /** A reader whose offsets count from {@code base} (a stream offset) instead of 0. */
  static WireReader of(String message, byte[] bytes, long base) {
    return new WireReader(message, bytes, base, 0, bytes.length);
  }

  int readUint8(String field) {
    need(field, 1);
    return bytes[pos++] & 0xFF;
  }

  int readUint16(String field) {
    need(field, 2);
    int v = (bytes[pos] & 0xFF) << 8 | (bytes[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  int readUint24(String field) {
    need(field, 3);
    int v = (bytes[pos] & 0xFF) << 16 | (bytes[pos + 1] & 0xFF) << 8 | (bytes[pos + 2] & 0xFF);
    pos += 3;
    return v;
  }

  /** A fixed-length field such as {@code opaque Random[32]}. */
  byte[] readBytes(String field, int length) {
    need(field, length);
    byte[] out = new byte[length];
    System.arraycopy(bytes, pos, out, 0, length);
    pos += length;
    return out;
  }

  /** {@code opaque field<min..max>} with a one-byte length. */
  Bytes readOpaque8(String field, int min, int max) {
    return Bytes.wrap(readVector8(field, min, max).readRest());
  }

  /** {@code opaque field<min..max>} with a two-byte length. */
  Bytes readOpaque16(String field, int min, int max) {
    return Bytes.wrap(readVector16(field, min, max).readRest());
  }

  /** {@code opaque field<min..max>} with a three-byte length. */
  Bytes readOpaque24(String field, int min, int max) {
    return Bytes.wrap(readVector24(field, min, max).readRest());
  }

  /** A vector with a one-byte length, as a reader over its bytes. */
  WireReader readVector8(String field, int min, int max) {
    int at = pos;
    return vector(field, at, readUint8(field), min, max);
  }

  /** A vector with a two-byte length, as a reader over its bytes. */
  WireReader readVector16(String field, int min, int max) {
    int at = pos;
    return vector(field, at, readUint16(field), min, max);
  }

  /** A vector with a three-byte length, as a reader over its bytes. */
  WireReader readVector24(String field, int min, int max) {
    int at = pos;
    return vector(field, at, readUint24(field), min, max);
  }

  /** {@code uint16 field<min..max>}: a vector of two-byte values, e.g. cipher suites or named groups. */
  List<Integer> readUint16List(String field, int min, int max) {
    int at = pos;
    WireReader v = readVector16(field, min, max);
    if (v.remaining() % 2 != 0) {
      throw failAt(field, at, "length " + v.remaining() + " is not a multiple of 2");
    }
    List<Integer> out = new ArrayList<>(v.remaining() / 2);
    while (v.hasRemaining()) {
      out.add(v.readUint16(field));
    }
    return out;
  }

  /** {@code uint8 field<min..max>}: a vector of one-byte values, e.g. compression methods. */
  List<Integer> readUint8List(String field, int min, int max) {
    WireReader v = readVector8(field, min, max);
    List<Integer> out = new ArrayList<>(v.remaining());
    while (v.hasRemaining()) {
      out.add(v.readUint8(field));
    }
    return out;
  }

  /** Everything left in this reader. */
  byte[] readRest() {
    return readBytes("rest", remaining());
  }

  boolean hasRemaining() {
    return pos < limit;
  }

  int remaining() {
    return limit - pos;
  }

  /** The current index in the message's bytes. */
  int position() {
    return pos;
  }

  /** Fails when bytes are left: a length that claimed less than the data that followed. */
  void expectEnd(String field) {
    if (pos < limit) {
      throw fail(field, (limit - pos) + " unexpected trailing byte" + (limit - pos == 1 ? "" : "s"));
    }
  }

  /** An exception about {@code field} at the current position. */
  TlsDecodeException fail(String field, String problem) {
    return failAt(field, pos, problem);
  }

  /** An exception about {@code field} at index {@code at} of the message's bytes. */
  TlsDecodeException failAt(String field, int at, String problem) {
    return new TlsDecodeException(message + "." + field, base + at, problem, bytes, at, base);
  }

  private WireReader vector(String field, int at, int length, int min, int max) {
    if (length > remaining()) {
      throw failAt(field, at, "length " + length + " exceeds the " + remaining() + " byte"
          + (remaining() == 1 ? "" : "s") + " left");
    }
    if (length < min) {
      throw failAt(field, at, "length " + length + " is below the minimum " + min);
    }
    if (length > max) {
      throw failAt(field, at, "length " + length + " exceeds the maximum " + max);
    }
    WireReader v = new WireReader(message, bytes, base, pos, pos + length);
    pos += length;
    return v;
  }

  private void need(String field, int n) {
    if (n > remaining()) {
      throw fail(field, "needs " + n + " byte" + (n == 1 ? "" : "s") + ", " + remaining() + " left");
    }
  }
}
