package dev.tlsdoctor.tls;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link ClientHello}. Defaults: record version 0x0301, legacy version 0x0303 (TLS 1.2), a random from
 * {@link SecureRandom}, an empty session id, compression {@code [0]}, no suites, no extensions. Typed extension
 * methods add the extension at the end, or replace one of the same type in place; {@link #extension(int, Bytes)}
 * always appends, so duplicates can be sent on purpose. Extensions go on the wire in the order they were added.
 */
public final class ClientHelloBuilder {
  private static final SecureRandom RANDOM = new SecureRandom();

  private int recordVersion = ProtocolVersion.TLSv1.wire();
  private int legacyVersion = ProtocolVersion.TLSv1_2.wire();
  private Bytes random;
  private Bytes sessionId = Bytes.EMPTY;
  private final List<CipherSuite> suites = new ArrayList<>();
  private List<Integer> compression = List.of(0);
  private final List<Extension> extensions = new ArrayList<>();
  private boolean extensionsBlock;

  ClientHelloBuilder() {
  }

  /** The version in the record headers (default TLS 1.0, 0x0301, as most clients send). */
  public ClientHelloBuilder recordVersion(ProtocolVersion v) {
    return recordVersion(v.wire());
  }

  public ClientHelloBuilder recordVersion(int wire) {
    this.recordVersion = wire;
    return this;
  }

  /** The legacy_version of the hello (default TLS 1.2; TLS 1.3 clients keep 0x0303 and use supported_versions). */
  public ClientHelloBuilder legacyVersion(ProtocolVersion v) {
    return legacyVersion(v.wire());
  }

  public ClientHelloBuilder legacyVersion(int wire) {
    this.legacyVersion = wire;
    return this;
  }

  /** A fixed random (tests, replays); 32 bytes. */
  public ClientHelloBuilder random(byte[] random) {
    if (random.length != 32) {
      throw new IllegalArgumentException("random must be 32 bytes, not " + random.length);
    }
    this.random = Bytes.of(random);
    return this;
  }

  /** legacy_session_id: 0 to 32 bytes normally; up to 255 can be sent. */
  public ClientHelloBuilder sessionId(byte[] id) {
    this.sessionId = Bytes.of(id);
    return this;
  }

  /** A random 32-byte session id, which makes a TLS 1.3 server answer in middlebox compatibility mode. */
  public ClientHelloBuilder randomSessionId() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return sessionId(id);
  }

  /** Appends suites by code point, any value 0x0000-0xFFFF. */
  public ClientHelloBuilder cipherSuites(int... codes) {
    Arrays.stream(codes).forEach(c -> suites.add(CipherSuite.of(c)));
    return this;
  }

  public ClientHelloBuilder cipherSuites(List<CipherSuite> list) {
    suites.addAll(list);
    return this;
  }

  /** Appends TLS_FALLBACK_SCSV (0x5600, RFC 7507): "I am retrying with a lower version than I support". */
  public ClientHelloBuilder fallbackScsv() {
    return cipherSuites(0x5600);
  }

  /** Appends TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00FF, RFC 5746), the suite form of renegotiation_info. */
  public ClientHelloBuilder emptyRenegotiationInfoScsv() {
    return cipherSuites(0x00FF);
  }

  /** legacy_compression_methods (default {@code [0]}). */
  public ClientHelloBuilder compressionMethods(int... methods) {
    this.compression = Arrays.stream(methods).boxed().toList();
    return this;
  }

  /** Writes the extensions block even when it is empty (by default it is left out when there are none). */
  public ClientHelloBuilder emptyExtensionsBlock() {
    this.extensionsBlock = true;
    return this;
  }

  public ClientHelloBuilder serverName(String hostName) {
    return put(HelloExtensions.serverName(hostName));
  }

  /** supported_versions, highest preference first. */
  public ClientHelloBuilder supportedVersions(ProtocolVersion... versions) {
    return supportedVersions(Arrays.stream(versions).mapToInt(ProtocolVersion::wire).toArray());
  }

  /** supported_versions by wire value (drafts such as 0x7F1C, GREASE). */
  public ClientHelloBuilder supportedVersions(int... versions) {
    return put(HelloExtensions.supportedVersions(Arrays.stream(versions).boxed().toList()));
  }

  /** key_share with a freshly generated public key per group; no groups gives an empty key_share. */
  public ClientHelloBuilder keyShares(NamedGroup... groups) {
    return keyShares(Arrays.stream(groups).map(KeyShare::generate).toList());
  }

  /** key_share with these entries (an empty list provokes a HelloRetryRequest). */
  public ClientHelloBuilder keyShares(List<KeyShare> shares) {
    return put(KeyShare.clientExtension(shares));
  }

  public ClientHelloBuilder signatureAlgorithms(SignatureScheme... schemes) {
    return put(HelloExtensions.signatureSchemes(ExtensionType.SIGNATURE_ALGORITHMS, List.of(schemes)));
  }

  public ClientHelloBuilder signatureAlgorithmsCert(SignatureScheme... schemes) {
    return put(HelloExtensions.signatureSchemes(ExtensionType.SIGNATURE_ALGORITHMS_CERT, List.of(schemes)));
  }

  public ClientHelloBuilder supportedGroups(NamedGroup... groups) {
    return put(HelloExtensions.supportedGroups(List.of(groups)));
  }

  /** ec_point_formats; {@code 0} is uncompressed, the only one left (RFC 8422). */
  public ClientHelloBuilder ecPointFormats(int... formats) {
    return put(HelloExtensions.ecPointFormats(Arrays.stream(formats).boxed().toList()));
  }

  public ClientHelloBuilder alpn(String... protocols) {
    return put(HelloExtensions.alpn(List.of(protocols)));
  }

  /** status_request for OCSP stapling. */
  public ClientHelloBuilder statusRequest() {
    return put(HelloExtensions.statusRequestOcsp());
  }

  /** renegotiation_info with an empty renegotiated_connection, as in an initial handshake. */
  public ClientHelloBuilder renegotiationInfo() {
    return put(HelloExtensions.renegotiationInfo(Bytes.EMPTY));
  }

  public ClientHelloBuilder extendedMasterSecret() {
    return put(Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET));
  }

  /** An empty session_ticket: "I can take a ticket". */
  public ClientHelloBuilder sessionTicket() {
    return put(HelloExtensions.sessionTicket(Bytes.EMPTY));
  }

  public ClientHelloBuilder sessionTicket(byte[] ticket) {
    return put(HelloExtensions.sessionTicket(Bytes.of(ticket)));
  }

  /** psk_key_exchange_modes: 0 = psk_ke, 1 = psk_dhe_ke. */
  public ClientHelloBuilder pskKeyExchangeModes(int... modes) {
    return put(HelloExtensions.pskKeyExchangeModes(Arrays.stream(modes).boxed().toList()));
  }

  /** padding with {@code length} zero bytes of extension data. */
  public ClientHelloBuilder padding(int length) {
    return put(HelloExtensions.padding(length));
  }

  /** Appends an extension as given, whatever its type and data. */
  public ClientHelloBuilder extension(int type, Bytes data) {
    extensions.add(Extension.of(type, data));
    return this;
  }

  public ClientHello build() {
    Bytes r = random;
    if (r == null) {
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      r = Bytes.wrap(fresh);
    }
    return new ClientHello(recordVersion, legacyVersion, r, sessionId, suites, compression, extensions,
        extensionsBlock || !extensions.isEmpty());
  }

  private ClientHelloBuilder put(Extension e) {
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.get(i).type().equals(e.type())) {
        extensions.set(i, e);
        return this;
      }
    }
    extensions.add(e);
    return this;
  }
}
