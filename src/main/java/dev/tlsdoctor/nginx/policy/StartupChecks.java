package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.nginx.config.Directive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What nginx says about the TLS part of a configuration before it serves anything: the {@code ssl} directive
 * (deprecated in 1.15.0, an unknown directive from 1.25.1, never one of stream), and TLS servers without a
 * certificate, with which nginx refuses to start. The checks and the words follow nginx's own (1.22 source:
 * {@code ngx_http_ssl_merge_srv_conf}, {@code ngx_http_ssl_init}, {@code ngx_stream_ssl_merge_conf},
 * {@code ngx_mail_ssl_merge_conf}).
 */
final class StartupChecks {
  private static final String DEPRECATION_WARNING = "the \"ssl\" directive is deprecated, use the \"listen ... ssl\""
      + " directive instead";

  private final TlsPolicy policy;
  private final Fix fix;
  private final List<Finding> out;

  StartupChecks(TlsPolicy policy, Fix fix, List<Finding> out) {
    this.policy = policy;
    this.fix = fix;
    this.out = out;
  }

  void run() {
    sslDirectives();
    missingCertificates();
    certificatesWithoutTls();
    duplicateListens();
    missingIncludes();
    swallowedDirectives();
    tooNew();
  }

  /** Directives the given nginx version does not know yet (where they stand): it refuses to start. */
  private void tooNew() {
    for (DirectiveVersions.Versioned v : policy.tooNew()) {
      Directive d = v.directive();
      out.add(new Finding("directive-unknown-in-version", Severity.ERROR, d.file(), d.line(), List.of(), "",
          "\"" + d.name() + "\" appeared in nginx " + v.since() + "; nginx " + policy.version()
              + " refuses to start with: " + v.nginxSays() + " in " + d.file() + ":" + d.line(),
          "every client: nginx does not start", null)
          .verified(null, null, "not offered as a diff: upgrade nginx to " + v.since() + " or later"
              + (v.instead() == null ? ", or remove the directive" : ", or write " + v.instead())));
    }
  }

  /**
   * A {@code server_name} that runs on to a later line where a directive's name stands: the {@code ;} at the end of
   * its line is missing, so nginx takes the next directive and its arguments as more server names (nginx -t says
   * nothing) and never applies that directive; a TLS one ({@code ssl_certificate}, {@code ssl_protocols}) is lost.
   */
  private void swallowedDirectives() {
    Set<Directive> seen = new HashSet<>();
    for (ServerPolicy s : policy.servers()) {
      if (!s.block().isBlock()) {
        continue;
      }
      for (Directive d : s.block().children("server_name")) {
        if (!seen.add(d)) {
          continue;
        }
        int line = d.line();
        for (int i = 1; i < d.args().size(); i++) {
          var a = d.args().get(i);
          String w = a.value();
          // a directive's name: a known one, or words joined by "_" (no host name has one; "_" alone is the
          // catch-all name)
          if (a.quoted() || a.position().line() <= line || w.contains(".")
              || !(Directive.isDirectiveName(w) || DIRECTIVE_LIKE.matcher(w).matches())) {
            continue;
          }
          int end = d.args().get(i - 1).position().line();
          String taken = String.join(" ", d.args().subList(i, d.args().size()).stream().map(x -> x.value())
              .toList());
          out.add(new Finding("directive-swallowed", w.startsWith("ssl_") ? Severity.ERROR : Severity.WARNING,
              d.file(), a.position().line(), policy.socketsOf(s).stream().map(ListenSocket::address).toList(),
              s.name(), "the server_name at " + d.file() + ":" + line + " has no \";\" at the end of line " + end
                  + ": nginx reads \"" + taken + "\" on line " + a.position().line() + " as more server names, so"
                  + " the " + w + " directive there is never applied (nginx -t accepts it without a word)",
              w.startsWith("ssl_") ? "every client of this server: the TLS setting " + w + " is not in force"
                  : "this server: " + w + " is not in force", null)
              .verified(null, null, "not offered as a diff: end line " + end + " with \";\""));
          break;
        }
      }
    }
  }

