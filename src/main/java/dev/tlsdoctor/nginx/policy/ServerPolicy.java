package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.openssl.CipherStringResult;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.List;
import java.util.Set;

/**
 * The TLS settings of one http, stream or mail {@code server} after inheritance from {@code http {}},
 * {@code stream {}} or {@code mail {}} and nginx's defaults, as configured: which of them a client really gets depends on SNI and the default server ({@link TlsPolicy#view}).
 *
 * @param block the {@code server} directive
 * @param names the {@code server_name} values ({@code ""} when there is none)
 * @param protocols {@code ssl_protocols} (all values of the nearest level that sets it, ORed as nginx does)
 * @param protocolSet the same as versions
 * @param ciphers {@code ssl_ciphers} and what OpenSSL makes of it ({@code cipherResult})
 * @param ciphersuites the TLS 1.3 suites: {@code ssl_conf_command Ciphersuites}, else OpenSSL's default
 * @param certificates {@code ssl_certificate} files (paths as written; {@code certFiles} holds them read)
 * @param keys {@code ssl_certificate_key} files
 * @param starttls {@code starttls} of a mail server ({@code on} or {@code only}: TLS by STARTTLS on its plain
 *     listeners); {@code off} for http and stream
 * @param ssl the {@code ssl} directive ({@code on}/{@code off}, default off): before nginx 1.25.1, in http and mail,
 *     {@code ssl on} makes the listeners of a default server TLS as {@code listen ... ssl} does; stream never had it
 * @param trustedCertificate {@code ssl_trusted_certificate}
 * @param sessionTickets {@code ssl_session_tickets} (default on)
 * @param sessionTicketKey the first {@code ssl_session_ticket_key} (none by default: nginx makes a key)
 * @param sessionCache {@code ssl_session_cache} (default none)
 * @param earlyData {@code ssl_early_data} (http only, default off)
 * @param module {@code http}, {@code stream} (one server per socket before nginx 1.25.5; from 1.25.5 chosen by
 *     {@code server_name} as in http) or {@code mail} (one server per socket, no SNI)
 */
public record ServerPolicy(Directive block, List<String> names, List<Listen> listens, Setting protocols,
    Set<ProtocolVersion> protocolSet, Setting ciphers, CipherStringResult cipherResult, Setting ciphersuites,
    Setting ecdhCurve, List<Setting> certificates, List<Setting> keys, List<CertificateFile> certFiles,
    Setting dhparam, Setting verifyClient, Setting clientCertificate, Setting rejectHandshake,
    Setting preferServerCiphers, Setting starttls, Setting http2, Setting ssl, Setting trustedCertificate,
    Setting sessionTickets, Setting sessionTicketKey, Setting sessionCache, Setting earlyData, String module) {

  /** A server is itself: identity, as two server blocks never are the same server (and deep equality is slow). */
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /**
   * Whether HTTP/2 is offered (ALPN h2) to the clients this server is selected for: {@code http2 on} (nginx 1.25.1
   * and later, per server, inherited from {@code http {}}) or an {@code http2} flag on one of its listens.
   */
  public boolean offersHttp2() {
    return "on".equals(http2.value()) || listens.stream().anyMatch(Listen::http2);
  }

  /** Whether it is a server of {@code stream {}}. */
  public boolean stream() {
    return "stream".equals(module);
  }

  /** Whether it is a server of {@code mail {}}. */
  public boolean mail() {
    return "mail".equals(module);
  }

  /** Whether a mail server offers STARTTLS on its listeners without {@code ssl}. */
  public boolean startsTls() {
    return mail() && ("on".equals(starttls.value()) || "only".equals(starttls.value()));
  }

  /** Whether nginx gives this server its own SSL context (a certificate, or {@code ssl_reject_handshake on}). */
  public boolean hasOwnContext() {
    return !certificates.isEmpty() || rejects();
  }

  public boolean rejects() {
    return "on".equals(rejectHandshake.value());
  }

  /**
   * Whether nginx has neither a certificate nor {@code ssl_reject_handshake on} for this server: as the server whose
   * context a TLS client gets, it has no key to answer with (nginx refuses to start with it).
   */
  public boolean lacksCertificate() {
    return certificates.isEmpty() && !rejects();
  }

  /** Whether {@code ssl on} applies to this http or mail server in nginx {@code version} (before 1.25.1). */
  public boolean sslOn(NginxVersion version) {
    return !stream() && "on".equalsIgnoreCase(ssl.value())
        && !version.isAtLeast(NginxVersion.SSL_DIRECTIVE_REMOVED);
  }

  /** The first server name, for messages ({@code ""} when the server has none). */
  public String name() {
    return names.isEmpty() ? "" : names.get(0);
  }

  /** The key types of the certificates that could be read. */
  public Set<CertificateFile.KeyType> keyTypes() {
    Set<CertificateFile.KeyType> out = java.util.EnumSet.noneOf(CertificateFile.KeyType.class);
    for (CertificateFile f : certFiles) {
      if (f.error() == null) {
        out.add(f.keyType());
      }
    }
    return out;
  }

  /** Whether every certificate file could be read (so key types are known). */
  public boolean certificatesKnown() {
    return !certFiles.isEmpty() && certFiles.stream().allMatch(f -> f.error() == null);
  }

  /** {@code file:line} of the server block. */
  public String where() {
    return block.file() + ":" + block.line();
  }
}
