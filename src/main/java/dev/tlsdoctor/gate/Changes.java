package dev.tlsdoctor.gate;

import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.scan.ProtocolKey;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.finding.SuiteWeakness;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.NamedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed at one endpoint since the baseline, each change a regression (it fails the check) or an
 * improvement; a few are neither ({@link Change#CHANGE}: the order of equally strong suites).
 *
 * <p>The rule behind each verdict: what makes handshakes weaker or makes clients that worked fail is a regression
 * (a protocol below TLS 1.2 or a weak suite or group newly accepted; TLS 1.2 or 1.3, a strong suite or group no
 * longer accepted; the server's preference lost or a weaker suite now preferred; a certificate that expires sooner,
 * has a smaller key or new problems; stapling lost; a hello without SNI or with an unknown name now refused; a new
 * finding; the endpoint no longer scannable; a simulated client profile that connected and no longer does). The
 * opposite of each is an improvement.
 */
final class Changes {
  private final String target;
  private final List<Change> out = new ArrayList<>();

  private Changes(String target) {
    this.target = target;
  }

  /** The changes from {@code before} to {@code now}. */
  static List<Change> between(Observed before, Observed now) {
    Changes c = new Changes(now.target());
    c.compare(before, now);
    return List.copyOf(c.out);
  }

  private void compare(Observed b, Observed n) {
    if (b.error() == null && n.error() != null) {
      add("endpoint", Change.REGRESSION, "could be scanned before, not now: " + n.error());
    } else if (b.error() != null && n.error() == null) {
      add("endpoint", Change.IMPROVEMENT, "can be scanned now (before: " + b.error() + ")");
    }
    if (n.error() != null && n.protocols().isEmpty()) {
      return; // nothing to compare
    }
    protocols(b.protocols(), n.protocols());
    for (ProtocolVersion v : ProtocolVersion.values()) {
      if (!b.protocols().contains(v) || !n.protocols().contains(v)) {
        continue; // a version gained or lost is one change, not one per suite
      }
      List<String> bs = b.suites().getOrDefault(v, List.of());
      List<String> ns = n.suites().getOrDefault(v, List.of());
      suites(v, bs, ns);
      order(v, bs, ns, b.serverPreference().get(v), n.serverPreference().get(v));
    }
    boolean tls13Changed = b.protocols().contains(ProtocolVersion.TLSv1_3) != n.protocols().contains(ProtocolVersion.TLSv1_3);
    groups(b.groups().stream().filter(g -> !tls13Changed || !tls13Only(g)).toList(),
        n.groups().stream().filter(g -> !tls13Changed || !tls13Only(g)).toList());
    certificate(b.certificate(), n.certificate());
    if (b.ocspStapling() != null && n.ocspStapling() != null && !b.ocspStapling().equals(n.ocspStapling())) {
      add("ocspStapling", n.ocspStapling() ? Change.IMPROVEMENT : Change.REGRESSION, n.ocspStapling()
          ? "an OCSP response is stapled now" : "no OCSP response is stapled any more");
    }
    if (b.sni() != null && n.sni() != null) {
      sni("sni.withoutName", "a hello without SNI", b.sni().withoutName(), n.sni().withoutName());
      sni("sni.unknownName", "a hello naming an unknown server", b.sni().unknownName(), n.sni().unknownName());
    }
    findings(b.findings(), n.findings());
    clients(b.clients(), n.clients());
  }

  /**
   * A client profile that connected with TLS 1.2 or 1.3 and a strong suite and no longer connects is a regression;
   * one that now connects that way, an improvement. A client that connected only through a legacy version or a
   * weak suite, or now connects only that way, is a {@link Change#CHANGE}: the version or suite itself is the change
   * that counts. Only when both runs recorded client verdicts (an older baseline has none), for the ids in both.
   */
  private void clients(List<Observed.Client> b, List<Observed.Client> n) {
    if (b == null || n == null) {
      return;
    }
    Map<String, Observed.Client> before = new java.util.HashMap<>();
    for (Observed.Client c : b) {
      if (c != null && c.id() != null) {
        before.putIfAbsent(c.id(), c);
      }
    }
    for (Observed.Client c : n) {
      Observed.Client was = before.get(c.id());
      if (was == null || was.connects() == c.connects()) {
        continue;
      }
      if (c.connects()) {
        add("clients", c.strong() ? Change.IMPROVEMENT : Change.CHANGE, c.name() + " connects now"
            + (c.strong() ? "" : ", only with a weak handshake") + " (" + c.protocol() + ", " + c.cipher() + ")");
      } else {
        add("clients", was.strong() ? Change.REGRESSION : Change.CHANGE, c.name() + " cannot connect any more"
            + (was.strong() ? "" : " (it connected only with a weak handshake: " + was.protocol() + ", "
                + was.cipher() + ")") + ": " + c.clazz() + ": " + c.reason());
      }
    }
  }

  private void protocols(List<ProtocolVersion> b, List<ProtocolVersion> n) {
    for (ProtocolVersion v : ProtocolVersion.values()) {
      boolean was = b.contains(v);
      boolean is = n.contains(v);
      if (was == is) {
        continue;
      }
      boolean legacy = Observed.legacyProtocol(v);
      // a legacy version accepted, or a current one lost, is the regression
      add("protocols", is == legacy ? Change.REGRESSION : Change.IMPROVEMENT, ProtocolKey.name(v) + (is ? " is accepted now"
          : " is no longer accepted"));
    }
  }

  private void suites(ProtocolVersion version, List<String> b, List<String> n) {
    String v = ProtocolKey.name(version);
    for (String s : n) {
      if (!b.contains(s)) {
        add("suites", weakSuite(s) ? Change.REGRESSION : Change.IMPROVEMENT, v + ": " + s + " is accepted now"
            + (weakSuite(s) ? " (" + whyWeak(s) + ")" : ""));
      }
    }
    for (String s : b) {
      if (!n.contains(s)) {
        add("suites", weakSuite(s) ? Change.IMPROVEMENT : Change.REGRESSION, v + ": " + s
            + " is no longer accepted" + (weakSuite(s) ? " (" + whyWeak(s) + ")" : ""));
      }
    }
  }

  private void order(ProtocolVersion version, List<String> b, List<String> n, Boolean bPref, Boolean nPref) {
    String v = ProtocolKey.name(version);
    if (bPref != null && nPref != null && !bPref.equals(nPref)) {
      add("order", nPref ? Change.IMPROVEMENT : Change.REGRESSION, v + (nPref
          ? ": the server chooses the suite now" : ": the server no longer chooses the suite (the client's order"
          + " decides)"));
      return;
    }
    if (!Boolean.TRUE.equals(nPref) || !Boolean.TRUE.equals(bPref)) {
      return;
    }
    List<String> common = n.stream().filter(b::contains).toList();
    List<String> before = b.stream().filter(common::contains).toList();
    if (common.equals(before) || common.size() < 2) {
      return;
    }
    int wasInverted = inversions(before);
    int isInverted = inversions(common);
    String kind = isInverted > wasInverted ? Change.REGRESSION : isInverted < wasInverted ? Change.IMPROVEMENT
        : Change.CHANGE;
    add("order", kind, v + ": the server's order changed: " + String.join(" > ", common) + " (was "
        + String.join(" > ", before) + ")");
  }

  /** Pairs in which a weaker suite comes before a stronger one. */
  private static int inversions(List<String> order) {
    int n = 0;
    for (int i = 0; i < order.size(); i++) {
      for (int j = i + 1; j < order.size(); j++) {
        if (strength(order.get(i)) < strength(order.get(j))) {
          n++;
        }
      }
    }
    return n;
  }

  private void groups(List<String> b, List<String> n) {
    for (String g : n) {
      if (!b.contains(g)) {
        add("groups", weakGroup(g) ? Change.REGRESSION : Change.IMPROVEMENT, g + " is accepted now");
      }
    }
    for (String g : b) {
      if (!n.contains(g)) {
        add("groups", weakGroup(g) ? Change.IMPROVEMENT : Change.REGRESSION, g + " is no longer accepted");
      }
    }
  }

  private void certificate(Observed.Certificate b, Observed.Certificate n) {
    if (b == null && n == null) {
      return;
    }
    if (n == null) {
      add("certificate", Change.REGRESSION, "no certificate could be read now (before: " + b.subject() + ")");
      return;
    }
    if (b == null) {
      add("certificate", Change.IMPROVEMENT, "a certificate is served now: " + n.subject());
      return;
    }
    if (!Objects.equals(b.sha256(), n.sha256())) {
      List<String> worse = new ArrayList<>();
      if (n.notAfter().compareTo(b.notAfter()) < 0) {
        worse.add("expires sooner: " + n.notAfter() + " (was " + b.notAfter() + ")");
      }
      if (n.keyType().equals(b.keyType()) && n.keyBits() < b.keyBits()) {
        worse.add("a smaller key: " + n.keyType() + " " + n.keyBits() + " (was " + b.keyBits() + ")");
      }
      if (!n.subject().equals(b.subject())) {
        worse.add("another subject: " + n.subject() + " (was " + b.subject() + ")");
      }
      add("certificate", worse.isEmpty() ? Change.IMPROVEMENT : Change.REGRESSION, "another certificate: "
          + (worse.isEmpty() ? n.subject() + ", " + n.keyType() + " " + n.keyBits() + ", expires " + n.notAfter()
          + " (was " + b.notAfter() + ")" : String.join("; ", worse)));
    }
    for (String p : n.problems()) {
      if (!b.problems().contains(p)) {
        add("certificate", Change.REGRESSION, "a new problem with the chain: " + p);
      }
    }
    for (String p : b.problems()) {
      if (!n.problems().contains(p)) {
        add("certificate", Change.IMPROVEMENT, "no longer a problem with the chain: " + p);
      }
    }
  }

  private void sni(String aspect, String what, String b, String n) {
    if (b == null || n == null || b.equals(n)) {
      return;
    }
    add(aspect, n.equals("refused") ? Change.REGRESSION : Change.IMPROVEMENT, what + " is " + n + " now (was " + b
        + ")");
  }

  private void findings(List<Observed.Found> b, List<Observed.Found> n) {
    Set<String> before = ids(b);
    Set<String> now = ids(n);
    for (Observed.Found f : n) {
      if (!before.contains(f.id())) {
        before.add(f.id()); // once per id
        add("findings", Change.REGRESSION, "new finding " + f.id() + ": " + f.message());
      }
    }
    for (String id : ids(b)) {
      if (!now.contains(id)) {
        add("findings", Change.IMPROVEMENT, "finding " + id + " is gone");
      }
    }
  }

  private static Set<String> ids(List<Observed.Found> l) {
    Set<String> s = new TreeSet<>();
    l.forEach(f -> s.add(f.id()));
    return s;
  }

  private static Optional<CipherSuite> suite(String name) {
    return CipherSuite.forOpensslName(name).or(() -> CipherSuite.forIanaName(name));
  }

  /**
   * How strong a suite is, for comparing orders: 3 forward secret and AEAD (every TLS 1.3 suite), 2 forward secret,
   * 1 AEAD without forward secrecy, 0 neither or broken; unknown names rank 1.
   */
  static int strength(String name) {
    return suite(name).map(c -> {
      if (c.isTls13()) {
        return 3;
      }
      if (SuiteWeakness.of(c).map(w -> w.severity() == Severity.ERROR).orElse(false)) {
        return 0; // broken: anonymous, no encryption, export, RC4, short keys
      }
      boolean fs = forwardSecret(c);
      boolean aead = c.is(CipherSuite.Flag.AEAD);
      return fs && aead ? 3 : fs ? 2 : aead ? 1 : 0;
    }).orElse(1);
  }

  private static boolean forwardSecret(CipherSuite c) {
    return c.keyExchange() == KeyExchange.ECDHE || c.keyExchange() == KeyExchange.DHE;
  }

  /** Weak: a suite with a weakness of {@link SuiteWeakness} (the table scan and config judge by). */
  static boolean weakSuite(String name) {
    return suite(name).flatMap(SuiteWeakness::of).isPresent();
  }

  private static String whyWeak(String name) {
    return suite(name).flatMap(SuiteWeakness::of).map(SuiteWeakness::label).orElse("weak");
  }

  /**
   * Whether a group is negotiated by name only in TLS 1.3 (finite-field groups, ML-KEM and its hybrids): gained or
   * lost with TLS 1.3 itself, which is the change to report.
   */
  static boolean tls13Only(String name) {
    return NamedGroup.forName(name).map(g -> switch (g.kind()) {
      case FFDHE, ML_KEM, HYBRID, KYBER_DRAFT -> true;
      default -> false;
    }).orElse(false);
  }

  /** Weak: binary curves, prime curves under 256 bits, explicit curves, finite-field groups under 2048 bits. */
  static boolean weakGroup(String name) {
    return NamedGroup.forName(name).map(g -> switch (g.kind()) {
      case EC_BINARY, EXPLICIT -> true;
      case EC_PRIME -> g.name().matches("secp(160|192|224)[rk][12]");
      default -> false;
    }).orElse(false);
  }

  private void add(String aspect, String kind, String message) {
    out.add(new Change(target, aspect, kind, message));
  }

  static Map<String, Integer> count(List<Change> changes) {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    m.put(Change.REGRESSION, 0);
    m.put(Change.IMPROVEMENT, 0);
    m.put(Change.CHANGE, 0);
    changes.forEach(c -> m.merge(c.kind(), 1, Integer::sum));
    return m;
  }
}
