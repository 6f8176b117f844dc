package dev.tlsdoctor.tls;

import java.util.Arrays;
import java.util.Optional;

/**
 * Turns the fragments of handshake records into handshake messages: a message may span several records, and one
 * record may hold several messages (RFC 8446 section 5.1). A declared length above {@link #MAX_MESSAGE} fails at
 * once instead of waiting for (and buffering) bytes a hostile peer may never stop sending. Offsets in its errors
 * count the bytes of the handshake protocol (record headers left out).
 */
final class HandshakeAssembler {
  /** The largest handshake message accepted: 256 KiB, twice OpenSSL's default certificate-list limit. */
  static final int MAX_MESSAGE = 1 << 18;

  private byte[] buf = new byte[0];
  private int size;
  private long consumed;

  /** Appends the fragment of a handshake record. */
  void add(TlsRecord record) {
    byte[] f = record.fragment().toByteArray();
    if (size + f.length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(size + f.length, buf.length * 2));
    }
    System.arraycopy(f, 0, buf, size, f.length);
    size += f.length;
  }

  /** The next complete message, or empty when more records are needed. */
  Optional<HandshakeMessage> next() {
    if (size < 4) {
      return Optional.empty();
    }
    int length = (buf[1] & 0xFF) << 16 | (buf[2] & 0xFF) << 8 | (buf[3] & 0xFF);
    if (length > MAX_MESSAGE) {
      throw new TlsDecodeException("Handshake.length", consumed + 1, "length " + length + " of a "
          + HandshakeType.of(buf[0] & 0xFF) + " exceeds the limit " + MAX_MESSAGE, Arrays.copyOf(buf, size), 1,
          consumed);
    }
    if (size < 4 + length) {
      return Optional.empty();
    }
    HandshakeMessage m = new HandshakeMessage(HandshakeType.of(buf[0] & 0xFF),
        Bytes.wrap(Arrays.copyOfRange(buf, 4, 4 + length)));
    System.arraycopy(buf, 4 + length, buf, 0, size - 4 - length);
    size -= 4 + length;
    consumed += 4 + length;
    return Optional.of(m);
  }

  /** True while part of a message is buffered: no other content type may come now. */
  boolean hasPartial() {
    return size > 0;
  }
}
