package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.Authentication;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.ServerKeyExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * Which key-exchange groups does the server accept? TLS 1.3: supported_groups with an empty key_share, so the
 * HelloRetryRequest names the server's pick, which is removed before the next try. TLS 1.2: ECDHE suites with
 * supported_groups, the pick read from the ServerKeyExchange. Also the size of the DHE group of TLS 1.2 and below.
 */
final class GroupProbe {
  /**
   * The answer: groups in the order the server picked them (TLS 1.3's first, then TLS 1.2's others), the reason the
   * enumeration ended, and the DH prime size in bits (null without DHE suites).
   */
  record Result(List<NamedGroup> tls13, List<NamedGroup> tls12, Reason reason, Integer dhBits) {
    List<NamedGroup> all() {
      List<NamedGroup> out = new ArrayList<>(tls13);
      tls12.stream().filter(g -> !out.contains(g)).forEach(out::add);
      return out;
    }
  }

  private GroupProbe() {
  }

  static Result run(Connector c, boolean tls13, List<CipherSuite> tls12Suites, ProtocolVersion legacy, String sni) {
    List<NamedGroup> g13 = new ArrayList<>();
    Reason reason = null;
    if (tls13) {
      List<NamedGroup> left = candidates(true);
      while (!left.isEmpty()) {
        ServerFlight f = c.exchange(ScanHellos.tls13(ScanHellos.candidates(ProtocolVersion.TLSv1_3), left, false,
            sni).build().toRecords());
        NamedGroup g = f.serverHello().flatMap(h -> h.selectedGroup()).filter(left::contains).orElse(null);
        if (g == null) {
          reason = Reason.of(f);
          break;
        }
        g13.add(g);
        left.remove(g);
      }
    }
    List<NamedGroup> g12 = new ArrayList<>();
    List<CipherSuite> ecdhe = tls12Suites.stream().filter(s -> s.keyExchange() == KeyExchange.ECDHE).toList();
    // in TLS 1.2 supported_groups also limits the curve of an ECDSA certificate: enumerate with RSA suites if any
    List<CipherSuite> rsa = ecdhe.stream().filter(s -> s.authentication() == Authentication.RSA).toList();
    if (!rsa.isEmpty()) {
      ecdhe = rsa;
    }
    if (legacy != null && !ecdhe.isEmpty()) {
      List<NamedGroup> left = candidates(false);
      List<CipherSuite> suites = ecdhe;
      while (!left.isEmpty()) {
        ServerFlight f = c.exchange(ScanHellos.legacy(legacy, suites, sni)
            .supportedGroups(left.toArray(NamedGroup[]::new)).build().toRecords());
        NamedGroup g = f.serverKeyExchange().flatMap(ServerKeyExchange::ecdhe).map(ServerKeyExchange.Ecdhe::group)
            .filter(left::contains).orElse(null);
        if (g == null) {
          reason = reason == null ? Reason.of(f) : reason;
          break;
        }
        g12.add(g);
        left.remove(g);
      }
    }
    Integer dhBits = null;
    List<CipherSuite> dhe = tls12Suites.stream().filter(s -> s.keyExchange() == KeyExchange.DHE).toList();
    if (legacy != null && !dhe.isEmpty()) {
      ServerFlight f = c.exchange(ScanHellos.legacy(legacy, dhe, sni).build().toRecords());
      dhBits = f.serverKeyExchange().flatMap(ServerKeyExchange::dhe).map(ServerKeyExchange.Dhe::bits).orElse(null);
    }
    return new Result(List.copyOf(g13), List.copyOf(g12), reason, dhBits);
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
