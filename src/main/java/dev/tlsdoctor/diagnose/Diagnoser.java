package dev.tlsdoctor.diagnose;

import static dev.tlsdoctor.kb.FailureClass.CERTIFICATE_EXPIRED;
import static dev.tlsdoctor.kb.FailureClass.CERTIFICATE_LOAD_ERROR;
import static dev.tlsdoctor.kb.FailureClass.CERTIFICATE_NAME_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.CERTIFICATE_UNTRUSTED;
import static dev.tlsdoctor.kb.FailureClass.CLIENT_CERTIFICATE_REQUIRED;
import static dev.tlsdoctor.kb.FailureClass.HANDSHAKE_FAILURE_ALERT;
import static dev.tlsdoctor.kb.FailureClass.HANDSHAKE_TIMEOUT;
import static dev.tlsdoctor.kb.FailureClass.KEY_SHARE_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.NOT_TLS;
import static dev.tlsdoctor.kb.FailureClass.NO_SHARED_CIPHER;
import static dev.tlsdoctor.kb.FailureClass.PEER_CLOSED_HANDSHAKE;
import static dev.tlsdoctor.kb.FailureClass.PROTOCOL_VERSION_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.SIGNATURE_ALGORITHM_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.SNI_REJECTED;

import dev.tlsdoctor.diagnose.Report.Affected;
import dev.tlsdoctor.diagnose.Report.CauseAt;
import dev.tlsdoctor.diagnose.Report.ClientCount;
import dev.tlsdoctor.diagnose.Report.Diagnosis;
import dev.tlsdoctor.diagnose.Report.Evidence;
import dev.tlsdoctor.diagnose.Report.Fix;
import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.KbEntry;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.logs.TlsEvent;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.ServerPolicy;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.nginx.policy.UpstreamPolicy;
import dev.tlsdoctor.scan.ServerProfile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the evidence into diagnoses. Each group of log events is tied to the place in the configuration it hit —
 * a client-side failure to the listen socket nginx logged ({@code server:}) and the server that answers there
 * without SNI (nginx logs no name for a failed handshake), an upstream failure to the pass whose address nginx
 * connected to ({@code upstream:}) — and to the configuration findings about that place that explain its class;
 * the finding's verified fix becomes the diagnosis's. When the upstream is itself a socket of this configuration,
 * the backend's own lines about the same failure join the front's, so one proxied failure is one diagnosis.
 * Problems the configuration shows but the logs do not (yet) are latent. Ranking: failures whose cause is found in
 * the configuration first, then those whose cause is elsewhere (clients, callers), then the network's (peers that
 * went away or stalled: health checks and impatient clients make many), each by the number of events.
 */
public final class Diagnoser {
  /** The configuration findings that explain a class, by direction. */
  private static final Map<FailureClass, List<String>> CLIENT_SIDE = new EnumMap<>(Map.of(
      PROTOCOL_VERSION_MISMATCH, List.of("no-usable-protocol", "protocol-ignored-non-default-server",
          "protocol-deprecated"),
      NO_SHARED_CIPHER, List.of("no-usable-cipher", "cipher-unavailable"),
      // OpenSSL 3.0 at security level 1 with only TLS 1.0/1.1 enabled fails with "no suitable signature algorithm"
      SIGNATURE_ALGORITHM_MISMATCH, List.of("no-usable-protocol"),
      HANDSHAKE_FAILURE_ALERT, List.of("no-usable-cipher", "groups-restrictive"),
      KEY_SHARE_MISMATCH, List.of("groups-restrictive"),
      CERTIFICATE_UNTRUSTED, List.of("certificate-incomplete-chain", "certificate-self-signed"),
      CERTIFICATE_EXPIRED, List.of("certificate-expired"),
      CERTIFICATE_NAME_MISMATCH, List.of("certificate-name-mismatch", "default-server-policy-gap"),
      CERTIFICATE_LOAD_ERROR, List.of("certificate-key-mismatch", "certificate-not-checked")));
  private static final Map<FailureClass, List<String>> UPSTREAM_SIDE = new EnumMap<>(Map.of(
      PROTOCOL_VERSION_MISMATCH, List.of("upstream-protocol-mismatch"),
      NO_SHARED_CIPHER, List.of("upstream-cipher-mismatch"),
      HANDSHAKE_FAILURE_ALERT, List.of("upstream-cipher-mismatch", "upstream-protocol-mismatch",
          "upstream-client-certificate-missing"),
      CERTIFICATE_UNTRUSTED, List.of("upstream-untrusted"),
      CERTIFICATE_EXPIRED, List.of("upstream-certificate-expired"),
      CERTIFICATE_NAME_MISMATCH, List.of("upstream-name-mismatch"),
      NOT_TLS, List.of("upstream-not-tls"),
      CLIENT_CERTIFICATE_REQUIRED, List.of("upstream-client-certificate-missing"),
      SNI_REJECTED, List.of("upstream-sni-missing")));

