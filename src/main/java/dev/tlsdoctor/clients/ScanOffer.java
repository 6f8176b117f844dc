package dev.tlsdoctor.clients;

import dev.tlsdoctor.scan.CertificateChecks;
import dev.tlsdoctor.scan.CertificateInfo;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.x509.CertificateNames;
import dev.tlsdoctor.x509.JdkRoots;
import dev.tlsdoctor.x509.NameCheck;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The {@link ServerOffer} a scan observed: the versions, suites, groups, DH size, certificate chains and ALPN the
 * server was seen to accept and present (from {@code scan --format json} or the in-memory {@link ServerProfile}).
 */
public final class ScanOffer {
  private ScanOffer() {
  }

  /** The offer of a scanned endpoint; empty when the scan has no TLS answer to go by. */
  public static Optional<ServerOffer> of(ServerProfile p) {
    return of(p, List.of());
  }

  /**
   * The same, for a scan that also trusted {@code privateCas} (the user's {@code --ca-file}): a chain that leads to
   * one of them and to no public root is {@link ServerOffer.Trust#PRIVATE}, trusted only by clients given that CA.
   */
  public static Optional<ServerOffer> of(ServerProfile p, List<X509Certificate> privateCas) {
    if (!p.speaksTls() || p.protocols() == null) {
      return Optional.empty();
    }
    Set<ProtocolVersion> protocols = EnumSet.noneOf(ProtocolVersion.class);
    p.protocols().forEach((k, v) -> {
      if (Boolean.TRUE.equals(v)) {
        protocols.add(k);
      }
    });
    Map<ProtocolVersion, List<CipherSuite>> suites = new EnumMap<>(ProtocolVersion.class);
    List<CipherSuite> tls13 = List.of();
    boolean pref = false;
    boolean pref13 = false;
    if (p.cipherSuites() != null) {
      for (var e : p.cipherSuites().entrySet()) {
        ProtocolVersion v = e.getKey();
        List<CipherSuite> l = e.getValue().stream().map(ScanOffer::suite).toList();
        boolean prefers = p.serverPreference() != null && Boolean.TRUE.equals(p.serverPreference().get(e.getKey()));
        if (v == ProtocolVersion.TLSv1_3) {
          tls13 = l;
          pref13 = prefers;
        } else {
          suites.put(v, l);
          pref |= prefers && v == highestLegacy(protocols);
        }
      }
    }
    List<NamedGroup> groups = new ArrayList<>();
    if (p.groups() != null) {
      for (String g : p.groups()) {
        NamedGroup.forName(g).ifPresent(groups::add);
      }
    }
    List<ServerOffer.Cert> certs = new ArrayList<>();
    Set<String> types = new java.util.HashSet<>();
    if (p.certificates() != null) {
      for (ServerProfile.Chain c : p.certificates()) {
        if (c.certificates().isEmpty()) {
          continue;
        }
        ServerOffer.Cert cert = cert(c, p.sni() == null ? null : p.sni().name(), privateCas);
        if (types.add(cert.keyType())) {
          certs.add(cert);
        }
      }
    }
    List<String> alpn = p.alpn() == null || p.alpn().supported() == null ? List.of() : p.alpn().supported();
    String label = p.target() + (p.sni() != null && p.sni().name() != null ? " (" + p.sni().name() + ")" : "");
    ServerOffer withoutSni = null;
    ServerProfile.Sni sni = p.sni();
    if (sni != null && sni.name() != null) {
      if (Boolean.TRUE.equals(sni.required())) {
        withoutSni = new ServerOffer(label + " without SNI", protocols, -1, suites, pref, tls13, pref13, groups,
            p.dhBits(), certs, alpn, true, null, Map.of());
      } else if (Boolean.TRUE.equals(sni.certificateDiffersWithoutSni())) {
        List<ServerOffer.Cert> other = certs.stream().map(c -> new ServerOffer.Cert(c.subject(), c.keyType(),
            c.keyBits(), c.curve(), c.signatureAlgorithm(), false, ServerOffer.Trust.UNKNOWN,
            "without SNI the server sends another certificate (" + sni.withoutSni() + ")")).toList();
        withoutSni = new ServerOffer(label + " without SNI", protocols, -1, suites, pref, tls13, pref13, groups,
            p.dhBits(), other, alpn, false, null, Map.of());
      }
    }
    return Optional.of(new ServerOffer(label, protocols, -1, suites, pref, tls13, pref13, groups, p.dhBits(), certs,
        alpn, false, withoutSni, Map.of()));
  }

  /**
   * The offer of an endpoint scanned twice: with SNI ({@code withSni}) and without ({@code withoutSni}), so that a
   * client that sends no server name gets what the server really gave the second scan (another server block's
   * suites and protocols, or a refusal).
   */
  public static Optional<ServerOffer> of(ServerProfile withSni, ServerProfile withoutSni) {
    return of(withSni, withoutSni, List.of());
  }

