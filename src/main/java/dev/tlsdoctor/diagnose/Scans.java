package dev.tlsdoctor.diagnose;

import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.ServerPolicy;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The scans {@code diagnose} runs when asked ({@code --target}, {@code --scan-listens}): which endpoints, and the
 * scans themselves, each under its own deadline, all at once. No traffic goes anywhere else: the chain's missing
 * issuers are not downloaded (AIA), since their URLs name other hosts.
 */
public final class Scans {
  private Scans() {
  }

  /**
   * The configuration's TLS sockets of http servers as scan targets: a wildcard address ({@code *:443},
   * {@code 0.0.0.0:443}) on 127.0.0.1, {@code [::]:443} on ::1, each with its default server's first name as SNI
   * when that is a host name ({@code _}, wildcards and regular expressions are not). STARTTLS (mail) and UNIX
   * sockets are left out.
   */
  public static List<Target> listenTargets(TlsPolicy policy) {
    Set<Target> out = new LinkedHashSet<>();
    for (ListenSocket k : scannable(policy)) {
      try {
        out.add(Target.parse(connect(k), socketName(k)));
      } catch (IllegalArgumentException e) {
        // an address no scan can reach (a name with odd characters): not scanned
      }
    }
    return List.copyOf(out);
  }

  /**
   * The sockets of {@link #listenTargets} whose servers are, for TLS, those of an earlier one, each with that one:
   * the same server blocks in the same order with the same default (as {@code listen 443 ssl} and
   * {@code listen [::]:443 ssl} in every server give), or blocks whose text differs only in their {@code listen}
   * directives, put on the socket with the same listen parameters. nginx gives such sockets the same handshakes,
   * so {@link #scan} scans the first in full and only confirms the others (their versions and certificates).
   */
  public static Map<Target, Target> sameServers(TlsPolicy policy) {
    Map<List<Object>, Target> first = new HashMap<>();
    Map<Target, Target> out = new LinkedHashMap<>();
    for (ListenSocket k : scannable(policy)) {
      Target t;
      try {
        t = Target.parse(connect(k), socketName(k));
      } catch (IllegalArgumentException e) {
        continue;
      }
      List<Object> key = new ArrayList<>(List.of(k.ssl(), k.http2(), k.starttls(), k.sslDirective(),
          k.servers().indexOf(k.defaultServer())));
      for (ServerPolicy s : k.servers()) {
        key.add(text(s.block()));
        // the parameters of the listen that puts it on this socket (default_server, proxy_protocol, ...)
        key.add(s.listens().stream().filter(l -> l.socket().equals(k.address()))
            .map(l -> l.directive().values().stream().skip(1).toList()).toList());
      }
      Target earlier = first.putIfAbsent(key, t);
      if (earlier != null && !earlier.equals(t)) {
        out.put(t, earlier);
      }
    }
    return out;
  }

  /** A block's text as nginx reads it, without its {@code listen} directives (which sockets it is on). */
  private static String text(dev.tlsdoctor.nginx.config.Directive d) {
    StringBuilder b = new StringBuilder();
    text(d, b);
    return b.toString();
  }

  private static void text(dev.tlsdoctor.nginx.config.Directive d, StringBuilder b) {
    b.append(d.name()).append('\u0000');
    d.values().forEach(v -> b.append(v).append('\u0000'));
    if (d.isBlock()) {
      b.append('{');
      d.block().stream().filter(c -> !c.name().equals("listen")).forEach(c -> text(c, b));
      b.append('}');
    }
    b.append(';');
  }

  /** At most this many other names are probed per socket. */
  static final int NAMES_PER_SOCKET = 32;

  /**
   * The other server names of those sockets, as targets for a name's probe ({@link Scanner#scanName}): the first
   * host name of each server on the socket besides the default one, when that server differs from the default
   * server in what nginx takes from the server a name selects (certificates, keys, client certificate verification,
   * {@code ssl_reject_handshake}); servers that differ in none of them are seen by the socket's own scan. At most
   * {@value #NAMES_PER_SOCKET} per socket.
   */
  public static List<Target> nameTargets(TlsPolicy policy) {
    Set<Target> out = new LinkedHashSet<>();
    for (ListenSocket k : scannable(policy)) {
      ServerPolicy d = k.defaultServer();
      String own = socketName(k);
      int added = 0;
      for (ServerPolicy s : k.servers()) {
        String name = sniName(s);
        if (s == d || name == null || name.equals(own) || d != null && sameHandshake(s, d)
            || added >= NAMES_PER_SOCKET) {
          continue;
        }
        try {
          if (out.add(Target.parse(connect(k), name))) {
            added++;
          }
        } catch (IllegalArgumentException e) {
          // not a name a hello can carry
        }
      }
    }
    return List.copyOf(out);
  }

