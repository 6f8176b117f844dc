package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.CipherStringResult.IgnoredWord;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks of the server side: what the clients of each TLS server get. */
final class ServerChecks {
  private static final Set<ProtocolVersion> DEPRECATED = Set.of(ProtocolVersion.SSLv2, ProtocolVersion.SSLv3,
      ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1);

  private final TlsPolicy policy;
  private final Fix fix;
  private final List<Finding> out;
  private final Set<Object> seen = new HashSet<>();

  ServerChecks(TlsPolicy policy, Fix fix, List<Finding> out) {
    this.policy = policy;
    this.fix = fix;
    this.out = out;
  }

  void run() {
    for (ServerPolicy s : policy.servers()) {
      List<ListenSocket> tls = policy.socketsOf(s).stream().filter(ListenSocket::tls).toList();
      if (tls.isEmpty()) {
        continue;
      }
      List<String> listen = tls.stream().map(ListenSocket::address).toList();
      for (ListenSocket k : tls) {
        ClientView v = policy.view(k, s);
        noUsableProtocol(v, listen);
        noUsableCipher(v, listen);
        protocolIgnored(v, listen);
        tls13SettingIgnored(v);
        policyGap(v, listen);
        deprecated(v, listen);
      }
      cipherUnavailable(s, listen);
    }
  }

  /**
   * No version left that OpenSSL will negotiate: {@code ssl_protocols TLSv1 TLSv1.1} under OpenSSL 3.0 at security
   * level 1 (the default) starts, and then every handshake fails with "unsupported protocol".
   */
  private void noUsableProtocol(ClientView v, List<String> listen) {
    ServerPolicy from = v.protocolsOfDefault() ? v.socket().defaultServer() : v.requested();
    int level = from.cipherResult().securityLevel();
    Set<ProtocolVersion> usable = new java.util.TreeSet<>(v.protocols());
    usable.retainAll(policy.build().usableProtocols(level));
    if (v.context().rejects() || !usable.isEmpty() || !seen.add(List.of("no-usable-protocol", from, v.socket()))) {
      return;
    }
    Setting src = from.protocols();
    Directive at = src.isDefault() ? from.block() : src.source();
    String fixText = src.isDefault() ? fix.insertAfter(from.block(), "ssl_protocols TLSv1.2 TLSv1.3;")
        : fix.replace(at, "ssl_protocols TLSv1.2 TLSv1.3;");
    out.add(new Finding("no-usable-protocol", Severity.ERROR, at.file(), at.line(), List.of(v.socket().address()),
        v.requested().name(), (src.isDefault() ? "the default ssl_protocols of nginx " + policy.version()
            : "ssl_protocols \"" + src.value() + "\"") + " leaves no version OpenSSL " + policy.build().version()
            + " negotiates at security level " + level + " (it refuses TLS 1.0 and 1.1 there): every handshake on "
            + v.socket().address() + " fails with \"unsupported protocol\"",
        "every client", fixText));
  }

  private void noUsableCipher(ClientView v, List<String> listen) {
    ServerPolicy ctx = v.context();
    if (ctx.rejects() || ctx.lacksCertificate() || !Suites.allowsTls12OrOlder(v.protocols())
        || !Suites.usable(ctx).isEmpty()
        || !seen.add(List.of("no-usable-cipher", ctx))) {
      return;
    }
    boolean tls13 = v.protocols().contains(ProtocolVersion.TLSv1_3);
    Directive at = ctx.ciphers().isDefault() ? ctx.block() : ctx.ciphers().source();
    String fixText = ctx.ciphers().isDefault() ? null : fix.replace(at, "ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE
        + ";");
    out.add(new Finding("no-usable-cipher", Severity.ERROR, at.file(), at.line(), listen, ctx.name(),
        "ssl_ciphers \"" + ctx.ciphers().value() + "\" leaves no suite this server can negotiate below TLS 1.3: "
            + Suites.whyNone(ctx) + "; every TLS 1.2 handshake fails with \"no shared cipher\"",
        tls13 ? "clients without TLS 1.3 (TLS 1.2 and older: Java 8, Android < 10, OpenSSL 1.0.x, old browsers)"
            : "every client", fixText));
  }

