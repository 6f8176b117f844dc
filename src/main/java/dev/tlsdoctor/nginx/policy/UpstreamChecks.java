package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The checks of the upstream side: how nginx, as a TLS client, connects where {@code proxy_pass} sends it. */
final class UpstreamChecks {
  private final TlsPolicy policy;
  private final Fix fix;
  private final List<Finding> out;

  UpstreamChecks(TlsPolicy policy, Fix fix, List<Finding> out) {
    this.policy = policy;
    this.fix = fix;
    this.out = out;
  }

  void run() {
    for (UpstreamPolicy u : policy.upstreams()) {
      if (u.scheme().isEmpty() || u.host().contains("$")) {
        continue; // a variable: the destination is known only at run time
      }
      List<String> listen = policy.socketsOf(u.server()).stream().map(ListenSocket::address).toList();
      String file = u.proxyPass().file();
      int line = u.proxyPass().line();
      String url = u.proxyPass().value(0).orElse("");
      if (u.tls() && !u.sendsSni() && !UpstreamPolicy.isIpLiteral(u.sslName().value())) {
        out.add(new Finding("upstream-sni-missing", Finding.WARNING, file, line, listen, u.server().name(),
            "proxy_pass " + url + " sends no SNI: proxy_ssl_server_name is " + u.serverName().value() + " ("
                + u.serverName().where() + ")", "the upstream " + u.host() + ": a server that picks its"
                + " certificate by SNI sends its default one or refuses the handshake",
            fix.insertAfter(u.proxyPass(), "proxy_ssl_server_name on;")));
      }
      if (u.tls() && !"on".equals(u.verify().value())) {
        out.add(new Finding("upstream-verify-off", Finding.WARNING, file, line, listen, u.server().name(),
            "proxy_pass " + url + " does not verify the upstream's certificate: proxy_ssl_verify is off ("
                + u.verify().where() + ")", "the traffic to " + u.host() + ": anyone on the path can pose as it",
            fix.insertAfter(u.proxyPass(), "proxy_ssl_verify on;",
                "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;")));
      }
      for (ListenSocket k : u.targets()) {
        target(u, k, listen, url);
      }
    }
  }

  private void target(UpstreamPolicy u, ListenSocket k, List<String> listen, String url) {
    String file = u.proxyPass().file();
    int line = u.proxyPass().line();
    if (u.tls() != k.ssl()) {
      String other = u.tls() ? url.replaceFirst("^https://", "http://") : url.replaceFirst("^http://", "https://");
      out.add(new Finding("upstream-not-tls", Finding.ERROR, file, line, listen, u.server().name(),
          u.tls() ? "proxy_pass " + url + " speaks TLS to " + k.address() + ", a socket of this configuration"
              + " without ssl (" + k.defaultServer().where() + "): the handshake fails with \"wrong version"
              + " number\"" : "proxy_pass " + url + " speaks plain HTTP to " + k.address() + ", a TLS socket of this"
              + " configuration (" + k.defaultServer().where() + "): nginx there answers 400 \"The plain HTTP"
              + " request was sent to HTTPS port\"", "every request through " + url + ": 502 Bad Gateway",
          fix.replace(u.proxyPass(), "proxy_pass " + other + ";")));
      return;
    }
    if (!u.tls()) {
      return;
    }
    ServerPolicy target = k.defaultServer();
    if (u.sendsSni()) {
      target = ServerNames.select(k, u.sslName().value());
    }
    ClientView v = policy.view(k, target);
    if (v.context().rejects()) {
      return;
    }
    Set<ProtocolVersion> both = EnumSet.noneOf(ProtocolVersion.class);
    both.addAll(u.protocolSet());
    both.retainAll(v.protocols());
    String at = "the server " + v.context().name() + " at " + v.context().where();
    if (both.isEmpty()) {
      out.add(new Finding("upstream-protocol-mismatch", Finding.ERROR, file, line, listen, u.server().name(),
          "proxy_pass " + url + ": proxy_ssl_protocols \"" + u.protocols().value() + "\" (" + u.protocols().where()
              + ") and the protocols of " + at + " (\"" + TlsPolicy.names(v.protocols()) + "\", "
              + v.protocolSource().where() + ") have none in common",
          "every request through " + url + ": 502 Bad Gateway",
          fixProtocols(u, v.protocols())));
      return;
    }
    boolean tls13 = both.contains(ProtocolVersion.TLSv1_3) && !v.context().ciphersuites().value().isEmpty();
    List<CipherSuite> server = Suites.usable(v.context());
    boolean shared = u.cipherResult().ciphers().stream().anyMatch(server::contains);
    if (!tls13 && !shared) {
      out.add(new Finding("upstream-cipher-mismatch", Finding.ERROR, file, line, listen, u.server().name(),
          "proxy_pass " + url + ": proxy_ssl_ciphers \"" + u.ciphers().value() + "\" (" + u.ciphers().where()
              + ") shares no suite with " + at + " over " + TlsPolicy.names(both),
          "every request through " + url + ": 502 Bad Gateway", null));
    }
  }

  private String fixProtocols(UpstreamPolicy u, Set<ProtocolVersion> server) {
    String value = "proxy_ssl_protocols " + TlsPolicy.names(server) + ";";
    return u.protocols().isDefault() ? fix.insertAfter(u.proxyPass(), value) : fix.replace(u.protocols().source(),
        value);
  }
}
