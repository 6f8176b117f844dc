package dev.tlsdoctor.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A ClientHello in the SSL 3.0 / TLS format (RFC 8446 section 4.1.2, RFC 5246 section 7.4.1.2, RFC 6101 section
 * 5.6.1.2), as built by {@link #builder()} or parsed from the wire. The SSL 2.0 format is {@link SslV2ClientHello}.
 *
 * <p>Nothing here enforces what a specification requires of a client beyond what the wire format can carry: a probe
 * may offer suites nobody implements, an SSL 3.0 version with TLS 1.3 extensions, or duplicate extensions. The
 * parser, reading what a client sent, checks the limits of the struct.
 *
 * @param recordVersion the version in the header of the records that carry the hello (TLSPlaintext's
 *     legacy_record_version); 0x0301 is what most clients send
 * @param legacyVersion the version in the hello: the highest version the client supports up to TLS 1.2; TLS 1.3
 *     clients send 0x0303 and list versions in supported_versions
 * @param random 32 bytes
 * @param sessionId 0 to 32 bytes (a probe may send more, up to 255)
 * @param cipherSuites in preference order, signalling values (SCSVs) and unknown code points included
 * @param compressionMethods usually just 0 (null)
 * @param extensions in wire order
 * @param extensionsPresent false for a hello without the extensions block (SSL 3.0 style); true otherwise, even when
 *     the block is empty
 */
public record ClientHello(int recordVersion, int legacyVersion, Bytes random, Bytes sessionId,
    List<CipherSuite> cipherSuites, List<Integer> compressionMethods, List<Extension> extensions,
    boolean extensionsPresent) {

  /** The largest record fragment (TLSPlaintext.length) a sender may use: 2^14. */
  public static final int MAX_FRAGMENT = 1 << 14;

  public ClientHello {
    if (random.length() != 32) {
      throw new IllegalArgumentException("random must be 32 bytes, not " + random.length());
    }
    cipherSuites = List.copyOf(cipherSuites);
    compressionMethods = List.copyOf(compressionMethods);
    extensions = List.copyOf(extensions);
    if (!extensions.isEmpty() && !extensionsPresent) {
      throw new IllegalArgumentException("extensions without an extensions block");
    }
  }

  /** A builder with TLS 1.2 versions, a fresh random, no suites and no extensions. */
  public static ClientHelloBuilder builder() {
    return new ClientHelloBuilder();
  }

  // ---- writing

  /**
   * The ClientHello struct (the handshake message body).
   *
   * <pre>
   * struct {
   *     ProtocolVersion legacy_version = 0x0303;    // TLS v1.2
   *     Random random;
   *     opaque legacy_session_id&lt;0..32&gt;;
   *     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
   *     opaque legacy_compression_methods&lt;1..2^8-1&gt;;
   *     Extension extensions&lt;8..2^16-1&gt;;
   * } ClientHello;
   * </pre>
   */
  public byte[] body() {
    WireWriter w = new WireWriter().writeUint16(legacyVersion).write(random).writeOpaque8(sessionId);
    w.vector16(v -> cipherSuites.forEach(s -> v.writeUint16(s.code())));
    w.vector8(v -> compressionMethods.forEach(v::writeUint8));
    if (extensionsPresent) {
      Extension.writeList(w, extensions);
    }
    return w.toByteArray();
  }

  /** The handshake message: msg_type client_hello(1), a uint24 length, then {@link #body()}. */
  public byte[] toHandshake() {
    return HandshakeMessage.encode(HandshakeType.CLIENT_HELLO, body());
  }

  /** The bytes to send: the handshake message in handshake records of at most 2^14 bytes each. */
  public byte[] toRecords() {
    return toRecords(MAX_FRAGMENT);
  }

  /**
   * The bytes to send, the handshake message split into records of at most {@code maxFragment} bytes: a small value
   * tests whether a server reassembles a ClientHello fragmented across records.
   */
  public byte[] toRecords(int maxFragment) {
    return TlsRecord.encode(ContentType.HANDSHAKE, recordVersion, toHandshake(), maxFragment);
  }

  // ---- reading

  /** Parses a ClientHello body (the bytes after msg_type and length); the record version is taken as 0x0301. */
  public static ClientHello parse(byte[] body) {
    return parse(body, ProtocolVersion.TLSv1.wire());
  }

  /** Parses a ClientHello body that arrived in records of version {@code recordVersion}. */
  public static ClientHello parse(byte[] body, int recordVersion) {
    WireReader r = WireReader.of("ClientHello", body);
    int version = r.readUint16("legacy_version");
    Bytes random = Bytes.wrap(r.readBytes("random", 32));
    Bytes sessionId = r.readOpaque8("legacy_session_id", 0, 32);
    List<CipherSuite> suites = r.readUint16List("cipher_suites", 2, 0xFFFE).stream().map(CipherSuite::of).toList();
    List<Integer> compression = r.readUint8List("legacy_compression_methods", 1, 0xFF);
    boolean present = r.hasRemaining();
    List<Extension> extensions = present ? Extension.readList(r, "extensions", 0) : List.of();
    r.expectEnd("extensions");
    ClientHello hello = new ClientHello(recordVersion, version, random, sessionId, suites, compression, extensions,
        present);
    hello.checkExtensions();
    return hello;
  }

  /**
   * Parses a ClientHello as sent on the wire: one or more handshake records (the hello may be fragmented across
   * them) whose first handshake message is a client_hello. Bytes after that message are ignored.
   */
  public static ClientHello fromRecords(byte[] wire) {
    try {
      return read(new ByteArrayInputStream(wire));
    } catch (java.io.EOFException e) {
      throw new TlsDecodeException("TLSPlaintext", wire.length, e.getMessage(), wire, wire.length, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory", e);
    }
  }

  /**
   * Reads a ClientHello from a stream, as a server does: handshake records until the first handshake message is
   * complete. The stream's end before that is an {@link java.io.EOFException}.
   */
  public static ClientHello read(InputStream in) throws IOException {
    RecordReader records = new RecordReader(in);
    HandshakeAssembler assembler = new HandshakeAssembler();
    while (true) {
      Optional<TlsRecord> next = records.next();
      if (next.isEmpty()) {
        throw new java.io.EOFException("end of stream before the handshake message is complete, at offset "
            + records.offset());
      }
      TlsRecord record = next.get();
      if (record.type() != ContentType.HANDSHAKE) {
        throw record.fail("TLSPlaintext.type", "expected handshake(22), got " + record.type());
      }
      assembler.add(record);
      Optional<HandshakeMessage> m = assembler.next();
      if (m.isPresent()) {
        return fromMessage(m.get(), record.version());
      }
    }
  }

  private static ClientHello fromMessage(HandshakeMessage m, int recordVersion) {
    if (!m.type().equals(HandshakeType.CLIENT_HELLO)) {
      throw new TlsDecodeException("Handshake.msg_type", 0, "expected client_hello(1), got " + m.type(),
          m.body().toByteArray(), 0, 0);
    }
    return parse(m.body().toByteArray(), recordVersion);
  }

  /** Decodes every extension this package knows, so that malformed data fails the parse. */
  private void checkExtensions() {
    serverName();
    supportedVersions();
    keyShares();
    signatureAlgorithms();
    signatureAlgorithmsCert();
    supportedGroups();
    ecPointFormats();
    alpnProtocols();
    statusRequestType();
    renegotiationInfo();
    pskKeyExchangeModes();
  }

  // ---- what the hello offers

  /** The first extension of this type. */
  public Optional<Extension> extension(ExtensionType type) {
    return extensions.stream().filter(e -> e.type().equals(type)).findFirst();
  }

  public boolean has(ExtensionType type) {
    return extension(type).isPresent();
  }

  /** The host name of server_name (SNI). */
  public Optional<String> serverName() {
    return extension(ExtensionType.SERVER_NAME).map(HelloExtensions::readServerName);
  }

  /** supported_versions as wire values, in order; empty when the extension is absent. */
  public List<Integer> supportedVersions() {
    return extension(ExtensionType.SUPPORTED_VERSIONS).map(HelloExtensions::readSupportedVersions).orElse(List.of());
  }

  /** The key_share entries; empty Optional without the extension, an empty list for an empty key_share. */
  public Optional<List<KeyShare>> keyShares() {
    return extension(ExtensionType.KEY_SHARE).map(KeyShare::readClientShares);
  }

  public List<SignatureScheme> signatureAlgorithms() {
    return extension(ExtensionType.SIGNATURE_ALGORITHMS).map(HelloExtensions::readSignatureSchemes)
        .orElse(List.of());
  }

  public List<SignatureScheme> signatureAlgorithmsCert() {
    return extension(ExtensionType.SIGNATURE_ALGORITHMS_CERT).map(HelloExtensions::readSignatureSchemes)
        .orElse(List.of());
  }

  public List<NamedGroup> supportedGroups() {
    return extension(ExtensionType.SUPPORTED_GROUPS).map(HelloExtensions::readSupportedGroups).orElse(List.of());
  }

  public List<Integer> ecPointFormats() {
    return extension(ExtensionType.EC_POINT_FORMATS).map(HelloExtensions::readEcPointFormats).orElse(List.of());
  }

  public List<String> alpnProtocols() {
    return extension(ExtensionType.ALPN).map(HelloExtensions::readAlpn).orElse(List.of());
  }

  /** The status_type of status_request (1 = ocsp). */
  public Optional<Integer> statusRequestType() {
    return extension(ExtensionType.STATUS_REQUEST).map(HelloExtensions::readStatusRequestType);
  }

  /** renegotiated_connection of renegotiation_info (empty bytes in an initial handshake). */
  public Optional<Bytes> renegotiationInfo() {
    return extension(ExtensionType.RENEGOTIATION_INFO).map(HelloExtensions::readRenegotiationInfo);
  }

  public List<Integer> pskKeyExchangeModes() {
    return extension(ExtensionType.PSK_KEY_EXCHANGE_MODES).map(HelloExtensions::readPskKeyExchangeModes)
        .orElse(List.of());
  }

  public boolean offersSuite(int code) {
    return cipherSuites.stream().anyMatch(s -> s.code() == code);
  }

  @Override
  public String toString() {
    return String.format("ClientHello(record 0x%04X, version 0x%04X, %d suites, extensions %s)", recordVersion,
        legacyVersion, cipherSuites.size(), extensions.stream().map(e -> e.type().toString()).toList());
  }
}
