package dev.tlsdoctor.scan;

import java.util.Locale;

/**
 * What to scan: {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address; port 443 when none is
 * given. {@code sni} is the name sent in server_name: the {@code --sni} value, else the host when it is a name, else
 * none (RFC 6066 forbids IP addresses in server_name).
 */
public record Target(String host, int port, String sni) {
  public static final int DEFAULT_PORT = 443;

  public Target {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("target has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 1-65535");
    }
  }

  /**
   * A DNS host name: labels of letters, digits, hyphens and underscores (seen in real names), 1 to 63 characters,
   * separated by dots (a final dot allowed), 253 characters at most; non-ASCII letters are allowed for names the
   * resolver converts (IDN).
   */
  static boolean isHostName(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.isEmpty() || h.length() > 253) {
      return false;
    }
    for (String label : h.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
          || !label.codePoints().allMatch(c -> c == '-' || c == '_' || Character.isLetterOrDigit(c))) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code spec}; {@code sni} overrides the name sent (null: derived from the host). */
  public static Target parse(String spec, String sni) {
    String s = spec.strip();
    String host;
    int port = DEFAULT_PORT;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("target '" + spec + "': '[' without ']'");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("target '" + spec + "': expected ':PORT' after ']'");
        }
        port = parsePort(spec, rest.substring(1));
      }
    } else if (s.indexOf(':') != s.lastIndexOf(':')) {
      host = s; // a bare IPv6 address
    } else if (s.indexOf(':') >= 0) {
      host = s.substring(0, s.indexOf(':'));
      port = parsePort(spec, s.substring(s.indexOf(':') + 1));
    } else {
      host = s;
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("target '" + spec + "' has no host");
    }
    boolean badQuad = host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !isIpv4(host);
    if (host.contains(":") && !isIpv6(host)) {
      // Java would refuse it too, but as a name it cannot resolve (exit 3): it is a mistake in the argument
      throw new IllegalArgumentException("target '" + spec + "': '" + host + "' is not an IPv6 address"
          + (s.startsWith("[") ? "" : " (an address with a port is written [ADDRESS]:PORT)"));
    }
    if (badQuad || !isIpLiteral(host) && !isHostName(host)) {
      // never looked up: a name with spaces or other characters no DNS name has is a mistake, not a host
      throw new IllegalArgumentException("target '" + spec + "': '" + host + "' is not a host name or IP"
          + " address");
    }
    if (sni != null && !isHostName(sni) && !sni.matches("[0-9A-Fa-f:.]+")) {
      // what goes into server_name: a DNS name (or an address, which RFC 6066 forbids but a test may want)
      throw new IllegalArgumentException("--sni '" + sni + "' is not a host name or IP address");
    }
    String name = sni != null ? sni : isIpLiteral(host) ? null : host.toLowerCase(Locale.ROOT);
    return new Target(host, port, name);
  }

  private static int parsePort(String spec, String p) {
    try {
      return Integer.parseInt(p);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("target '" + spec + "': port '" + p + "' is not a number");
    }
  }

  /**
   * Whether {@code host} is an IPv6 address as RFC 4291 writes it: eight groups of one to four hex digits, a run of
   * zero groups as "::" once, the last two groups as a dotted quad, and an optional zone ({@code %eth0}).
   */
  static boolean isIpv6(String host) {
    String a = host.indexOf('%') > 0 ? host.substring(0, host.indexOf('%')) : host;
    int groups = 0;
    String tail = a;
    int lastColon = a.lastIndexOf(':');
    if (lastColon >= 0 && a.indexOf('.', lastColon) > 0) {
      if (!isIpv4(a.substring(lastColon + 1))) {
        return false;
      }
      // the quad is two groups: one counted here, the other as the placeholder group put in its place
      groups = 1;
      tail = a.substring(0, lastColon + 1) + "0";
    }
    int gap = tail.indexOf("::");
    if (gap >= 0 && tail.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String[] sides = gap >= 0 ? new String[] {tail.substring(0, gap), tail.substring(gap + 2)} : new String[] {tail};
    for (String side : sides) {
      if (side.isEmpty()) {
        continue;
      }
      for (String g : side.split(":", -1)) {
        if (!g.matches("[0-9A-Fa-f]{1,4}")) {
          return false;
        }
        groups++;
      }
    }
    return gap >= 0 ? groups <= 7 : groups == 8;
  }

  /** Whether {@code s} is a dotted quad of numbers 0-255. */
  private static boolean isIpv4(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}")
        && java.util.Arrays.stream(s.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
  }

  /** True for an IPv4 dotted quad or anything with a colon (IPv6). */
  public static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** {@code host:port}, with brackets for IPv6. */
  public String display() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
