package dev.tlsdoctor.tls;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Writes the presentation language of RFC 8446 section 3: {@code uint8}..{@code uint24} and vectors whose length
 * prefix is filled in after their content. Values that do not fit their field are a programming error
 * ({@link IllegalArgumentException}), not something to truncate silently.
 */
final class WireWriter {
  private byte[] buf = new byte[512];
  private int size;

  WireWriter writeUint8(int v) {
    check(v, 0xFF, "uint8");
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  WireWriter writeUint16(int v) {
    check(v, 0xFFFF, "uint16");
    ensure(2);
    buf[size++] = (byte) (v >> 8);
    buf[size++] = (byte) v;
    return this;
  }

  WireWriter writeUint24(int v) {
    check(v, 0xFFFFFF, "uint24");
    ensure(3);
    buf[size++] = (byte) (v >> 16);
    buf[size++] = (byte) (v >> 8);
    buf[size++] = (byte) v;
    return this;
  }

  WireWriter writeBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  WireWriter write(Bytes b) {
    b.writeTo(this);
    return this;
  }

  WireWriter writeOpaque8(Bytes b) {
    return vector8(w -> w.write(b));
  }

  WireWriter writeOpaque16(Bytes b) {
    return vector16(w -> w.write(b));
  }

  WireWriter writeOpaque24(Bytes b) {
    return vector24(w -> w.write(b));
  }

  /** A vector with a one-byte length holding what {@code content} writes. */
  WireWriter vector8(Consumer<WireWriter> content) {
    return vector(1, 0xFF, content);
  }

  WireWriter vector16(Consumer<WireWriter> content) {
    return vector(2, 0xFFFF, content);
  }

  WireWriter vector24(Consumer<WireWriter> content) {
    return vector(3, 0xFFFFFF, content);
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private WireWriter vector(int lengthBytes, int max, Consumer<WireWriter> content) {
    ensure(lengthBytes);
    int at = size;
    size += lengthBytes;
    content.accept(this);
    int length = size - at - lengthBytes;
    if (length > max) {
      throw new IllegalArgumentException("vector of " + length + " bytes does not fit a " + (8 * lengthBytes)
          + "-bit length");
    }
    for (int i = lengthBytes - 1; i >= 0; i--) {
      buf[at + i] = (byte) length;
      length >>= 8;
    }
    return this;
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }

  private static void check(int v, int max, String type) {
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(type + " out of range: " + v);
    }
  }
}
