package dev.tlsdoctor.x509;

/**
 * A certificate's names and the host a client asked for, to be judged by each client's {@link NameRule}.
 *
 * @param host the name asked for (a DNS name or an IP address literal)
 */
public record NameCheck(CertificateNames names, String host) {
  public boolean matches(NameRule rule) {
    return rule.matches(names, host);
  }
}
