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
import java.util.LinkedHashSet;
import java.util.List;
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
        out.add(Target.parse(connect(k), sniName(k.defaultServer())));
      } catch (IllegalArgumentException e) {
        // an address no scan can reach (a name with odd characters): not scanned
      }
    }
    return List.copyOf(out);
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
      String own = sniName(d);
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
    if (targets.isEmpty() && names.isEmpty()) {
      return List.of();
    }
    ScanOptions d = ScanOptions.defaults();
    ScanOptions options = new ScanOptions(deadline, d.connectTimeout(), d.readTimeout(), d.connectionsPerTarget(),
        d.parallelTargets(), cas, false);
    return List.copyOf(new Scanner(options).scanAll(targets, names, done));
  }
}