  private static final java.util.regex.Pattern DIRECTIVE_LIKE = java.util.regex.Pattern.compile(
      "[a-z][a-z0-9]*(_[a-z0-9]+)+");

  /** Includes whose file could not be read: nginx refuses to start; the rest was analysed without them. */
  private void missingIncludes() {
    for (dev.tlsdoctor.nginx.config.ConfigError e : policy.missingIncludes()) {
      String said = e.message().replaceFirst("^include \"[^\"]*\": ", "");
      out.add(new Finding("include-unreadable", Severity.ERROR, e.position().file(), e.position().line(), List.of(),
          "", "nginx refuses to start with: " + said + " in " + e.position().file() + ":" + e.position().line()
              + "; the rest of the configuration was analysed without what that file would add",
          "every client: nginx does not start; and whatever that file sets is not seen here", null)
          .verified(null, null, "not offered as a diff: copy the file there (a configuration copied without its"
              + " mime.types, fastcgi_params or snippets), or correct the path"));
    }
  }

  /** Listen parameters that set a socket's options; two listens of one address may not both have some. */
  private static boolean socketOptions(Listen l) {
    List<String> values = l.directive().values();
    for (int i = 1; i < values.size(); i++) {
      String p = values.get(i);
      int eq = p.indexOf('=');
      if (p.equals("bind") || p.equals("reuseport") || p.equals("deferred")
          || eq > 0 && SOCKET_OPTIONS.contains(p.substring(0, eq))) {
        return true;
      }
    }
    return false;
  }

  /** The listen parameters NAME=VALUE that set a socket's options. */
  private static final Set<String> SOCKET_OPTIONS = Set.of("setfib", "fastopen", "backlog", "rcvbuf", "sndbuf",
      "accept_filter", "ipv6only", "so_keepalive");

  /**
   * The listens nginx refuses to start with, as {@code nginx -t} words them: in mail, and in stream before 1.25.5
   * (one server per address), a second listen of an address ({@code duplicate "ADDR" address and port pair}); in
   * http (and stream from 1.25.5) a second {@code default_server} of an address, a server listing an address twice,
   * or socket options ({@code reuseport}, {@code backlog=}, ...) on two listens of one address.
   */
  private void duplicateListens() {
    NginxVersion v = policy.version();
    Map<String, Listen> first = new LinkedHashMap<>();
    Map<String, Listen> firstDefault = new LinkedHashMap<>();
    Map<String, Listen> firstOptions = new LinkedHashMap<>();
    for (ServerPolicy s : policy.servers()) {
      Set<String> ofThisServer = new HashSet<>();
      for (Listen l : s.listens()) {
        if (l.directive() == null || l.socket().startsWith("unix:")) {
          continue;
        }
        // a quic listen is a UDP socket: apart from the TCP one of the same address
        boolean quic = l.directive().values().contains("quic");
        String key = s.module() + " " + l.socket() + (quic ? " udp" : "");
        String addr = l.socket().startsWith("*:") ? "0.0.0.0" + l.socket().substring(1) : l.socket();
        boolean onePerAddress = s.mail() || s.stream() && !v.isAtLeast(NginxVersion.STREAM_VIRTUAL_SERVERS);
        Listen prior = null;
        String said = null;
        if (onePerAddress) {
          prior = first.putIfAbsent(key, l);
          said = "duplicate \"" + addr + "\" address and port pair";
        } else if (!ofThisServer.add(key)) {
          prior = s.listens().stream().filter(o -> o.socket().equals(l.socket()) && o.directive() != null
              && o.directive().values().contains("quic") == quic).findFirst()
              .orElse(null);
          said = "a duplicate listen " + addr;
        } else if (l.defaultServer() && (prior = firstDefault.putIfAbsent(key, l)) != null) {
          said = "a duplicate default server for " + addr;
        } else if (socketOptions(l) && (prior = firstOptions.putIfAbsent(key, l)) != null) {
          said = "duplicate listen options for " + addr;
        }
        if (prior == null || said == null) {
          continue;
        }
        Directive at = l.directive();
        Directive before = prior.directive();
        out.add(new Finding("duplicate-listen", Severity.ERROR, at.file(), at.line(), List.of(l.socket()), s.name(),
            "nginx refuses to start with: " + said + " in " + at.file() + ":" + at.line() + " (the first is at "
                + before.file() + ":" + before.line() + ")", "every client: nginx does not start", null)
            .verified(null, null, "not offered as a diff: which server keeps the address"
                + (said.contains("default") ? " as its default" : said.contains("options") ? " options" : "")
                + " is yours to decide; remove " + (said.contains("default") ? "default_server from "
                : said.contains("options") ? "the socket options from " : "") + "one of the two listen"
                + " directives"));
      }
    }
  }

