package dev.tlsdoctor.diagnose;

import dev.tlsdoctor.nginx.policy.ListenSocket;
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
    for (ListenSocket k : policy.sockets()) {
      if (!k.ssl() || k.address().startsWith("unix:") || k.defaultServer() != null && (k.defaultServer().stream()
          || k.defaultServer().mail())) {
        continue;
      }
      String a = k.address();
      String port = a.substring(a.lastIndexOf(':') + 1);
      String host = a.substring(0, a.lastIndexOf(':'));
      String connect = host.equals("*") || host.equals("0.0.0.0") ? "127.0.0.1:" + port
          : host.equals("[::]") ? "[::1]:" + port : a;
      String name = k.defaultServer() == null ? null : k.defaultServer().names().stream()
          .filter(Scans::sniName).findFirst().orElse(null);
      try {
        out.add(Target.parse(connect, name));
      } catch (IllegalArgumentException e) {
        // an address no scan can reach (a name with odd characters): not scanned
      }
    }
    return List.copyOf(out);
  }

  private static boolean sniName(String n) {
    return !n.isEmpty() && !n.equals("_") && !n.startsWith("~") && !n.contains("*") && !Target.isIpLiteral(n)
        && n.contains(".");
  }

  /** Scans {@code targets} at once; {@code done} hears of each endpoint scanned. */
  public static List<ServerProfile> scan(List<Target> targets, Duration deadline, List<X509Certificate> cas,
      Consumer<ServerProfile> done) throws InterruptedException {
    if (targets.isEmpty()) {
      return List.of();
    }
    ScanOptions d = ScanOptions.defaults();
    ScanOptions options = new ScanOptions(deadline, d.connectTimeout(), d.readTimeout(), d.connectionsPerTarget(),
        d.parallelTargets(), cas, false);
    return List.copyOf(new Scanner(options).scanAll(targets, done));
  }
}
