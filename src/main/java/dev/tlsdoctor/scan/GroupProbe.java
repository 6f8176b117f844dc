package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.Authentication;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.ServerKeyExchange;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which key-exchange groups does the server accept? Each question answered by {@link Enumeration}. TLS 1.3:
 * supported_groups with an empty key_share, so that the HelloRetryRequest names the server's pick. TLS 1.2: ECDHE
 * suites with supported_groups, the pick read from the ServerKeyExchange. Also the size of the DHE group of TLS 1.2
 * and below.
 *
 * <p>In TLS 1.2 supported_groups also limits the curve of an ECDSA certificate (RFC 8422, section 5.1): a server that
 * has only ECDSA suites refuses a list without its certificate's curve. Its groups are enumerated with that curve
 * always offered last; a server that ranks the certificate's curve above others hides those from TLS 1.2.
 */
final class GroupProbe {
  /** Named curves by object identifier, for the curve of an ECDSA certificate. */
  private static final Map<String, NamedGroup> CURVES = Map.of(
      "1.2.840.10045.3.1.7", NamedGroup.SECP256R1,
      "1.3.132.0.34", NamedGroup.SECP384R1,
      "1.3.132.0.35", NamedGroup.SECP521R1,
      "1.3.132.0.10", NamedGroup.SECP256K1,
      "1.3.36.3.3.2.8.1.1.7", NamedGroup.BRAINPOOLP256R1,
      "1.3.36.3.3.2.8.1.1.11", NamedGroup.BRAINPOOLP384R1,
      "1.3.36.3.3.2.8.1.1.13", NamedGroup.BRAINPOOLP512R1);

  /** The groups one version accepts: in the server's order when it has one, else in code order. */
  record Groups(List<NamedGroup> groups, Boolean serverOrder, Reason reason) {
    static final Groups NONE = new Groups(List.of(), null, null);
  }

  private GroupProbe() {
  }

  /** TLS 1.3's groups. */
  static Groups tls13(Connector c, String sni) throws InterruptedException {
    List<CipherSuite> suites = ScanHellos.candidates(ProtocolVersion.TLSv1_3);
    Enumeration.Result<NamedGroup> r = Enumeration.run(candidates(true), 16, offered -> {
      ServerFlight f = c.exchange(ScanHellos.tls13(suites, offered, false, sni).build().toRecords());
      NamedGroup g = f.serverHello().flatMap(h -> h.selectedGroup()).filter(offered::contains).orElse(null);
      return g != null ? Enumeration.Pick.of(g) : Enumeration.Pick.refused(Reason.of(f));
    });
    return new Groups(r.accepted(), r.serverOrder(), r.refusal());
  }