  /** Ports whose protocols are TLS from the first byte (HTTPS, SMTPS, IMAPS, POP3S, DNS over TLS, MQTT, ...). */
  private static final Set<String> TLS_PORTS = Set.of("443", "465", "563", "636", "853", "989", "990", "992", "993",
      "994", "995", "5061", "5671", "6514", "8443", "8883", "9443");

  /**
   * Servers that set their own {@code ssl_certificate} while none of their sockets is TLS (no {@code listen ...
   * ssl}, no {@code ssl on}, no STARTTLS): nginx starts, never uses the certificate, and speaks plain text where the
   * certificate says TLS was meant; a TLS client there reads no TLS record ("wrong version number"). On a port whose
   * protocol is TLS from the first byte the fix adds {@code ssl} to those listens; elsewhere (a port-80 server that
   * only redirects) nothing is offered as a diff.
   */
  private void certificatesWithoutTls() {
    for (ServerPolicy s : policy.servers()) {
      if (s.certificates().isEmpty() || s.listens().isEmpty() || s.sslOn(policy.version()) || s.startsTls()) {
        continue;
      }
      Directive cert = s.certificates().get(0).source();
      if (cert == null || !s.block().isBlock() || !s.block().block().contains(cert)) {
        continue; // inherited: a plain server in a block that sets a certificate for others
      }
      List<ListenSocket> sockets = policy.socketsOf(s);
      if (sockets.isEmpty() || sockets.stream().anyMatch(ListenSocket::tls)) {
        continue;
      }
      List<Directive> onTlsPorts = new ArrayList<>();
      for (Listen l : s.listens()) {
        String port = l.socket().substring(l.socket().lastIndexOf(':') + 1);
        if (l.directive() != null && TLS_PORTS.contains(port)) {
          onTlsPorts.add(l.directive());
        }
      }
      String server = describe(s);
      List<String> addresses = sockets.stream().map(ListenSocket::address).toList();
      String message = server + " sets ssl_certificate (" + cert.file() + ":" + cert.line() + ") but none of its"
          + " listen directives has ssl" + (s.mail() ? " and starttls is off" : "") + ": nginx never uses the"
          + " certificate and " + String.join(", ", addresses) + " speak" + (addresses.size() == 1 ? "s" : "")
          + " plain text; a TLS client there fails at once (OpenSSL: \"wrong version number\", class not-tls)";
      if (onTlsPorts.isEmpty()) {
        out.add(new Finding("certificate-without-tls", Severity.INFO, cert.file(), cert.line(), addresses, s.name(),
            message, "TLS clients of " + String.join(", ", addresses) + ", if any were meant", null)
            .verified(null, null, "not offered as a diff: no listen is on a port that is TLS from the first byte;"
                + " add ssl to the listen that should speak TLS, or remove the certificate lines if this server"
                + " is meant to be plain"));
        continue;
      }
      List<Fix.Edit> edits = onTlsPorts.stream().map(l -> Fix.Edit.appendParameter(l, "ssl")).toList();
      Directive first = onTlsPorts.get(0);
      out.add(new Finding("certificate-without-tls", Severity.WARNING, first.file(), first.line(), addresses,
          s.name(), message, "every TLS client of " + String.join(", ", addresses) + " (the port is a TLS port)",
          fix.edits(edits)));
    }
  }

