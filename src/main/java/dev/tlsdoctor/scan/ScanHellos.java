package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ClientHello;
import dev.tlsdoctor.tls.ClientHelloBuilder;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.SignatureScheme;
import java.util.List;

/** The ClientHellos the probes send: broad ones that any server of a version should answer. */
final class ScanHellos {
  /** Groups offered in supported_groups by default: what current servers pick from. */
  static final List<NamedGroup> COMMON_GROUPS = List.of(NamedGroup.X25519, NamedGroup.SECP256R1,
      NamedGroup.SECP384R1, NamedGroup.SECP521R1, NamedGroup.X448, NamedGroup.BRAINPOOLP256R1,
      NamedGroup.BRAINPOOLP384R1, NamedGroup.BRAINPOOLP512R1, NamedGroup.SECP256K1, NamedGroup.SECP224R1);

  /** Every signature scheme a server certificate might need, modern first. */
  static final SignatureScheme[] SIGNATURES = {SignatureScheme.ECDSA_SECP256R1_SHA256,
      SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP521R1_SHA512, SignatureScheme.ED25519,
      SignatureScheme.ED448, SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
      SignatureScheme.RSA_PSS_RSAE_SHA512, SignatureScheme.RSA_PSS_PSS_SHA256, SignatureScheme.RSA_PSS_PSS_SHA384,
      SignatureScheme.RSA_PSS_PSS_SHA512, SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384,
      SignatureScheme.RSA_PKCS1_SHA512, SignatureScheme.ECDSA_SHA224, SignatureScheme.RSA_PKCS1_SHA224,
      SignatureScheme.DSA_SHA256, SignatureScheme.ECDSA_SHA1, SignatureScheme.RSA_PKCS1_SHA1, SignatureScheme.DSA_SHA1};

  private ScanHellos() {
  }

  /**
   * Every known suite a server could negotiate at {@code v} (TLS 1.3 suites only for TLS 1.3), in code order. SSL 3.0
   * gets the suites first defined for TLS 1.0 too (ECDHE, PSK...), as servers negotiate them at SSL 3.0 as well (the
   * JDK's picks ECDHE suites in an SSL 3.0 handshake, even from a hello without extensions); only TLS 1.2's stay out.
   */
  static List<CipherSuite> candidates(ProtocolVersion v) {
    return CipherSuite.all().stream()
        .filter(s -> s.isKnown() && !s.is(CipherSuite.Flag.SIGNALING) && s.minVersion() != null)
        .filter(s -> v == ProtocolVersion.TLSv1_3 ? s.isTls13() : !s.isTls13() && v.isAtLeast(
            s.minVersion() == ProtocolVersion.TLSv1 ? ProtocolVersion.SSLv3 : s.minVersion()))
        .toList();
  }

  /**
   * The start of a hello for this side's own TLS 1.3 client ({@link dev.tlsdoctor.tls.Tls13Client} sets its suites,
   * versions, groups and key share): a session id, the signature schemes and the name.
   */
  static ClientHelloBuilder ownTls13(String sni) {
    ClientHelloBuilder b = ClientHello.builder().randomSessionId().signatureAlgorithms(SIGNATURES);
    return sni == null ? b : b.serverName(sni);
  }

  /** A hello for {@code v} (SSL 3.0 to TLS 1.2) offering {@code suites} with the usual extensions. */
  static ClientHelloBuilder legacy(ProtocolVersion v, List<CipherSuite> suites, String sni) {
    ClientHelloBuilder b = ClientHello.builder().legacyVersion(v)
        .recordVersion(v == ProtocolVersion.SSLv3 ? ProtocolVersion.SSLv3 : ProtocolVersion.TLSv1)
        .cipherSuites(suites);
    if (sni != null) {
      b.serverName(sni);
    }
    return b.supportedGroups(COMMON_GROUPS.toArray(NamedGroup[]::new)).ecPointFormats(0)
        .signatureAlgorithms(SIGNATURES).renegotiationInfo().extendedMasterSecret();
  }

  /**
   * A TLS 1.3 hello offering {@code suites} and {@code groups} in supported_groups, with key shares for x25519 and
   * secp256r1 when {@code shares} (none otherwise, which provokes a HelloRetryRequest naming the server's pick).
   */
  static ClientHelloBuilder tls13(List<CipherSuite> suites, List<NamedGroup> groups, boolean shares, String sni) {
    ClientHelloBuilder b = ClientHello.builder().cipherSuites(suites).randomSessionId();
    if (sni != null) {
      b.serverName(sni);
    }
    b.supportedVersions(ProtocolVersion.TLSv1_3).supportedGroups(groups.toArray(NamedGroup[]::new))
        .signatureAlgorithms(SIGNATURES).pskKeyExchangeModes(1);
    if (shares) {
      b.keyShares(groups.stream().filter(g -> g.equals(NamedGroup.X25519) || g.equals(NamedGroup.SECP256R1))
          .toArray(NamedGroup[]::new));
    } else {
      b.keyShares(List.of());
    }
    return b;
  }

  /** The broad hello for {@code v}. */
  static byte[] broad(ProtocolVersion v, String sni) {
    if (v == ProtocolVersion.TLSv1_3) {
      return tls13(candidates(v), COMMON_GROUPS, true, sni).build().toRecords();
    }
    return legacy(v, candidates(v), sni).build().toRecords();
  }
}