  /**
   * The ECDHE groups of {@code v} (TLS 1.0 to 1.2): with the RSA suites of that version; when the server takes none,
   * with its ECDSA suites and the certificate's curve offered last.
   */
  static Groups legacy(Connector c, ProtocolVersion v, String sni) throws InterruptedException {
    List<CipherSuite> ecdhe = ScanHellos.candidates(v).stream().filter(s -> s.keyExchange() == KeyExchange.ECDHE)
        .toList();
    List<CipherSuite> rsa = ecdhe.stream().filter(s -> s.authentication() == Authentication.RSA).toList();
    Enumeration.Result<NamedGroup> r = Enumeration.run(candidates(false), 16, offered -> pick(c, v, rsa, offered,
        sni));
    if (!r.accepted().isEmpty()) {
      return new Groups(r.accepted(), r.serverOrder(), r.refusal());
    }
    List<CipherSuite> ecdsa = ecdhe.stream().filter(s -> s.authentication() == Authentication.ECDSA).toList();
    ServerFlight first = c.exchange(hello(v, ecdsa, candidates(false), sni));
    NamedGroup curve = Optional.of(TargetScan.Served.of(first).chain()).filter(l -> !l.isEmpty())
        .map(l -> curve(l.get(0))).orElse(null);
    if (curve == null || first.serverKeyExchange().flatMap(ServerKeyExchange::ecdhe).isEmpty()) {
      return new Groups(List.of(), null, r.refusal());
    }
    AtomicBoolean curveTaken = new AtomicBoolean(curve.equals(picked(first)));
    List<NamedGroup> others = candidates(false).stream().filter(g -> !g.equals(curve)).toList();
    Enumeration.Result<NamedGroup> e = Enumeration.run(others, 16, offered -> {
      List<NamedGroup> withCurve = new ArrayList<>(offered);
      withCurve.add(curve);
      Enumeration.Pick<NamedGroup> p = pick(c, v, ecdsa, withCurve, sni);
      if (curve.equals(p.picked())) {
        curveTaken.set(true);
        return Enumeration.Pick.refused(Reason.notApplicable("the server took the certificate's curve, "
            + curve.opensslName() + ", offered last for the ECDSA certificate"));
      }
      return p;
    });
    List<NamedGroup> out = new ArrayList<>(e.accepted());
    if (curveTaken.get()) {
      int at = 0;
      while (at < out.size() && (Boolean.TRUE.equals(e.serverOrder()) || out.get(at).code() < curve.code())) {
        at++;
      }
      out.add(Boolean.TRUE.equals(e.serverOrder()) ? out.size() : at, curve);
    }
    return new Groups(List.copyOf(out), e.serverOrder(), e.refusal());
  }

  /** The size in bits of the DHE prime of {@code v}, or null when it takes no DHE suite. */
  static Integer dhBits(Connector c, ProtocolVersion v, String sni) {
    List<CipherSuite> dhe = ScanHellos.candidates(v).stream().filter(s -> s.keyExchange() == KeyExchange.DHE)
        .toList();
    if (dhe.isEmpty()) {
      return null;
    }
    ServerFlight f = c.exchange(ScanHellos.legacy(v, dhe, sni).build().toRecords());
    return f.serverKeyExchange().flatMap(ServerKeyExchange::dhe).map(ServerKeyExchange.Dhe::bits).orElse(null);
  }

  private static Enumeration.Pick<NamedGroup> pick(Connector c, ProtocolVersion v, List<CipherSuite> suites,
      List<NamedGroup> offered, String sni) {
    ServerFlight f = c.exchange(hello(v, suites, offered, sni));
    NamedGroup g = picked(f);
    return g != null && offered.contains(g) ? Enumeration.Pick.of(g) : Enumeration.Pick.refused(Reason.of(f));
  }

  private static NamedGroup picked(ServerFlight f) {
    return f.serverKeyExchange().flatMap(ServerKeyExchange::ecdhe).map(ServerKeyExchange.Ecdhe::group).orElse(null);
  }

  private static byte[] hello(ProtocolVersion v, List<CipherSuite> suites, List<NamedGroup> groups, String sni) {
    return ScanHellos.legacy(v, suites, sni).supportedGroups(groups.toArray(NamedGroup[]::new)).build().toRecords();
  }

  /** The named curve of an ECDSA certificate's key, or null. */
  static NamedGroup curve(X509Certificate cert) {
    if (!(cert.getPublicKey() instanceof ECPublicKey key)) {
      return null;
    }
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(key.getParams());
      // the JDK names a curve it knows (secp256r1) and gives the object identifier of others
      String name = p.getParameterSpec(ECGenParameterSpec.class).getName();
      return CURVES.containsKey(name) ? CURVES.get(name) : NamedGroup.forName(name).orElse(null);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  /** Groups worth offering: every elliptic, finite-field and post-quantum group (TLS 1.2: elliptic ones only). */
  static List<NamedGroup> candidates(boolean tls13) {
    return NamedGroup.all().stream().filter(g -> switch (g.kind()) {
      case EC_PRIME, MONTGOMERY -> true;
      case EC_BINARY -> !tls13;
      case FFDHE, ML_KEM, HYBRID -> tls13;
      default -> false;
    }).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
  }
}