  /**
   * Before 1.29.2 OpenSSL picks the protocol version while the connection is still in the default server's context,
   * so a non-default server's own {@code ssl_protocols} has no effect.
   */
  private void protocolIgnored(ClientView v, List<String> listen) {
    ServerPolicy s = v.requested();
    ServerPolicy def = v.socket().defaultServer();
    if (!v.protocolsOfDefault() || s.protocols().isDefault() || s.protocolSet().equals(v.protocols())) {
      return;
    }
    // its own ssl_protocols, or one inherited from http {} (or stream {}) that the default server overrides: then one
    // finding at that directive for every non-default server of the socket that inherits it
    boolean own = s.block().equals(parentBlock(s.protocols()));
    Directive at = s.protocols().source();
    if (!seen.add(own ? List.of("ignored", s, v.socket()) : List.of("ignored", at, v.socket()))) {
      return;
    }
    List<ServerPolicy> servers = own ? List.of(s) : v.socket().servers().stream()
        .filter(p -> p != def && p.protocols().source() == at).toList();
    String names = String.join(", ", servers.stream().map(ServerPolicy::name).toList());
    Set<ProtocolVersion> extra = new java.util.TreeSet<>(v.protocols());
    extra.removeAll(s.protocolSet());
    Set<ProtocolVersion> missing = new java.util.TreeSet<>(s.protocolSet());
    missing.removeAll(v.protocols());
    // versions its clients would not get on a socket of its own either (OpenSSL refuses them at the level in force)
    int level = s.cipherResult().securityLevel();
    Set<ProtocolVersion> refusedAnyway = new java.util.TreeSet<>(missing);
    refusedAnyway.removeAll(policy.build().usableProtocols(level));
    missing.removeAll(refusedAnyway);
    // what the default server may take on without hurting its own clients: versions added, none deprecated
    Set<ProtocolVersion> added = new java.util.TreeSet<>(missing);
    added.removeAll(DEPRECATED);
    String affected = "clients asking for " + names + " (SNI)"
        + (extra.isEmpty() ? "" : ": " + TlsPolicy.names(extra) + (extra.size() == 1 ? " is" : " are")
            + " accepted though not configured")
        + (missing.isEmpty() ? "" : (extra.isEmpty() ? ": " : "; ") + TlsPolicy.names(missing)
            + (missing.size() == 1 ? " is" : " are") + " refused though configured")
        + (refusedAnyway.isEmpty() ? "" : (extra.isEmpty() && missing.isEmpty() ? ": " : "; ")
            + TlsPolicy.names(refusedAnyway) + " would be refused on a socket of its own too (OpenSSL "
            + policy.build().version() + " at security level " + level + ")");
    String others = servers.size() > 1 ? " else give these servers a socket of their own"
        : " else give this server a socket of its own";
    String fixText;
    String how;
    String why = null;
    if (!added.isEmpty()) {
      // widen the default server's list: every server on the socket keeps what it had and gains these
      Set<ProtocolVersion> target = new java.util.TreeSet<>(v.protocols());
      target.addAll(added);
      String line = "ssl_protocols " + TlsPolicy.names(target) + ";";
      Directive defOwn = def.protocols().isDefault() || !def.block().equals(parentBlock(def.protocols())) ? null
          : def.protocols().source();
      // an inherited list is set in the default server itself: a change to http {} would reach other sockets
      fixText = defOwn == null ? fix.insertAfter(def.block(), line) : fix.replace(defOwn, line);
      how = " The fix sets it on the default server, which changes it for every server on the socket;" + others;
    } else if (own) {
      // narrowing the default server's list would take versions from its clients, and the versions missing here
      // are deprecated or refused anyway: the fix writes here what this server's clients get
      fixText = fix.replace(at, "ssl_protocols " + TlsPolicy.names(v.protocols()) + ";");
      how = " The fix writes here the protocols its clients do get (narrowing the default server's list would take"
          + " versions from every server on the socket" + (missing.isEmpty() && refusedAnyway.isEmpty() ? ""
              : ", and widening it would add only deprecated ones") + ");" + others;
    } else {
      fixText = null;
      how = " Narrowing the default server's would take versions from every server on the socket;" + others;
      why = "not offered as a diff: the default server's protocols cannot change without hurting its clients;"
          + others.substring(" else".length()) + " (or set the default server's protocols in each of them)";
    }
    String what = own ? "ssl_protocols \"" + s.protocols().value() + "\" of a non-default server is ignored by nginx "
        + policy.version() : "ssl_protocols \"" + s.protocols().value() + "\", which the non-default server"
        + (servers.size() > 1 ? "s " : " ") + names + " inherit" + (servers.size() > 1 ? "" : "s") + " (the default"
        + " server sets its own), is ignored for " + (servers.size() > 1 ? "them" : "it") + " by nginx "
        + policy.version();
    // Versions refused that the server says it accepts (and could get) make handshakes fail: an error; extra
    // versions: a warning.
    Finding f = new Finding("protocol-ignored-non-default-server", missing.isEmpty() ? Severity.WARNING
        : Severity.ERROR, at.file(), at.line(),
        List.of(v.socket().address()), names,
        what + ": on " + v.socket().address() + " every handshake uses the default server's"
            + " protocols \"" + v.protocols().stream().map(ProtocolVersion::nginxName).reduce((a, b) -> a + " " + b)
                .orElse("") + "\" (" + v.protocolSource().where() + "); nginx 1.29.2 and later apply it per"
            + " server." + how,
        affected, fixText);
    out.add(why == null ? f : f.verified(null, null, why));
  }

