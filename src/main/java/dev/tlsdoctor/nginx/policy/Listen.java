package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import java.util.List;

/**
 * One {@code listen} directive of an http server: the socket it names as {@code address:port} ({@code *:443} for a
 * port alone, port 80 for an address alone, {@code unix:/path} kept as written) and its flags.
 */
public record Listen(String socket, boolean ssl, boolean defaultServer, boolean http2, Directive directive) {

  /** The {@code listen} nginx assumes in a server without one (as root; {@code *:8000} otherwise). */
  public static final String IMPLICIT = "*:80";

  public static Listen parse(Directive d) {
    List<String> v = d.values();
    String addr = v.isEmpty() ? IMPLICIT : socketOf(v.get(0));
    boolean ssl = false;
    boolean def = false;
    boolean h2 = false;
    for (String p : v.subList(Math.min(1, v.size()), v.size())) {
      switch (p) {
        case "ssl" -> ssl = true;
        case "default_server", "default" -> def = true;
        case "http2" -> h2 = true;
        default -> {
          // other parameters (reuseport, backlog=..., proxy_protocol) do not change the TLS policy
        }
      }
    }
    return new Listen(addr, ssl, def, h2, d);
  }

  /** {@code 443} → {@code *:443}; {@code 127.0.0.1} → {@code 127.0.0.1:80}; {@code [::]:443} unchanged. */
  static String socketOf(String a) {
    if (a.startsWith("unix:")) {
      return a;
    }
    if (a.chars().allMatch(Character::isDigit)) {
      return "*:" + a;
    }
    if (a.startsWith("[")) {
      return a.endsWith("]") ? a + ":80" : a;
    }
    return a.contains(":") ? a : a + ":80";
  }

  /** The port, or -1 for a unix socket. */
  public int port() {
    int i = socket.lastIndexOf(':');
    try {
      return Integer.parseInt(socket.substring(i + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The address part: {@code *}, {@code 127.0.0.1}, {@code [::1]}. */
  public String host() {
    int i = socket.lastIndexOf(':');
    return i < 0 ? socket : socket.substring(0, i);
  }
}
