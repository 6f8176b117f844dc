package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.openssl.CipherStringResult;
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
 * @param block the block that holds the pass directive (a location, an {@code if} in one, or a stream server)
 * @param headers the {@code proxy_set_header} directives in force at a {@code proxy_pass} of http (those of the
 *     nearest level that has any: nginx does not merge levels); empty for the other modules
 */
public record UpstreamPolicy(UpstreamModule module, Directive pass, ServerPolicy server, String scheme, String host,
    List<String> addresses, Setting serverName, Setting sslName, Setting protocols,
    Set<ProtocolVersion> protocolSet, Setting ciphers, CipherStringResult cipherResult, Setting verify,
    Setting trustedCertificate, Setting certificate, Setting certificateKey, List<ListenSocket> targets, Setting sslSwitch,
    Directive block, List<Directive> headers) {

  public boolean tls() {
    return scheme.equals(module.tlsScheme());
  }

  public boolean sendsSni() {
    return "on".equals(serverName.value()) && !isIpLiteral(sslName.value());
  }

  /** Whether {@code setting} comes from a directive in the pass directive's own block. */
  public boolean setHere(Setting setting) {
    return setting.source() != null && block != null && block.isBlock()
        && block.block().stream().anyMatch(d -> d == setting.source());
  }

  /**
   * The {@code Host} header nginx sends with a {@code proxy_pass} of http: the last {@code proxy_set_header Host},
   * else {@code $proxy_host}, the host (and port) of the URL; null for the other modules.
   */
  public String hostHeader() {
    if (module != UpstreamModule.PROXY) {
      return null;
    }
    Directive set = hostHeaderDirective();
    if (set != null) {
      return set.value(1).orElse("");
    }
    String url = pass.value(0).orElse("");
    String rest = url.substring(url.indexOf("://") + 3);
    return rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/'));
  }

  /** The {@code proxy_set_header Host} in force, or null. */
  public Directive hostHeaderDirective() {
    Directive found = null;
    for (Directive d : headers) {
      if (d.value(0).orElse("").equalsIgnoreCase("Host")) {
        found = d;
      }
    }
    return found;
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
