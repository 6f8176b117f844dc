package dev.tlsdoctor.report;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.scan.CertificateInfo;
import dev.tlsdoctor.scan.Findings;
import dev.tlsdoctor.scan.ProtocolKey;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The human report of one scanned target: findings first, then the evidence. Every value in it comes from the
 * server, its certificates or what the user named, so each one goes through {@link #v} ({@link Safe#text}) as it is
 * formatted; the template around them is the tool's own.
 */
public final class ScanText {
  private ScanText() {
  }

  public static String render(ServerProfile p) {
    StringBuilder b = new StringBuilder();
    b.append(v(p.target()));
    if (p.ip() != null && !p.target().startsWith(p.ip() + ":")) {
      b.append(" (").append(v(p.ip())).append(')');
    }
    b.append(p.sni().name() != null ? ", SNI " + v(p.sni().name()) : ", no SNI");
    b.append(String.format(java.util.Locale.ROOT, ", %d connection%s in %.1f s%n", p.connections(),
        p.connections() == 1 ? "" : "s", p.millis() / 1000.0));
    if (p.error() != null) {
      b.append("  could not be scanned completely: ").append(v(p.error())).append('\n');
    }
    b.append("Findings:\n");
    if (p.findings().isEmpty()) {
      b.append("  none\n");
    }
    for (Finding f : p.findings()) {
      b.append(String.format("  %-7s  %s: %s%n", v(f.severity().label()), v(f.id()), v(f.message())));
    }
    if (!p.speaksTls()) {
      return b.toString();
    }
    if (p.grade() != null) {
      b.append("Grade: ").append(v(p.grade())).append(p.gradeReasons().isEmpty() ? ""
          : " (" + join("; ", p.gradeReasons()) + ")").append('\n');
    }
    b.append("Protocols:\n");
    p.protocols().forEach((ver, ok) -> b.append(String.format("  %-8s %s%n", ProtocolKey.name(ver), ok ? "yes"
        : "no (" + v(p.protocolReasons().get(ver)) + ")")));
    b.append("Cipher suites:\n");
    List<ProtocolVersion> versions = new ArrayList<>(p.cipherSuites().keySet());
    java.util.Collections.reverse(versions);
    for (ProtocolVersion ver : versions) {
      Boolean pref = p.serverPreference().get(ver);
      b.append("  ").append(ProtocolKey.name(ver)).append(pref == null ? "" : pref ? " (server order)" : " (client order)")
          .append('\n');
      for (ServerProfile.Suite s : p.cipherSuites().get(ver)) {
        b.append(String.format("    %s  %-45s %s%n", v(s.code()), v(s.iana()), s.openssl() == null ? ""
            : v(s.openssl())));
      }
    }
    if (p.groups() != null) {
      b.append("Groups: ").append(p.groups().isEmpty() ? "none found" : join(" ", p.groups())).append('\n');
    }
    if (p.dhBits() != null) {
      b.append("DH group: ").append(p.dhBits()).append(" bits\n");
    }
    b.append("Certificates:\n");
    for (ServerProfile.Chain c : p.certificates()) {
      b.append("  via ").append(v(c.via())).append(c.problems().isEmpty() ? "" : ": " + c.problems().stream()
          .map(x -> v(x.id())).collect(Collectors.joining(", "))).append('\n');
      for (CertificateInfo i : c.certificates()) {
        b.append(String.format("    %s, issued by %s, %s %d, %s, until %s%s%n", v(i.subject()), v(i.issuer()),
            v(i.keyType()), i.keyBits(), v(i.signatureAlgorithm()), v(i.notAfter()),
            i.subjectAltNames().isEmpty() ? "" : ", " + join(" ", i.subjectAltNames())));
      }
      if (c.aia() != null) {
        ServerProfile.Aia a = c.aia();
        b.append("    AIA: ").append(a.completesChain() ? "completes the chain" : a.detail().startsWith("not fetched")
            ? "not downloaded" : "does not complete the chain").append(a.url() == null ? "" : " (" + v(a.url())
            + ")").append(": ").append(v(a.detail())).append('\n');
      }
    }
    ServerProfile.Sni s = p.sni();
    b.append("SNI: ").append(s.required() == null ? (s.withoutSni() == null ? "not tested" : v(s.withoutSni()))
        : (s.required() ? "required" : "not required") + "; without SNI: " + v(s.withoutSni()) + "; unknown name: "
        + v(s.wrongName())).append('\n');
    if (p.clientAuth() != null) {
      ServerProfile.ClientAuth a = p.clientAuth();
      b.append("Client certificate: ").append(v(a.mode())).append(a.caNames().isEmpty() ? "" : ", CAs ["
          + join(", ", a.caNames()) + "]").append(a.reason() == null ? "" : " (" + v(a.reason()) + ")").append('\n');
    }
    if (p.alpn() != null) {
      b.append("ALPN: ").append(p.alpn().supported().isEmpty() ? "none (" + v(p.alpn().reason()) + ")"
          : join(" ", p.alpn().supported())).append('\n');
    }
    b.append("OCSP stapling: ").append(yesNo(p.ocspStapling(), "unknown"))
        .append("; secure renegotiation: ").append(yesNo(p.secureRenegotiation(), "n/a"))
        .append("; TLS_FALLBACK_SCSV: ").append(yesNo(p.fallbackScsv(), "n/a")).append('\n');
    if (p.checks() != null && !p.checks().isEmpty()) {
      b.append("Weaknesses:\n");
      for (ServerProfile.Check c : p.checks()) {
        if (!isFeature(c)) {
          b.append(String.format("  %-14s %-10s %s%n", v(c.id()), v(c.status()), v(c.detail())));
        }
      }
      List<ServerProfile.Check> features = p.checks().stream().filter(ScanText::isFeature).toList();
      if (!features.isEmpty()) {
        b.append("Session resumption:\n");
        for (ServerProfile.Check c : features) {
          b.append(String.format("  %-17s %-13s %s%n", v(c.id()), v(c.status()), v(c.detail())));
        }
      }
    }
    return b.toString();
  }

  /** A check of a feature (session resumption) rather than of a weakness. */
  private static boolean isFeature(ServerProfile.Check c) {
    return c.id().startsWith("resumption-");
  }

  /** A value for the report: {@link Safe#text}, which also turns null into "null" as concatenation did. */
  private static String v(Object value) {
    return Safe.text(value);
  }

  /** The values, each escaped, joined by {@code separator}. */
  private static String join(String separator, List<String> values) {
    return values.stream().map(ScanText::v).collect(Collectors.joining(separator));
  }

  private static String yesNo(Boolean b, String unknown) {
    return b == null ? unknown : b ? "yes" : "no";
  }

  /** Exit-code helper: true when a finding above {@code info} exists. */
  public static boolean hasProblems(ServerProfile p) {
    return Findings.hasProblems(p);
  }
}
