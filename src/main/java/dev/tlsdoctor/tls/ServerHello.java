package dev.tlsdoctor.tls;

import java.util.List;
import java.util.Optional;

/**
 * A ServerHello (RFC 8446 section 4.1.3, RFC 5246 section 7.4.1.3), which in TLS 1.3 may be a HelloRetryRequest:
 * the same struct with a fixed random (section 4.1.4).
 *
 * @param legacyVersion the version field: the negotiated version up to TLS 1.2, 0x0303 for TLS 1.3
 * @param random 32 bytes; the HelloRetryRequest value, or ending in a downgrade sentinel
 * @param sessionId legacy_session_id_echo
 * @param cipherSuite the suite the server chose
 * @param compressionMethod 0 except in ancient servers
 * @param extensions in wire order
 * @param extensionsPresent false when the server sent no extensions block (allowed up to TLS 1.2)
 */
public record ServerHello(int legacyVersion, Bytes random, Bytes sessionId, CipherSuite cipherSuite,
    int compressionMethod, List<Extension> extensions, boolean extensionsPresent) {

  /** The random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 section 4.1.3). */
  public static final Bytes HELLO_RETRY_REQUEST_RANDOM = Bytes.fromHex(
      "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

  /** "DOWNGRD" + 0x01: a TLS 1.3 server negotiating TLS 1.2 ends its random with this (section 4.1.3). */
  private static final byte[] DOWNGRADE_TLS12 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};
  /** "DOWNGRD" + 0x00: a TLS 1.3 (or 1.2) server negotiating TLS 1.1 or below. */
  private static final byte[] DOWNGRADE_TLS11 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};

  /** What the last 8 bytes of the random say about a downgrade (RFC 8446 section 4.1.3). */
  public enum Downgrade {
    /** {@code 44 4F 57 4E 47 52 44 01}: the server supports TLS 1.3 but negotiated TLS 1.2. */
    TO_TLS12,
    /** {@code 44 4F 57 4E 47 52 44 00}: the server supports TLS 1.2 or higher but negotiated TLS 1.1 or below. */
    TO_TLS11_OR_BELOW
  }

  public ServerHello {
    extensions = List.copyOf(extensions);
  }

  /**
   * Parses a ServerHello body (the bytes after msg_type and length). Known extensions are decoded, so that
   * malformed data fails here.
   *
   * <pre>
   * struct {
   *     ProtocolVersion legacy_version = 0x0303;    // TLS v1.2
   *     Random random;
   *     opaque legacy_session_id_echo&lt;0..32&gt;;
   *     CipherSuite cipher_suite;
   *     uint8 legacy_compression_method = 0;
   *     Extension extensions&lt;6..2^16-1&gt;;
   * } ServerHello;
   * </pre>
   * Up to TLS 1.2 the extensions block may be absent, or present and empty (RFC 5246 section 7.4.1.3).
   */
  public static ServerHello parse(byte[] body) {
    WireReader r = WireReader.of("ServerHello", body);
    int version = r.readUint16("legacy_version");
    Bytes random = Bytes.wrap(r.readBytes("random", 32));
    Bytes sessionId = r.readOpaque8("legacy_session_id_echo", 0, 32);
    CipherSuite suite = CipherSuite.of(r.readUint16("cipher_suite"));
    int compression = r.readUint8("legacy_compression_method");
    boolean present = r.hasRemaining();
    List<Extension> extensions = present ? Extension.readList(r, "extensions", 0) : List.of();
    r.expectEnd("extensions");
    ServerHello hello = new ServerHello(version, random, sessionId, suite, compression, extensions, present);
    hello.checkExtensions();
    return hello;
  }

  /** The ServerHello struct; for in-process test servers. */
  public byte[] body() {
    WireWriter w = new WireWriter().writeUint16(legacyVersion).write(random).writeOpaque8(sessionId)
        .writeUint16(cipherSuite.code()).writeUint8(compressionMethod);
    if (extensionsPresent) {
      Extension.writeList(w, extensions);
    }
    return w.toByteArray();
  }

  private void checkExtensions() {
    selectedVersionCode();
    if (isHelloRetryRequest()) {
      selectedGroup();
      cookie();
    } else {
      keyShare();
    }
    alpn();
    renegotiationInfo();
    ecPointFormats();
    for (ExtensionType t : List.of(ExtensionType.SERVER_NAME, ExtensionType.STATUS_REQUEST,
        ExtensionType.EXTENDED_MASTER_SECRET, ExtensionType.ENCRYPT_THEN_MAC)) {
      extension(t).ifPresent(HelloExtensions::readEmpty);
    }
  }

  /** True for a HelloRetryRequest: the server wants another ClientHello (a key share for another group). */
  public boolean isHelloRetryRequest() {
    return random.equals(HELLO_RETRY_REQUEST_RANDOM);
  }

  /** The downgrade sentinel at the end of the random, if any. */
  public Optional<Downgrade> downgrade() {
    if (random.endsWith(DOWNGRADE_TLS12)) {
      return Optional.of(Downgrade.TO_TLS12);
    }
    return random.endsWith(DOWNGRADE_TLS11) ? Optional.of(Downgrade.TO_TLS11_OR_BELOW) : Optional.empty();
  }

  /** The version negotiated, as on the wire: supported_versions when present (TLS 1.3), else legacy_version. */
  public int versionCode() {
    return selectedVersionCode().orElse(legacyVersion);
  }

  /** The version negotiated; empty for a value that is no released version (a draft, garbage). */
  public Optional<ProtocolVersion> version() {
    return ProtocolVersion.forWire(versionCode());
  }

  /** supported_versions' selected_version. */
  public Optional<Integer> selectedVersionCode() {
    return extension(ExtensionType.SUPPORTED_VERSIONS).map(HelloExtensions::readSelectedVersion);
  }

  /** The server's key share (TLS 1.3 ServerHello). */
  public Optional<KeyShare> keyShare() {
    return isHelloRetryRequest() ? Optional.empty()
        : extension(ExtensionType.KEY_SHARE).map(KeyShare::readServerShare);
  }

  /** The group a HelloRetryRequest asks a key share for. */
  public Optional<NamedGroup> selectedGroup() {
    return isHelloRetryRequest() ? extension(ExtensionType.KEY_SHARE).map(KeyShare::readSelectedGroup)
        : Optional.empty();
  }

  /** A HelloRetryRequest's cookie. */
  public Optional<Bytes> cookie() {
    return extension(ExtensionType.COOKIE).map(HelloExtensions::readCookie);
  }

  /** The protocol chosen by ALPN; the server's list must hold exactly one (RFC 7301 section 3.1). */
  public Optional<String> alpn() {
    return extension(ExtensionType.ALPN).map(e -> {
      List<String> names = HelloExtensions.readAlpn(e);
      if (names.size() != 1) {
        throw WireReader.of("ProtocolNameList", e.data().toByteArray())
            .failAt("protocol_name_list", 0, names.size() + " protocols, the server must select exactly one");
      }
      return names.get(0);
    });
  }

  /** renegotiated_connection; its presence means the server supports secure renegotiation (RFC 5746). */
  public Optional<Bytes> renegotiationInfo() {
    return extension(ExtensionType.RENEGOTIATION_INFO).map(HelloExtensions::readRenegotiationInfo);
  }

  public List<Integer> ecPointFormats() {
    return extension(ExtensionType.EC_POINT_FORMATS).map(HelloExtensions::readEcPointFormats).orElse(List.of());
  }

  /** True when the server acknowledged server_name (it used the name to pick its certificate). */
  public boolean acknowledgesServerName() {
    return has(ExtensionType.SERVER_NAME);
  }

  /** True when the server will staple an OCSP response (a CertificateStatus message follows in TLS 1.2). */
  public boolean acknowledgesStatusRequest() {
    return has(ExtensionType.STATUS_REQUEST);
  }

  public boolean extendedMasterSecret() {
    return has(ExtensionType.EXTENDED_MASTER_SECRET);
  }

  public Optional<Extension> extension(ExtensionType type) {
    return extensions.stream().filter(e -> e.type().equals(type)).findFirst();
  }

  public boolean has(ExtensionType type) {
    return extension(type).isPresent();
  }

  @Override
  public String toString() {
    return String.format("%s(version 0x%04X, %s, extensions %s)", isHelloRetryRequest() ? "HelloRetryRequest"
        : "ServerHello", versionCode(), cipherSuite, extensions.stream().map(e -> e.type().toString()).toList());
  }
}
