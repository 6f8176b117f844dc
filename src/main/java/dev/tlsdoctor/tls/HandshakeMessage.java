package dev.tlsdoctor.tls;

/**
 * One handshake message, reassembled from its records (RFC 8446 section 4).
 *
 * <pre>
 * struct {
 *     HandshakeType msg_type;    // handshake type
 *     uint24 length;             // remaining bytes in message
 *     select (Handshake.msg_type) { ... };
 * } Handshake;
 * </pre>
 *
 * @param type msg_type
 * @param body the bytes after the length
 */
public record HandshakeMessage(HandshakeType type, Bytes body) {

  /** msg_type, the uint24 length, then {@code body}. */
  static byte[] encode(HandshakeType type, byte[] body) {
    return new WireWriter().writeUint8(type.code()).writeUint24(body.length).writeBytes(body).toByteArray();
  }

  /** The message as on the wire, header included. */
  public byte[] toBytes() {
    return encode(type, body.toByteArray());
  }

  @Override
  public String toString() {
    return type + " " + body.length() + " bytes";
  }
}