  /** One finding per {@code ssl} directive that applies to a server. */
  private void sslDirectives() {
    Map<Directive, List<ServerPolicy>> by = new LinkedHashMap<>();
    for (ServerPolicy s : policy.servers()) {
      if (!s.ssl().isDefault()) {
        by.computeIfAbsent(s.ssl().source(), k -> new ArrayList<>()).add(s);
      }
    }
    by.forEach(this::sslDirective);
  }

  private void sslDirective(Directive d, List<ServerPolicy> servers) {
    NginxVersion v = policy.version();
    String value = d.value(0).orElse("");
    boolean on = value.equalsIgnoreCase("on");
    boolean stream = servers.get(0).stream();
    boolean unknown = stream || v.isAtLeast(NginxVersion.SSL_DIRECTIVE_REMOVED);
    String quoted = "\"ssl " + value + "\"";
    // where it makes the socket TLS (the default server's, or a mail or stream server's own), where it does not
    List<ListenSocket> made = new ArrayList<>();
    Map<ListenSocket, ServerPolicy> ignored = new LinkedHashMap<>();
    Set<Directive> listens = new LinkedHashSet<>();
    boolean implicit = false;
    Set<String> sockets = new LinkedHashSet<>();
    for (ServerPolicy s : servers) {
      for (ListenSocket k : policy.socketsOf(s)) {
        sockets.add(k.address());
        if (!on) {
          continue;
        }
        if (k.defaultServer() != s && !s.mail() && !s.stream()) {
          if (!k.listenSsl() && !servers.contains(k.defaultServer())) {
            ignored.putIfAbsent(k, k.defaultServer());
          }
          continue;
        }
        if (k.listenSsl()) {
          continue; // a listen says ssl already
        }
        made.add(k);
        for (Listen l : s.listens()) {
          if (l.socket().equals(k.address())) {
            implicit |= l.directive().isBlock();
            listens.add(l.directive());
          }
        }
      }
    }
    List<String> madeNames = made.stream().map(ListenSocket::address).distinct().toList();
    StringBuilder m = new StringBuilder();
    if (stream) {
      // the http and mail modules know "ssl" until 1.25.1: nginx says it is misplaced, later that it is unknown
      m.append("the stream module has no \"ssl\" directive: nginx refuses to start with: ")
          .append(v.isAtLeast(NginxVersion.SSL_DIRECTIVE_REMOVED) ? "unknown directive \"ssl\""
              : "\"ssl\" directive is not allowed here").append(" in ").append(d.file()).append(':').append(d.line())
          .append("; a stream listener speaks TLS with \"listen ... ssl\"");
    } else if (unknown) {
      m.append(quoted).append(" is an unknown directive in nginx ").append(v).append(" (the \"ssl\" directive was"
          + " deprecated in 1.15.0 and removed in 1.25.1): nginx refuses to start with: unknown directive \"ssl\" in ")
          .append(d.file()).append(':').append(d.line());
      if (on) {
        m.append("; before 1.25.1 it made ").append(madeNames.isEmpty() ? "no socket" : String.join(", ", madeNames))
            .append(" TLS");
      }
    } else {
      m.append(quoted).append(v.isAtLeast(NginxVersion.SSL_DIRECTIVE_DEPRECATED)
          ? " is deprecated since nginx 1.15.0 (nginx -t warns: " + DEPRECATION_WARNING + ")"
          : " is deprecated from nginx 1.15.0 on").append(" and removed in 1.25.1, which refuses to start with it");
      if (on) {
        m.append("; here it makes ").append(madeNames.isEmpty() ? "no socket" : String.join(", ", madeNames))
            .append(" TLS");
      } else {
        m.append("; it only undoes an \"ssl on\" of an enclosing block");
      }
    }
    ignored.forEach((k, def) -> m.append("; on ").append(k.address()).append(" it has no effect, as nginx looks at"
        + " the default server's \"ssl\" only (").append(def.name().isEmpty() ? "" : def.name() + " at ")
        .append(def.where()).append(", which has no \"ssl on\"), so ").append(k.address()).append(" is ")
        .append(k.ssl() ? "TLS by that server's setting" : "plain HTTP"));
    List<Fix.Edit> edits = new ArrayList<>();
    edits.add(Fix.Edit.remove(d));
    for (Directive l : listens) {
      if (!l.isBlock()) {
        edits.add(Fix.Edit.appendParameter(l, "ssl"));
      }
    }
    String why = null;
    if (implicit) {
      why = "not offered as a diff: a server it applies to has no listen directive (nginx listens on port 80, or"
          + " 8000 when not run as root); write that listen with ssl and remove " + quoted;
    } else if (!on && !unknown && outerSslOn()) {
      why = "not offered as a diff: removing it would let the \"ssl on\" of the enclosing block apply; remove both"
          + " and add ssl to the listen directives that need TLS";
    } else if (edits.stream().anyMatch(e -> !e.at().file().equals(d.file()))) {
      why = "not offered as a diff: the listen directives are in other files than " + d.file() + "; remove "
          + quoted + " and add ssl to the listen directive" + (listens.size() > 1 ? "s" : "") + " at "
          + String.join(", ", listens.stream().map(l -> l.file() + ":" + l.line()).toList());
    }
    String affected = unknown ? "every client: nginx does not start"
        : "every client of " + (sockets.isEmpty() ? "these servers" : String.join(", ", sockets))
            + " once nginx is 1.25.1 or later: it does not start";
    List<String> names = servers.stream().map(ServerPolicy::name).distinct().toList();
    Finding f = new Finding(unknown ? "ssl-directive-unknown" : "ssl-directive-deprecated",
        unknown ? Severity.ERROR : Severity.WARNING, d.file(), d.line(), List.copyOf(sockets), String.join(", ", names),
        m.toString(), affected, why == null ? fix.edits(edits) : null);
    out.add(why == null ? f : f.verified(null, null, why));
  }

