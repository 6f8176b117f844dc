package dev.tlsdoctor.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The human report of one scanned target: findings first, then the evidence. */
public final class ScanText {
  private ScanText() {
  }

  public static String render(ServerProfile p) {
    StringBuilder b = new StringBuilder();
    b.append(p.target());
    if (p.ip() != null && !p.target().startsWith(p.ip() + ":")) {
      b.append(" (").append(p.ip()).append(')');
    }
    b.append(p.sni().name() != null ? ", SNI " + p.sni().name() : ", no SNI");
    b.append(String.format(java.util.Locale.ROOT, ", %d connection%s in %.1f s%n", p.connections(),
        p.connections() == 1 ? "" : "s", p.millis() / 1000.0));
    if (p.error() != null) {
      b.append("  could not be scanned completely: ").append(p.error()).append('\n');
    }
    b.append("Findings:\n");
    if (p.findings().isEmpty()) {
      b.append("  none\n");
    }
    for (ServerProfile.Finding f : p.findings()) {
      b.append(String.format("  %-6s  %s: %s%n", f.severity(), f.id(), f.message()));
    }
    if (!p.speaksTls()) {
      return b.toString();
    }
    b.append("Protocols:\n");
    p.protocols().forEach((v, ok) -> b.append(String.format("  %-8s %s%n", v, ok ? "yes"
        : "no (" + p.protocolReasons().get(v) + ")")));
    b.append("Cipher suites:\n");
    List<String> versions = new ArrayList<>(p.cipherSuites().keySet());
    java.util.Collections.reverse(versions);
    for (String v : versions) {
      Boolean pref = p.serverPreference().get(v);
      b.append("  ").append(v).append(pref == null ? "" : pref ? " (server order)" : " (client order)")
          .append('\n');
      for (ServerProfile.Suite s : p.cipherSuites().get(v)) {
        b.append(String.format("    %s  %-45s %s%n", s.code(), s.iana(), s.openssl() == null ? "" : s.openssl()));
      }
    }
    if (p.groups() != null) {
      b.append("Groups: ").append(p.groups().isEmpty() ? "none found" : String.join(" ", p.groups())).append('\n');
    }
    if (p.dhBits() != null) {
      b.append("DH group: ").append(p.dhBits()).append(" bits\n");
    }
    b.append("Certificates:\n");
    for (ServerProfile.Chain c : p.certificates()) {
      b.append("  via ").append(c.via()).append(c.problems().isEmpty() ? "" : ": " + c.problems().stream()
          .map(CertificateChecks.Problem::id).collect(Collectors.joining(", "))).append('\n');
      for (CertificateInfo i : c.certificates()) {
        b.append(String.format("    %s, issued by %s, %s %d, %s, until %s%s%n", i.subject(), i.issuer(),
            i.keyType(), i.keyBits(), i.signatureAlgorithm(), i.notAfter(), i.subjectAltNames().isEmpty() ? ""
            : ", " + String.join(" ", i.subjectAltNames())));
      }
      if (c.aia() != null) {
        ServerProfile.Aia a = c.aia();
        b.append("    AIA: ").append(a.completesChain() ? "completes the chain" : a.detail().startsWith("not fetched")
            ? "not downloaded" : "does not complete the chain").append(a.url() == null ? "" : " (" + a.url() + ")")
            .append(": ").append(a.detail()).append('\n');
      }
    }
    ServerProfile.Sni s = p.sni();
    b.append("SNI: ").append(s.required() == null ? (s.withoutSni() == null ? "not tested" : s.withoutSni()) : (s.required() ? "required" : "not required")
        + "; without SNI: " + s.withoutSni() + "; unknown name: " + s.wrongName()).append('\n');
    if (p.clientAuth() != null) {
      ServerProfile.ClientAuth a = p.clientAuth();
      b.append("Client certificate: ").append(a.mode()).append(a.caNames().isEmpty() ? "" : ", CAs "
          + a.caNames()).append(a.reason() == null ? "" : " (" + a.reason() + ")").append('\n');
    }
    if (p.alpn() != null) {
      b.append("ALPN: ").append(p.alpn().supported().isEmpty() ? "none (" + p.alpn().reason() + ")"
          : String.join(" ", p.alpn().supported())).append('\n');
    }
    b.append("OCSP stapling: ").append(yesNo(p.ocspStapling(), "unknown"))
        .append("; secure renegotiation: ").append(yesNo(p.secureRenegotiation(), "n/a"))
        .append("; TLS_FALLBACK_SCSV: ").append(yesNo(p.fallbackScsv(), "n/a")).append('\n');
    return b.toString();
  }

  private static String yesNo(Boolean b, String unknown) {
    return b == null ? unknown : b ? "yes" : "no";
  }

  /** Exit-code helper: true when a finding above {@code info} exists. */
  public static boolean hasProblems(ServerProfile p) {
    return Findings.hasProblems(p);
  }
}
