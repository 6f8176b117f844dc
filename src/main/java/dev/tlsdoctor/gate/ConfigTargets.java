package dev.tlsdoctor.gate;

import dev.tlsdoctor.clients.ClientSimulation;
import dev.tlsdoctor.clients.PolicyOffer;
import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.nginx.policy.CertificateFile;
import dev.tlsdoctor.nginx.policy.ClientView;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.ServerPolicy;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.scan.CertificateInfo;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints of an nginx configuration, as {@code check} judges them offline: one per TLS listen socket and
 * server on it, with what a client asking for that server by SNI gets (protocols, suites, groups, certificate).
 * What only a live server shows (OCSP stapling, SNI behaviour) is null, and rules on it are skipped.
 */
public final class ConfigTargets {
  /**
   * The groups OpenSSL 3.0 accepts for {@code ssl_ecdh_curve auto} (nginx's default), by OpenSSL name, as a scan
   * of such a server finds them: its default supported-groups list, the finite-field groups (TLS 1.3) included.
   */
  static final List<String> AUTO_GROUPS = List.of("x25519", "secp256r1", "x448", "secp521r1", "secp384r1",
      "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192");

  private ConfigTargets() {
  }

  /** The endpoints of {@code policy}; each finding goes to the endpoints whose socket and server it names. */
  public static List<Observed> of(TlsPolicy policy, List<Finding> findings, Instant now) {
    List<Observed> out = new ArrayList<>();
    List<List<Observed.Found>> found = new ArrayList<>();
    List<ListenSocket> sockets = new ArrayList<>();
    List<ServerPolicy> servers = new ArrayList<>();
    for (ListenSocket k : policy.sockets()) {
      if (!k.tls()) {
        continue;
      }
      for (ServerPolicy s : k.servers()) {
        out.add(observe(policy.view(k, s), k, s, now));
        found.add(new ArrayList<>());
        sockets.add(k);
        servers.add(s);
      }
    }
    for (Finding f : findings) {
      if (!f.isProblem()) {
        continue;
      }
      Observed.Found x = new Observed.Found(f.id(), f.severity(), f.message(), f.file(), f.line());
      boolean placed = false;
      for (int i = 0; i < out.size(); i++) {
        boolean socket = f.listen().isEmpty() || f.listen().contains(sockets.get(i).address());
        boolean server = f.serverName() == null || f.serverName().isEmpty() || servers.get(i).names()
            .contains(f.serverName());
        if (socket && server) {
          found.get(i).add(x);
          placed = true;
        }
      }
      if (!placed && !out.isEmpty()) {
        found.get(0).add(x); // about no TLS endpoint (an upstream, the http block): the first one carries it
      }
    }
    List<Observed> result = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Observed o = out.get(i);
      // what each client gets there: a client sends the server's name (none for a server without one)
      ServerPolicy s = servers.get(i);
      String sni = s.names().stream().filter(n -> !n.isEmpty() && !n.equals("_") && !n.startsWith("~")
          && !n.contains("*")).findFirst().orElse(null);
      result.add(o.withFindings(found.get(i)).withClients(Observed.Client.of(ClientSimulation.against(
          PolicyOffer.of(policy, sockets.get(i), sni)))));
    }
    return result;
  }

  /**
   * Whether OpenSSL can negotiate a TLS 1.2-or-older suite with the server's certificates: an RSA suite needs an RSA
   * key, an ECDSA suite an ECDSA key; suites without authentication need none; PSK, SRP, DSS and the rest need what
   * nginx does not configure. When a certificate file could not be read, every suite is kept.
   */
  private static boolean usable(CipherSuite c, ServerPolicy ctx) {
    if (!ctx.certificatesKnown()) {
      return true;
    }
    return switch (c.authentication()) {
      case RSA -> ctx.keyTypes().contains(CertificateFile.KeyType.RSA);
      case ECDSA -> ctx.keyTypes().contains(CertificateFile.KeyType.ECDSA);
      case NULL -> true;
      default -> false;
    };
  }

  private static Observed observe(ClientView v, ListenSocket k, ServerPolicy s, Instant now) {
    ServerPolicy ctx = v.context();
    List<ProtocolVersion> protocols = new ArrayList<>();
    Map<ProtocolVersion, List<String>> suites = new LinkedHashMap<>();
    Map<ProtocolVersion, Boolean> preference = new LinkedHashMap<>();
    boolean prefer = "on".equals(ctx.preferServerCiphers().value());
    for (ProtocolVersion p : ProtocolVersion.values()) {
      if (!v.protocols().contains(p)) {
        continue;
      }
      protocols.add(p);
      List<String> list = new ArrayList<>();
      if (p == ProtocolVersion.TLSv1_3) {
        for (String c : ctx.ciphersuites().value().split(":")) {
          if (!c.isBlank()) {
            list.add(c.strip());
          }
        }
      } else if (ctx.cipherResult() != null) {
        for (CipherSuite c : ctx.cipherResult().ciphers()) {
          if (!c.isTls13() && p.isAtLeast(c.minVersion()) && usable(c, ctx)) {
            list.add(Verdicts.suiteName(c));
          }
        }
      }
      suites.put(p, List.copyOf(list));
      if (list.size() > 1) {
        // TLS 1.3: OpenSSL follows the server's order only with ssl_prefer_server_ciphers too
        preference.put(p, prefer);
      }
    }
    String curve = v.groups() == null ? "auto" : v.groups().value();
    List<String> groups = curve.equalsIgnoreCase("auto") ? AUTO_GROUPS
        : java.util.Arrays.stream(curve.split(":")).filter(g -> !g.isBlank()).map(Observed::groupName).toList();
    Observed.Certificate cert = null;
    for (CertificateFile f : ctx.certFiles()) {
      if (f.error() == null && !f.chain().isEmpty()) {
        X509Certificate leaf = f.chain().get(0);
        CertificateInfo i = CertificateInfo.of(leaf);
        cert = Observed.certificate(i.subject(), i.issuer(), leaf.getNotAfter().toInstant(), now, i.keyType(),
            i.keyBits(), i.signatureAlgorithm(), i.sha256(), leaf.getNotAfter().toInstant().isBefore(now)
                ? List.of("expired") : List.of());
        break;
      }
    }
    String server = s.name().isEmpty() ? "(no server_name)" : s.name();
    return new Observed(server + " on " + k.address(), "config", null, protocols, suites, preference,
        groups, cert, null, null, List.of());
  }
}