  /** Whether an {@code ssl on} outside every server block applies to some server. */
  private boolean outerSslOn() {
    for (ServerPolicy s : policy.servers()) {
      Directive src = s.ssl().source();
      if (src != null && src.value(0).orElse("").equalsIgnoreCase("on")
          && policy.servers().stream().noneMatch(p -> p.block().block().contains(src))) {
        return true;
      }
    }
    return false;
  }

  /**
   * TLS servers for which nginx has no certificate: it refuses to start, naming the server (or the directive that
   * made it TLS) as below.
   */
  private void missingCertificates() {
    NginxVersion v = policy.version();
    Set<ServerPolicy> done = new HashSet<>();
    // checked first by nginx, when it merges each server's settings: "ssl on" needs a certificate
    for (ServerPolicy s : policy.servers()) {
      if (!s.mail() && s.sslOn(v) && s.lacksCertificate() && done.add(s)) {
        Directive at = s.ssl().source();
        missing(s, at, "\"ssl on\" (" + at.file() + ":" + at.line() + ") applies to it", "ssl",
            policy.socketsOf(s));
      }
    }
    for (ListenSocket k : policy.sockets()) {
      ServerPolicy def = k.defaultServer();
      if (def.mail()) {
        mail(def, k, done);
      } else if (def.stream() && !v.isAtLeast(NginxVersion.STREAM_VIRTUAL_SERVERS)) {
        // one server per socket, each checked when its settings are merged, at its last listen with ssl
        for (ServerPolicy s : k.servers()) {
          Directive at = lastSslListen(s);
          if (at != null && s.certificates().isEmpty() && done.add(s)) {
            missing(s, at, "it listens with ssl", "listen ... ssl", List.of(k));
          }
        }
      } else if (k.listenSsl() && def.certificates().isEmpty()) {
        if (!def.rejects()) {
          if (done.add(def)) {
            missing(def, def.block(), "it is the default server of the TLS socket " + k.address(), "listen ... ssl",
                List.of(k));
          }
        } else {
          for (ServerPolicy s : k.servers()) {
            if (s != def && s.lacksCertificate() && done.add(s)) {
              missing(s, s.block(), "it is a server of the TLS socket " + k.address() + ", whose default server ("
                  + def.where() + ") has ssl_reject_handshake on and no certificate, so nginx wants one in every"
                  + " other server", "listen ... ssl", List.of(k));
            }
          }
        }
      }
    }
  }

