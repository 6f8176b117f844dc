package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.util.BoundedRead;
import dev.tlsdoctor.x509.CertificateNames;
import dev.tlsdoctor.x509.Chains;
import dev.tlsdoctor.x509.NameRule;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The checks of the upstream side: how nginx, as a TLS client, connects where {@code proxy_pass},
 * {@code grpc_pass} or {@code uwsgi_pass} of an http location, or {@code proxy_pass} of a stream server, sends it;
 * every message and fix names the module's own directives. */
final class UpstreamChecks {
  private final TlsPolicy policy;
  private final Fix fix;
  private final Clock clock;
  private final List<Finding> out;
  private final java.util.Map<java.nio.file.Path, CertificateFile> trustedFiles = new java.util.HashMap<>();
  private final java.util.Set<Object> notPemSeen = new java.util.HashSet<>();

  UpstreamChecks(TlsPolicy policy, Fix fix, Clock clock, List<Finding> out) {
    this.policy = policy;
    this.fix = fix;
    this.clock = clock;
    this.out = out;
  }

  void run() {
    for (UpstreamPolicy u : policy.upstreams()) {
      List<String> listen = policy.socketsOf(u.server()).stream().map(ListenSocket::address).toList();
      if (u.scheme().isEmpty() || u.host().contains("$")) {
        // a variable: the destination (or the scheme) is known only at run time
        if (u.scheme().isEmpty() || u.tls()) {
          notEvaluated(u, listen);
        }
        continue;
      }
      String file = u.pass().file();
      int line = u.pass().line();
      String url = u.pass().value(0).orElse("");
      UpstreamModule m = u.module();
      String pass = m.passDirective() + " " + url;
      ServerPolicy rejecting = rejecting(u);
      if (rejecting != null) {
        rejected(u, rejecting, listen, pass);
      } else if (u.tls() && !u.sendsSni() && !UpstreamPolicy.isIpLiteral(u.sslName().value())) {
        out.add(new Finding("upstream-sni-missing", Severity.WARNING, file, line, listen, u.server().name(),
            pass + " sends no SNI: " + m.ssl("server_name") + " is " + u.serverName().value() + " ("
                + u.serverName().where() + ")", "the upstream " + u.host() + ": a server that picks its"
                + " certificate by SNI sends its default one or refuses the handshake",
            fix.insertAfter(u.pass(), m.ssl("server_name") + " on;")));
      }
      if (u.tls() && !"on".equals(u.verify().value())) {
        verifyOff(u, listen, pass);
      }
      if (u.tls() && "on".equals(u.verify().value()) && !u.trustedCertificate().isDefault()) {
        trustedNotPem(u, listen);
      }
      if (u.tls() && "on".equals(u.verify().value()) && u.trustedCertificate().value().isEmpty()) {
        // nginx checks this when it reads the configuration: "no proxy_ssl_trusted_certificate for proxy_ssl_verify"
        out.add(new Finding("upstream-untrusted", Severity.ERROR, file, line, listen, u.server().name(),
            pass + ": " + m.ssl("verify") + " is on (" + u.verify().where() + ") and " + m.ssl("trusted_certificate")
                + " is not set: nginx refuses to start (\"no " + m.ssl("trusted_certificate") + " for "
                + m.ssl("verify") + "\")", "every client: nginx does not start", null).verified(null, null,
            "not offered as a diff: set " + m.ssl("trusted_certificate") + " to the PEM file of the CA that issued "
                + u.host() + "'s certificate"));
      }
      for (ListenSocket k : u.targets()) {
        target(u, k, listen, pass);
      }
    }
  }