  /** The TLS sockets of http servers; STARTTLS (mail), stream and UNIX sockets are left out. */
  private static List<ListenSocket> scannable(TlsPolicy policy) {
    return policy.sockets().stream().filter(k -> k.ssl() && !k.address().startsWith("unix:")
        && (k.defaultServer() == null || !k.defaultServer().stream() && !k.defaultServer().mail())).toList();
  }

  /** Where to connect for a socket: a wildcard address on loopback. */
  private static String connect(ListenSocket k) {
    String a = k.address();
    String port = a.substring(a.lastIndexOf(':') + 1);
    String host = a.substring(0, a.lastIndexOf(':'));
    return host.equals("*") || host.equals("0.0.0.0") ? "127.0.0.1:" + port : host.equals("[::]") ? "[::1]:" + port
        : a;
  }

  /**
   * The name a socket's own scan sends: its default server's; when the default server refuses handshakes
   * ({@code ssl_reject_handshake on}), which it does whatever the name, the first name of a server there that does
   * not (a scan of the refusals alone would learn nothing of the socket).
   */
  private static String socketName(ListenSocket k) {
    ServerPolicy d = k.defaultServer();
    if (d == null || !d.rejects()) {
      return sniName(d);
    }
    return k.servers().stream().filter(s -> !s.rejects()).map(Scans::sniName).filter(java.util.Objects::nonNull)
        .findFirst().orElse(sniName(d));
  }

  /** The first name of {@code s} a hello can carry as SNI, or null. */
  private static String sniName(ServerPolicy s) {
    return s == null ? null : s.names().stream().filter(Scans::sniName).findFirst().orElse(null);
  }

  /** Whether a handshake for {@code a}'s name shows what one for {@code b}'s does. */
  private static boolean sameHandshake(ServerPolicy a, ServerPolicy b) {
    return values(a.certificates()).equals(values(b.certificates())) && values(a.keys()).equals(values(b.keys()))
        && a.verifyClient().value().equals(b.verifyClient().value())
        && a.clientCertificate().value().equals(b.clientCertificate().value())
        && a.rejectHandshake().value().equals(b.rejectHandshake().value());
  }

  private static List<String> values(List<dev.tlsdoctor.nginx.policy.Setting> settings) {
    return settings.stream().map(dev.tlsdoctor.nginx.policy.Setting::value).toList();
  }

  private static boolean sniName(String n) {
    return !n.isEmpty() && !n.equals("_") && !n.startsWith("~") && !n.contains("*") && !Target.isIpLiteral(n)
        && n.contains(".");
  }

  /** Scans {@code targets} at once; {@code done} hears of each endpoint scanned. */
  public static List<ServerProfile> scan(List<Target> targets, Duration deadline, List<X509Certificate> cas,
      Consumer<ServerProfile> done) throws InterruptedException {
    return scan(targets, List.of(), deadline, cas, done);
  }

  /**
   * Scans {@code targets} in full and probes {@code names} ({@link #nameTargets}), all at once; {@code done} hears
   * of each one finished.
   */
  public static List<ServerProfile> scan(List<Target> targets, List<Target> names, Duration deadline,
      List<X509Certificate> cas, Consumer<ServerProfile> done) throws InterruptedException {
    return scan(targets, names, Map.of(), deadline, cas, done, (a, b) -> { });
  }

