package dev.tlsdoctor.scan;

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

  static ServerProfile.Check hsts(Connector c, String protocol, String sni) {
    JdkHandshake.Result r = JdkHandshake.run(c, protocol, sni, true);
    if (r.failure() != null) {
      return new ServerProfile.Check("hsts", ServerProfile.Check.UNKNOWN, "no complete handshake: " + r.failure());
    }
    return judge(r.afterHandshake());
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