  /**
   * A pass whose scheme or host is a variable: nothing here says where its handshake goes, so the settings it is made
   * with are listed for the operator to hold against the backends it can reach.
   */
  private void notEvaluated(UpstreamPolicy u, List<String> listen) {
    UpstreamModule m = u.module();
    String url = u.pass().value(0).orElse("");
    String pass = m.passDirective() + " " + url;
    List<String> settings = new java.util.ArrayList<>();
    settings.add(m.ssl("server_name") + " \"" + u.serverName().value() + "\" (" + u.serverName().where() + ")");
    settings.add(m.ssl("name") + " \"" + u.sslName().value() + "\" (" + (u.sslName().isDefault()
        ? "default: the host of the URL" : u.sslName().where()) + ")");
    settings.add(m.ssl("protocols") + " \"" + u.protocols().value() + "\" (" + u.protocols().where() + ")");
    settings.add(m.ssl("ciphers") + " \"" + u.ciphers().value() + "\" (" + u.ciphers().where() + ")");
    settings.add(m.ssl("verify") + " \"" + u.verify().value() + "\" (" + u.verify().where() + ")");
    for (var e : List.of(java.util.Map.entry("trusted_certificate", u.trustedCertificate()),
        java.util.Map.entry("certificate", u.certificate()), java.util.Map.entry("certificate_key",
            u.certificateKey()))) {
      if (!e.getValue().isDefault()) {
        settings.add(m.ssl(e.getKey()) + " \"" + e.getValue().value() + "\" (" + e.getValue().where() + ")");
      }
    }
    String what = u.scheme().isEmpty()
        ? pass + ": the scheme is known only at run time (the URL holds variables), so whether it speaks TLS was"
            + " not evaluated; if it does, the settings in force are: "
        : pass + ": the destination is known only at run time (the URL holds variables), so its TLS handshake was"
            + " not evaluated against a server; the settings in force are: ";
    out.add(new Finding("upstream-not-evaluated", Severity.INFO, u.pass().file(), u.pass().line(), listen,
        u.server().name(), what + String.join(", ", settings),
        "nothing is known here of the handshakes through " + url + ": hold these settings against the backends it"
            + " can reach", null));
  }

  /**
   * The server of this configuration whose {@code ssl_reject_handshake on} refuses the TLS handshake of {@code u}
   * (no SNI, or a name none of the target socket's servers has, reaching a rejecting default server), or null.
   */
  private ServerPolicy rejecting(UpstreamPolicy u) {
    ListenSocket k = u.targets().isEmpty() ? null : u.targets().get(0);
    if (!u.tls() || k == null || !k.ssl()) {
      return null;
    }
    ServerPolicy chosen = u.sendsSni() ? ServerNames.select(k, u.sslName().value()) : k.defaultServer();
    ServerPolicy ctx = policy.view(k, chosen).context();
    return ctx.rejects() ? ctx : null;
  }

