package dev.tlsdoctor.clients;

import dev.tlsdoctor.x509.NameRule;

/** Which {@link NameRule} a client applies to the server's certificate, by family and version. */
final class NameRules {
  private NameRules() {
  }

  /**
   * The rule of {@code c}. Clients built on OpenSSL or LibreSSL use {@code X509_check_host}; Java its
   * {@code HostnameChecker}; curl and Python fall back to the CN without partial wildcards; GnuTLS's
   * {@code gnutls_x509_crt_check_hostname} and Node's {@code checkServerIdentity} use the CN only without a DNS
   * subjectAltName. Chrome stopped using the CN in 58 (2017), Safari in iOS 13 and macOS 10.15 (2019), Go in 1.15
   * (2020); everything else is judged by RFC 9525, the strictest rule.
   */
  static NameRule of(ClientProfile c) {
    String family = c.family() == null ? "" : c.family();
    int major = major(c.version());
    return switch (family) {
      case "openssl", "libressl" -> NameRule.OPENSSL;
      case "java" -> NameRule.JAVA;
      case "curl", "python", "gnutls", "node" -> NameRule.CN_FALLBACK;
      case "chrome" -> major >= 0 && major < 58 ? NameRule.CN_FALLBACK : NameRule.RFC_9525;
      case "safari" -> major >= 0 && major < 13 ? NameRule.CN_FALLBACK : NameRule.RFC_9525;
      case "go" -> major == 1 && minor(c.version()) < 15 ? NameRule.CN_FALLBACK : NameRule.RFC_9525;
      default -> NameRule.RFC_9525;
    };
  }

  /** The leading number of a version as vendors write it ({@code 49}, {@code 8u161}, {@code 1.19}); -1 if none. */
  static int major(String version) {
    return number(version, 0);
  }

  private static int minor(String version) {
    int dot = version == null ? -1 : version.indexOf('.');
    return dot < 0 ? 0 : Math.max(0, number(version, dot + 1));
  }

  private static int number(String s, int from) {
    if (s == null) {
      return -1;
    }
    int i = from;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && i - from < 6) {
      i++;
    }
    return i == from ? -1 : Integer.parseInt(s.substring(from, i));
  }
}
