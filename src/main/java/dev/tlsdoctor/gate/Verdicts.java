package dev.tlsdoctor.gate;

import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.scan.ProtocolKey;
import dev.tlsdoctor.finding.SuiteWeakness;
import dev.tlsdoctor.tls.CipherSuite;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Judges one endpoint against a policy: one verdict per rule the policy sets, one per finding. */
final class Verdicts {
  private final GatePolicy policy;
  private final Observed o;
  private final List<Verdict> out = new ArrayList<>();

  private Verdicts(GatePolicy policy, Observed o) {
    this.policy = policy;
    this.o = o;
  }

  /** The verdicts on {@code o}; an endpoint that could not be scanned gets none (its error says why). */
  static List<Verdict> judge(GatePolicy policy, Observed o) {
    Verdicts v = new Verdicts(policy, o);
    if (o.error() == null || !o.protocols().isEmpty()) {
      v.run();
    }
    return List.copyOf(v.out);
  }

  /** The name a suite is reported by: OpenSSL's, else IANA's. */
  static String suiteName(CipherSuite c) {
    return c.opensslName() != null ? c.opensslName() : c.ianaName();
  }

  private void run() {
    if (policy.minProtocol() != null) {
      ProtocolVersion min = policy.minProtocol();
      List<String> older = o.protocols().stream().filter(p -> !p.isAtLeast(min)).map(ProtocolKey::name).toList();
      add("minProtocol", older.isEmpty(), older.isEmpty() ? "nothing older than " + ProtocolKey.name(min)
          + " is accepted" : String.join(", ", older) + " accepted; the minimum is " + ProtocolKey.name(min));
    }
    if (policy.maxProtocol() != null) {
      ProtocolVersion max = policy.maxProtocol();
      List<String> newer = o.protocols().stream().filter(p -> p.compareTo(max) > 0).map(ProtocolKey::name).toList();
      add("maxProtocol", newer.isEmpty(), newer.isEmpty() ? "nothing newer than " + ProtocolKey.name(max)
          + " is accepted" : String.join(", ", newer) + " accepted; the maximum is " + ProtocolKey.name(max));
    }
    for (ProtocolVersion p : policy.requireProtocols()) {
      boolean ok = o.protocols().contains(p);
      add("requireProtocols", ok, ProtocolKey.name(p) + (ok ? " is accepted" : " is not accepted (accepted: " + list(names(o.protocols()))
          + ")"));
    }
    if (policy.mozilla() != null) {
      mozilla(policy.mozilla());
    }
    if (policy.suites() != null) {
      List<String> extra = allSuites().stream().filter(s -> !policy.suites().contains(s)).toList();
      add("suites", extra.isEmpty(), extra.isEmpty() ? "every accepted suite is in the list"
          : "accepted but not in the list: " + String.join(", ", extra));
    }
    if (policy.groups() != null) {
      List<String> extra = o.groups().stream().filter(g -> !policy.groups().contains(g)).toList();
      add("groups", extra.isEmpty(), extra.isEmpty() ? "every accepted group is in the list (accepted: "
          + list(o.groups()) + ")" : "accepted but not in the list: " + String.join(", ", extra));
    }
    if (policy.certificateDaysLeft() != null) {
      Observed.Certificate c = o.certificate();
      int want = policy.certificateDaysLeft();
      if (c == null) {
        add("certificateDaysLeft", false, "no certificate could be read");
      } else {
        add("certificateDaysLeft", c.daysLeft() >= want, c.daysLeft() + " day(s) left (expires " + c.notAfter()
            + "); the policy wants at least " + want);
      }
    }
    if (policy.ocspStapling()) {
      if (o.ocspStapling() == null) {
        skip("ocspStapling", o.source().equals("config") ? "OCSP stapling is not known from a configuration"
            : "OCSP stapling could not be tested (no TLS 1.2 or 1.3 handshake completed)");
      } else {
        add("ocspStapling", o.ocspStapling(), o.ocspStapling() ? "an OCSP response is stapled"
            : "no OCSP response is stapled");
      }
    }
    sni("withoutName", policy.sniWithoutName(), o.sni() == null ? null : o.sni().withoutName(), "a hello without"
        + " SNI");
    sni("unknownName", policy.sniUnknownName(), o.sni() == null ? null : o.sni().unknownName(), "a hello naming"
        + " an unknown server");
    clients();
    findings();
  }

