package dev.tlsdoctor.tls;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A ClientHello in the SSL 2.0 format: a real SSL 2.0 CLIENT-HELLO (version 0x0002), or the "version 2 compatible"
 * hello that SSL 3.0 and TLS clients once sent to reach SSL 2.0 servers too (version 0x0300-0x0303, TLS suites written
 * as {@code 0x00XXYY}; RFC 5246 appendix E.2, RFC 6101 appendix E).
 *
 * @param version 0x0002 for SSL 2.0, else the highest SSL 3.0/TLS version offered
 * @param cipherSpecs three-byte cipher kinds, in preference order
 * @param sessionId 0 or 16 bytes
 * @param challenge 16 to 32 bytes (a TLS server uses it, left-padded with zeros, as the client random)
 */
public record SslV2ClientHello(int version, List<SslV2CipherKind> cipherSpecs, Bytes sessionId, Bytes challenge) {
  /** MSG-CLIENT-HELLO. */
  static final int MSG_CLIENT_HELLO = 1;

  private static final SecureRandom RANDOM = new SecureRandom();

  public SslV2ClientHello {
    cipherSpecs = List.copyOf(cipherSpecs);
  }

  /** An SSL 2.0 hello (version 0x0002) offering these kinds, with a random 16-byte challenge. */
  public static SslV2ClientHello sslV2(List<SslV2CipherKind> kinds) {
    return new SslV2ClientHello(ProtocolVersion.SSLv2.wire(), kinds, Bytes.EMPTY, randomBytes(16));
  }

  /** A version-2-compatible hello for {@code version} offering TLS suites, with a random 32-byte challenge. */
  public static SslV2ClientHello compatible(ProtocolVersion version, List<CipherSuite> suites) {
    List<SslV2CipherKind> kinds = suites.stream().map(s -> SslV2CipherKind.of(s.code())).toList();
    return new SslV2ClientHello(version.wire(), kinds, Bytes.EMPTY, randomBytes(32));
  }

  private static Bytes randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return Bytes.wrap(b);
  }

  /**
   * The message (without the record header).
   *
   * <pre>
   * uint8 V2CipherSpec[3];
   * struct {
   *     uint16 msg_length;
   *     uint8 msg_type;
   *     Version version;
   *     uint16 cipher_spec_length;
   *     uint16 session_id_length;
   *     uint16 challenge_length;
   *     V2CipherSpec cipher_specs[V2ClientHello.cipher_spec_length];
   *     opaque session_id[V2ClientHello.session_id_length];
   *     opaque challenge[V2ClientHello.challenge_length;
   * } V2ClientHello;
   * </pre>
   * (RFC 5246 appendix E.2; msg_length is the record header, with the high bit set.)
   */
  public byte[] message() {
    WireWriter w = new WireWriter().writeUint8(MSG_CLIENT_HELLO).writeUint16(version)
        .writeUint16(cipherSpecs.size() * 3).writeUint16(sessionId.length()).writeUint16(challenge.length());
    cipherSpecs.forEach(k -> w.writeUint24(k.code()));
    return w.write(sessionId).write(challenge).toByteArray();
  }

  /** The bytes to send: a two-byte SSL 2.0 record header (high bit set, 15-bit length), then {@link #message()}. */
  public byte[] toRecord() {
    byte[] m = message();
    if (m.length > 0x7FFF) {
      throw new IllegalArgumentException("an SSLv2 record holds at most 32767 bytes, not " + m.length);
    }
    return new WireWriter().writeUint16(0x8000 | m.length).writeBytes(m).toByteArray();
  }

  /** Parses the bytes of a two-byte-header SSL 2.0 record holding a CLIENT-HELLO. */
  public static SslV2ClientHello fromRecord(byte[] record) {
    WireReader r = WireReader.of("V2ClientHello", record);
    int header = r.readUint16("msg_length");
    if ((header & 0x8000) == 0) {
      throw r.failAt("msg_length", 0, "high bit not set: not a two-byte SSLv2 record header");
    }
    int length = header & 0x7FFF;
    if (length != r.remaining()) {
      throw r.failAt("msg_length", 0, "length " + length + " but " + r.remaining() + " bytes follow");
    }
    return read(r);
  }

  /** Parses a CLIENT-HELLO message (the record's content). */
  public static SslV2ClientHello parse(byte[] message) {
    return read(WireReader.of("V2ClientHello", message));
  }

  private static SslV2ClientHello read(WireReader r) {
    int type = r.readUint8("msg_type");
    if (type != MSG_CLIENT_HELLO) {
      throw r.failAt("msg_type", r.position() - 1, "expected 1 (CLIENT-HELLO), got " + type);
    }
    int version = r.readUint16("version");
    int at = r.position();
    int specsLength = r.readUint16("cipher_spec_length");
    int idLength = r.readUint16("session_id_length");
    int challengeLength = r.readUint16("challenge_length");
    if (specsLength == 0 || specsLength % 3 != 0) {
      throw r.failAt("cipher_spec_length", at, "length " + specsLength + " is not a positive multiple of 3");
    }
    if (idLength != 0 && idLength != 16) {
      throw r.failAt("session_id_length", at + 2, "length " + idLength + ", must be 0 or 16");
    }
    if (challengeLength < 16 || challengeLength > 32) {
      throw r.failAt("challenge_length", at + 4, "length " + challengeLength + ", must be 16 to 32");
    }
    List<SslV2CipherKind> specs = new ArrayList<>();
    for (int i = 0; i < specsLength / 3; i++) {
      specs.add(SslV2CipherKind.of(r.readUint24("cipher_specs[" + i + "]")));
    }
    Bytes id = Bytes.wrap(r.readBytes("session_id", idLength));
    Bytes challenge = Bytes.wrap(r.readBytes("challenge", challengeLength));
    r.expectEnd("challenge");
    return new SslV2ClientHello(version, specs, id, challenge);
  }
}
