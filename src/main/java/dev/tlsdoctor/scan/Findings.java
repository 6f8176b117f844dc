package dev.tlsdoctor.scan;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.finding.SuiteWeakness;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a profile into findings, most severe first, on the scale {@code config} uses too ({@link Severity}): an
 * error when handshakes fail or the server can be attacked (SSLv2/SSLv3, broken suites, an untrusted or expired
 * certificate, Heartbleed), a warning when it is weaker than it should be (TLS 1.0/1.1, 64-bit block ciphers, a
 * small DHE group, no TLS_FALLBACK_SCSV), info for what is worth knowing.
 */
public final class Findings {
  private Findings() {
  }

  static ServerProfile withFindings(ServerProfile p) {
    List<Finding> f = new ArrayList<>();
    if (p.error() != null) {
      f.add(Finding.of(p.speaksTls() || p.plaintext() == null ? "scan-incomplete" : "not-tls", Severity.ERROR,
          p.error()));
    }
    Map<ProtocolVersion, Boolean> protos = p.protocols();
    for (ProtocolVersion v : List.of(ProtocolVersion.SSLv2, ProtocolVersion.SSLv3)) {
      if (Boolean.TRUE.equals(protos.get(v))) {
        f.add(Finding.of("protocol-" + ProtocolKey.name(v).toLowerCase(java.util.Locale.ROOT), Severity.ERROR,
            ProtocolKey.name(v) + " is accepted: broken (DROWN, POODLE); remove it from ssl_protocols"));
      }
    }
    for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1)) {
      if (Boolean.TRUE.equals(protos.get(v))) {
        f.add(Finding.of("protocol-deprecated", Severity.WARNING,
            ProtocolKey.name(v) + " is accepted: deprecated by RFC 8996"));
      }
    }
    if (p.speaksTls() && p.error() == null && !Boolean.TRUE.equals(protos.get(ProtocolVersion.TLSv1_2))
        && !Boolean.TRUE.equals(protos.get(ProtocolVersion.TLSv1_3))) {
      f.add(Finding.of("no-modern-protocol", Severity.ERROR, "neither TLS 1.2 nor TLS 1.3 is accepted"));
    }
    unusableVersions(p, protos, f);
    weakSuites(p, f);
    for (ServerProfile.Chain c : p.certificates()) {
      for (CertificateChecks.Problem pr : c.problems()) {
        // a weak signature or a wrong order is accepted by most clients; every other problem fails some of them
        Severity sev = pr.id().equals("weak-signature") || pr.id().equals("wrong-order") ? Severity.WARNING
            : Severity.ERROR;
        f.add(Finding.of(pr.id(), sev, pr.detail() + " (" + c.via() + ")"));
      }
    }
    if (p.dhBits() != null && p.dhBits() < 2048) {
      f.add(Finding.of("weak-dh", Severity.WARNING, "the DHE group has " + p.dhBits() + " bits (Logjam);"
          + " use ssl_dhparam with 2048 bits or more"));
    }
    if (Boolean.FALSE.equals(p.secureRenegotiation())) {
      f.add(Finding.of("insecure-renegotiation", Severity.WARNING,
          "the server does not support secure renegotiation (RFC 5746)"));
    }
    if (Boolean.FALSE.equals(p.fallbackScsv())) {
      f.add(Finding.of("no-fallback-scsv", Severity.WARNING,
          "a downgraded retry with TLS_FALLBACK_SCSV is accepted (RFC 7507)"));
    }
    if (Boolean.TRUE.equals(p.sni().required())) {
      f.add(Finding.of("sni-required", Severity.INFO, "a hello without SNI is " + p.sni().withoutSni()));
    }
    if (p.clientAuth() != null && p.clientAuth().mode().equals("required")) {
      f.add(Finding.of("client-certificate-required", Severity.INFO,
          "the server requires a client certificate from " + p.clientAuth().caNames()));
    }
    List<ServerProfile.Check> checks = p.checks() == null ? null : Weaknesses.all(p);
    if (checks != null) {
      for (ServerProfile.Check c : checks) {
        Severity sev = SEVERITY.get(c.id());
        if (c.status().equals(ServerProfile.Check.VULNERABLE) && sev != null) {
          f.add(Finding.of(c.id(), sev, c.detail()));
        }
      }
    }
    f.sort(java.util.Comparator.comparing(Finding::severity));
    Grade.Result grade = p.error() != null || !p.speaksTls() ? null : Grade.of(p, checks, f);
    return new ServerProfile(p.target(), p.ip(), p.port(), p.sni(), p.speaksTls(), p.plaintext(), p.error(),
        p.protocols(), p.protocolReasons(), p.cipherSuites(), p.serverPreference(), p.groups(), p.dhBits(),
        p.certificates(), p.certificateProblems(), p.clientAuth(), p.alpn(), p.ocspStapling(),
        p.secureRenegotiation(), p.fallbackScsv(), checks, grade == null ? null : grade.grade(),
        grade == null ? List.of() : grade.reasons(), List.copyOf(f), p.connections(), p.millis());
  }

  /**
   * The findings of the weakness checks that have none of their own elsewhere: DROWN, POODLE, FREAK, Logjam,
   * Sweet32 and RC4 are already findings about the protocols and suites that make them ({@link SuiteWeakness}); BEAST is defeated by
   * clients and HSTS is a choice for browsers only (both weigh in the grade, not in the findings). Early data is a
   * finding of its own, a warning: replay is the application's to handle (nginx passes {@code $ssl_early_data}), and
   * session resumption is a feature, not a finding. Heartbleed, the early ChangeCipherSpec, ROBOT, POODLE against
   * TLS and compression (CRIME) are attacks on the server as it runs: errors.
   */
  private static final Map<String, Severity> SEVERITY = Map.of("heartbleed", Severity.ERROR, "ccs-injection",
      Severity.ERROR, "compression", Severity.ERROR, "robot", Severity.ERROR, "poodle-tls", Severity.ERROR,
      "early-data", Severity.WARNING);

  /**
   * One finding per weakness of the accepted suites ({@link SuiteWeakness}, the table {@code config} judges by too),
   * naming each suite with the versions that accept it.
   */
  private static void weakSuites(ServerProfile p, List<Finding> f) {
    Map<SuiteWeakness, Map<String, List<String>>> weak = new EnumMap<>(SuiteWeakness.class);
    p.cipherSuites().forEach((v, list) -> list.forEach(s -> CipherSuite.forIanaName(s.iana())
        .flatMap(SuiteWeakness::of).ifPresent(w -> weak.computeIfAbsent(w, k -> new LinkedHashMap<>())
            .computeIfAbsent(s.iana(), k -> new ArrayList<>()).add(ProtocolKey.name(v)))));
    weak.forEach((w, suites) -> f.add(Finding.of(w.id(), w.severity(), "accepts " + suites.size() + " suite"
        + (suites.size() == 1 ? "" : "s") + " with " + w.reason() + ": " + String.join(", ", suites.entrySet()
            .stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList()))));
  }

  /**
   * A version the server has enabled but cannot complete: it refuses the broadest hello of that version with
   * handshake_failure(40) — no suite or group in common — while it answers versions it does not speak otherwise
   * (protocol_version(70), or by accepting them). OpenSSL does exactly this for an ECDSA-only cipher list with an
   * RSA certificate, or a curve list that shares no group with the clients. A server that answers 40 to every
   * version tells nothing apart and gets no such finding.
   */
  private static void unusableVersions(ServerProfile p, Map<ProtocolVersion, Boolean> protos, List<Finding> f) {
    Map<ProtocolVersion, String> reasons = p.protocolReasons();
    boolean distinguishes = protos.containsValue(true) || reasons.values().stream().anyMatch(r -> r.startsWith(
        "alert: ") && !r.equals(HANDSHAKE_FAILURE));
    if (!distinguishes) {
      return;
    }
    for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1)) {
      if (HANDSHAKE_FAILURE.equals(reasons.get(v))) {
        f.add(Finding.of("version-unusable", Severity.ERROR, ProtocolKey.name(v) + " is enabled but the"
            + " server refuses every suite and group offered with handshake_failure(40) (other versions get a"
            + " different answer): every " + ProtocolKey.name(v) + " client fails; look for a cipher list that does not fit the"
            + " certificate's key (ECDSA-only suites with an RSA certificate) or a curve list with no common group"));
      }
    }
  }

  private static final String HANDSHAKE_FAILURE = "alert: handshake_failure(40)";

  /** True when some finding is a problem (severity above info). */
  public static boolean hasProblems(ServerProfile p) {
    return p.findings().stream().anyMatch(Finding::isProblem);
  }
}