  /** Each client the policy names must connect (simulated against what the scan or the configuration shows). */
  private void clients() {
    for (String id : policy.clients()) {
      Observed.Client c = o.clients() == null ? null : o.clients().stream().filter(x -> x.id().equals(id))
          .findFirst().orElse(null);
      int line = policy.line("clients");
      if (c == null) {
        out.add(new Verdict(o.target(), "clients", id, Verdict.SKIPPED, "no TLS answer to simulate " + id
            + " against", line, null, 0));
      } else if (c.connects()) {
        out.add(new Verdict(o.target(), "clients", id, Verdict.PASS, c.name() + " connects" + (c.protocol() == null
            ? "" : " (" + c.protocol() + ", " + c.cipher() + ")"), line, null, 0));
      } else {
        out.add(new Verdict(o.target(), "clients", id, Verdict.FAIL, c.name() + " cannot connect: " + c.clazz()
            + ": " + c.reason() + (c.directive() == null ? "" : " (" + c.directive() + ")"), line, c.file(),
            c.line()));
      }
    }
  }

  private void mozilla(MozillaProfile m) {
    List<String> problems = new ArrayList<>();
    List<String> protos = names(o.protocols().stream().filter(p -> !m.protocols().contains(p)).toList());
    if (!protos.isEmpty()) {
      problems.add("protocols not in the profile: " + String.join(", ", protos));
    }
    Set<String> suites = new LinkedHashSet<>();
    o.suites().forEach((v, list) -> list.stream().filter(s -> !(v == ProtocolVersion.TLSv1_3
        ? MozillaProfile.TLS13_SUITES.contains(s) : m.suites().contains(s))).forEach(suites::add));
    if (!suites.isEmpty()) {
      problems.add("suites not in the profile: " + String.join(", ", suites));
    }
    List<String> groups = o.groups().stream().filter(g -> !m.groups().contains(g)).toList();
    if (!groups.isEmpty()) {
      problems.add("groups not in the profile: " + String.join(", ", groups));
    }
    if (o.certificate() != null && !m.keyTypes().contains(o.certificate().keyType())) {
      problems.add("a " + o.certificate().keyType() + " certificate (the profile wants " + String.join(" or ",
          m.keyTypes().stream().sorted().toList()) + ")");
    }
    add("mozilla", problems.isEmpty(), problems.isEmpty() ? "meets " + m.label() : "does not meet " + m.label()
        + ": " + String.join("; ", problems));
  }

  private void sni(String key, String want, String got, String what) {
    if (want == null) {
      return;
    }
    if (got == null) {
      skip("sni." + key, o.source().equals("config") ? "SNI behaviour is not known from a configuration"
          : "SNI was not tested: the target is an address; give --sni NAME");
      return;
    }
    add("sni." + key, want.equals(got), what + " is " + got + "; the policy wants it " + want);
  }

  private void findings() {
    List<Observed.Found> failing = o.findings().stream().filter(f -> policy.allowFindings().stream()
        .noneMatch(rule -> SuiteWeakness.names(rule, f.id()))).toList();
    for (Observed.Found f : failing) {
      out.add(new Verdict(o.target(), "findings", f.id(), Verdict.FAIL, f.severity() + ": " + f.message(),
          policy.line("allowFindings"), f.file(), f.line()));
    }
    long allowed = o.findings().size() - failing.size();
    if (failing.isEmpty()) {
      add("findings", true, o.findings().isEmpty() ? "no findings" : allowed + " finding(s), each allowed by"
          + " allowFindings");
    }
  }

  private List<String> allSuites() {
    Set<String> all = new LinkedHashSet<>();
    o.suites().values().forEach(all::addAll);
    return List.copyOf(all);
  }

  /** The versions by the names the policy and the JSON use. */
  private static List<String> names(List<ProtocolVersion> l) {
    return l.stream().map(ProtocolKey::name).toList();
  }

  private static String list(List<String> l) {
    return l.isEmpty() ? "none" : String.join(", ", l);
  }

  private void add(String rule, boolean pass, String message) {
    out.add(new Verdict(o.target(), rule, null, pass ? Verdict.PASS : Verdict.FAIL, message,
        policy.line(rule.startsWith("sni.") ? "sni" : rule), null, 0));
  }

  private void skip(String rule, String why) {
    out.add(new Verdict(o.target(), rule, null, Verdict.SKIPPED, why, policy.line(rule.startsWith("sni.") ? "sni"
        : rule), null, 0));
  }
}
