package dev.tlsdoctor.nginx.policy;

import java.util.Locale;

/**
 * A module that can speak TLS to its upstreams, with its pass directive, its URL schemes and its family of
 * {@code *_ssl_*} directives: the http proxy, grpc and uwsgi modules, and the stream proxy module, whose
 * {@code proxy_pass address} has no scheme and speaks TLS when {@code proxy_ssl on} applies. The families have the same directives and defaults: {@code *_ssl_server_name off},
 * {@code *_ssl_name} the host of the pass URL, {@code *_ssl_protocols} as {@code ssl_protocols},
 * {@code *_ssl_ciphers DEFAULT}, {@code *_ssl_verify off}, and {@code *_ssl_trusted_certificate},
 * {@code *_ssl_certificate}, {@code *_ssl_certificate_key} unset.
 */
public enum UpstreamModule {
  /** {@code proxy_pass http://} or {@code https://}; without a port, 80 or 443. */
  PROXY("proxy", "proxy", "http", "https", true),
  /** {@code grpc_pass [grpc://]address} or {@code grpcs://address}; a port or an {@code upstream {}} name. */
  GRPC("grpc", "grpc", "grpc", "grpcs", false),
  /** {@code uwsgi_pass [uwsgi://]address} or {@code suwsgi://address}; a port or an {@code upstream {}} name. */
  UWSGI("uwsgi", "uwsgi", "uwsgi", "suwsgi", false),
  /**
   * The stream module's {@code proxy_pass address:port} (or an {@code upstream {}} name) in a {@code stream}
   * server: plain TCP, or TLS with {@code proxy_ssl on} (default off); its directives are {@code proxy_ssl_*}.
   */
  STREAM("stream", "proxy", "tcp", "tls", false);

  private final String id;
  private final String prefix;
  private final String plainScheme;
  private final String tlsScheme;
  private final boolean schemeRequired;

  UpstreamModule(String id, String prefix, String plainScheme, String tlsScheme, boolean schemeRequired) {
    this.id = id;
    this.prefix = prefix;
    this.plainScheme = plainScheme;
    this.tlsScheme = tlsScheme;
    this.schemeRequired = schemeRequired;
  }

  /** {@code proxy}, {@code grpc}, {@code uwsgi} (the prefix of their directives), or {@code stream}. */
  public String id() {
    return id;
  }

  /** Whether this is the stream proxy (in {@code stream {}}, switched to TLS by {@code proxy_ssl}). */
  public boolean stream() {
    return this == STREAM;
  }

  /** The directive that switches TLS on for the stream proxy: {@code proxy_ssl}. */
  public String sslSwitch() {
    return prefix + "_ssl";
  }

  /** What a client of {@code pass} gets when the upstream handshake cannot succeed. */
  String failure(String pass) {
    return stream() ? "every connection through " + pass + ": nginx closes the client's connection"
        : "every request through " + pass + ": 502 Bad Gateway";
  }

  /** {@code proxy_pass}, {@code grpc_pass}, {@code uwsgi_pass}. */
  public String passDirective() {
    return prefix + "_pass";
  }

  /** {@code ssl("server_name")} is {@code proxy_ssl_server_name}, {@code grpc_ssl_server_name}... */
  public String ssl(String name) {
    return prefix + "_ssl_" + name;
  }

  public String plainScheme() {
    return plainScheme;
  }

  public String tlsScheme() {
    return tlsScheme;
  }

  /**
   * The scheme of a pass value: the one it names (lower case), the plain one when a module that allows it names
   * none ({@code grpc_pass 127.0.0.1:50051}), or empty when the value is not a URL of this module (a variable).
   */
  public String schemeOf(String value) {
    int sep = value.indexOf("://");
    if (sep < 0) {
      return schemeRequired || value.startsWith("$") ? "" : plainScheme;
    }
    String scheme = value.substring(0, sep);
    return scheme.contains("$") ? "" : scheme.toLowerCase(Locale.ROOT); // $scheme://: known at run time only
  }

  /** The port a host without one gets, or empty when nginx requires one (or an {@code upstream {}} name). */
  String defaultPort(boolean tls) {
    return schemeRequired ? (tls ? "443" : "80") : "";
  }

  /** The pass value with the other scheme: TLS if it was plain, plain if it was TLS. */
  String switchScheme(String value) {
    int sep = value.indexOf("://");
    String rest = sep < 0 ? value : value.substring(sep + 3);
    return (tlsScheme.equals(schemeOf(value)) ? plainScheme : tlsScheme) + "://" + rest;
  }
}
