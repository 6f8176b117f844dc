package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.finding.SuiteWeakness;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks of the strength of what each TLS server negotiates: weak suites, groups, and the Mozilla profiles. */
final class ProfileChecks {
  /**
   * Mozilla Server Side TLS guidelines 5.8 and 6.0 (read 2026-11): "intermediate" allows TLSv1.2 and TLSv1.3 with
   * these TLS 1.2 suites ({@link Suites#MOZILLA_INTERMEDIATE}); "modern" allows TLSv1.3 only, with an ECDSA
   * certificate.
   */
  private static final Set<String> INTERMEDIATE = Set.of(Suites.MOZILLA_INTERMEDIATE.split(":"));
  /** The guidelines whose intermediate and modern profiles the comparison uses (6.0 has the same; no old). */
  static final String GUIDELINE = "5.8";

  /** An older guideline's intermediate profile: its protocols and TLS 1.2 suites (OpenSSL names). */
  private record Older(String guideline, Set<ProtocolVersion> protocols, Set<String> suites) {
  }

  /**
   * Older intermediate profiles that configurations generated then still carry, most specific first (the lists of
   * the guidelines' JSON in mozilla/ssl-config-generator): 5.0 to 5.6 added two DHE suites to the six ECDHE ones,
   * 5.7 (2023-05-15) a third, 5.8 (2026-04-06) dropped all three; 4.0 (2016) allowed TLSv1 to TLSv1.2 and CBC, RSA
   * key exchange and 3DES suites.
   */
  private static final List<Older> OLDER = List.of(
      new Older("5.0 to 5.7", EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3),
          with("DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384")),
      new Older("5.7", EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3),
          with("DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305")),
      new Older("4.0", EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2),
          Set.of(("ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:"
              + "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
              + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:"
              + "ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:"
              + "ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:"
              + "DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA:ECDHE-ECDSA-DES-CBC3-SHA:"
              + "ECDHE-RSA-DES-CBC3-SHA:EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:"
              + "AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA").split(":"))));

  private static Set<String> with(String... more) {
    Set<String> s = new HashSet<>(INTERMEDIATE);
    s.addAll(List.of(more));
    return Set.copyOf(s);
  }
  /** The groups every current browser, OpenSSL, Java and Go client offers. */
  private static final Set<String> COMMON_GROUPS = Set.of("x25519", "prime256v1", "p-256", "secp256r1");

  private final TlsPolicy policy;
  private final Fix fix;
  private final List<Finding> out;
  private final Set<Object> seen = new HashSet<>();

  ProfileChecks(TlsPolicy policy, Fix fix, List<Finding> out) {
    this.policy = policy;
    this.fix = fix;
    this.out = out;
  }

  void run() {
    for (ServerPolicy s : policy.servers()) {
      for (ListenSocket k : policy.socketsOf(s)) {
        if (!k.tls()) {
          continue;
        }
        ClientView v = policy.view(k, s);
        if (v.context().rejects() || v.context().lacksCertificate()) {
          continue; // no handshake completes: no suite, group or profile to speak of (no-certificate says why)
        }
        List<String> listen = List.of(k.address());
        weak(v, listen);
        groups(v, listen);
        mozilla(v, listen);
      }
    }
  }

  /**
   * One finding per weakness ({@link SuiteWeakness}, the table {@code scan} judges accepted suites by) of the suites
   * clients can negotiate with this server's context, all fixed by the same {@code ssl_ciphers}.
   */
  private void weak(ClientView v, List<String> listen) {
    ServerPolicy ctx = v.context();
    if (!Suites.allowsTls12OrOlder(v.protocols()) || !seen.add(List.of("weak", ctx))) {
      return;
    }
    Map<SuiteWeakness, List<String>> weak = new EnumMap<>(SuiteWeakness.class);
    for (CipherSuite c : Suites.usable(ctx)) {
      SuiteWeakness.of(c).ifPresent(w -> weak.computeIfAbsent(w, k -> new ArrayList<>()).add(c.opensslName()));
    }
    Directive at = ctx.ciphers().isDefault() ? ctx.block() : ctx.ciphers().source();
    String text = "ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + ";";
    weak.forEach((w, names) -> out.add(new Finding(w.id(), w.severity(), at.file(), at.line(), listen, ctx.name(),
        (ctx.ciphers().isDefault() ? "the default ssl_ciphers \"" : "ssl_ciphers \"") + ctx.ciphers().value()
            + "\" lets clients negotiate " + names.size() + " suite" + (names.size() == 1 ? "" : "s") + " with "
            + w.reason() + ": " + String.join(", ", names),
        w == SuiteWeakness.NO_FORWARD_SECRECY ? "recorded traffic can be decrypted later with the server key"
            : "clients that prefer or only offer these suites (old Java, embedded devices)",
        ctx.ciphers().isDefault() ? fix.insertAfter(ctx.block(), text) : fix.replace(at, text))));
  }

  /** The groups come from the default server's {@code ssl_ecdh_curve} for every client of the socket. */
  private void groups(ClientView v, List<String> listen) {
    Setting g = v.groups();
    if (g.isDefault() || g.value().equalsIgnoreCase("auto") || !seen.add(List.of("groups", g))) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (String n : g.value().split(":")) {
      names.add(n.trim().toLowerCase(Locale.ROOT));
    }
    names.retainAll(COMMON_GROUPS);
    if (!names.isEmpty()) {
      return;
    }
    ServerPolicy def = v.socket().defaultServer();
    // Without a shared group there is no TLS 1.3 and no ECDHE: what is left is TLS 1.2 with RSA or DHE key exchange.
    List<String> fallback = Suites.usable(v.context()).stream()
        .filter(c -> c.keyExchange() != KeyExchange.ECDHE).map(CipherSuite::opensslName).toList();
    String tls12 = fallback.isEmpty() ? "the handshake fails (\"no shared cipher\")"
        : "no ECDHE: TLS 1.2 with " + fallback.get(0)
        + (fallback.size() > 1 ? " and " + (fallback.size() - 1) + " other non-ECDHE suite(s)" : "");
    // Measured with OpenSSL 3.0: a server that has TLS 1.3 and finds no shared group aborts; it does not fall back.
    String effect = v.protocols().contains(ProtocolVersion.TLSv1_3)
        ? "those offering TLS 1.3 fail the handshake (no shared group; OpenSSL does not fall back to TLS 1.2);"
            + " TLS 1.2-only ones get " + tls12
        : tls12;
    out.add(new Finding("groups-restrictive", Severity.WARNING, g.source().file(), g.source().line(), listen,
        def.name(), "ssl_ecdh_curve \"" + g.value() + "\" has neither X25519 nor prime256v1, the groups every"
            + " current client offers; it applies to every server on " + v.socket().address()
            + " (the default server's groups are used whatever SNI names)",
        "clients that offer only X25519 and P-256 (browsers, curl, Java, Go): " + effect,
        fix.replace(g.source(), "ssl_ecdh_curve X25519:prime256v1:secp384r1;")));
  }

  private void mozilla(ClientView v, List<String> listen) {
    ServerPolicy ctx = v.context();
    if (!seen.add(List.of("mozilla", v.requested(), v.protocols()))) {
      return;
    }
    Set<ProtocolVersion> p = v.protocols();
    List<CipherSuite> usable = Suites.usable(ctx);
    boolean tls13Only = p.equals(EnumSet.of(ProtocolVersion.TLSv1_3));
    boolean ecdsa = ctx.keyTypes().contains(CertificateFile.KeyType.ECDSA);
    List<String> outside = usable.stream().map(CipherSuite::opensslName).filter(n -> !INTERMEDIATE.contains(n))
        .toList();
    Set<ProtocolVersion> extra = EnumSet.copyOf(p.isEmpty() ? EnumSet.of(ProtocolVersion.TLSv1_3) : p);
    extra.removeAll(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3));
    boolean both = p.equals(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3));
    String meets;
    List<String> lacks = new ArrayList<>();
    if (tls13Only && ecdsa) {
      meets = "modern";
    } else if (tls13Only || both && outside.isEmpty() && !usable.isEmpty()) {
      meets = "intermediate";
      if (!tls13Only) {
        lacks.add("TLSv1.2 switched off");
      }
      if (!ecdsa) {
        lacks.add("an ECDSA certificate");
      }
    } else {
      meets = "none (old or custom)";
      if (!extra.isEmpty()) {
        lacks.add(TlsPolicy.names(extra) + " switched off");
      }
      if (!p.contains(ProtocolVersion.TLSv1_3)) {
        lacks.add("TLSv1.3");
      }
      if (!outside.isEmpty()) {
        lacks.add("no suites outside the intermediate list (" + String.join(", ", outside.subList(0,
            Math.min(4, outside.size()))) + (outside.size() > 4 ? " and " + (outside.size() - 4) + " more" : "")
            + ")");
      }
      if (usable.isEmpty()) {
        lacks.add("a usable TLS 1.2 suite of the intermediate list");
      }
    }
    String next = meets.equals("modern") ? "" : meets.equals("intermediate") ? "; for modern it needs "
        : "; for intermediate it needs ";
    String needs = lacks.size() < 2 ? String.join("", lacks) : String.join(", ", lacks.subList(0, lacks.size() - 1))
        + " and " + lacks.get(lacks.size() - 1);
    String older = "";
    if (meets.startsWith("none") && !usable.isEmpty()) {
      Set<String> names = new HashSet<>(usable.stream().map(CipherSuite::opensslName).toList());
      for (Older o : OLDER) {
        if (p.equals(o.protocols()) && o.suites().containsAll(names)) {
          older = "; its protocols and TLS 1.2 suites are those of the intermediate profile of guideline"
              + (o.guideline().contains(" to ") ? "s " : " ") + o.guideline() + " (a configuration generated then),"
              + (o.guideline().equals("4.0") ? " which 5.0 (2019) narrowed to TLSv1.2 and TLSv1.3 with AEAD suites"
                  : " which allowed " + String.join(", ", outside) + "; " + GUIDELINE + " dropped the DHE suites");
          break;
        }
      }
    }
    out.add(new Finding("mozilla-profile", Severity.INFO, v.requested().block().file(),
        v.requested().block().line(), listen, v.requested().name(), (meets.startsWith("none")
            ? "meets no Mozilla profile of guidelines " + GUIDELINE + " and 6.0 (old or custom)"
            : "meets the Mozilla profile " + meets + " of guidelines " + GUIDELINE + " and 6.0") + next + needs + older,
        "see the profile's oldest clients at https://ssl-config.mozilla.org/", null));
  }
}
