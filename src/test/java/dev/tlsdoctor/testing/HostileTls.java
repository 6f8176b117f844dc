package dev.tlsdoctor.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Just enough of the TLS wire format for {@link HostileServer}: reading what a ClientHello offers (its versions,
 * session id, cipher suites and extension types) and writing records, alerts and a TLS 1.2 ServerHello. It stays
 * apart from {@code dev.tlsdoctor.tls} on purpose, so that tests of the scanner never check the codec against
 * itself.
 */
final class HostileTls {
  static final int CHANGE_CIPHER_SPEC = 20;
  static final int ALERT = 21;
  static final int HANDSHAKE = 22;
  static final int APPLICATION_DATA = 23;
  static final int HEARTBEAT = 24;
  static final int CLIENT_HELLO = 1;
  static final int SERVER_HELLO = 2;
  static final int TLS_1_2 = 0x0303;
  /** The largest TLSPlaintext fragment, 2^14 (RFC 8446, 5.1). */
  static final int MAX_FRAGMENT = 1 << 14;
  /** renegotiation_info (RFC 5746). */
  static final int EXT_RENEGOTIATION_INFO = 0xff01;
  /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746). */
  static final int SCSV_RENEGOTIATION = 0x00ff;
  /** TLS_FALLBACK_SCSV (RFC 7507). */
  static final int SCSV_FALLBACK = 0x5600;
  /** The largest ClientHello read here; real ones are a few kilobytes. */
  private static final int MAX_HELLO = 1 << 17;

  private HostileTls() {
  }

  /** A ClientHello that cannot be read: names the field, its offset in the message, and the bytes. */
  static final class MalformedException extends IOException {
    MalformedException(String field, int offset, String problem, byte[] bytes) {
      super(field + " at offset " + offset + ": " + problem + "; bytes: " + hex(bytes, 64));
    }

    /** A problem with the ClientHello as a whole rather than with the bytes at one offset. */
    MalformedException(String field, String problem) {
      super(field + ": " + problem);
    }
  }

  /** What a ClientHello offers, as far as the hostile servers care. */
  record Offer(int recordVersion, int legacyVersion, byte[] sessionId, List<Integer> cipherSuites,
               List<Integer> extensionTypes, byte[] message) {
    /** The client's random. */
    byte[] random() {
      return java.util.Arrays.copyOfRange(message, 6, 38);
    }

    /** The first offered cipher suite that a TLS 1.2 ServerHello may select: no TLS 1.3 suite, SCSV or GREASE. */
    int firstTls12Suite() throws MalformedException {
      for (int s : cipherSuites) {
        boolean tls13 = (s & 0xff00) == 0x1300;
        boolean grease = (s & 0x0f0f) == 0x0a0a && (s >> 8) == (s & 0xff);
        if (!tls13 && !grease && s != SCSV_RENEGOTIATION && s != SCSV_FALLBACK) {
          return s;
        }
      }
      throw new MalformedException("cipher_suites", "no cipher suite that TLS 1.2 can select among "
          + suiteList());
    }

    /** True when the client signals secure renegotiation (RFC 5746): the extension or the SCSV. */
    boolean signalsRenegotiationInfo() {
      return extensionTypes.contains(EXT_RENEGOTIATION_INFO) || cipherSuites.contains(SCSV_RENEGOTIATION);
    }

    private String suiteList() {
      List<String> hex = new ArrayList<>();
      cipherSuites.forEach(s -> hex.add(String.format("0x%04x", s)));
      return hex.toString();
    }
  }

  /**
   * Reads handshake records until they hold one whole handshake message, and reads it as a ClientHello.
   * Throws {@link EOFException} when the client closes first, {@link MalformedException} for anything but a
   * ClientHello.
   */
  static Offer readClientHello(InputStream in) throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int recordVersion = -1;
    int need = 4;
    while (message.size() < need) {
      byte[] header = readFully(in, 5, "record header");
      int type = header[0] & 0xff;
      int version = (header[1] & 0xff) << 8 | (header[2] & 0xff);
      int length = (header[3] & 0xff) << 8 | (header[4] & 0xff);
      if (type != HANDSHAKE || (version >> 8) != 3) {
        throw new MalformedException("record header", 0, "not a TLS handshake record", header);
      }
      if (length == 0 || length > MAX_FRAGMENT) {
        throw new MalformedException("record length", 3, "length " + length + " outside 1.." + MAX_FRAGMENT, header);
      }
      recordVersion = recordVersion < 0 ? version : recordVersion;
      message.writeBytes(readFully(in, length, "record fragment"));
      if (need == 4 && message.size() >= 4) {
        byte[] m = message.toByteArray();
        int bodyLength = (m[1] & 0xff) << 16 | (m[2] & 0xff) << 8 | (m[3] & 0xff);
        if ((m[0] & 0xff) != CLIENT_HELLO) {
          throw new MalformedException("handshake type", 0, "expected client_hello(1), got " + (m[0] & 0xff), m);
        }
        if (bodyLength > MAX_HELLO) {
          throw new MalformedException("handshake length", 1, "length " + bodyLength + " over " + MAX_HELLO, m);
        }
        need = 4 + bodyLength;
      }
    }
    byte[] m = message.toByteArray();
    if (m.length != need) {
      throw new MalformedException("handshake length", 1, "records hold " + (m.length - need)
          + " bytes after the ClientHello", m);
    }
    return parseClientHello(recordVersion, m);
  }

  /**
   * Reads a ClientHello handshake message (type, uint24 length, body):
   * <pre>
   * struct {
   *     ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 *&#47;
   *     Random random;
   *     opaque legacy_session_id&lt;0..32&gt;;
   *     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
   *     opaque legacy_compression_methods&lt;1..2^8-1&gt;;
   *     Extension extensions&lt;8..2^16-1&gt;;
   * } ClientHello;                                  (RFC 8446, 4.1.2; extensions optional before TLS 1.2)
   *
   * struct {
   *     ExtensionType extension_type;
   *     opaque extension_data&lt;0..2^16-1&gt;;
   * } Extension;
   * </pre>
   */
  static Offer parseClientHello(int recordVersion, byte[] message) throws MalformedException {
    Cursor c = new Cursor(message);
    c.readUint8("handshake type");
    int length = c.readUint24("handshake length");
    if (length != message.length - 4) {
      throw new MalformedException("handshake length", 1, "says " + length + ", message has "
          + (message.length - 4), message);
    }
    int legacyVersion = c.readUint16("legacy_version");
    c.readBytes("random", 32);
    byte[] sessionId = c.readOpaque8("legacy_session_id", 0, 32);
    int suitesAt = c.position();
    byte[] suiteBytes = c.readOpaque16("cipher_suites", 2, 0xfffe);
    if (suiteBytes.length % 2 != 0) {
      throw new MalformedException("cipher_suites", suitesAt, "odd length " + suiteBytes.length, message);
    }
    Cursor suites = new Cursor(suiteBytes, suitesAt + 2, message);
    List<Integer> cipherSuites = new ArrayList<>();
    while (suites.remaining() > 0) {
      cipherSuites.add(suites.readUint16("cipher_suites"));
    }
    c.readOpaque8("legacy_compression_methods", 1, 255);
    List<Integer> extensionTypes = new ArrayList<>();
    if (c.remaining() > 0) {
      byte[] extensions = c.readOpaque16("extensions", 0, 0xffff);
      Cursor e = new Cursor(extensions, c.position() - extensions.length, message);
      while (e.remaining() > 0) {
        extensionTypes.add(e.readUint16("extension_type"));
        e.readOpaque16("extension_data", 0, 0xffff);
      }
    }
    if (c.remaining() != 0) {
      throw new MalformedException("ClientHello", c.position(), c.remaining() + " bytes after the extensions",
          message);
    }
    return new Offer(recordVersion, legacyVersion, sessionId, List.copyOf(cipherSuites),
        List.copyOf(extensionTypes), message.clone());
  }

  /** A TLSPlaintext record: type, version, uint16 length, fragment. */
  static byte[] record(int type, int version, byte[] fragment) {
    if (fragment.length > 0xffff) {
      throw new IllegalArgumentException("fragment of " + fragment.length + " bytes does not fit a record");
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(5 + fragment.length);
    b.write(type);
    writeUint16(b, version);
    writeUint16(b, fragment.length);
    b.writeBytes(fragment);
    return b.toByteArray();
  }

  /** A fatal alert record: {@code struct { AlertLevel level; AlertDescription description; } Alert;} */
  static byte[] fatalAlert(int version, int description) {
    return record(ALERT, version, new byte[] {2, (byte) description});
  }

  /** A handshake message header: type, uint24 length. */
  static byte[] handshakeHeader(int type, int length) {
    return new byte[] {(byte) type, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
  }

  /**
   * A TLS 1.2 ServerHello handshake message (RFC 5246, 7.4.1.3), with the extensions block only when
   * {@code extensions} is not empty:
   * <pre>
   * struct {
   *     ProtocolVersion server_version;
   *     Random random;
   *     SessionID session_id;
   *     CipherSuite cipher_suite;
   *     CompressionMethod compression_method;
   *     select (extensions_present) {
   *         case false: struct {};
   *         case true:  Extension extensions&lt;0..2^16-1&gt;;
   *     };
   * } ServerHello;
   * </pre>
   */
  static byte[] serverHello(int version, byte[] random, byte[] sessionId, int cipherSuite, byte[] extensions) {
    if (random.length != 32 || sessionId.length > 32) {
      throw new IllegalArgumentException("random must be 32 bytes and session_id at most 32");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeUint16(body, version);
    body.writeBytes(random);
    body.write(sessionId.length);
    body.writeBytes(sessionId);
    writeUint16(body, cipherSuite);
    body.write(0); // compression_method null
    if (extensions.length > 0) {
      writeUint16(body, extensions.length);
      body.writeBytes(extensions);
    }
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(handshakeHeader(SERVER_HELLO, body.size()));
    m.writeBytes(body.toByteArray());
    return m.toByteArray();
  }

  /** An empty renegotiation_info extension (RFC 5746, 3.6): type, length 1, renegotiated_connection of length 0. */
  static byte[] emptyRenegotiationInfo() {
    return new byte[] {(byte) 0xff, 0x01, 0x00, 0x01, 0x00};
  }

  /** Hex bytes separated by spaces, at most {@code max} of them (then "... (N bytes)"). */
  static String hex(byte[] bytes, int max) {
    String shown = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, max));
    return bytes.length > max ? shown + " ... (" + bytes.length + " bytes)" : shown;
  }

  private static byte[] readFully(InputStream in, int n, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("the client closed the connection after " + b.length + " of the " + n + " bytes of a "
          + what);
    }
    return b;
  }

  private static void writeUint16(ByteArrayOutputStream b, int v) {
    b.write(v >> 8);
    b.write(v);
  }

  /** A read position in a message; every read checks the bytes left first. */
  private static final class Cursor {
    private final byte[] bytes;
    private final int base;
    private final byte[] whole;
    private int pos;

    Cursor(byte[] message) {
      this(message, 0, message);
    }

    /** A cursor over {@code bytes}, which sit at {@code base} in {@code whole} (for offsets and dumps). */
    Cursor(byte[] bytes, int base, byte[] whole) {
      this.bytes = bytes;
      this.base = base;
      this.whole = whole;
    }

    int position() {
      return base + pos;
    }

    int remaining() {
      return bytes.length - pos;
    }

    private void need(String field, int n) throws MalformedException {
      if (remaining() < n) {
        throw new MalformedException(field, position(), "needs " + n + " bytes, " + remaining() + " left", whole);
      }
    }

    int readUint8(String field) throws MalformedException {
      need(field, 1);
      return bytes[pos++] & 0xff;
    }

    int readUint16(String field) throws MalformedException {
      need(field, 2);
      int v = (bytes[pos] & 0xff) << 8 | (bytes[pos + 1] & 0xff);
      pos += 2;
      return v;
    }

    int readUint24(String field) throws MalformedException {
      need(field, 3);
      int v = (bytes[pos] & 0xff) << 16 | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff);
      pos += 3;
      return v;
    }

    byte[] readBytes(String field, int n) throws MalformedException {
      need(field, n);
      byte[] b = Arrays.copyOfRange(bytes, pos, pos + n);
      pos += n;
      return b;
    }

    byte[] readOpaque8(String field, int min, int max) throws MalformedException {
      int at = position();
      int n = readUint8(field + " length");
      return readVector(field, at, n, min, max);
    }

    byte[] readOpaque16(String field, int min, int max) throws MalformedException {
      int at = position();
      int n = readUint16(field + " length");
      return readVector(field, at, n, min, max);
    }

    private byte[] readVector(String field, int at, int n, int min, int max) throws MalformedException {
      if (n < min || n > max) {
        throw new MalformedException(field, at, "length " + n + " outside " + min + ".." + max, whole);
      }
      if (n > remaining()) {
        throw new MalformedException(field, at, "length " + n + " exceeds the " + remaining() + " bytes left",
            whole);
      }
      return readBytes(field, n);
    }
  }
}
