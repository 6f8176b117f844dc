package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.EnumSet;
import java.util.Set;

/**
 * The values nginx uses for TLS directives that are not set, by nginx version. Taken from nginx's CHANGES and the
 * "Compatibility" notes of configuring_https_servers (read 2026-11); versions before 1.9.1 are not modelled.
 */
public final class NginxDefaults {
  /** {@code ssl_ciphers} default since 1.0.5. */
  public static final String SERVER_CIPHERS = "HIGH:!aNULL:!MD5";
  /** {@code proxy_ssl_ciphers} default since 1.5.6: OpenSSL's DEFAULT list. */
  public static final String UPSTREAM_CIPHERS = "DEFAULT";
  /** {@code ssl_ecdh_curve} default since 1.11.0: OpenSSL's built-in group list. */
  public static final String ECDH_CURVE = "auto";
  /** OpenSSL 3.0's TLS 1.3 suites when {@code Ciphersuites} is not set. */
  public static final String TLS13_CIPHERSUITES = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
      + "TLS_AES_128_GCM_SHA256";

  private NginxDefaults() {
  }

  /**
   * The default of {@code ssl_protocols} (and of {@code proxy_ssl_protocols}, which changed in the same releases):
   * TLSv1 TLSv1.1 TLSv1.2 from 1.9.1; TLSv1.3 added in 1.23.4; TLSv1 and TLSv1.1 removed in 1.27.3.
   */
  public static Set<ProtocolVersion> protocols(NginxVersion v) {
    if (v.isAtLeast(NginxVersion.NO_TLS10_DEFAULT)) {
      return EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3);
    }
    if (v.isAtLeast(NginxVersion.TLS13_DEFAULT)) {
      return EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2,
          ProtocolVersion.TLSv1_3);
    }
    return EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2);
  }

  /** Whether a non-default server's {@code ssl_protocols} applies to the clients SNI brings to it. */
  public static boolean perServerProtocols(NginxVersion v) {
    return v.isAtLeast(NginxVersion.PER_SERVER_PROTOCOLS);
  }
}
