package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.CipherStringResult;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream side of one {@code proxy_pass}: where it goes and how nginx, as a TLS client, connects there.
 *
 * @param proxyPass the directive
 * @param server the server block it is in
 * @param scheme {@code http} or {@code https}
 * @param host the host of the URL (an address, a name, or an {@code upstream {}} name)
 * @param addresses the {@code host:port} pairs it connects to (the servers of an {@code upstream {}} block)
 * @param serverName {@code proxy_ssl_server_name} (default off: no SNI is sent)
 * @param sslName {@code proxy_ssl_name} (default: the host of the URL)
 * @param targets listen sockets of this configuration that the addresses reach
 */
public record UpstreamPolicy(Directive proxyPass, ServerPolicy server, String scheme, String host,
    List<String> addresses, Setting serverName, Setting sslName, Setting protocols,
    Set<ProtocolVersion> protocolSet, Setting ciphers, CipherStringResult cipherResult, Setting verify,
    Setting trustedCertificate, Setting certificate, List<ListenSocket> targets) {

  public boolean tls() {
    return scheme.equals("https");
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