  /**
   * Before 1.29.2 OpenSSL also picks the TLS 1.3 suite while the connection is in the default server's context (TLS
   * 1.3 chooses it before the server name is read; TLS 1.2 after), so a non-default server's own
   * {@code ssl_conf_command Ciphersuites} and {@code ssl_prefer_server_ciphers} do not apply to TLS 1.3.
   */
  private void tls13SettingIgnored(ClientView v) {
    ServerPolicy s = v.requested();
    ServerPolicy def = v.socket().defaultServer();
    if (!v.protocolsOfDefault() || v.context() != s || !v.protocols().contains(ProtocolVersion.TLSv1_3)) {
      return;
    }
    tls13SettingIgnored(v, s.ciphersuites(), def.ciphersuites(), "ssl_conf_command Ciphersuites",
        "TLS 1.3 suites outside \"" + s.ciphersuites().value() + "\" are accepted and the default server's list"
            + " decides");
    tls13SettingIgnored(v, s.preferServerCiphers(), def.preferServerCiphers(), "ssl_prefer_server_ciphers",
        s.preferServerCiphers().value().equalsIgnoreCase("on")
            ? "the client's order, not the server's, picks the TLS 1.3 suite"
            : "the server's order, not the client's, picks the TLS 1.3 suite");
  }

  private void tls13SettingIgnored(ClientView v, Setting own, Setting ofDefault, String directive, String effect) {
    ServerPolicy s = v.requested();
    ServerPolicy def = v.socket().defaultServer();
    if (own.isDefault() || own.value().equalsIgnoreCase(ofDefault.value()) || !s.block().equals(parentBlock(own))
        || !seen.add(List.of("tls13", directive, s, v.socket()))) {
      return;
    }
    String line = directive + " " + own.value() + ";";
    String fixText = ofDefault.isDefault() ? fix.insertAfter(def.block(), line) : fix.replace(ofDefault.source(),
        line);
    Directive at = own.source();
    out.add(new Finding("tls13-setting-ignored-non-default-server", Severity.WARNING, at.file(), at.line(),
        List.of(v.socket().address()), s.name(),
        directive + " \"" + own.value() + "\" of a non-default server is ignored for TLS 1.3 by nginx "
            + policy.version() + ": on " + v.socket().address() + " TLS 1.3 handshakes use the default server's \""
            + ofDefault.value() + "\" (" + ofDefault.where() + "), as OpenSSL picks the TLS 1.3 suite before nginx"
            + " switches to the server SNI names (TLS 1.2 gets this server's setting); nginx 1.29.2 and later apply"
            + " it per server. The fix sets it on the default server, which changes it for every server on the"
            + " socket; else give this server a socket of its own",
        "TLS 1.3 clients asking for " + s.name() + " (SNI): " + effect, fixText));
  }

