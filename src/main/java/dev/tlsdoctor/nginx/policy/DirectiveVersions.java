package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TLS and HTTP/2-3 directives that appeared in a known nginx release: given an older version, nginx refuses to
 * start with "unknown directive". Facts from nginx's change log; a version that is not known (none given, none
 * detected) is taken as the current stable one, for which every directive here exists.
 */
final class DirectiveVersions {
  private DirectiveVersions() {
  }

  /** A directive of the configuration and the first release that knows it where it stands. */
  record Versioned(Directive directive, NginxVersion since, String instead, String nginxSays) {
  }

  private static final NginxVersion V1_15_3 = new NginxVersion(1, 15, 3);
  private static final NginxVersion V1_19_0 = new NginxVersion(1, 19, 0);
  private static final NginxVersion V1_25_0 = new NginxVersion(1, 25, 0);
  private static final NginxVersion V1_27_4 = new NginxVersion(1, 27, 4);

  /** By name: the release for http (and mail) contexts. */
  private static final Map<String, NginxVersion> SINCE = Map.ofEntries(
      Map.entry("http2", NginxVersion.SSL_DIRECTIVE_REMOVED), // 1.25.1
      Map.entry("ssl_reject_handshake", NginxVersion.REJECT_HANDSHAKE),
      Map.entry("ssl_conf_command", NginxVersion.REJECT_HANDSHAKE), // 1.19.4, as ssl_reject_handshake
      Map.entry("proxy_ssl_conf_command", NginxVersion.REJECT_HANDSHAKE),
      Map.entry("grpc_ssl_conf_command", NginxVersion.REJECT_HANDSHAKE),
      Map.entry("uwsgi_ssl_conf_command", NginxVersion.REJECT_HANDSHAKE),
      Map.entry("ssl_ocsp", V1_19_0),
      Map.entry("ssl_ocsp_responder", V1_19_0),
      Map.entry("ssl_ocsp_cache", V1_19_0),
      Map.entry("ssl_early_data", V1_15_3),
      Map.entry("http3", V1_25_0),
      Map.entry("http3_hq", V1_25_0),
      Map.entry("quic_retry", V1_25_0),
      Map.entry("quic_gso", V1_25_0),
      Map.entry("quic_host_key", V1_25_0),
      Map.entry("quic_active_connection_id_limit", V1_25_0),
      Map.entry("quic_bpf", V1_25_0),
      Map.entry("ssl_certificate_cache", V1_27_4));

  /** What to write instead in an older nginx, where there is an older form. */
  private static final Map<String, String> INSTEAD = Map.of(
      "http2", "the older form, \"listen ... ssl http2\"");

  /** The directives of {@code config} that {@code version} does not know yet, in file order. */
  static List<Versioned> unknownIn(NginxConfig config, NginxVersion version) {
    List<Versioned> out = new ArrayList<>();
    if (version.isAtLeast(V1_27_4)) {
      return out; // knows them all
    }
    for (Directive d : config.find(SINCE.keySet())) {
      NginxVersion since = SINCE.get(d.name());
      // a name the http module knows is "not allowed here" in stream, not "unknown"
      boolean knownElsewhere = false;
      if (d.name().equals("ssl_reject_handshake") && config.ancestors(d).stream().anyMatch(a -> a.name()
          .equals("stream"))) {
        knownElsewhere = version.isAtLeast(since);
        since = NginxVersion.STREAM_VIRTUAL_SERVERS; // 1.25.5 in stream
      }
      if (!version.isAtLeast(since)) {
        out.add(new Versioned(d, since, INSTEAD.get(d.name()), knownElsewhere
            ? "\"" + d.name() + "\" directive is not allowed here" : "unknown directive \"" + d.name() + "\""));
      }
    }
    return out;
  }
}
