package dev.tlsdoctor.x509;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The identities a server certificate claims: its subjectAltName DNS names and IP addresses (RFC 5280 4.2.1.6) and
 * the common names of its subject, which some clients still consult (see {@link NameRule}).
 *
 * @param dnsNames dNSName entries, lower-case, in the certificate's order
 * @param ipAddresses iPAddress entries as the JDK prints them ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1})
 * @param commonNames the subject's CN values, lower-case
 */
public record CertificateNames(List<String> dnsNames, List<String> ipAddresses, List<String> commonNames) {
  public CertificateNames {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    commonNames = List.copyOf(commonNames);
  }

  /** The names of a parsed certificate; an unreadable subjectAltName extension counts as none. */
  public static CertificateNames of(X509Certificate c) {
    List<String> dns = new ArrayList<>();
    List<String> ip = new ArrayList<>();
    try {
      Collection<List<?>> all = c.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> e : all) {
          int type = (Integer) e.get(0);
          if (type == 2) {
            dns.add(String.valueOf(e.get(1)).toLowerCase(Locale.ROOT));
          } else if (type == 7) {
            ip.add(String.valueOf(e.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable subjectAltName
    }
    return new CertificateNames(dns, ip, commonNames(c.getSubjectX500Principal().getName()));
  }

  /**
   * The names from a certificate as a report shows it: {@code DNS:name} and {@code IP:address} entries and the
   * subject's distinguished name (RFC 2253, as the JDK prints it).
   */
  public static CertificateNames of(List<String> subjectAltNames, String subject) {
    List<String> dns = new ArrayList<>();
    List<String> ip = new ArrayList<>();
    for (String s : subjectAltNames) {
      if (s.startsWith("DNS:")) {
        dns.add(s.substring(4).toLowerCase(Locale.ROOT));
      } else if (s.startsWith("IP:")) {
        ip.add(s.substring(3));
      }
    }
    return new CertificateNames(dns, ip, commonNames(subject));
  }

  /** The CN values of an RFC 2253 name, in order; none when it does not parse. */
  static List<String> commonNames(String subject) {
    List<String> out = new ArrayList<>();
    try {
      for (Rdn r : new LdapName(subject).getRdns()) {
        if (r.getType().equalsIgnoreCase("CN")) {
          out.add(String.valueOf(r.getValue()).toLowerCase(Locale.ROOT));
        }
      }
    } catch (InvalidNameException | IllegalArgumentException e) {
      // no CN
    }
    return out;
  }

  /**
   * The names to show a person, DNS names and IP addresses from the subjectAltName, else the common names (what a
   * certificate without the extension is "for").
   */
  public List<String> shown() {
    List<String> out = new ArrayList<>(dnsNames);
    out.addAll(ipAddresses);
    return out.isEmpty() ? commonNames : List.copyOf(out);
  }

  /** The DNS identifiers {@code rule} compares a host name with: the DNS names, else the CNs if it falls back. */
  public List<String> dnsIdentifiers(NameRule rule) {
    return dnsNames.isEmpty() && rule.commonNameFallback() ? commonNames : dnsNames;
  }
}