  /**
   * {@link #scan(List, List, Duration, List, Consumer)}, where each target that {@code like} maps to another of
   * {@code targets} ({@link #sameServers}) is first only probed as a name is (its versions, certificates and
   * client-certificate request): when that answer is the other's, the other's full scan stands for it (under its
   * own address, with the probe's connections and time; {@code stoodFor} hears of it, with the other's address,
   * before {@code done}); else it is scanned in full too.
   */
  public static List<ServerProfile> scan(List<Target> targets, List<Target> names, Map<Target, Target> like,
      Duration deadline, List<X509Certificate> cas, Consumer<ServerProfile> done,
      java.util.function.BiConsumer<String, String> stoodFor) throws InterruptedException {
    if (targets.isEmpty() && names.isEmpty()) {
      return List.of();
    }
    ScanOptions d = ScanOptions.defaults();
    ScanOptions options = new ScanOptions(deadline, d.connectTimeout(), d.readTimeout(), d.connectionsPerTarget(),
        d.parallelTargets(), cas, false);
    Scanner scanner = new Scanner(options);
    List<Target> full = new ArrayList<>();
    List<Target> confirm = new ArrayList<>();
    for (Target t : targets) {
      Target other = like.get(t);
      (other != null && targets.contains(other) && !like.containsKey(other) ? confirm : full).add(t);
    }
    if (confirm.isEmpty()) {
      return List.copyOf(scanner.scanAll(targets, names, done));
    }
    // the full scans and the names' probes as asked, and a probe of each socket to confirm: all at once
    List<Target> asNames = new ArrayList<>(names);
    asNames.addAll(confirm);
    int probesFrom = full.size() + names.size();
    Set<String> confirming = new java.util.HashSet<>();
    confirm.forEach(t -> confirming.add(t.display() + " (" + t.sni() + ")"));
    List<ServerProfile> first = scanner.scanAll(full, asNames, p -> {
      if (!confirming.contains(p.target()) || names.stream().anyMatch(n -> p.target().equals(n.display() + " ("
          + n.sni() + ")"))) {
        done.accept(p);
      }
    });
    Map<Target, ServerProfile> byTarget = new HashMap<>();
    for (int i = 0; i < full.size(); i++) {
      byTarget.put(full.get(i), first.get(i));
    }
    List<Target> again = new ArrayList<>();
    Map<Target, ServerProfile> result = new HashMap<>();
    for (int i = 0; i < confirm.size(); i++) {
      Target t = confirm.get(i);
      ServerProfile probe = first.get(probesFrom + i);
      ServerProfile other = byTarget.get(like.get(t));
      if (answersAs(probe, other)) {
        ServerProfile p = standingFor(other, probe);
        result.put(t, p);
        stoodFor.accept(p.target(), other.target());
        done.accept(p);
      } else {
        again.add(t);
      }
    }
    List<ServerProfile> rescanned = again.isEmpty() ? List.of() : scanner.scanAll(again, done);
    for (int i = 0; i < again.size(); i++) {
      result.put(again.get(i), rescanned.get(i));
    }
    List<ServerProfile> out = new ArrayList<>();
    for (Target t : targets) {
      out.add(byTarget.containsKey(t) ? byTarget.get(t) : result.get(t));
    }
    out.addAll(first.subList(full.size(), probesFrom));
    return List.copyOf(out);
  }

  /**
   * Whether a socket's probe ({@link Scanner#scanName}) answered as the full scan of the socket with the same
   * servers did: both complete, the same versions accepted, the same certificates in the same chains, the same
   * client-certificate request.
   */
  static boolean answersAs(ServerProfile probe, ServerProfile full) {
    if (probe == null || full == null || probe.error() != null || full.error() != null || !probe.speaksTls()
        || !full.speaksTls()) {
      return false;
    }
    return probe.protocols().equals(full.protocols()) && fingerprints(probe).equals(fingerprints(full))
        && java.util.Objects.equals(probe.clientAuth(), full.clientAuth());
  }

  private static List<List<String>> fingerprints(ServerProfile p) {
    return p.certificates() == null ? List.of() : p.certificates().stream()
        .map(c -> c.certificates().stream().map(dev.tlsdoctor.scan.CertificateInfo::sha256).toList()).toList();
  }

  /** {@code full}'s scan under the address of the socket {@code probe} confirmed, with the probe's cost. */
  static ServerProfile standingFor(ServerProfile full, ServerProfile probe) {
    String target = probe.target().substring(0, probe.target().lastIndexOf(" ("));
    return new ServerProfile(target, probe.ip(), probe.port(), full.sni(), full.speaksTls(), full.plaintext(),
        full.error(), full.protocols(), full.protocolReasons(), full.cipherSuites(), full.serverPreference(),
        full.groups(), full.dhBits(), full.certificates(), full.certificateProblems(), full.clientAuth(), full.alpn(),
        full.ocspStapling(), full.secureRenegotiation(), full.fallbackScsv(), full.checks(), full.grade(),
        full.gradeReasons(), full.findings(), probe.connections(), probe.millis());
  }
}