  /** A mail server: TLS at once ({@code listen ... ssl}, or {@code ssl on}), or by STARTTLS. */
  private void mail(ServerPolicy s, ListenSocket k, Set<ServerPolicy> done) {
    if (!s.certificates().isEmpty() || done.contains(s)) {
      return;
    }
    Directive listen = lastSslListen(s);
    if (listen != null) {
      missing(s, listen, "it listens with ssl", "listen ... ssl", policy.socketsOf(s));
    } else if (s.sslOn(policy.version())) {
      Directive at = s.ssl().source();
      missing(s, at, "\"ssl on\" (" + at.file() + ":" + at.line() + ") applies to it", "ssl", policy.socketsOf(s));
    } else if (s.startsTls()) {
      Directive at = s.starttls().source();
      missing(s, at, "it offers STARTTLS (starttls " + s.starttls().value() + ", " + at.file() + ":" + at.line()
          + ")", "starttls", policy.socketsOf(s));
    } else {
      return;
    }
    done.add(s);
  }

  private static Directive lastSslListen(ServerPolicy s) {
    Directive last = null;
    for (Listen l : s.listens()) {
      if (l.ssl()) {
        last = l.directive();
      }
    }
    return last;
  }

  /** {@code the server "NAME" (FILE:LINE)}, {@code the stream server at FILE:LINE}: a server as messages name it. */
  private static String describe(ServerPolicy s) {
    String kind = "the " + (s.module().equals("http") ? "" : s.module() + " ") + "server";
    return s.name().isEmpty() ? kind + " at " + s.where() : kind + " \"" + s.name() + "\" (" + s.where() + ")";
  }

  private void missing(ServerPolicy s, Directive at, String why, String mode, List<ListenSocket> sockets) {
    String server = describe(s);
    String ask = "not offered as a diff: the certificate and key are files only you can name; add ssl_certificate"
        + " FILE; and ssl_certificate_key FILE; to this server (or to the " + s.module() + " {} block)"
        + (s.module().equals("http") && policy.version().isAtLeast(NginxVersion.REJECT_HANDSHAKE)
            && !s.rejects() && mode.equals("listen ... ssl") ? ", or, if it is a catch-all that should refuse"
            + " unknown names, ssl_reject_handshake on; (nginx 1.19.4 and later)" : "");
    out.add(new Finding("no-certificate", Severity.ERROR, at.file(), at.line(),
        sockets.stream().map(ListenSocket::address).toList(), s.name(),
        server + " has no ssl_certificate, in it or inherited, and " + why + ": nginx refuses to start with: no"
            + " \"ssl_certificate\" is defined for the \"" + mode + "\" directive in " + at.file() + ":" + at.line(),
        "every client: nginx does not start", null).verified(null, null, ask));
  }
}
