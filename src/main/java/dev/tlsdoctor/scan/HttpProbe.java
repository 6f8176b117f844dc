package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.Tls13Client;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the HTTP answer to {@code GET /} over TLS says about TLS: the Strict-Transport-Security header (RFC 6797),
 * which tells browsers never to try the site without TLS again. Only for servers that answer in HTTP.
 */
final class HttpProbe {
  /** The max-age below which HSTS protects too briefly: 180 days, the threshold common scanners use. */
  static final long MIN_MAX_AGE = 180L * 24 * 3600;
  private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|;)\\s*max-age\\s*=\\s*\"?(\\d{1,12})\"?");

  private HttpProbe() {
  }

  /** How long the answer to the request may take once the handshake is done (as the JDK's path waits). */
  private static final java.time.Duration ANSWER = java.time.Duration.ofSeconds(2);

  static ServerProfile.Check hsts(Connector c, String protocol, String sni) {
    if (protocol.equals("TLSv1.3")) {
      String answer = answer13(c, sni);
      if (answer != null) {
        return judge(answer);
      }
    }
    JdkHandshake.Result r = JdkHandshake.run(c, protocol, sni, true);
    if (r.failure() != null) {
      return new ServerProfile.Check("hsts", ServerProfile.Check.UNKNOWN, "no complete handshake: " + r.failure());
    }
    return judge(r.afterHandshake());
  }

  /**
   * The answer to {@code GET /} over this side's own TLS 1.3 client (the three suites it completes; a share for the
   * group a HelloRetryRequest names): what the server sent, "closed" or "quiet" as the JDK's path says it; null when
   * the handshake did not complete, for the JDK's handshake to try with everything it offers.
   */
  static String answer13(Connector c, String sni) {
    NamedGroup group = NamedGroup.X25519;
    for (int attempt = 0; attempt < 2; attempt++) {
      NamedGroup g = group;
      try {
        return c.withSocket(c.readTimeout().plus(ANSWER), s -> {
          String host = sni != null ? sni : s.getInetAddress().getHostAddress();
          byte[] request = ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
          byte[] b = Tls13Client.request(s, ScanHellos.ownTls13(sni), g, request, 4096, (int) ANSWER.toMillis());
          return b == null ? "quiet" : b.length == 0 ? "closed" : new String(b, StandardCharsets.ISO_8859_1);
        });
      } catch (Connector.ConnectFailed e) {
        if (e.getCause() instanceof Tls13Client.RetryWith r && attempt == 0) {
          group = r.group();
          continue;
        }
        return null;
      }
    }
    return null;
  }

  /** The verdict on an HTTP answer's head ({@code answer}: what the server sent after the request, or a word). */
  static ServerProfile.Check judge(String answer) {
    if (answer == null || !answer.startsWith("HTTP/")) {
      return new ServerProfile.Check("hsts", ServerProfile.Check.UNKNOWN, "the server did not answer GET / in HTTP");
    }
    String status = answer.lines().findFirst().orElse("").strip();
    String value = null;
    for (String line : answer.split("\r\n")) {
      if (line.isEmpty()) {
        break; // the end of the head
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("strict-transport-security")) {
        value = line.substring(colon + 1).strip();
        break; // RFC 6797 8.1: only the first one counts
      }
    }
    if (value == null) {
      return new ServerProfile.Check("hsts", ServerProfile.Check.VULNERABLE, "no Strict-Transport-Security header"
          + " in the answer to GET / (" + status + ")");
    }
    Matcher m = MAX_AGE.matcher(value);
    if (!m.find()) {
      return new ServerProfile.Check("hsts", ServerProfile.Check.VULNERABLE, "Strict-Transport-Security \"" + value
          + "\" has no valid max-age, so browsers ignore it");
    }
    long age = Long.parseLong(m.group(1));
    if (age < MIN_MAX_AGE) {
      return new ServerProfile.Check("hsts", ServerProfile.Check.VULNERABLE, "Strict-Transport-Security max-age is "
          + age + " s, less than 180 days" + (age == 0 ? " (0 tells browsers to forget it)" : ""));
    }
    return new ServerProfile.Check("hsts", ServerProfile.Check.OK, "Strict-Transport-Security \"" + value + "\""
        + (value.toLowerCase(Locale.ROOT).contains("includesubdomains") ? "" : " (without includeSubDomains)"));
  }
}