  /**
   * The target refuses the handshake (alert unrecognized_name): every request through the pass fails. The fix
   * sends a name that a server of the target socket has: {@code *_ssl_server_name on}, and {@code *_ssl_name} when
   * the name sent would not do (an address, which nginx never sends as SNI, or a name no server there has).
   */
  private void rejected(UpstreamPolicy u, ServerPolicy rejecting, List<String> listen, String pass) {
    UpstreamModule m = u.module();
    ListenSocket k = u.targets().get(0);
    String url = u.pass().value(0).orElse("");
    String name = u.sslName().value();
    String reject = "ssl_reject_handshake on, " + rejecting.rejectHandshake().where();
    String log = "; nginx logs \"SSL_do_handshake() failed (SSL: error:0A000458:SSL routines::tlsv1 unrecognized"
        + " name:SSL alert number 112) while SSL handshaking to upstream\"";
    boolean ip = UpstreamPolicy.isIpLiteral(name);
    String target = k.address() + ", a TLS socket of this configuration whose "
        + (rejecting == k.defaultServer() ? "default server (" + rejecting.where() + ")" : "server "
        + rejecting.name() + " (" + rejecting.where() + ")") + " refuses handshakes without a name it serves ("
        + reject + ")";
    String keep = !ip && ServerNames.select(k, name) != null
        && !policy.view(k, ServerNames.select(k, name)).context().rejects() ? name : null;
    String send = keep != null ? keep : nameServedOn(k);
    List<String> lines = new java.util.ArrayList<>();
    List<Fix.Edit> edits = new java.util.ArrayList<>();
    if (!"on".equals(u.serverName().value())) {
      if (u.setHere(u.serverName())) {
        edits.add(Fix.Edit.replace(u.serverName().source(), m.ssl("server_name") + " on;"));
      } else {
        lines.add(m.ssl("server_name") + " on;");
      }
    }
    if (send != null && !send.equals(name)) {
      if (u.setHere(u.sslName())) {
        edits.add(Fix.Edit.replace(u.sslName().source(), m.ssl("name") + " " + send + ";"));
      } else {
        lines.add(m.ssl("name") + " " + send + ";");
      }
    }
    // nginx as a backend picks the server of a request by its Host header: when the Host sent names another server
    // than SNI does (the address of the URL reaches the default server), the request would get that server's answer
    String hostNote = "";
    String noFix = null;
    String host = u.hostHeader();
    if (host != null && send != null) {
      String hostName = host.startsWith("[") || host.indexOf(':') < 0 ? host : host.substring(0, host.indexOf(':'));
      Directive set = u.hostHeaderDirective();
      if (host.contains("$") && set != null) {
        hostNote = "; the backend then picks the server by the Host header (proxy_set_header Host " + host + ", "
            + set.file() + ":" + set.line() + ")";
      } else if (!host.contains("$") && ServerNames.select(k, hostName) != ServerNames.select(k, send)) {
        String header = "proxy_set_header Host " + send + ";";
        if (set != null && u.setHere(new Setting(host, set))) {
          edits.add(Fix.Edit.replace(set, header));
        } else if (u.headers().isEmpty() || u.headers().stream().allMatch(d -> u.setHere(new Setting("", d)))) {
          lines.add(header);
        } else {
          noFix = "not offered as a diff: the Host header " + host + " would reach another server of " + k.address()
              + " than the name " + send + ", and a proxy_set_header here would drop the ones inherited from "
              + u.headers().get(0).file() + ":" + u.headers().get(0).line() + "; add proxy_set_header Host " + send
              + "; with them";
        }
        hostNote = "; with the name, the Host header " + host + " (" + (set == null ? "$proxy_host, the default"
            : set.file() + ":" + set.line()) + ") must name that server too, or the backend answers as its default"
            + " server";
      }
    }
    if (!lines.isEmpty()) {
      edits.add(Fix.Edit.insertAfter(u.pass(), lines.toArray(String[]::new)));
    }
    String fixText = send == null || noFix != null ? null : fix.edits(edits);
    Finding f;
    if (!u.sendsSni()) {
      String why = !"on".equals(u.serverName().value()) ? m.ssl("server_name") + " is " + u.serverName().value()
          + " (" + u.serverName().where() + ")" : m.ssl("name") + " \"" + name + "\" (" + u.sslName().where()
          + ") is an address, which nginx never sends as SNI";
      f = new Finding("upstream-sni-missing", Severity.ERROR, u.pass().file(), u.pass().line(), listen,
          u.server().name(), pass + " sends no SNI (" + why + ") to " + target + ": every handshake fails" + log
          + (send == null || send.equals(name) ? "" : "; " + send + " is a name served there") + hostNote,
          m.failure(url), fixText);
    } else {
      f = new Finding("upstream-sni-rejected", Severity.ERROR, u.pass().file(), u.pass().line(), listen,
          u.server().name(), pass + " sends the name \"" + name + "\" (" + m.ssl("name") + ", " + u.sslName().where()
          + ") as SNI to " + target + ", and no server there has that name: every handshake fails" + log
          + (send == null ? "" : "; " + send + " is a name served there") + hostNote, m.failure(url), fixText);
    }
    out.add(send == null ? f.verified(null, null, "not offered as a diff: no server of " + k.address()
        + " has a plain name (server_name without wildcards or regular expressions) to send")
        : noFix != null ? f.verified(null, null, noFix) : f);
  }

