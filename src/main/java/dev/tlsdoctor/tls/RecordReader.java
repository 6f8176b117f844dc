package dev.tlsdoctor.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;

/**
 * Reads TLS records (and the SSL 2.0 records of an SSL 2.0 server) from a stream, keeping a copy of every byte read so
 * that nothing the peer sent is lost when the exchange ends badly. Reads use {@code readNBytes}; the timeout is the
 * stream's (a socket's SO_TIMEOUT, or a {@link DeadlineInputStream}) and surfaces as its
 * {@link java.net.SocketTimeoutException}.
 *
 * <p>End of stream exactly between records is an empty result; inside a record it is an {@link EOFException}. A
 * header that cannot start a TLS record, or a length above {@link #MAX_FRAGMENT}, is a {@link TlsDecodeException}.
 */
public final class RecordReader {
  /**
   * The largest fragment accepted: 2^14 + 2048, the TLSCiphertext limit of RFC 5246 section 6.2.3 (TLS 1.3 allows
   * only 2^14 + 256).
   */
  public static final int MAX_FRAGMENT = (1 << 14) + 2048;
  /** How much of the stream {@link #transcript()} keeps. */
  public static final int MAX_TRANSCRIPT = 1 << 20;

  private final Recorder recorder;
  private final PushbackInputStream in;
  private long offset;

  public RecordReader(InputStream in) {
    this.recorder = new Recorder(in);
    this.in = new PushbackInputStream(recorder, 8);
  }

  /** Up to {@code n} (at most 8) next bytes without consuming them; fewer only at end of stream. */
  public byte[] peek(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    in.unread(b);
    return b;
  }

  /**
   * The next TLS record, or empty at end of stream.
   *
   * <pre>
   * struct {
   *     ContentType type;
   *     ProtocolVersion legacy_record_version;
   *     uint16 length;
   *     opaque fragment[TLSPlaintext.length];
   * } TLSPlaintext;
   * </pre>
   */
  public Optional<TlsRecord> next() throws IOException {
    long at = offset;
    byte[] header = readOrNothing(TlsRecord.HEADER, "record header");
    if (header.length == 0) {
      return Optional.empty();
    }
    WireReader r = WireReader.of("TLSPlaintext", header, at);
    int typeCode = r.readUint8("type");
    ContentType type = ContentType.forCode(typeCode)
        .orElseThrow(() -> r.failAt("type", 0, String.format("unknown content type 0x%02X", typeCode)));
    int version = r.readUint16("legacy_record_version");
    if (version >> 8 != 3) {
      throw r.failAt("legacy_record_version", 1, String.format("0x%04X is not an SSL 3.0/TLS version (0x03XX)",
          version));
    }
    int length = r.readUint16("length");
    if (length > MAX_FRAGMENT) {
      throw r.failAt("length", 3, "length " + length + " exceeds the limit " + MAX_FRAGMENT);
    }
    byte[] fragment = read(length, type + " record fragment");
    return Optional.of(new TlsRecord(type, version, Bytes.wrap(fragment), at));
  }

  /**
   * The message of the next SSL 2.0 record (the SSL 2.0 specification, "Record Header"): a two-byte header when the
   * high bit of the first byte is set (length in the low 15 bits), else a three-byte header whose third byte is the
   * padding length.
   */
  public byte[] nextSslV2() throws IOException {
    long at = offset;
    byte[] first = readOrNothing(2, "SSLv2 record header");
    if (first.length == 0) {
      throw new EOFException("end of stream before an SSLv2 record at offset " + at);
    }
    boolean twoByte = (first[0] & 0x80) != 0;
    int length = ((first[0] & (twoByte ? 0x7F : 0x3F)) << 8) | (first[1] & 0xFF);
    if (!twoByte) {
      read(1, "SSLv2 record padding length");
    }
    if (length == 0) {
      throw new TlsDecodeException("SSLv2Record.length", at, "length 0", first, 0, at);
    }
    return read(length, "SSLv2 record");
  }

  /** What can be read now without blocking, up to {@code max} bytes (the rest of a non-TLS greeting). */
  public byte[] readAvailable(int max) throws IOException {
    int n = Math.min(in.available(), max);
    byte[] b = in.readNBytes(n);
    offset += b.length;
    return b;
  }

  /** The number of bytes consumed so far. */
  public long offset() {
    return offset;
  }

  /** Every byte read from the stream so far (the first {@link #MAX_TRANSCRIPT}), peeked bytes included. */
  public Bytes transcript() {
    return Bytes.wrap(recorder.copy.toByteArray());
  }

  /** {@code n} bytes, or none at a clean end of stream; an {@link EOFException} when the stream ends in between. */
  private byte[] readOrNothing(int n, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length > 0 && b.length < n) {
      throw new EOFException("end of stream after " + b.length + " of " + n + " bytes of the " + what
          + " at offset " + offset);
    }
    offset += b.length;
    return b;
  }

  /** {@code n} bytes; an {@link EOFException} when the stream ends before. */
  private byte[] read(int n, String what) throws IOException {
    byte[] b = readOrNothing(n, what);
    if (b.length < n) {
      throw new EOFException("end of stream before the " + what + " at offset " + offset);
    }
    return b;
  }

  /** Copies every byte that passes, so that bytes read before a timeout or reset are kept. */
  private static final class Recorder extends FilterInputStream {
    final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    Recorder(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && copy.size() < MAX_TRANSCRIPT) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, Math.min(n, MAX_TRANSCRIPT - copy.size()));
      }
      return n;
    }
  }
}
