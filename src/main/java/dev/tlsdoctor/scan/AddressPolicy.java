package dev.tlsdoctor.scan;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses tlsdoctor may contact on its own initiative — for an AIA download a scanned certificate asks for —
 * as opposed to the targets the user named. By default only public unicast addresses: a hostile server must not be
 * able to make tlsdoctor send requests to the loopback interface, the local network or a cloud metadata service
 * (169.254.169.254). Networks the user allows ({@code --aia-allow}) are added to that, for internal PKIs.
 *
 * <p>The special-purpose ranges are those of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and
 * its updates), current as of 2026-11. An IPv6 address that embeds an IPv4 one (IPv4-mapped, NAT64 64:ff9b::/96,
 * 6to4 2002::/16) is judged by the IPv4 address it reaches.
 */
public final class AddressPolicy {
  /** A network in CIDR notation: an address and how many leading bits of it count. */
  public record Network(byte[] address, int bits, String text) {
    /** Parses {@code 10.0.0.0/8}, {@code 192.0.2.7} (one address), {@code fd00::/8}; names the bad part. */
    public static Network parse(String cidr) {
      String s = cidr.strip();
      int slash = s.indexOf('/');
      String host = slash < 0 ? s : s.substring(0, slash);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        throw new IllegalArgumentException("'" + cidr + "' is not a network: give an IP address or CIDR such as"
            + " 10.0.0.0/8 or fd00::/8 (names are not looked up)");
      }
      byte[] a;
      try {
        a = InetAddress.getByName(host).getAddress(); // an IP literal: no lookup
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + cidr + "' is not a network: '" + host + "' is not an IP address");
      }
      int max = a.length * 8;
      int bits = max;
      if (slash >= 0) {
        String b = s.substring(slash + 1);
        if (!b.matches("\\d{1,3}") || Integer.parseInt(b) > max) {
          throw new IllegalArgumentException("'" + cidr + "' is not a network: the prefix length '" + b
              + "' must be 0 to " + max);
        }
        bits = Integer.parseInt(b);
      }
      return new Network(a, bits, s);
    }

    /** Whether the address {@code ip} (4 or 16 bytes) lies in this network. */
    public boolean contains(byte[] ip) {
      if (ip.length != address.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((ip[i / 8] & mask) != (address[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A special-purpose range and what it is, for the message that refuses it. */
  private record Special(Network network, String what) {
  }

  private static final List<Special> SPECIAL = List.of(
      special("0.0.0.0/8", "'this network' (RFC 791)"),
      special("10.0.0.0/8", "private (RFC 1918)"),
      special("100.64.0.0/10", "shared carrier-grade NAT space (RFC 6598)"),
      special("127.0.0.0/8", "loopback"),
      special("169.254.0.0/16", "link-local (cloud metadata services live here)"),
      special("172.16.0.0/12", "private (RFC 1918)"),
      special("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
      special("192.0.2.0/24", "documentation (RFC 5737)"),
      special("192.88.99.0/24", "6to4 relay anycast (RFC 7526)"),
      special("192.168.0.0/16", "private (RFC 1918)"),
      special("198.18.0.0/15", "benchmarking (RFC 2544)"),
      special("198.51.100.0/24", "documentation (RFC 5737)"),
      special("203.0.113.0/24", "documentation (RFC 5737)"),
      special("224.0.0.0/4", "multicast"),
      special("240.0.0.0/4", "reserved (RFC 1112), broadcast included"),
      special("::/128", "unspecified"),
      special("::1/128", "loopback"),
      special("100::/64", "discard-only (RFC 6666)"),
      special("2001::/23", "IETF protocol assignments (RFC 2928)"),
      special("2001:db8::/32", "documentation (RFC 3849)"),
      special("fc00::/7", "unique local (RFC 4193)"),
      special("fe80::/10", "link-local"),
      special("fec0::/10", "site-local (deprecated, RFC 3879)"),
      special("ff00::/8", "multicast"));

  private static Special special(String cidr, String what) {
    return new Special(Network.parse(cidr), what);
  }

  private final List<Network> allowed;

  private AddressPolicy(List<Network> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** Public unicast addresses only. */
  public static AddressPolicy publicOnly() {
    return new AddressPolicy(List.of());
  }

  /** Public unicast addresses and those in {@code networks}. */
  public static AddressPolicy allowing(List<Network> networks) {
    return new AddressPolicy(networks);
  }

  public List<Network> allowed() {
    return allowed;
  }

  /** Null when {@code a} may be contacted; otherwise why not, for the report. */
  public String refusal(InetAddress a) {
    byte[] ip = a.getAddress();
    for (Network n : allowed) {
      if (n.contains(ip)) {
        return null;
      }
    }
    String what = special(ip);
    if (what == null) {
      return null;
    }
    return TargetScan.ipText(a) + " is " + what + "; only public addresses are contacted unless allowed with"
        + " --aia-allow";
  }

  /** What special-purpose range {@code ip} lies in, judged by the IPv4 address it embeds if any; null: public. */
  private static String special(byte[] ip) {
    byte[] v4 = embeddedIpv4(ip);
    if (v4 != null) {
      String inner = special(v4);
      return inner == null ? null : inner + " (embedded in an IPv6 address)";
    }
    for (Special s : SPECIAL) {
      if (s.network().contains(ip)) {
        return s.what();
      }
    }
    if (ip.length == 16 && (ip[0] & 0xE0) != 0x20) {
      return "outside the global unicast range 2000::/3";
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
  private static byte[] embeddedIpv4(byte[] ip) {
    if (ip.length != 16) {
      return null;
    }
    if (zeros(ip, 0, 10) && (ip[10] & 0xFF) == 0xFF && (ip[11] & 0xFF) == 0xFF) {
      return java.util.Arrays.copyOfRange(ip, 12, 16);
    }
    if ((ip[0] & 0xFF) == 0x00 && (ip[1] & 0xFF) == 0x64 && (ip[2] & 0xFF) == 0xFF && (ip[3] & 0xFF) == 0x9B
        && zeros(ip, 4, 12)) {
      return java.util.Arrays.copyOfRange(ip, 12, 16);
    }
    if ((ip[0] & 0xFF) == 0x20 && (ip[1] & 0xFF) == 0x02) {
      return java.util.Arrays.copyOfRange(ip, 2, 6);
    }
    return null;
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code --aia-allow} values: CIDRs, or {@code private} for every address. */
  public static List<Network> parseAll(List<String> values) {
    List<Network> out = new ArrayList<>();
    for (String v : values) {
      if (v.strip().toLowerCase(Locale.ROOT).equals("private")) {
        out.add(Network.parse("0.0.0.0/0"));
        out.add(Network.parse("::/0"));
      } else {
        out.add(Network.parse(v));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return allowed.isEmpty() ? "public addresses only" : "public addresses and " + allowed;
  }
}
