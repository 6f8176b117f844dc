package dev.tlsdoctor.report;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.nginx.policy.ClientView;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.ServerPolicy;
import dev.tlsdoctor.nginx.policy.Setting;
import dev.tlsdoctor.nginx.policy.SuiteLists;
import dev.tlsdoctor.nginx.policy.Suites;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.nginx.policy.UpstreamModule;
import dev.tlsdoctor.nginx.policy.UpstreamPolicy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code config} command's output: the JSON document ({@code {"nginxVersion", "opensslVersion", "failOn",
 * "settings", "ignored", "findings", "servers"}}, each server with its {@code module}, {@code http}, {@code stream}
 * or {@code mail}, a mail server with its {@code starttls}) and the text (findings first, then every TLS server with
 * its effective policy, stream and mail servers and stream upstreams marked as such).
 */
public final class PolicyReport {

  private PolicyReport() {
  }

  /**
   * How the run was set up for CI, for the report: the severity from which findings fail it ({@code failOn}), the
   * settings file read (null when none), how many findings were left out, and each ignore rule with its count.
   */
  public record Run(String failOn, String settings, int ignoredFindings, List<Ignored> ignored) {
    /** The default: fail on warnings, no settings file, nothing ignored. */
    public static final Run DEFAULT = new Run("warning", null, 0, List.of());

    public Run {
      ignored = List.copyOf(ignored);
    }

    /** The largest {@link Finding#rank} that fails the run when {@code failOn} is the threshold; -1 for never. */
    public static int rank(String failOn) {
      return switch (failOn) {
        case "error" -> Severity.ERROR.ordinal();
        case "warning" -> Severity.WARNING.ordinal();
        case "info" -> Severity.INFO.ordinal();
        default -> -1;
      };
    }
  }

  /** An ignore rule as written and how many findings it matched (0: none, which is noted on standard error). */
  public record Ignored(String rule, int count) {
  }

  public static Map<String, Object> json(TlsPolicy p, List<Finding> findings) {
    return json(p.version().toString(), p.build().version(), Run.DEFAULT, findings, servers(p));
  }

  /** The JSON document of the given parts: {@code servers} is {@link #servers(TlsPolicy)}. */
  public static Map<String, Object> json(String nginxVersion, String opensslVersion, Run run,
      List<Finding> findings, List<Object> servers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nginxVersion", nginxVersion);
    m.put("opensslVersion", opensslVersion);
    m.put("failOn", run.failOn());
    m.put("settings", run.settings());
    m.put("ignored", run.ignored());
    m.put("findings", findings);
    m.put("servers", servers);
    return m;
  }

  /**
   * The {@code servers} of the JSON document: plain maps, lists and strings, which hold nothing of the configuration
   * itself (it can be let go before the fixes are tried).
   */
  public static List<Object> servers(TlsPolicy p) {
    List<Object> servers = new ArrayList<>();
    Map<ServerPolicy, List<UpstreamPolicy>> upstreams = new java.util.IdentityHashMap<>();
    for (UpstreamPolicy u : p.upstreams()) {
      upstreams.computeIfAbsent(u.server(), x -> new ArrayList<>()).add(u);
    }
    for (ServerPolicy s : p.servers()) {
      servers.add(server(p, s, upstreams.getOrDefault(s, List.of())));
    }
    return servers;
  }

