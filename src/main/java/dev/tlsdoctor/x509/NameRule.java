package dev.tlsdoctor.x509;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * How a TLS client decides that a certificate is for the host it asked for. Clients differ in two ways:
 * <ul>
 *   <li>whether the subject's common name counts when the certificate has no subjectAltName DNS name: RFC 6125
 *       section 6.4.4 allowed it, RFC 9525 (2023) forbids it; Chrome 58+, current Firefox, Safari since iOS 13 and
 *       macOS 10.15 and Go 1.15+ never use it, while OpenSSL's {@code X509_check_host} (and so nginx's
 *       {@code proxy_ssl_verify}, curl, Python's default {@code hostname_checks_common_name}) and Java's
 *       {@code HostnameChecker} fall back to it;</li>
 *   <li>whether a wildcard may be part of the left-most label ({@code f*.example.com}): OpenSSL with default flags
 *       and Java accept it, browsers (RFC 9525 section 6.3) and Python (which sets
 *       {@code X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS}) only accept a whole left-most {@code *} label.</li>
 * </ul>
 * Common to all: a wildcard stands for exactly one label, only in the left-most position, never matches an empty
 * label, and needs at least two labels after it ({@code *.com} covers nothing, as OpenSSL rules; browsers go further
 * with the public suffix list); an IP address is matched only against iPAddress entries, never against DNS names or
 * the CN; comparison ignores case. Browsers also ignore a final dot ({@code www.example.com.}); OpenSSL does not.
 *
 * @param id a short name for reports ({@code rfc9525}, {@code openssl}, {@code java})
 * @param commonNameFallback whether the subject CN is checked when there is no subjectAltName DNS name
 * @param partialWildcards whether {@code f*.example.com} and {@code *f.example.com} are wildcards
 * @param ignoresFinalDot whether a host written with a final dot matches the name without it
 */
public record NameRule(String id, boolean commonNameFallback, boolean partialWildcards, boolean ignoresFinalDot) {
  /** RFC 9525: subjectAltName only, whole-label wildcards. Current browsers, Go 1.15+. */
  public static final NameRule RFC_9525 = new NameRule("rfc9525", false, false, true);
  /** RFC 6125's fallback to the CN without a DNS subjectAltName, whole-label wildcards only: Python, curl. */
  public static final NameRule CN_FALLBACK = new NameRule("cn-fallback", true, false, false);
  /** OpenSSL's {@code X509_check_host} with default flags (OpenSSL 1.0.2 to 3.x). */
  public static final NameRule OPENSSL = new NameRule("openssl", true, true, false);
  /** Java's {@code sun.security.util.HostnameChecker} for TLS. */
  public static final NameRule JAVA = new NameRule("java", true, true, false);

  /** Whether a certificate with {@code names} is for {@code host} (a DNS name or an IP address literal). */
  public boolean matches(CertificateNames names, String host) {
    String h = normalize(host, ignoresFinalDot);
    if (isIpLiteral(h)) {
      return names.ipAddresses().stream().anyMatch(ip -> sameAddress(ip, h));
    }
    return names.dnsIdentifiers(this).stream().anyMatch(p -> matchesPattern(p, h));
  }

  /** Whether one DNS identifier of a certificate ({@code www.example.com}, {@code *.example.com}) covers a host. */
  public boolean matchesPattern(String pattern, String host) {
    String p = normalize(pattern, ignoresFinalDot);
    String h = normalize(host, ignoresFinalDot);
    if (p.isEmpty() || h.isEmpty()) {
      return false;
    }
    if (p.equals(h)) {
      return true;
    }
    int star = p.indexOf('*');
    int firstDot = p.indexOf('.');
    if (star < 0 || firstDot < 0 || star > firstDot || p.indexOf('*', star + 1) >= 0) {
      return false; // no wildcard, or one outside the left-most label, or two
    }
    String label = p.substring(0, firstDot);
    String rest = p.substring(firstDot);
    if (rest.chars().filter(ch -> ch == '.').count() < 2) {
      return false; // *.com: a wildcard needs two labels after it
    }
    boolean whole = label.equals("*");
    if (!whole && (!partialWildcards || label.startsWith("xn--"))) {
      return false;
    }
    int hostDot = h.indexOf('.');
    if (hostDot <= 0 || !h.substring(hostDot).equals(rest)) {
      return false; // the wildcard stands for exactly one non-empty label
    }
    String hostLabel = h.substring(0, hostDot);
    if (whole) {
      return true;
    }
    if (hostLabel.startsWith("xn--")) {
      return false; // OpenSSL: an IDNA label never matches a partial wildcard
    }
    String prefix = label.substring(0, star);
    String suffix = label.substring(star + 1);
    return hostLabel.length() >= prefix.length() + suffix.length() && hostLabel.startsWith(prefix)
        && hostLabel.endsWith(suffix);
  }

  private static String normalize(String s, boolean finalDot) {
    String n = s.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith("[") && n.endsWith("]")) {
      n = n.substring(1, n.length() - 1);
    }
    return finalDot && n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** An IPv4 dotted quad or an IPv6 literal (hex digits, colons, an optional dotted tail); never looked up. */
  public static boolean isIpLiteral(String host) {
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":") && host.matches("[0-9a-fA-F:.]+");
  }

  private static boolean sameAddress(String a, String b) {
    if (!isIpLiteral(a) || !isIpLiteral(b)) {
      return false;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