  private final KnowledgeBase kb;
  private final TlsPolicy policy;
  private final List<Finding> findings;
  private List<ScanEvidence.Observation> observations = List.of();
  private List<ServerProfile> scans = List.of();
  /** The scan observations joined to a diagnosis so far (during {@link #diagnose}). */
  private final Set<ScanEvidence.Observation> seen = new HashSet<>();

  /** {@code policy} and {@code findings} may be null: no configuration was given. */
  public Diagnoser(KnowledgeBase kb, TlsPolicy policy, List<Finding> findings) {
    this.kb = kb;
    this.policy = policy;
    this.findings = findings == null ? List.of() : findings;
  }

  /**
   * Adds what scans of endpoints observed: a diagnosis at a scanned socket whose class a scan problem explains gets
   * it as evidence (kind {@code scan}) and ranks above one the scan does not confirm; a problem the scan alone shows
   * is latent. Unreachable targets are left out (the caller reports them).
   */
  public Diagnoser withScans(List<ServerProfile> profiles) {
    List<ScanEvidence.Observation> out = new ArrayList<>();
    profiles.forEach(p -> out.addAll(ScanEvidence.of(p)));
    this.observations = List.copyOf(out);
    this.scans = List.copyOf(profiles);
    return this;
  }

  /** The diagnoses of {@code groups} (most events first), the latent problems, the probe traffic. */
  public Report diagnose(LogGroups groups, Report.Inputs inputs) {
    seen.clear();
    List<LogGroups.Group> all = groups.groups();
    Set<LogGroups.Group> absorbed = new HashSet<>();
    Set<Finding> used = new HashSet<>();
    List<Diagnosis> out = new ArrayList<>();
    // upstream failures first: one whose backend is a server of this configuration takes in the backend's lines
    java.util.Map<LogGroups.Group, Diagnosis> made = new java.util.HashMap<>();
    for (LogGroups.Group g : all) {
      if (g.key().direction() == Direction.UPSTREAM) {
        made.put(g, upstream(g, all, absorbed, used));
      }
    }
    for (LogGroups.Group g : all) {
      if (!absorbed.contains(g) && g.key().direction() != Direction.UPSTREAM) {
        made.put(g, client(g, used));
      }
    }
    for (LogGroups.Group g : all) { // most events first
      if (made.containsKey(g)) {
        out.add(made.get(g));
      }
    }
    out.replaceAll(this::withScanEvidence);
    // a cause found in the configuration first; then the rest (clients' limits, callers, the network); within each,
    // the failures more sources agree on (log, configuration, scan), then by count
    out.sort(java.util.Comparator.comparingInt((Diagnosis d) -> d.causeAt() != null ? 0 : d.fixWhere()
        .equals("network") ? 2 : 1).thenComparing(java.util.Comparator.comparingInt(Diagnoser::agreement)
            .reversed()).thenComparing(java.util.Comparator.comparingLong((Diagnosis d) ->
            d.affected().logEvents() + d.affected().backendEvents()).reversed()));
    WhoFails who = new WhoFails(policy, scans);
    List<Diagnosis> ranked = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      ranked.add(withClients(who, out.get(i).withRank(i + 1)));
    }
    List<Diagnosis> latent = new ArrayList<>();
    for (Finding f : findings) {
      if (!used.contains(f) && f.isProblem()) {
        latent.add(latentWithScan(latent(f), f));
      }
    }
    // the configuration's latent problems a scan confirms first
    latent.sort(java.util.Comparator.comparingInt(Diagnoser::agreement).reversed());
    for (ScanEvidence.Observation o : observations) {
      if (!seen.contains(o) && o.problem()) {
        latent.add(scanOnly(o));
      }
    }
    for (int i = 0; i < latent.size(); i++) {
      latent.set(i, withClients(who, latent.get(i).withRank(ranked.size() + i + 1)));
    }
    return new Report(List.copyOf(ranked), List.copyOf(latent), groups.probes(), Timelines.of(all), inputs);
  }

  private Diagnosis client(LogGroups.Group g, Set<Finding> used) {
    FailureClass c = g.key().failureClass();
    ListenSocket logged = policy == null ? null : socket(g.key().listen());
    ServerPolicy server = logged == null ? null : logged.defaultServer();
    if (policy != null && logged == null && g.key().listen() != null && !g.key().listen().matches(".*:\\d+")) {
      // lines written once a request was read name the server (server_name), not the socket; host: has the port
      server = byName(g.key().listen(), g.sample().host());
      logged = server == null ? null : socketOf(server, g.sample().host());
    }
    ListenSocket socket = logged;
    List<Finding> explaining = socket == null ? List.of() : findings.stream()
        .filter(f -> CLIENT_SIDE.getOrDefault(c, List.of()).contains(f.id()))
        .filter(f -> f.listen().contains(socket.address()) || c == CERTIFICATE_LOAD_ERROR).toList();
    used.addAll(explaining);
    Finding best = best(explaining);
    String where = best != null ? "nginx" : switch (c) {
      case NOT_TLS -> "caller";
      case HANDSHAKE_TIMEOUT, PEER_CLOSED_HANDSHAKE -> "network";
      case CERTIFICATE_LOAD_ERROR -> "nginx";
      default -> "client";
    };
    String listen = socket != null ? socket.address() : g.key().listen();
    String name = server == null ? null : server.name();
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(logEvidence(g));
    explaining.forEach(f -> evidence.add(new Evidence("config", f.file() + ":" + f.line(), f.id() + ": "
        + f.message())));
    if (policy != null && socket == null && g.key().listen() != null) {
      evidence.add(new Evidence("config", null, "no listen socket of the configuration is " + g.key().listen()
          + ": the log and the configuration may not belong together"));
    }
    return new Diagnosis(0, c.id(), "client", listen, name, cause(c, best, where), causeAt(best), where,
        fix(best, c, where), affected(g), evidence, deadEnds(c), verifyClient(listen, name));
  }

  private Diagnosis upstream(LogGroups.Group g, List<LogGroups.Group> all, Set<LogGroups.Group> absorbed,
      Set<Finding> used) {
    FailureClass c = g.key().failureClass();
    UpstreamPolicy u = policy == null ? null : upstreamAt(g.key().upstream(), g.serverNames());
    List<Finding> explaining = u == null ? List.of() : findings.stream()
        .filter(f -> UPSTREAM_SIDE.getOrDefault(c, List.of()).contains(f.id()))
        .filter(f -> f.file().equals(u.pass().file()) && f.line() == u.pass().line()).toList();
    used.addAll(explaining);
    Finding best = best(explaining);
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(logEvidence(g));
    long backendEvents = 0;
    if (u != null && !u.targets().isEmpty()) {
      // the backend is a server of this configuration: its own lines about this failure are the same diagnosis
      for (LogGroups.Group other : all) {
        if (other.key().direction() == Direction.CLIENT && !absorbed.contains(other)
            && sameFailure(c, other.key().failureClass())
            && (u.targets().stream().anyMatch(k -> sameSocket(k.address(), other.key().listen()))
                || plainBackendLine(c, other, u))) {
          absorbed.add(other);
          backendEvents += other.count();
          evidence.add(logEvidence(other));
        }
      }
    }
    explaining.forEach(f -> evidence.add(new Evidence("config", f.file() + ":" + f.line(), f.id() + ": "
        + f.message())));
    // a scan of the upstream itself (--target): what it accepts and presents explains what nginx met there
    for (ScanEvidence.Observation o : observations) {
      if (ScanEvidence.at(o, g.key().upstream()) && o.classes().contains(c)) {
        evidence.add(o.evidence());
        seen.add(o);
      }
    }
    String where = best != null ? "nginx" : switch (c) {
      case HANDSHAKE_TIMEOUT, PEER_CLOSED_HANDSHAKE -> "network";
      default -> u != null && !u.targets().isEmpty() ? "nginx" : "upstream-server";
    };
    String name = u != null ? u.server().name() : String.join(", ", g.serverNames());
    String listen = u == null ? null : policy.socketsOf(u.server()).stream().map(ListenSocket::address).findFirst()
        .orElse(null);
    Affected affected = affected(g);
    if (backendEvents > 0) {
      affected = new Affected(affected.logEvents(), backendEvents, affected.clients());
    }
    return new Diagnosis(0, c.id(), "upstream", listen, name, cause(c, best, where), u == null && best == null ? null
        : causeAt(best != null ? best : null), where, fix(best, c, where), affected, evidence, deadEnds(c),
        List.of("openssl s_client -connect " + g.key().upstream() + " -brief   # from the nginx host, as nginx"
            + " connects"));
  }

  /** {@code d} with the simulated clients that fail there the way it says (see {@link WhoFails}). */
  private static Diagnosis withClients(WhoFails who, Diagnosis d) {
    Set<FailureClass> classes = classesOf(d.failureClass());
    List<Report.SimulatedClient> sim = classes.isEmpty() ? null : who.of(d, classes);
    return sim == null ? d : d.withSimulatedClients(sim);
  }

  /**
   * The failure classes a diagnosis stands for: its own class (from the logs), or for a latent problem the classes
   * its configuration finding or scan finding makes clients meet.
   */
  static Set<FailureClass> classesOf(String id) {
    Set<FailureClass> out = new HashSet<>();
    FailureClass.find(id).ifPresent(out::add);
    CLIENT_SIDE.forEach((c, ids) -> {
      if (ids.contains(id)) {
        out.add(c);
      }
    });
    out.addAll(ScanEvidence.CLASSES.getOrDefault(id, Set.of()));
    return out;
  }

  /** How many kinds of evidence (log, config, scan, clients) a diagnosis has. */
  private static int agreement(Diagnosis d) {
    return (int) d.evidence().stream().map(Evidence::kind).distinct().count();
  }

  /** {@code d} with the scan problems observed at its socket that explain its class; they are marked seen. */
  private Diagnosis withScanEvidence(Diagnosis d) {
    if (!d.direction().equals("client")) {
      return d;
    }
    FailureClass c = FailureClass.forId(d.failureClass());
    List<Evidence> more = new ArrayList<>();
    for (ScanEvidence.Observation o : observations) {
      if (ScanEvidence.at(o, d.listen()) && o.classes().contains(c)) {
        more.add(o.evidence());
        seen.add(o);
      }
    }
    return more.isEmpty() ? d : d.withEvidence(more);
  }

  /** A latent configuration problem with the scan problems that confirm it at one of its sockets. */
  private Diagnosis latentWithScan(Diagnosis d, Finding f) {
    List<Evidence> more = new ArrayList<>();
    for (ScanEvidence.Observation o : observations) {
      boolean here = f.listen().stream().anyMatch(l -> ScanEvidence.at(o, l));
      boolean explains = o.id().equals(f.id()) || CLIENT_SIDE.entrySet().stream().anyMatch(e ->
          e.getValue().contains(f.id()) && o.classes().contains(e.getKey()));
      if (here && explains && !seen.contains(o)) {
        more.add(o.evidence());
        seen.add(o);
      }
    }
    return more.isEmpty() ? d : d.withEvidence(more);
  }

  /** A problem only the scan shows: the configuration has no finding that explains it (or was not given). */
  private Diagnosis scanOnly(ScanEvidence.Observation o) {
    ListenSocket socket = policy == null ? null : policy.sockets().stream().filter(k -> ScanEvidence.at(o,
        k.address())).findFirst().orElse(null);
    String name = socket == null || socket.defaultServer() == null ? null : socket.defaultServer().name();
    return new Diagnosis(0, o.id(), "client", socket != null ? socket.address() : o.endpoint(), name, o.text(),
        null, "nginx", new Fix(null, null, "no configuration finding explains it: look at the directives of the"
            + " server that answers at " + o.endpoint() + (policy == null ? " (give --config for a diff)" : "")),
        new Affected(0, 0, List.of()), List.of(o.evidence()), List.of(), verifyClient(o.endpoint(), name));
  }

  /**
   * A TLS ClientHello that reached a plain-HTTP socket is logged there as "client sent invalid method" with an empty
   * {@code server:} (nginx read no request line, so it knows no server): when the front's pass points at a plain
   * socket of this configuration, such lines are the backend's side of the front's not-tls failure.
   */
  private static boolean plainBackendLine(FailureClass front, LogGroups.Group other, UpstreamPolicy u) {
    return front == NOT_TLS && other.key().listen() == null && other.key().failureClass() == NOT_TLS
        && u.targets().stream().anyMatch(k -> !k.tls());
  }

  /**
   * Whether the backend's class is its side of the front's upstream failure: the same class, or what the backend
   * logs when it refuses with a bare handshake_failure alert (the front sees only alert 40).
   */
  static boolean sameFailure(FailureClass front, FailureClass backend) {
    return front == backend || front == HANDSHAKE_FAILURE_ALERT && List.of(NO_SHARED_CIPHER, KEY_SHARE_MISMATCH,
        SIGNATURE_ALGORITHM_MISMATCH, CLIENT_CERTIFICATE_REQUIRED).contains(backend)
        || front == PROTOCOL_VERSION_MISMATCH && backend == SIGNATURE_ALGORITHM_MISMATCH;
  }

  private Diagnosis latent(Finding f) {
    return new Diagnosis(0, f.id(), f.id().startsWith("upstream-") ? "upstream" : "client",
        f.listen().isEmpty() ? null : f.listen().get(0), f.serverName(), f.message(), causeAt(f), "nginx",
        fix(f, null, "nginx"), new Affected(0, 0, List.of()), List.of(new Evidence("config", f.file() + ":"
            + f.line(), f.id() + " (" + f.severity() + "): " + f.affected())), List.of(), List.of());
  }

  /** Errors before warnings; among them the one with a verified fix. */
  private static Finding best(List<Finding> fs) {
    return fs.stream().sorted((a, b) -> a.rank() != b.rank() ? Integer.compare(a.rank(), b.rank())
        : Boolean.compare(b.fix() != null, a.fix() != null)).findFirst().orElse(null);
  }

  private String cause(FailureClass c, Finding best, String where) {
    KbEntry e = kb.classEntry(c);
    String what = e.title();
    if (best != null) {
      return what + ": " + best.message();
    }
    return what + switch (where) {
      case "client" -> ": nothing in the configuration explains it; the clients' own limits do (old or restricted"
          + " TLS stacks)";
      case "caller" -> ": the callers speak plain text to a TLS port (http:// to an https port, or a health check)";
      case "network" -> ": the peer connected and went away or stalled; look at the network and the peer";
      case "upstream-server" -> ": the upstream server is not part of this configuration; its own settings decide";
      default -> "";
    };
  }

  private static CauseAt causeAt(Finding f) {
    return f == null ? null : new CauseAt(f.file(), f.line(), f.id());
  }

  private static Fix fix(Finding f, FailureClass c, String where) {
    if (f == null) {
      return new Fix(null, null, switch (where) {
        case "client" -> "upgrade or reconfigure the failing clients; or widen the server's policy after"
            + " checking who needs it";
        case "caller" -> "call this port with https://, or give plain HTTP a port of its own";
        case "network" -> "check timeouts, load balancers and the peer's logs";
        case "upstream-server" -> "fix the upstream server, or match its policy with the *_ssl_* directives";
        default -> "no change found in the configuration";
      });
    }
    return new Fix(f.fix(), f.fixVerified(), f.fixVerification());
  }

  private static Affected affected(LogGroups.Group g) {
    List<ClientCount> clients = g.topClients(5).stream().map(e -> new ClientCount(e.getKey(), e.getValue()))
        .toList();
    return new Affected(g.count(), 0, clients);
  }

  private static Evidence logEvidence(LogGroups.Group g) {
    TlsEvent s = g.sample();
    String when = g.first() == null ? "" : " (" + g.first() + " .. " + g.last() + ")";
    return new Evidence("log", s.file() + ":" + s.line(), g.count() + " event(s)" + when + ", e.g. " + s.text());
  }

  private List<String> deadEnds(FailureClass c) {
    return kb.classEntry(c).deadEnds().stream().map(d -> d.remedy() + ": " + d.why()).toList();
  }

  private static List<String> verifyClient(String listen, String name) {
    if (listen == null) {
      return List.of();
    }
    String connect = listen.replace("*:", "127.0.0.1:").replace("0.0.0.0:", "127.0.0.1:")
        .replace("[::]:", "127.0.0.1:");
    String sni = name == null || name.isEmpty() || name.equals("_") ? "" : " -servername " + name;
    return List.of("openssl s_client -connect " + connect + sni + " -brief </dev/null");
  }

  /** The socket nginx logged as {@code server:}; a wildcard socket matches any address on its port. */
  private ListenSocket socket(String logged) {
    if (logged == null) {
      return null;
    }
    for (ListenSocket k : policy.sockets()) {
      if (k.address().equals(logged)) {
        return k;
      }
    }
    for (ListenSocket k : policy.sockets()) {
      if (sameSocket(k.address(), logged)) {
        return k;
      }
    }
    return null;
  }

  /**
   * The server with {@code name} among its server_name values: the one with a TLS socket on the port the
   * {@code host:} field names (several servers on different ports may share a name), else the first TLS server.
   */
  private ServerPolicy byName(String name, String host) {
    String port = host != null && host.matches(".*:\\d+") ? host.substring(host.lastIndexOf(':') + 1) : null;
    ServerPolicy tls = null;
    ServerPolicy any = null;
    for (ServerPolicy s : policy.servers()) {
      if (s.names().contains(name)) {
        List<ListenSocket> sockets = policy.socketsOf(s).stream().filter(ListenSocket::tls).toList();
        if (port != null && sockets.stream().anyMatch(k -> k.address().endsWith(":" + port))) {
          return s;
        }
        tls = tls == null && !sockets.isEmpty() ? s : tls;
        any = any == null ? s : any;
      }
    }
    return tls != null ? tls : any;
  }

  /** The TLS socket of {@code server} whose port the {@code host:} field names, else its first TLS socket. */
  private ListenSocket socketOf(ServerPolicy server, String host) {
    List<ListenSocket> tls = policy.socketsOf(server).stream().filter(ListenSocket::tls).toList();
    String port = host != null && host.matches(".*:\\d+") ? host.substring(host.lastIndexOf(':') + 1) : null;
    return tls.stream().filter(k -> port != null && k.address().endsWith(":" + port)).findFirst()
        .orElse(tls.isEmpty() ? null : tls.get(0));
  }

  static boolean sameSocket(String configured, String logged) {
    if (configured == null || logged == null) {
      return false;
    }
    if (configured.equals(logged)) {
      return true;
    }
    String port = configured.substring(configured.lastIndexOf(':') + 1);
    String host = configured.substring(0, configured.lastIndexOf(':'));
    boolean wildcard = host.equals("*") || host.equals("0.0.0.0") || host.equals("[::]");
    return wildcard && logged.endsWith(":" + port);
  }

  /** The pass nginx connected through to {@code address}, preferring the front server nginx logged. */
  private UpstreamPolicy upstreamAt(String address, Set<String> serverNames) {
    if (address == null) {
      return null;
    }
    UpstreamPolicy any = null;
    for (UpstreamPolicy u : policy.upstreams()) {
      boolean there = u.addresses().stream().anyMatch(a -> a.equals(address) || resolvesLocally(a, address));
      if (there && (serverNames.isEmpty() || u.server().names().stream().anyMatch(serverNames::contains))) {
        return u;
      }
      if (there && any == null) {
        any = u;
      }
    }
    return any;
  }

  /** {@code localhost:8443} in the configuration is {@code 127.0.0.1:8443} in the log. */
  private static boolean resolvesLocally(String configured, String logged) {
    return configured.startsWith("localhost:") && (logged.equals("127.0.0.1:" + configured.substring(10))
        || logged.equals("[::1]:" + configured.substring(10)));
  }
}