  /** A server in the JSON; {@code upstreams}: its passes, in the policy's order. */
  private static Map<String, Object> server(TlsPolicy p, ServerPolicy s, List<UpstreamPolicy> upstreams) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", s.module());
    m.put("file", s.block().file());
    m.put("line", s.block().line());
    m.put("serverName", s.names());
    List<Object> listen = new ArrayList<>();
    List<Object> clients = new ArrayList<>();
    for (ListenSocket k : p.socketsOf(s)) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("address", k.address());
      l.put("ssl", k.ssl());
      if (k.sslDirective()) {
        l.put("sslDirective", true); // TLS by the default server's "ssl on", not by a listen flag
      }
      if (s.mail()) {
        l.put("starttls", k.starttls());
      }
      l.put("http2", k.http2());
      l.put("defaultServer", k.defaultServer() == s);
      listen.add(l);
      if (k.tls()) {
        ClientView v = p.view(k, s);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("listen", k.address());
        c.put("protocols", TlsPolicy.names(v.protocols()));
        c.put("protocolsFrom", v.protocolSource().where());
        c.put("protocolsOfDefaultServer", v.protocolsOfDefault());
        c.put("contextFrom", v.context().where());
        c.put("groups", v.groups().value());
        c.put("tls12Suites", Suites.usable(v.context()).stream().map(x -> x.opensslName()).toList());
        clients.add(c);
      }
    }
    m.put("listen", listen);
    m.put("protocols", setting(s.protocols()));
    m.put("ciphers", setting(s.ciphers()));
    m.put("cipherSuites", s.cipherResult().opensslNames());
    m.put("tls13Ciphersuites", setting(s.ciphersuites()));
    m.put("ecdhCurve", setting(s.ecdhCurve()));
    m.put("certificates", s.certificates().stream().map(PolicyReport::setting).toList());
    m.put("certificateKeys", s.keys().stream().map(PolicyReport::setting).toList());
    m.put("dhparam", setting(s.dhparam()));
    m.put("verifyClient", setting(s.verifyClient()));
    m.put("clientCertificate", setting(s.clientCertificate()));
    m.put("rejectHandshake", setting(s.rejectHandshake()));
    m.put("preferServerCiphers", setting(s.preferServerCiphers()));
    if (!s.stream() && !s.mail()) {
      m.put("http2", setting(s.http2()));
      // a listen's http2 flag is the socket's: every server there offers h2 (before nginx 1.25.1's directive)
      m.put("offersHttp2", s.offersHttp2() || p.socketsOf(s).stream().anyMatch(ListenSocket::http2));
    }
    if (s.mail()) {
      m.put("starttls", setting(s.starttls()));
    }
    if (!s.ssl().isDefault()) {
      m.put("ssl", setting(s.ssl())); // the "ssl" directive (before nginx 1.25.1)
    }
    m.put("clients", clients);
    List<Object> ups = new ArrayList<>();
    for (UpstreamPolicy u : upstreams) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("file", u.pass().file());
      x.put("line", u.pass().line());
      x.put("module", u.module().id());
      x.put("pass", u.pass().value(0).orElse(""));
      if (u.module().stream()) {
        x.put("proxySsl", setting(u.sslSwitch()));
      }
      x.put("addresses", u.addresses());
      x.put("serverName", setting(u.serverName()));
      x.put("sslName", setting(u.sslName()));
      x.put("protocols", setting(u.protocols()));
      x.put("ciphers", setting(u.ciphers()));
      x.put("verify", setting(u.verify()));
      x.put("trustedCertificate", setting(u.trustedCertificate()));
      x.put("certificate", setting(u.certificate()));
      x.put("certificateKey", setting(u.certificateKey()));
      x.put("localTargets", u.targets().stream().map(ListenSocket::address).toList());
      ups.add(x);
    }
    m.put("upstreams", ups);
    return m;
  }

  private static Map<String, Object> setting(Setting s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", s.value());
    m.put("from", s.where());
    return m;
  }

  /**
   * Findings first (with their fix), then the servers; {@code versionSource} says where the nginx version came from
   * ({@code --nginx-version}, {@code nginx -v}). Every value from the configuration (file names, server names,
   * addresses, directive arguments, the lines of a fix, messages quoting them) goes through {@link #v}
   * ({@link Safe#text}) as it is formatted.
   */
  public static void text(TlsPolicy p, String versionSource, List<Finding> findings, PrintWriter out) {
    findings(p.version().toString(), versionSource, p.build().version(), Run.DEFAULT, findings, false, out);
    servers(p, false, out);
  }

  /**
   * The first part of the text: the versions, how the run was set up when it is not the default, and the findings.
   * Unless {@code verbose}, a list of more than {@link SuiteLists#LONGEST} cipher suites in a message is cut to its first
   * {@link SuiteLists#FIRST} and how many more there are.
   */
  public static void findings(String nginxVersion, String versionSource, String opensslVersion, Run run,
      List<Finding> findings, boolean verbose, PrintWriter out) {
    out.println("nginx " + v(nginxVersion) + " (" + v(versionSource) + "), OpenSSL " + v(opensslVersion) + ": "
        + count(findings.size(), "finding") + (run.ignoredFindings() == 0 ? ""
            : " (" + run.ignoredFindings() + " more ignored)"));
    if (run.settings() != null) {
      out.println("settings: " + v(run.settings()));
    }
    if (!run.failOn().equals(Run.DEFAULT.failOn())) {
      out.println("fails on: " + switch (run.failOn()) {
        case "error" -> "errors only";
        case "info" -> "any finding, info included";
        default -> "nothing (never)";
      });
    }
    if (!run.ignored().isEmpty()) {
      out.println("ignored: " + String.join(", ", run.ignored().stream()
          .map(i -> count(i.count(), "finding") + " by " + v(i.rule())).toList()));
    }
    for (Finding f : findings) {
      out.println();
      out.println(f.severity().name() + " " + v(f.id()) + "  " + v(f.file()) + ":"
          + f.line() + (f.listen().isEmpty() ? "" : "  listen " + join(",", f.listen()) + "  server_name \""
          + v(f.serverName()) + "\""));
      out.println("  " + v(verbose ? f.message() : SuiteLists.shorten(f.message())));
      out.println("  affects: " + v(verbose ? f.affected() : SuiteLists.shorten(f.affected())));
      if (f.fix() != null) {
        out.println("  fix" + (f.fixVerification() == null ? ":" : ": " + v(f.fixVerification())));
        for (String l : f.fix().split("\n")) { // a CR that ended a line of a CRLF file is no part of it
          out.println("    " + Safe.keepingTabs(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l));
        }
      } else if (f.fixVerification() != null) {
        out.println("  fix: " + v(f.fixVerification()));
      }
    }
  }

  /** {@code 1 finding}, {@code 2 findings}. */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * The second part of the text: every server with its policy, then every upstream. Unless {@code verbose}, the
   * suites of a server's ciphers are counted and the first {@link SuiteLists#FIRST} named. (Lines are joined, not formatted:
   * a configuration of 20,000 servers has 200,000 of them.)
   */
  public static void servers(TlsPolicy p, boolean verbose, PrintWriter out) {
    for (ServerPolicy s : p.servers()) {
      List<ListenSocket> tls = p.socketsOf(s).stream().filter(ListenSocket::tls).toList();
      out.println();
      if (!s.module().equals("http") && s.name().isEmpty()) {
        out.println(v(s.module()) + " server at " + v(s.where()));
      } else if (!s.module().equals("http")) {
        out.println(v(s.module()) + " server \"" + join(" ", s.names()) + "\" at " + v(s.where()));
      } else {
        out.println("server \"" + join(" ", s.names()) + "\" at " + v(s.where()));
      }
      for (ListenSocket k : p.socketsOf(s)) {
        out.println("  listen " + v(k.address()) + (k.sslDirective() ? " ssl (by \"ssl on\" of "
            + v(k.defaultServer().ssl().where()) + ")" : k.ssl() ? " ssl" : k.starttls() ? " (starttls "
            + v(s.starttls().value()) + ")" : "") + (k.http2() ? " http2" : "")
            + (k.defaultServer() == s && (!s.stream() && !s.mail() || k.servers().size() > 1) ? " (default server)"
                : ""));
      }
      if (tls.isEmpty()) {
        continue;
      }
      line(out, "ssl_protocols", s.protocols());
      line(out, "ssl_ciphers", s.ciphers());
      List<String> suites = s.cipherResult().opensslNames();
      if (suites.isEmpty()) {
        out.println("    = no suite");
      } else if (verbose || suites.size() <= SuiteLists.LONGEST) {
        out.println("    = " + count(suites.size(), "suite") + ": " + join(":", suites));
      } else {
        out.println("    = " + count(suites.size(), "suite") + ": " + join(":", suites.subList(0, SuiteLists.FIRST)) + " and "
            + (suites.size() - SuiteLists.FIRST) + " more (--verbose lists them)");
      }
      line(out, "Ciphersuites", s.ciphersuites());
      line(out, "ssl_ecdh_curve", s.ecdhCurve());
      for (Setting c : s.certificates()) {
        line(out, "ssl_certificate", c);
      }
      line(out, "ssl_verify_client", s.verifyClient());
      if (s.mail()) {
        line(out, "starttls", s.starttls());
      } else {
        line(out, "ssl_reject_handshake", s.rejectHandshake());
      }
      if (!s.stream() && !s.mail()) {
        line(out, "http2", s.http2());
      }
      for (ListenSocket k : tls) {
        ClientView cv = p.view(k, s);
        out.println("  clients on " + v(k.address()) + " get: protocols " + v(TlsPolicy.names(cv.protocols())) + " ("
            + v(cv.protocolSource().where()) + "), the certificate and ciphers of the server at "
            + v(cv.context().where()) + ", groups " + v(cv.groups().value()));
      }
    }
    for (UpstreamPolicy u : p.upstreams()) {
      UpstreamModule m = u.module();
      if (m.stream()) {
        out.println();
        out.println("stream " + v(m.passDirective()) + " " + v(u.pass().value(0).orElse("")) + " at "
            + v(u.pass().file()) + ":" + u.pass().line() + " (stream server at " + v(u.server().where()) + ")");
        line(out, m.sslSwitch(), u.sslSwitch());
      } else {
        out.println();
        out.println(v(m.passDirective()) + " " + v(u.pass().value(0).orElse("")) + " at " + v(u.pass().file()) + ":"
            + u.pass().line() + " (server \"" + v(u.server().name()) + "\")");
      }
      if (u.tls()) {
        line(out, m.ssl("server_name"), u.serverName());
        line(out, m.ssl("name"), u.sslName());
        line(out, m.ssl("protocols"), u.protocols());
        line(out, m.ssl("ciphers"), u.ciphers());
        line(out, m.ssl("verify"), u.verify());
      }
    }
  }

  private static void line(PrintWriter out, String name, Setting s) {
    String n = v(name);
    out.println("  " + n + " ".repeat(Math.max(0, 22 - n.length())) + " " + v(s.value()) + "  (" + v(s.where())
        + ")");
  }

  /** A value for the text: {@link Safe#text}, which also turns null into "null" as formatting did. */
  private static String v(Object value) {
    return Safe.text(value);
  }

  /** The values, each escaped, joined by {@code separator}. */
  private static String join(String separator, List<String> values) {
    return values.stream().map(PolicyReport::v).collect(java.util.stream.Collectors.joining(separator));
  }
}