  /** The first plain server name on {@code k} that reaches a server that does not refuse the handshake, or null. */
  private String nameServedOn(ListenSocket k) {
    for (ServerPolicy s : k.servers()) {
      for (String n : s.names()) {
        String name = n.startsWith(".") ? n.substring(1) : n;
        if (name.isEmpty() || name.equals("_") || name.startsWith("~") || name.contains("*") || name.contains("$")
            || UpstreamPolicy.isIpLiteral(name)) {
          continue;
        }
        ServerPolicy chosen = ServerNames.select(k, name);
        if (chosen == s && !policy.view(k, chosen).context().rejects()) {
          return name;
        }
      }
    }
    return null;
  }

  /**
   * The upstream's certificate is not verified. The fix must name the CA that really issued it: the system bundle
   * for a backend with a private CA turns a working proxy into 502s. Known only when the upstream is a server of
   * this configuration whose certificate file holds its own anchor (self-signed, or ending with the root), or whose
   * chain the JDK's public CAs trust; otherwise the operator is asked for the file instead of a guess.
   */
  private void verifyOff(UpstreamPolicy u, List<String> listen, String pass) {
    UpstreamModule m = u.module();
    String message = pass + " does not verify the upstream's certificate: " + m.ssl("verify") + " is off ("
        + u.verify().where() + ")";
    String affected = "the traffic to " + u.host() + ": anyone on the path can pose as it";
    String ask = "not offered as a diff: the CA that issued " + u.host() + "'s certificate is not known here; set "
        + m.ssl("verify") + " on; and " + m.ssl("trusted_certificate") + " to that CA's PEM file (the system"
        + " bundle only if a public CA issued it; `openssl s_client -connect " + (u.addresses().isEmpty()
        ? u.host() : u.addresses().get(0)) + " -showcerts` shows"
        + " the issuer)";
    Finding f = new Finding("upstream-verify-off", Severity.WARNING, u.pass().file(), u.pass().line(), listen,
        u.server().name(), message, affected, null);
    if (u.targets().isEmpty()) {
      out.add(f.verified(null, null, ask));
      return;
    }
    ListenSocket k = u.targets().get(0);
    ServerPolicy target = u.sendsSni() ? ServerNames.select(k, u.sslName().value()) : k.defaultServer();
    CertificateFile cert = target.certFiles().isEmpty() ? null : target.certFiles().get(0);
    String anchor = cert == null || cert.chain().isEmpty() ? null : !cert.endsBelowRoot() ? cert.path()
        : publiclyTrusted(cert.chain()) ? systemBundle() : null;
    if (anchor == null) {
      out.add(f.verified(null, null, cert == null || cert.chain().isEmpty() ? ask : "not offered as a diff: "
          + u.host() + " is " + target.name() + " of this configuration (" + target.where() + "), whose"
          + " certificate " + cert.path() + " is issued by " + cert.chain().get(cert.chain().size() - 1)
              .getIssuerX500Principal().getName() + ", which the file does not hold; set " + m.ssl("verify")
          + " on; and " + m.ssl("trusted_certificate") + " to that CA's PEM file"));
      return;
    }
    out.add(new Finding(f.id(), f.severity(), f.file(), f.line(), listen, f.serverName(), message, affected,
        fix.insertAfter(u.pass(), m.ssl("verify") + " on;", m.ssl("trusted_certificate") + " " + anchor + ";")));
  }

