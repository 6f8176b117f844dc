package dev.tlsdoctor.spark;

import dev.tlsdoctor.scan.Target;
import java.util.Locale;

/**
 * The network a target belongs to, for the bound on connections per network: the /24 of an IPv4 address, the /48 of
 * an IPv6 address, and for a host name the name itself (names are resolved in the executors, where the scan runs;
 * two names of one network are two networks here).
 */
final class TargetNetworks {
  private TargetNetworks() {
  }

  static String of(Target t) {
    String h = t.host().toLowerCase(Locale.ROOT);
    if (!Target.isIpLiteral(h)) {
      return h;
    }
    if (h.indexOf(':') < 0) {
      return h.substring(0, h.lastIndexOf('.')) + ".0/24";
    }
    try {
      byte[] a = java.net.InetAddress.getByName(h).getAddress(); // a literal: no lookup
      if (a.length == 4) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".0/24"; // an IPv4-mapped literal
      }
      return String.format("%x:%x:%x::/48", (a[0] & 0xff) << 8 | a[1] & 0xff, (a[2] & 0xff) << 8 | a[3] & 0xff,
          (a[4] & 0xff) << 8 | a[5] & 0xff);
    } catch (java.net.UnknownHostException e) {
      return h;
    }
  }
}
