package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.CipherStringResult;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream side of one {@code proxy_pass}, {@code grpc_pass} or {@code uwsgi_pass} of an http location, or of one
 * {@code proxy_pass} of a stream server: where it goes and how nginx, as a TLS client, connects there.
 *
 * @param module the module, which names the directives ({@code proxy_ssl_*}, {@code grpc_ssl_*}, {@code uwsgi_ssl_*})
 * @param pass the pass directive
 * @param server the server block it is in
 * @param scheme the module's plain or TLS scheme ({@code http}/{@code https}, {@code grpc}/{@code grpcs},
 *     {@code uwsgi}/{@code suwsgi}); empty for a variable
 * @param host the host of the URL (an address, a name, or an {@code upstream {}} name)
 * @param addresses the {@code host:port} pairs it connects to (the servers of an {@code upstream {}} block)
 * @param serverName {@code *_ssl_server_name} (default off: no SNI is sent)
 * @param sslName {@code *_ssl_name} (default: the host of the URL)
 * @param targets listen sockets of this configuration that the addresses reach
 * @param sslSwitch the stream proxy's {@code proxy_ssl} (default off), which makes the scheme {@code tls} or
 *     {@code tcp}; for the http modules, whose URL scheme says it, an empty default
 */
public record UpstreamPolicy(UpstreamModule module, Directive pass, ServerPolicy server, String scheme, String host,
    List<String> addresses, Setting serverName, Setting sslName, Setting protocols,
    Set<ProtocolVersion> protocolSet, Setting ciphers, CipherStringResult cipherResult, Setting verify,
    Setting trustedCertificate, Setting certificate, Setting certificateKey, List<ListenSocket> targets, Setting sslSwitch) {

  public boolean tls() {
    return scheme.equals(module.tlsScheme());
  }

  public boolean sendsSni() {
    return "on".equals(serverName.value()) && !isIpLiteral(sslName.value());
  }

  public Optional<ListenSocket> target() {
    return targets.isEmpty() ? Optional.empty() : Optional.of(targets.get(0));
  }

  /** RFC 6066: literal addresses are never sent as SNI (nginx skips them). */
  static boolean isIpLiteral(String name) {
    String n = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
    return n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || n.contains(":");
  }
}
