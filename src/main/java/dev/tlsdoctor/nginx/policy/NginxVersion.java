package dev.tlsdoctor.nginx.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An nginx release number such as {@code 1.22.1}, ordered as releases are. */
public record NginxVersion(int major, int minor, int patch) implements Comparable<NginxVersion> {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
  private static final Pattern IN_V_OUTPUT = Pattern.compile("nginx/(\\d+\\.\\d+(?:\\.\\d+)?)");

  /** The current stable branch when no other version is known (1.30.x is stable; current as of 2026-11). */
  public static final NginxVersion CURRENT_STABLE = new NginxVersion(1, 30, 0);

  /** 1.15.0 (2018-06-05): the {@code ssl} directive deprecated in favour of {@code listen ... ssl}. */
  public static final NginxVersion SSL_DIRECTIVE_DEPRECATED = new NginxVersion(1, 15, 0);
  /** 1.19.4 (2020-10-27): {@code ssl_reject_handshake}, with which a default server needs no certificate. */
  public static final NginxVersion REJECT_HANDSHAKE = new NginxVersion(1, 19, 4);
  /**
   * 1.23.2 (2022-10-19): session ticket keys generated in the shared memory of {@code ssl_session_cache shared:...}
   * and rotated automatically; before, and without a shared cache, a key lives as long as the configuration.
   */
  public static final NginxVersion TICKET_KEY_ROTATION = new NginxVersion(1, 23, 2);
  /** 1.25.1 (2023-06-13): the {@code ssl} directive removed (http and mail): an unknown directive from then on. */
  public static final NginxVersion SSL_DIRECTIVE_REMOVED = new NginxVersion(1, 25, 1);
  /** 1.25.5 (2024-04-16): virtual servers in stream, and {@code ssl_reject_handshake} there. */
  public static final NginxVersion STREAM_VIRTUAL_SERVERS = new NginxVersion(1, 25, 5);
  /** 1.23.4 (2023-03-28): TLSv1.3 enabled by default (server and upstream side). */
  public static final NginxVersion TLS13_DEFAULT = new NginxVersion(1, 23, 4);
  /** 1.27.3 (2024-11-26): TLSv1 and TLSv1.1 disabled by default (server and upstream side). */
  public static final NginxVersion NO_TLS10_DEFAULT = new NginxVersion(1, 27, 3);
  /**
   * 1.29.2 (2025-10-07): {@code ssl_protocols} of the server chosen by SNI applies (OpenSSL 1.1.1 or newer); before,
   * OpenSSL fixed the protocol version with the default server's context, before nginx looked at SNI.
   */
  public static final NginxVersion PER_SERVER_PROTOCOLS = new NginxVersion(1, 29, 2);

  /** Parses {@code 1.22.1} or {@code 1.22}; throws IllegalArgumentException naming the value otherwise. */
  public static NginxVersion parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    try {
      if (m.matches()) {
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new NginxVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
      }
    } catch (NumberFormatException e) {
      // a number beyond int: not a version either
    }
    throw new IllegalArgumentException("nginx version '" + text + "' is not of the form 1.26.2");
  }

  /** The version in the output of {@code nginx -v} ({@code nginx version: nginx/1.22.1}), if there is one. */
  public static java.util.Optional<NginxVersion> fromVersionOutput(String output) {
    Matcher m = IN_V_OUTPUT.matcher(output);
    return m.find() ? java.util.Optional.of(parse(m.group(1))) : java.util.Optional.empty();
  }

  public boolean isAtLeast(NginxVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(NginxVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
