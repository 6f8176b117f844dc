package dev.tlsdoctor.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The record layer of a handshake this side completes: records written and read (decrypted once a
 * {@link RecordCipher} is set), handshake messages reassembled from them, and the transcript of both sides'
 * handshake messages, which the key schedule hashes. For the probes that need keys; everything the peer sends that
 * breaks the protocol ends in {@link Failed}.
 */
final class RecordIo {
  /** A handshake that did not get as far as asked, and what the peer did instead. */
  static final class Failed extends IOException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  /** One record as read: its outer type and its (decrypted) content; TLS 1.3's inner type is {@code type}. */
  record Plain(int type, byte[] content) {
  }

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
  private byte[] handshakeBuffer = new byte[0];
  RecordCipher reader;
  RecordCipher writer;
  int version = ProtocolVersion.TLSv1_2.wire();
  /** TLS 1.3: records are protected as application_data with the inner type inside. */
  boolean tls13;

  RecordIo(Socket s) throws IOException {
    this.socket = s;
    this.in = s.getInputStream();
    this.out = s.getOutputStream();
  }

  byte[] transcript() {
    return transcript.toByteArray();
  }

  void addToTranscript(byte[] message) {
    transcript.writeBytes(message);
  }

  /** Sends a handshake message (header included), protected when a writer is set, and adds it to the transcript. */
  void sendHandshake(byte[] message) throws IOException {
    addToTranscript(message);
    send(22, message);
  }

  void send(int type, byte[] content) throws IOException {
    out.write(writer == null ? RecordCipher.concat(RecordCipher.header(type, version, content.length), content)
        : writer.seal(type, version, content));
    out.flush();
  }

  /** Writes bytes as they are (several records at once). */
  void sendRaw(byte[] records) throws IOException {
    out.write(records);
    out.flush();
  }

  /** The next record, decrypted when a reader is set (TLS 1.3: ChangeCipherSpec passes in the clear). */
  Plain record() throws IOException {
    byte[] head = in.readNBytes(5);
    if (head.length < 5) {
      throw head.length == 0 ? new Failed("the server closed the connection") : new EOFException("truncated record");
    }
    int type = head[0] & 0xFF;
    int length = ((head[3] & 0xFF) << 8) | (head[4] & 0xFF);
    if (type < 20 || type > 24 || length > RecordReader.MAX_FRAGMENT) {
      throw new Failed("not a TLS record: " + Hex.dump(head, 0, 0));
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new Failed("the server closed the connection in the middle of a record");
    }
    if (type == 21 && (reader == null || body.length == 2)) {
      throw new Failed("alert " + Alert.of(body.length > 1 ? body[1] & 0xFF : -1));
    }
    if (reader == null || type == 20) {
      return new Plain(type, body);
    }
    try {
      byte[] p = reader.open(type, ((head[1] & 0xFF) << 8) | (head[2] & 0xFF), body);
      if (!tls13) {
        if (type == 21) {
          throw new Failed("alert " + Alert.of(p.length > 1 ? p[1] & 0xFF : -1));
        }
        return new Plain(type, p);
      }
      Plain inner = new Plain(p[0] & 0xFF, Arrays.copyOfRange(p, 1, p.length));
      if (inner.type() == 21) {
        throw new Failed("alert " + Alert.of(inner.content().length > 1 ? inner.content()[1] & 0xFF : -1));
      }
      return inner;
    } catch (GeneralSecurityException e) {
      throw new Failed("a record from the server did not decrypt: " + e.getMessage());
    }
  }

  /**
   * The next handshake message (header included, added to the transcript), skipping TLS 1.3's compatibility
   * ChangeCipherSpec; {@code null} when a ChangeCipherSpec comes before any (TLS 1.2 and below).
   */
  byte[] message() throws IOException {
    while (handshakeBuffer.length < 4 || handshakeBuffer.length < 4 + length(handshakeBuffer)) {
      Plain r = record();
      if (r.type() == 20) {
        if (tls13) {
          continue;
        }
        if (handshakeBuffer.length == 0) {
          return null;
        }
        throw new Failed("a ChangeCipherSpec in the middle of a handshake message");
      }
      if (r.type() != 22) {
        throw new Failed("a record of type " + r.type() + " where a handshake message was expected");
      }
      handshakeBuffer = RecordCipher.concat(handshakeBuffer, r.content());
    }
    int n = 4 + length(handshakeBuffer);
    if (n > HandshakeAssembler.MAX_MESSAGE) {
      throw new Failed("a handshake message of " + n + " bytes");
    }
    byte[] m = Arrays.copyOf(handshakeBuffer, n);
    handshakeBuffer = Arrays.copyOfRange(handshakeBuffer, n, handshakeBuffer.length);
    addToTranscript(m);
    return m;
  }

  /** True when a message is buffered that arrived in the same record as the last one. */
  boolean messageBuffered() {
    return handshakeBuffer.length > 0;
  }

  private static int length(byte[] m) {
    return ((m[1] & 0xFF) << 16) | ((m[2] & 0xFF) << 8) | (m[3] & 0xFF);
  }

  static int type(byte[] message) {
    return message[0] & 0xFF;
  }

  static byte[] body(byte[] message) {
    return Arrays.copyOfRange(message, 4, message.length);
  }

  static byte[] handshake(int type, byte[] body) {
    return HandshakeMessage.encode(HandshakeType.of(type), body);
  }
}
