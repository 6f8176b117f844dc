package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.tls.Authentication;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which configured suites a server can really negotiate, given its certificates and DH parameters. */
public final class Suites {
  /** Mozilla's "intermediate" TLS 1.2 cipher list (guideline 5.8 and 6.0, read 2026-11). */
  static final String MOZILLA_INTERMEDIATE = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
      + "ECDHE-RSA-CHACHA20-POLY1305";

  private Suites() {
  }

  /**
   * The TLS 1.2-and-below suites {@code server} can negotiate: those of its cipher list whose authentication its
   * certificates provide (every certificate-based one when the certificates could not be read), anonymous ones, and,
   * for DHE, with
   * {@code ssl_dhparam} set (nginx sets no DH parameters by default since 1.11.0).
   */
  public static List<CipherSuite> usable(ServerPolicy server) {
    Set<CertificateFile.KeyType> keys = server.keyTypes();
    boolean known = server.certificatesKnown();
    List<CipherSuite> out = new ArrayList<>();
    for (CipherSuite c : server.cipherResult().ciphers()) {
      boolean auth = switch (c.authentication()) {
        case RSA -> !known || keys.contains(CertificateFile.KeyType.RSA);
        case ECDSA -> !known || keys.contains(CertificateFile.KeyType.ECDSA);
        case NULL -> true; // anonymous suites need no certificate (OpenSSL allows them at security level 0 only)
        default -> false;
      };
      boolean kx = c.keyExchange() != KeyExchange.DHE || !server.dhparam().value().isEmpty();
      if (auth && kx) {
        out.add(c);
      }
    }
    return out;
  }

  /** Why {@link #usable} is empty, for a person. */
  static String whyNone(ServerPolicy server) {
    if (!server.cipherResult().isUsable()) {
      return server.cipherResult().error() != null ? server.cipherResult().error()
          : "OpenSSL can use none of the suites it selects";
    }
    List<CipherSuite> all = server.cipherResult().ciphers();
    boolean onlyEcdsa = all.stream().allMatch(c -> c.authentication() == Authentication.ECDSA);
    boolean onlyRsa = all.stream().allMatch(c -> c.authentication() == Authentication.RSA);
    boolean onlyDhe = all.stream().allMatch(c -> c.keyExchange() == KeyExchange.DHE);
    if (onlyDhe && server.dhparam().value().isEmpty()) {
      return "it selects only DHE suites and no ssl_dhparam is set";
    }
    if (onlyEcdsa) {
      return "it selects only ECDSA suites and the certificate is " + keyNames(server);
    }
    if (onlyRsa) {
      return "it selects only RSA suites and the certificate is " + keyNames(server);
    }
    return "none of its suites fits the certificate (" + keyNames(server) + ")";
  }

  private static String keyNames(ServerPolicy s) {
    return String.join(" and ", s.keyTypes().stream().map(Enum::name).toList());
  }

  static boolean allowsTls12OrOlder(Set<ProtocolVersion> protocols) {
    return protocols.stream().anyMatch(p -> !p.isAtLeast(ProtocolVersion.TLSv1_3));
  }
}