  /** Whether the JDK's public CAs trust {@code chain} (leaf first). */
  private static boolean publiclyTrusted(List<X509Certificate> chain) {
    javax.net.ssl.X509TrustManager x = Issuers.jdkTrust(); // read once, not once per upstream
    if (x == null) {
      return false;
    }
    try {
      x.checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The system's CA bundle: Debian's and Ubuntu's path, or the Red Hat family's when only that exists. */
  private static String systemBundle() {
    String redHat = "/etc/pki/tls/certs/ca-bundle.crt";
    String debian = "/etc/ssl/certs/ca-certificates.crt";
    return !java.nio.file.Files.exists(java.nio.file.Path.of(debian))
        && java.nio.file.Files.exists(java.nio.file.Path.of(redHat)) ? redHat
        : debian;
  }

  private void target(UpstreamPolicy u, ListenSocket k, List<String> listen, String pass) {
    String file = u.pass().file();
    int line = u.pass().line();
    UpstreamModule m = u.module();
    String url = u.pass().value(0).orElse("");
    if (u.tls() != k.ssl()) {
      String where = (k.defaultServer().stream() ? "stream server at " : "") + k.defaultServer().where();
      String answer;
      if (m.stream() || k.defaultServer().stream()) {
        answer = "plain " + (m.stream() ? "TCP" : m == UpstreamModule.PROXY ? "HTTP" : m.plainScheme()) + " to "
            + k.address() + ", a TLS socket of this configuration (" + where + "): what arrives there is no TLS"
            + " handshake and it fails";
      } else if (m == UpstreamModule.PROXY) {
        answer = "plain HTTP to " + k.address() + ", a TLS socket of this configuration (" + where + "): nginx"
            + " there answers 400 \"The plain HTTP request was sent to HTTPS port\"";
      } else {
        answer = "plain " + m.plainScheme() + " to " + k.address() + ", a TLS socket of this configuration ("
            + where + "): nginx there finds no TLS handshake and answers as to plain HTTP (\"client sent plain"
            + " HTTP request to HTTPS port\")";
      }
      out.add(new Finding("upstream-not-tls", Severity.ERROR, file, line, listen, u.server().name(),
          u.tls() ? pass + " speaks TLS" + (m.stream() ? " (" + m.sslSwitch() + " on, " + u.sslSwitch().where()
              + ")" : "") + " to " + k.address() + ", a socket of this configuration without ssl (" + where
              + "): the handshake fails with \"wrong version number\"" : pass + " speaks " + answer,
          m.failure(url), notTlsFix(u)));
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
    if (v.context().rejects() || v.context().lacksCertificate()) {
      return;
    }
    Set<ProtocolVersion> both = EnumSet.noneOf(ProtocolVersion.class);
    both.addAll(u.protocolSet());
    both.retainAll(v.protocols());
    String at = (v.context().stream() ? "the stream server" + (v.context().name().isEmpty() ? "" : " "
        + v.context().name()) : "the server " + v.context().name()) + " at "
        + v.context().where();
    if (both.isEmpty()) {
      // the server wants newer versions than nginx offers: it answers with alert protocol_version (70)
      // (the http modules' words, seen with nginx 1.22 and OpenSSL 3.0; the stream proxy's are not checked)
      boolean newer = !m.stream()
          && v.protocols().stream().allMatch(sp -> u.protocolSet().stream().allMatch(sp::isAtLeast));
      String them = "\"" + TlsPolicy.names(v.protocols()) + "\", " + v.protocolSource().where();
      String what = u.protocols().isDefault()
          ? m.ssl("protocols") + " is not set, and nginx " + policy.version() + " offers upstreams \""
              + u.protocols().value() + "\" by default" + (policy.version().isAtLeast(NginxVersion.TLS13_DEFAULT) ? ""
              : " (TLSv1.3 only from 1.23.4 on)") + ", none of the protocols of " + at + " (" + them + ")"
          : m.ssl("protocols") + " \"" + u.protocols().value() + "\" (" + u.protocols().where()
              + ") and the protocols of " + at + " (" + them + ") have none in common";
      out.add(new Finding("upstream-protocol-mismatch", Severity.ERROR, file, line, listen, u.server().name(),
          pass + ": " + what + (newer ? "; nginx logs \"SSL_do_handshake() failed (SSL: error:0A00042E:SSL"
              + " routines::tlsv1 alert protocol version:SSL alert number 70) while SSL handshaking to upstream\""
              : ""), m.failure(url), fixProtocols(u, v.protocols())));
      return;
    }
    boolean tls13 = both.contains(ProtocolVersion.TLSv1_3) && !v.context().ciphersuites().value().isEmpty();
    List<CipherSuite> server = Suites.usable(v.context());
    boolean shared = u.cipherResult().ciphers().stream().anyMatch(server::contains);
    if (!tls13 && !shared) {
      out.add(new Finding("upstream-cipher-mismatch", Severity.ERROR, file, line, listen, u.server().name(),
          pass + ": " + m.ssl("ciphers") + " \"" + u.ciphers().value() + "\" (" + u.ciphers().where()
              + ") shares no suite with " + at + " over " + TlsPolicy.names(both),
          m.failure(url), null));
      return;
    }
    certificates(u, v.context(), at, listen, pass);
  }

  /**
   * The handshake would succeed: what nginx, as the client, then does with the target's certificate (when
   * {@code *_ssl_verify on}) and whether the target demands a client certificate nginx does not have.
   */
  private void certificates(UpstreamPolicy u, ServerPolicy target, String at, List<String> listen, String pass) {
    String file = u.pass().file();
    int line = u.pass().line();
    UpstreamModule m = u.module();
    String url = u.pass().value(0).orElse("");
    if ("on".equals(target.verifyClient().value()) && u.certificate().value().isEmpty()) {
      out.add(new Finding("upstream-client-certificate-missing", Severity.ERROR, file, line, listen,
          u.server().name(), pass + ": " + at + " requires a client certificate (ssl_verify_client on, "
              + target.verifyClient().where() + ") and " + m.ssl("certificate") + " is not set: the target answers"
              + " 400 \"No required SSL certificate was sent\" (TLS 1.2) or ends the handshake (TLS 1.3 clients"
              + " that the server checks early)", m.failure(url),
          fix.insertAfter(u.pass(), m.ssl("certificate") + " /path/to/client.crt;",
              m.ssl("certificate_key") + " /path/to/client.key;")));
    }
    if (!"on".equals(u.verify().value())) {
      return;
    }
    CertificateFile served = target.certFiles().stream().filter(f -> f.error() == null).findFirst().orElse(null);
    if (served == null) {
      return; // the target's certificate cannot be read here: nothing to say about it
    }
    X509Certificate leaf = served.leaf().orElseThrow();
    if (clock.instant().isAfter(leaf.getNotAfter().toInstant())) {
      out.add(new Finding("upstream-certificate-expired", Severity.ERROR, file, line, listen, u.server().name(),
          pass + ": the certificate of " + at + " (" + served.path() + ") expired on "
              + leaf.getNotAfter().toInstant() + "; with " + m.ssl("verify") + " on nginx logs \"upstream SSL"
              + " certificate verify error: (10:certificate has expired)\"", m.failure(url), null));
    }
    String trusted = u.trustedCertificate().value();
    CertificateFile trust = trusted.isEmpty() ? null : trusted(trusted);
    if (trust != null && trust.form() != null && trust.form().refusedByNginx()) {
      return; // certificate-not-pem: nginx does not start
    }
    if (trust != null && trust.error() != null) {
      notChecked(u, trust, at, listen, pass);
    } else if (trust != null && !trusts(trust, served.chain())) { // none set: nginx does not start (said above)
      out.add(new Finding("upstream-untrusted", Severity.ERROR, file, line, listen, u.server().name(),
          pass + ": " + m.ssl("trusted_certificate") + " " + trusted + " (" + u.trustedCertificate().where()
              + ") holds no certificate that issued the chain of " + at + "; nginx logs \"upstream SSL certificate"
              + " verify error: (20:unable to get local issuer certificate)\" or (18:self-signed certificate)",
          m.failure(url), null));
    }
    String name = u.sslName().value();
    // nginx checks with OpenSSL's X509_check_host: DNS names (a CN when there is none), partial wildcards too
    List<String> names = CertificateNames.of(leaf).dnsIdentifiers(NameRule.OPENSSL);
    if (!name.isEmpty() && !CertificateChecks.covered(name, names, NameRule.OPENSSL)) {
      out.add(new Finding("upstream-name-mismatch", Severity.ERROR, file, line, listen, u.server().name(),
          pass + ": nginx checks the name \"" + name + "\" (" + m.ssl("name") + ", " + u.sslName().where()
              + ") against the certificate of " + at + ", which is for " + String.join(", ", names)
              + "; nginx logs \"upstream SSL certificate does not match\"", m.failure(url),
          nameFix(u, m.ssl("name") + " " + (names.isEmpty() ? "NAME" : names.get(0).replace("*.", "www."))
              + ";")));
    }
  }

  private CertificateFile trusted(String value) {
    return trustedFiles.computeIfAbsent(policy.prefix().resolve(value),
        p -> CertificateFile.load(p, BoundedRead.Limit.CA_BUNDLE));
  }

  /** nginx loads {@code *_ssl_trusted_certificate} with {@code *_ssl_verify on}, and refuses what is not PEM. */
  private void trustedNotPem(UpstreamPolicy u, List<String> listen) {
    Setting t = u.trustedCertificate();
    CertificateFile f = trusted(t.value());
    if (f.form() == null || !f.form().refusedByNginx() || !notPemSeen.add(t.source())) {
      return;
    }
    String directive = u.module().ssl("trusted_certificate");
    out.add(new Finding("certificate-not-pem", Severity.ERROR, t.source().file(), t.source().line(), listen,
        u.server().name(), CertificateChecks.notPemMessage(directive, f.path(), f.form(), false),
        "every client: nginx does not start", null).verified(null, null, "not offered as a diff: convert the file"
            + " first (the command above), then name the PEM file in " + directive));
  }

  /** Replaces the name directive where it is set; adds one after the pass directive where it is not. */
  private String nameFix(UpstreamPolicy u, String directive) {
    return u.sslName().isDefault() ? fix.insertAfter(u.pass(), directive)
        : fix.replace(u.sslName().source(), directive);
  }

  /**
   * The trusted certificates cannot be read here (missing, not a regular file, too large, not PEM): whether they
   * trust the target is not known, which is said at their directive.
   */
  private void notChecked(UpstreamPolicy u, CertificateFile trust, String at, List<String> listen, String pass) {
    Setting t = u.trustedCertificate();
    String directive = u.module().ssl("trusted_certificate");
    out.add(new Finding("certificate-not-checked", Severity.INFO, t.source().file(), t.source().line(), listen,
        u.server().name(), pass + ": the trusted certificates " + trust.path() + " (" + directive + ", " + t.where()
        + ") could not be read here (" + trust.error() + "), so whether they trust the chain of " + at
        + " was not checked", "nothing can be said about this trust", null));
  }

  /** Whether a certificate of the trusted file is in the chain or signed its last certificate. */
  private static boolean trusts(CertificateFile t, List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      return false;
    }
    X509Certificate last = chain.get(chain.size() - 1);
    return t.chain().stream().anyMatch(chain::contains) || Chains.issuerIn(t.chain(), last) != null;
  }

  /**
   * The other scheme in the pass URL; for the stream proxy, {@code proxy_ssl} switched: off where it is set, on
   * after {@code proxy_pass} where it is not.
   */
  private String notTlsFix(UpstreamPolicy u) {
    UpstreamModule m = u.module();
    if (!m.stream()) {
      return fix.replace(u.pass(), m.passDirective() + " " + m.switchScheme(u.pass().value(0).orElse("")) + ";");
    }
    String value = m.sslSwitch() + (u.tls() ? " off;" : " on;");
    return u.sslSwitch().isDefault() ? fix.insertAfter(u.pass(), value) : fix.replace(u.sslSwitch().source(), value);
  }

  /**
   * The versions nginx offers and the target's, without those RFC 8996 deprecates (OpenSSL 3.0 refuses them at
   * its default level anyway): the pass keeps reaching the servers it reached, and this one too.
   */
  private String fixProtocols(UpstreamPolicy u, Set<ProtocolVersion> server) {
    Set<ProtocolVersion> keep = new java.util.TreeSet<>(u.protocolSet());
    keep.addAll(server);
    keep.removeAll(EnumSet.of(ProtocolVersion.SSLv2, ProtocolVersion.SSLv3, ProtocolVersion.TLSv1,
        ProtocolVersion.TLSv1_1));
    String value = u.module().ssl("protocols") + " " + (keep.isEmpty() ? "TLSv1.2 TLSv1.3" : TlsPolicy.names(keep))
        + ";";
    return u.protocols().isDefault() ? fix.insertAfter(u.pass(), value) : fix.replace(u.protocols().source(),
        value);
  }
}