  /** A TLS server without a certificate of its own is served with the default server's context. */
  private void policyGap(ClientView v, List<String> listen) {
    ServerPolicy s = v.requested();
    ServerPolicy def = v.socket().defaultServer();
    // a default server without a certificate: nginx does not start (no-certificate), nobody gets its context
    if (s == def || s.hasOwnContext() || def.certificates().isEmpty() || !seen.add(List.of("gap", s))) {
      return;
    }
    out.add(new Finding("default-server-policy-gap", Severity.WARNING, s.block().file(), s.block().line(), listen,
        s.name(), "server \"" + s.name() + "\" on TLS socket " + v.socket().address() + " has no ssl_certificate:"
            + " clients asking for it get the default server's certificate, ciphers and protocols ("
            + def.name() + " at " + def.where() + ")",
        "clients asking for " + s.name() + ": a certificate for another name (name mismatch) unless the default"
            + " server's certificate covers it", fix.insertAfter(s.block(),
            "ssl_certificate /path/to/" + safe(s.name()) + ".crt;",
            "ssl_certificate_key /path/to/" + safe(s.name()) + ".key;")));
  }

  private void deprecated(ClientView v, List<String> listen) {
    Set<ProtocolVersion> old = new java.util.TreeSet<>(v.protocols());
    old.retainAll(DEPRECATED);
    ServerPolicy from = v.protocolsOfDefault() ? v.socket().defaultServer() : v.requested();
    if (old.isEmpty() || v.context().rejects() || !seen.add(List.of("deprecated", from))) {
      return;
    }
    Setting src = from.protocols();
    Directive at = src.isDefault() ? from.block() : src.source();
    Set<ProtocolVersion> keep = new java.util.TreeSet<>(v.protocols());
    keep.removeAll(DEPRECATED);
    String value = keep.isEmpty() ? "TLSv1.2 TLSv1.3" : TlsPolicy.names(keep);
    String fixText = src.isDefault() ? fix.insertAfter(from.block(), "ssl_protocols " + value + ";")
        : fix.replace(at, "ssl_protocols " + value + ";");
    int level = from.cipherResult().securityLevel();
    out.add(new Finding("protocol-deprecated", Severity.WARNING, at.file(), at.line(), listen, from.name(),
        (src.isDefault() ? "the default ssl_protocols of nginx " + policy.version() : "ssl_protocols")
            + " enables " + TlsPolicy.names(old) + " (deprecated by RFC 8996)"
            + (level >= 1 ? "; OpenSSL " + policy.build().version() + " at security level " + level
                + " refuses " + (old.size() == 1 ? "it" : "them") + " anyway, so the setting only misleads" : ""),
        "clients limited to " + TlsPolicy.names(old) + " (IE 10 and older, Android 4.3 and older, Java 6)",
        fixText));
  }

  private void cipherUnavailable(ServerPolicy s, List<String> listen) {
    if (s.ciphers().isDefault() || !seen.add(s.ciphers().source())) {
      return;
    }
    List<IgnoredWord> words = s.cipherResult().ignored().stream().filter(w -> !w.removal()).toList();
    if (words.isEmpty()) {
      return;
    }
    List<String> described = new ArrayList<>();
    String kept = s.ciphers().value();
    for (IgnoredWord w : words) {
      described.add("\"" + w.text() + "\"" + (w.detail() == null ? "" : " (" + w.detail() + ")"));
      kept = kept.replace(":" + w.text(), "").replace(w.text() + ":", "");
    }
    Directive at = s.ciphers().source();
    out.add(new Finding("cipher-unavailable", Severity.WARNING, at.file(), at.line(), listen, s.name(),
        "ssl_ciphers names what OpenSSL " + policy.build().version() + " ignores without a word: "
            + String.join(", ", described),
        "clients that need those suites get none of them", kept.isEmpty() ? null
            : fix.replace(at, "ssl_ciphers " + kept + ";")));
  }

  private Directive parentBlock(Setting s) {
    // the server block holds the directive when it is one of its children (indexed: a scan per server was quadratic)
    return ServerList.blockHolding(policy.servers(), s.source());
  }

  private static String safe(String name) {
    return name.isEmpty() || name.startsWith("~") ? "server" : name.replace("*", "wildcard");
  }
}
