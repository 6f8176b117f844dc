package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.openssl.CipherString;
import dev.tlsdoctor.openssl.CipherStringResult;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.util.Futures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective TLS policy of the http, stream and mail servers of an nginx configuration: every listen socket with
 * its servers, every server's settings after inheritance and defaults of the given nginx version, and the upstream side of
 * every {@code proxy_pass}, {@code grpc_pass} and {@code uwsgi_pass} of http locations and every {@code proxy_pass}
 * of stream servers. Stream servers inherit from {@code stream {}} with the same defaults; a stream socket has one
 * server before nginx 1.25.5, and from 1.25.5 (virtual servers in stream) its servers are chosen by
 * {@code server_name} and {@code default_server} as in http. Mail servers inherit from {@code mail {}}, one per
 * socket, TLS at once ({@code listen ... ssl}) or by STARTTLS ({@code starttls on|only}); their side towards the
 * IMAP/POP3/SMTP backend is plain in nginx, so they have no upstreams. {@code prefix} is the directory relative paths resolve against (the main file's).
 */
public record TlsPolicy(NginxVersion version, OpensslBuild build, Path prefix, List<ListenSocket> sockets,
    List<ServerPolicy> servers, List<UpstreamPolicy> upstreams,
    List<dev.tlsdoctor.nginx.config.ConfigError> missingIncludes, List<DirectiveVersions.Versioned> tooNew) {

  public TlsPolicy(NginxVersion version, OpensslBuild build, Path prefix, List<ListenSocket> sockets,
      List<ServerPolicy> servers, List<UpstreamPolicy> upstreams) {
    this(version, build, prefix, sockets, servers, upstreams, List.of(), List.of());
  }

  /** Builds the policy; relative certificate paths resolve against the main file's directory, as nginx does. */
  public static TlsPolicy of(NginxConfig config, NginxVersion version, OpensslBuild build) {
    Path prefix = Path.of(config.confPrefix()).toAbsolutePath();
    Cache cache = new Cache(build, new java.util.concurrent.ConcurrentHashMap<>(),
        new java.util.concurrent.ConcurrentHashMap<>());
    Lookup lookup = new Lookup(config);
    List<ServerPolicy> http = servers(lookup, config.httpServers(), version, cache, prefix);
    List<ServerPolicy> stream = new ArrayList<>();
    for (Directive s : config.streamServers()) {
      stream.add(server(lookup, s, version, cache, prefix, "stream"));
    }
    List<ServerPolicy> mail = new ArrayList<>();
    for (Directive s : config.mailServers()) {
      mail.add(server(lookup, s, version, cache, prefix, "mail"));
    }
    List<ServerPolicy> servers = new ArrayList<>(http);
    servers.addAll(stream);
    servers.addAll(mail);
    // http and stream sockets are apart: each module binds its own
    List<ListenSocket> sockets = new ArrayList<>(sockets(http, version));
    sockets.addAll(sockets(stream, version));
    List<ListenSocket> all = new ArrayList<>(sockets);
    // mail sockets are not upstream targets here: mail speaks IMAP/POP3/SMTP, never what a pass sends
    all.addAll(sockets(mail, version));
    PassTargets targets = new PassTargets(config, sockets);
    List<UpstreamPolicy> upstreams = new ArrayList<>();
    for (ServerPolicy s : http) {
      for (Directive loc : config.locations(s.block())) {
        for (UpstreamModule m : UpstreamModule.values()) {
          if (m.stream()) {
            continue;
          }
          for (Directive pp : passes(loc, m)) {
            upstreams.add(upstream(lookup, m, pp, s, version, cache, targets));
          }
        }
      }
    }
    for (ServerPolicy s : stream) {
      for (Directive pp : s.block().children(UpstreamModule.STREAM.passDirective())) {
        upstreams.add(upstream(lookup, UpstreamModule.STREAM, pp, s, version, cache, targets));
      }
    }
    return new TlsPolicy(version, build, prefix, new SocketList(all), new ServerList(servers),
        List.copyOf(upstreams), config.missingIncludes(), DirectiveVersions.unknownIn(config, version));
  }

  /**
   * Files and cipher strings shared by many servers are read and evaluated once; a cipher string's evaluation is
   * also remembered across policies (a configuration is analysed again for every fix tried).
   */
  private record Cache(OpensslBuild build, Map<Path, CertificateFile> certificates,
      Map<String, CipherStringResult> cipherStrings) {
    CipherStringResult ciphers(String s) {
      return cipherStrings.computeIfAbsent(s, x -> evaluated(x, build));
    }
  }

  private static final Map<List<Object>, CipherStringResult> EVALUATED =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int EVALUATED_MOST = 1024;

  private static CipherStringResult evaluated(String s, OpensslBuild build) {
    List<Object> key = List.of(s, build);
    CipherStringResult known = EVALUATED.get(key);
    if (known != null) {
      return known;
    }
    CipherStringResult r = CipherString.evaluate(s, build);
    if (EVALUATED.size() < EVALUATED_MOST) {
      EVALUATED.put(key, r);
    }
    return r;
  }

  /** What a client asking for {@code server} by SNI on {@code socket} gets (see {@link ClientView}). */
  public ClientView view(ListenSocket socket, ServerPolicy server) {
    ServerPolicy def = socket.defaultServer();
    ServerPolicy context = server.hasOwnContext() ? server : def;
    boolean own = context == server && server != def && NginxDefaults.perServerProtocols(version);
    ServerPolicy protocolsFrom = server == def || own ? server : def;
    return new ClientView(socket, server, context, protocolsFrom.protocolSet(), protocolsFrom.protocols(),
        protocolsFrom == def && server != def, def.ecdhCurve());
  }

  /** The server nginx selects on {@code socket} for a client asking for {@code host} by SNI (the default without). */
  public ServerPolicy serverFor(ListenSocket socket, String host) {
    return host == null || host.isEmpty() ? socket.defaultServer() : ServerNames.select(socket, host);
  }

  /** The sockets {@code server} listens on. */
  public List<ListenSocket> socketsOf(ServerPolicy server) {
    if (sockets instanceof SocketList l) {
      return l.of(server);
    }
    return sockets.stream().filter(k -> k.servers().contains(server)).toList();
  }

  /**
   * The http servers; of {@link PolicyFindings#PARALLEL_FROM} or more, the second half on another thread (a server's
   * policy reads the tree, the lookup and the shared caches, all safe to share).
   */
  private static List<ServerPolicy> servers(Lookup c, List<Directive> blocks, NginxVersion v, Cache cache,
      Path prefix) {
    if (blocks.size() < PolicyFindings.PARALLEL_FROM) {
      return httpServers(c, blocks, v, cache, prefix);
    }
    int half = blocks.size() / 2;
    var second = Futures.started("tlsdoctor-policy",
        () -> httpServers(c, blocks.subList(half, blocks.size()), v, cache, prefix));
    List<ServerPolicy> out = httpServers(c, blocks.subList(0, half), v, cache, prefix);
    out.addAll(Futures.join(second, "the servers' policies were made"));
    return out;
  }

  private static List<ServerPolicy> httpServers(Lookup c, List<Directive> blocks, NginxVersion v, Cache cache,
      Path prefix) {
    List<ServerPolicy> out = new ArrayList<>(blocks.size());
    for (Directive s : blocks) {
      out.add(server(c, s, v, cache, prefix, "http"));
    }
    return out;
  }

  private static ServerPolicy server(Lookup c, Directive s, NginxVersion v, Cache cache, Path prefix,
      String module) {
    boolean stream = module.equals("stream");
    List<String> names = new ArrayList<>();
    for (Directive n : s.children("server_name")) {
      names.addAll(n.values());
    }
    if (names.isEmpty()) {
      names.add("");
    }
    List<Listen> listens = new ArrayList<>();
    for (Directive l : s.children("listen")) {
      if (stream && l.values().contains("udp")) {
        continue; // a UDP socket of stream has no TLS (no DTLS in nginx) and is not the TCP one of the same port
      }
      listens.add(Listen.parse(l));
    }
    if (listens.isEmpty() && module.equals("http")) {
      listens.add(new Listen(Listen.IMPLICIT, false, false, false, s));
    }
    List<Directive> protoDirs = c.effectiveAll("ssl_protocols", s);
    Set<ProtocolVersion> protos = EnumSet.noneOf(ProtocolVersion.class);
    Setting protocols;
    if (protoDirs.isEmpty()) {
      protos.addAll(NginxDefaults.protocols(v));
      protocols = Setting.ofDefault(names(protos));
    } else {
      for (Directive d : protoDirs) {
        for (String p : d.values()) {
          ProtocolVersion.forName(canonical(p)).ifPresent(protos::add);
        }
      }
      protocols = new Setting(names(protos), protoDirs.get(protoDirs.size() - 1));
    }
    Setting ciphers = single(c, "ssl_ciphers", s, NginxDefaults.SERVER_CIPHERS);
    Setting suites = confCommand(c, "ssl_conf_command", s, "Ciphersuites", NginxDefaults.TLS13_CIPHERSUITES);
    List<Setting> certs = all(c, "ssl_certificate", s);
    List<CertificateFile> files = new ArrayList<>();
    for (Setting cert : certs) {
      if (!cert.value().contains("$") && !cert.value().startsWith("data:")) {
        files.add(cache.certificates().computeIfAbsent(prefix.resolve(cert.value()),
            CertificateFile::loadRemembered));
      }
    }
    return new ServerPolicy(s, List.copyOf(names), List.copyOf(listens), protocols, protos, ciphers,
        cache.ciphers(ciphers.value()), suites,
        single(c, "ssl_ecdh_curve", s, NginxDefaults.ECDH_CURVE), certs, all(c, "ssl_certificate_key", s),
        List.copyOf(files), single(c, "ssl_dhparam", s, ""), single(c, "ssl_verify_client", s, "off"),
        single(c, "ssl_client_certificate", s, ""), single(c, "ssl_reject_handshake", s, "off"),
        single(c, "ssl_prefer_server_ciphers", s, "off"),
        module.equals("mail") ? single(c, "starttls", s, "off") : Setting.ofDefault("off"),
        module.equals("http") ? single(c, "http2", s, "off") : Setting.ofDefault("off"), single(c, "ssl", s, "off"),
        single(c, "ssl_trusted_certificate", s, ""), single(c, "ssl_session_tickets", s, "on"),
        single(c, "ssl_session_ticket_key", s, ""), single(c, "ssl_session_cache", s, "none"),
        module.equals("http") ? single(c, "ssl_early_data", s, "off") : Setting.ofDefault("off"), module);
  }

  private static List<ListenSocket> sockets(List<ServerPolicy> servers, NginxVersion version) {
    Map<String, List<ServerPolicy>> on = new LinkedHashMap<>();
    Map<String, boolean[]> flags = new LinkedHashMap<>();
    Map<String, ServerPolicy> marked = new LinkedHashMap<>();
    for (ServerPolicy s : servers) {
      for (Listen l : s.listens()) {
        List<ServerPolicy> list = on.computeIfAbsent(l.socket(), k -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != s) { // s is added while its own listens are read
          list.add(s);
        }
        boolean[] f = flags.computeIfAbsent(l.socket(), k -> new boolean[2]);
        f[0] |= l.ssl();
        f[1] |= l.http2();
        if (l.defaultServer()) {
          marked.putIfAbsent(l.socket(), s);
        }
      }
    }
    List<ListenSocket> out = new ArrayList<>();
    for (var e : on.entrySet()) {
      ServerPolicy def = marked.getOrDefault(e.getKey(), e.getValue().get(0));
      boolean[] f = flags.get(e.getKey());
      // nginx decides TLS when a connection arrives: a listen flag, or (before 1.25.1) the default server's ssl on
      boolean directive = !f[0] && def.sslOn(version);
      boolean ssl = f[0] || directive;
      out.add(new ListenSocket(e.getKey(), ssl, f[1], def, new ServerList(e.getValue()), !ssl && def.startsTls(),
          directive));
    }
    return List.copyOf(out);
  }

  private static List<Directive> passes(Directive location, UpstreamModule m) {
    List<Directive> out = new ArrayList<>(location.children(m.passDirective()));
    for (Directive i : location.children("if")) {
      out.addAll(i.children(m.passDirective()));
    }
    return out;
  }

  private static UpstreamPolicy upstream(Lookup c, UpstreamModule m, Directive pp, ServerPolicy s, NginxVersion v,
      Cache cache, PassTargets t) {
    String url = pp.value(0).orElse("");
    int sep = url.indexOf("://");
    String scheme = m.schemeOf(url);
    Setting sslSwitch = Setting.ofDefault("");
    if (m.stream()) {
      // a stream proxy_pass has no scheme, a variable included: proxy_ssl decides
      sslSwitch = single(c, m.sslSwitch(), pp, "off");
      scheme = "on".equals(sslSwitch.value()) ? m.tlsScheme() : m.plainScheme();
    }
    String rest = sep < 0 ? url : url.substring(sep + 3);
    int slash = rest.indexOf('/');
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);
    String host = hostOf(hostPort);
    List<String> addresses = new ArrayList<>();
    Optional<Directive> group = t.group(m.stream() ? "stream" : "http", hostPort);
    if (group.isPresent()) {
      for (Directive srv : group.get().children("server")) {
        String a = srv.value(0).orElse("");
        addresses.add(a.contains(":") && !a.endsWith("]") ? a : a + ":80");
      }
    } else if (!hostPort.contains("$") && !scheme.isEmpty()) {
      String port = m.defaultPort(scheme.equals(m.tlsScheme()));
      if (!hostPort.equals(host)) {
        addresses.add(hostPort);
      } else if (!port.isEmpty()) {
        addresses.add(host + ":" + port);
      }
    }
    List<Directive> protoDirs = c.effectiveAll(m.ssl("protocols"), pp);
    Set<ProtocolVersion> protos = EnumSet.noneOf(ProtocolVersion.class);
    Setting protocols;
    if (protoDirs.isEmpty()) {
      protos.addAll(NginxDefaults.protocols(v));
      protocols = Setting.ofDefault(names(protos));
    } else {
      for (Directive d : protoDirs) {
        for (String p : d.values()) {
          ProtocolVersion.forName(canonical(p)).ifPresent(protos::add);
        }
      }
      protocols = new Setting(names(protos), protoDirs.get(protoDirs.size() - 1));
    }
    Setting ciphers = single(c, m.ssl("ciphers"), pp, NginxDefaults.UPSTREAM_CIPHERS);
    List<ListenSocket> targets = new ArrayList<>();
    for (String a : addresses) {
      targets.addAll(t.localSockets(a));
    }
    return new UpstreamPolicy(m, pp, s, scheme, host, List.copyOf(addresses),
        single(c, m.ssl("server_name"), pp, "off"), single(c, m.ssl("name"), pp, host), protocols, protos,
        ciphers, cache.ciphers(ciphers.value()), single(c, m.ssl("verify"), pp, "off"),
        single(c, m.ssl("trusted_certificate"), pp, ""), single(c, m.ssl("certificate"), pp, ""),
        single(c, m.ssl("certificate_key"), pp, ""), List.copyOf(targets), sslSwitch,
        c.config().parent(pp).orElse(null),
        m == UpstreamModule.PROXY ? List.copyOf(c.effectiveAll("proxy_set_header", pp)) : List.of());
  }

  /** The sockets of this configuration that a connection to {@code address} (host:port) reaches. */
  static List<ListenSocket> localSockets(String address, List<ListenSocket> sockets) {
    int i = address.lastIndexOf(':');
    String host = address.substring(0, i);
    String port = address.substring(i + 1);
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    List<ListenSocket> exact = sockets.stream()
        .filter(k -> k.address().equals(address) || loopback && k.address().equals("127.0.0.1:" + port)).toList();
    if (!exact.isEmpty()) {
      return exact;
    }
    return loopback ? sockets.stream().filter(k -> k.address().equals("*:" + port)).toList() : List.of();
  }

  private static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      return hostPort.substring(0, hostPort.indexOf(']') + 1);
    }
    int i = hostPort.indexOf(':');
    return i < 0 ? hostPort : hostPort.substring(0, i);
  }

  private static Setting single(Lookup c, String name, Directive at, String dflt) {
    List<Directive> found = c.effectiveAll(name, at);
    return found.isEmpty() ? Setting.ofDefault(dflt)
        : new Setting(String.join(" ", found.get(0).values()), found.get(0));
  }

  private static List<Setting> all(Lookup c, String name, Directive at) {
    return c.effectiveAll(name, at).stream().map(d -> new Setting(d.value(0).orElse(""), d)).toList();
  }

  /** The last {@code ssl_conf_command KEY value} of the nearest level that has any, as nginx inherits them. */
  private static Setting confCommand(Lookup c, String name, Directive at, String key, String dflt) {
    Setting found = Setting.ofDefault(dflt);
    for (Directive d : c.effectiveAll(name, at)) {
      if (d.value(0).orElse("").equalsIgnoreCase(key)) {
        found = new Setting(d.value(1).orElse(""), d);
      }
    }
    return found;
  }

  /** nginx matches protocol names case-insensitively. */
  static String canonical(String p) {
    for (ProtocolVersion v : ProtocolVersion.values()) {
      if (v.nginxName().equalsIgnoreCase(p)) {
        return v.nginxName();
      }
    }
    return p;
  }

  public static String names(Set<ProtocolVersion> set) {
    return String.join(" ", set.stream().map(ProtocolVersion::nginxName).toList());
  }
}
