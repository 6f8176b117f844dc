package dev.tlsdoctor.tls;

/** ClientHellos shaped like a current client's, for the tests against real servers. */
final class Hellos {
  private Hellos() {
  }

  /** A TLS 1.2 hello offering {@code suites}, with SNI {@code localhost} and the usual TLS 1.2 extensions. */
  static ClientHelloBuilder tls12(int... suites) {
    return ClientHello.builder().cipherSuites(suites).serverName("localhost")
        .supportedGroups(NamedGroup.X25519, NamedGroup.SECP256R1).ecPointFormats(0)
        .signatureAlgorithms(SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.ECDSA_SECP256R1_SHA256,
            SignatureScheme.RSA_PKCS1_SHA256)
        .extendedMasterSecret().renegotiationInfo().sessionTicket();
  }

  /** A TLS 1.3-only hello (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384) with key shares for {@code shares}. */
  static ClientHelloBuilder tls13(NamedGroup... shares) {
    return ClientHello.builder().cipherSuites(0x1301, 0x1302).serverName("localhost")
        .supportedVersions(ProtocolVersion.TLSv1_3).supportedGroups(NamedGroup.X25519, NamedGroup.SECP256R1)
        .keyShares(shares).signatureAlgorithms(SignatureScheme.RSA_PSS_RSAE_SHA256,
            SignatureScheme.ECDSA_SECP256R1_SHA256).pskKeyExchangeModes(1);
  }
}