  /** The same, with the user's CAs (see {@link #of(ServerProfile, List)}). */
  public static Optional<ServerOffer> of(ServerProfile withSni, ServerProfile withoutSni,
      List<X509Certificate> privateCas) {
    Optional<ServerOffer> main = of(withSni, privateCas);
    if (main.isEmpty() || withoutSni == null) {
      return main;
    }
    ServerOffer m = main.get();
    ServerOffer other = of(withoutSni, privateCas).map(o -> new ServerOffer(m.label() + " without SNI", o.protocols(), -1,
        o.suites(), o.serverPreference(), o.tls13Suites(), o.tls13ServerPreference(), o.groups(), o.dhBits(),
        o.certificates(), o.alpn(), o.protocols().isEmpty(), null, Map.of()))
        .orElse(new ServerOffer(m.label() + " without SNI", Set.of(), -1, Map.of(), false, List.of(), false,
            List.of(), null, List.of(), List.of(), true, null, Map.of()));
    return Optional.of(new ServerOffer(m.label(), m.protocols(), -1, m.suites(), m.serverPreference(),
        m.tls13Suites(), m.tls13ServerPreference(), m.groups(), m.dhBits(), m.certificates(), m.alpn(), false, other,
        Map.of()));
  }

  private static ProtocolVersion highestLegacy(Set<ProtocolVersion> protocols) {
    ProtocolVersion best = null;
    for (ProtocolVersion v : protocols) {
      if (v != ProtocolVersion.TLSv1_3 && (best == null || v.compareTo(best) > 0)) {
        best = v;
      }
    }
    return best;
  }

  private static CipherSuite suite(ServerProfile.Suite s) {
    return CipherSuite.of(Integer.parseInt(s.code().substring(2), 16));
  }

  private static ServerOffer.Cert cert(ServerProfile.Chain c, String name, List<X509Certificate> privateCas) {
    CertificateInfo leaf = c.certificates().get(0);
    ServerOffer.Trust trust = ServerOffer.Trust.TRUSTED;
    String detail = null;
    Boolean names = true;
    for (CertificateChecks.Problem problem : c.problems()) {
      switch (problem.id()) {
        case "expired" -> {
          trust = ServerOffer.Trust.EXPIRED;
          detail = problem.detail();
        }
        case "not-yet-valid" -> {
          trust = ServerOffer.Trust.NOT_YET_VALID;
          detail = problem.detail();
        }
        case "hostname-mismatch" -> names = false;
        case "incomplete-chain" -> {
          if (trust == ServerOffer.Trust.TRUSTED) {
            trust = c.aia() != null && c.aia().completesChain() ? ServerOffer.Trust.INCOMPLETE_AIA
                : ServerOffer.Trust.INCOMPLETE;
            detail = problem.detail();
          }
        }
        case "self-signed", "untrusted" -> {
          if (trust == ServerOffer.Trust.TRUSTED) {
            trust = ServerOffer.Trust.UNTRUSTED;
            detail = problem.detail();
          }
        }
        default -> {
        }
      }
    }
    boolean anyPrivate = privateCas.stream().anyMatch(ca -> !PublicRoots.NAMES.contains(ca.getSubjectX500Principal()));
    if (trust == ServerOffer.Trust.INCOMPLETE_AIA && anyPrivate) {
      trust = ServerOffer.Trust.INCOMPLETE_AIA_PRIVATE;
    }
    if (trust == ServerOffer.Trust.TRUSTED && anyPrivate) {
      Optional<String> ca = privateAnchor(c.certificates(), privateCas);
      if (ca.isPresent()) {
        trust = ServerOffer.Trust.PRIVATE;
        detail = "the chain leads to " + ca.get() + ", a CA given with --ca-file, not to a public root";
      }
    }
    String type = leaf.keyType();
    NamedGroup curve = !type.equals("ECDSA") ? null : switch (leaf.keyBits()) {
      case 256 -> NamedGroup.SECP256R1;
      case 384 -> NamedGroup.SECP384R1;
      case 521 -> NamedGroup.SECP521R1;
      default -> null;
    };
    // the scan judged the name by RFC 9525; clients with another rule judge it again from the names
    NameCheck check = name == null ? null : new NameCheck(CertificateNames.of(leaf.subjectAltNames(), leaf.subject()),
        name);
    return new ServerOffer.Cert(leaf.subject(), type, leaf.keyBits(), curve, leaf.signatureAlgorithm(), names, trust,
        detail, check, root(c.certificates()));
  }

  /**
   * The subject of the CA the served chain leads to when it is one of {@code privateCas} and no public root (of the
   * JDK's store) has that name.
   */
  private static Optional<String> privateAnchor(List<CertificateInfo> chain, List<X509Certificate> privateCas) {
    CertificateInfo top = chain.get(chain.size() - 1);
    X500Principal anchor = new X500Principal(top.issuer());
    boolean given = privateCas.stream().anyMatch(ca -> ca.getSubjectX500Principal().equals(anchor));
    if (!given || PublicRoots.NAMES.contains(anchor)) {
      return Optional.empty();
    }
    return Optional.of(top.issuer());
  }

  /** The subject of the root a served chain leads to: its last certificate's issuer (the root itself when sent). */
  static String root(List<CertificateInfo> chain) {
    CertificateInfo top = chain.get(chain.size() - 1);
    return top.issuer();
  }

  /** The subjects of the JDK's default trust anchors, read once. */
  private static final class PublicRoots {
    static final Set<X500Principal> NAMES = load();

    private static Set<X500Principal> load() {
      // no default store: every given CA counts as private
      return JdkRoots.get().stream().map(X509Certificate::getSubjectX500Principal)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }
}
