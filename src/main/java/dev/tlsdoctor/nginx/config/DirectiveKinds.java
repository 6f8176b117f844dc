package dev.tlsdoctor.nginx.config;

import java.util.Set;

/**
 * Whether nginx expects a block or a {@code ;} after a directive, for the directives whose answer is certain. nginx
 * itself knows every directive of every module; a reader of arbitrary configurations does not (third-party modules
 * add their own blocks), so anything not listed here may take either form.
 */
final class DirectiveKinds {

  enum Kind { BLOCK, SIMPLE, UNKNOWN }

  /** Block directives of the nginx 1.22 modules, in every context where they are allowed. */
  private static final Set<String> BLOCKS = Set.of(
      "events", "http", "stream", "mail", "location", "upstream", "if", "limit_except", "types", "map", "geo",
      "split_clients", "charset_map", "match");

  /** Contexts whose entries are directives; the entries of map, geo, types, ... are data with any name. */
  private static final Set<String> DIRECTIVE_CONTEXTS = Set.of(
      "", "events", "http", "stream", "mail", "server", "location", "upstream", "if", "limit_except");

  /** Simple directives that a TLS diagnosis reads, and the most common others. */
  private static final Set<String> SIMPLES = Set.of(
      "include", "listen", "server_name", "http2", "http3", "quic", "proxy_pass", "grpc_pass", "uwsgi_pass",
      "fastcgi_pass", "scgi_pass", "return", "root", "alias", "index", "try_files", "rewrite", "set", "error_page",
      "error_log", "access_log", "worker_processes", "worker_connections", "pid", "user", "lock_file",
      "load_module", "daemon", "master_process", "add_header", "resolver", "resolver_timeout", "keepalive_timeout",
      "default_type", "sendfile", "charset", "gzip", "client_max_body_size", "proxy_set_header",
      "proxy_http_version", "proxy_connect_timeout", "proxy_read_timeout", "client_header_timeout",
      "ssl_preread");

  /** Prefixes of directive families that have no block directive. */
  private static final String[] SIMPLE_PREFIXES = {"ssl_", "proxy_ssl_", "grpc_ssl_", "uwsgi_ssl_"};

  private DirectiveKinds() {
  }

  /** Whether the entries of a block named {@code context} ("" for the main context) are directives. */
  static boolean isDirectiveContext(String context) {
    return DIRECTIVE_CONTEXTS.contains(context);
  }

  /** Whether {@code word} is the name of a directive listed here (or of a family with a listed prefix). */
  static boolean isKnownName(String word) {
    if (BLOCKS.contains(word) || SIMPLES.contains(word) || word.equals("server")) {
      return true;
    }
    for (String p : SIMPLE_PREFIXES) {
      if (word.startsWith(p) && word.length() > p.length()) {
        return true;
      }
    }
    return false;
  }

  /** What nginx expects after {@code name} in a block named {@code context} ("" for the main context). */
  static Kind of(String name, String context) {
    if (!DIRECTIVE_CONTEXTS.contains(context)) {
      return Kind.UNKNOWN;
    }
    if (name.equals("server")) {
      // a block in http, stream and mail; an upstream's member ("server 10.0.0.1:443;") in upstream
      return switch (context) {
        case "http", "stream", "mail" -> Kind.BLOCK;
        case "upstream" -> Kind.SIMPLE;
        default -> Kind.UNKNOWN;
      };
    }
    if (BLOCKS.contains(name)) {
      return Kind.BLOCK;
    }
    if (SIMPLES.contains(name)) {
      return Kind.SIMPLE;
    }
    for (String p : SIMPLE_PREFIXES) {
      if (name.startsWith(p)) {
        return Kind.SIMPLE;
      }
    }
    return Kind.UNKNOWN;
  }
}
