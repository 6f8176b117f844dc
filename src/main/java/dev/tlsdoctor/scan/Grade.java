package dev.tlsdoctor.scan;

import dev.tlsdoctor.finding.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A letter for a scanned endpoint, A+ to F, and every reason that keeps it from a better one. tlsdoctor's own rules,
 * close in spirit to the grades operators know: a flaw an attacker can use today or clients that cannot connect
 * safely cap it at F; old protocols, weak suites and key exchange, at C or B; a setup with nothing to cap and HSTS of
 * at least 180 days is A+.
 */
final class Grade {
  record Result(String grade, List<String> reasons) {
  }

  /** Finding ids and the grade each caps at. */
  private static final Map<String, String> CAPS = Map.ofEntries(
      Map.entry("protocol-sslv2", "F"), Map.entry("protocol-sslv3", "F"), Map.entry("heartbleed", "F"),
      Map.entry("ccs-injection", "F"), Map.entry("robot", "F"), Map.entry("poodle-tls", "F"), Map.entry("no-modern-protocol", "F"), Map.entry("expired", "F"),
      Map.entry("not-yet-valid", "F"), Map.entry("untrusted", "F"), Map.entry("self-signed", "F"),
      Map.entry("hostname-mismatch", "F"), Map.entry("incomplete-chain", "B"), Map.entry("malformed-certificate", "F"),
      Map.entry("handshake-incomplete", "F"), Map.entry("version-unusable", "C"), Map.entry("cipher-anonymous", "C"),
      Map.entry("cipher-null", "C"), Map.entry("cipher-export", "C"), Map.entry("cipher-rc4", "C"),
      Map.entry("cipher-short-key", "C"), Map.entry("cipher-64bit-block", "C"), Map.entry("cipher-md5", "C"),
      Map.entry("compression", "C"), Map.entry("insecure-renegotiation", "C"), Map.entry("weak-key", "C"),
      Map.entry("protocol-deprecated", "B"), Map.entry("weak-dh", "B"), Map.entry("weak-signature", "B"),
      Map.entry("no-forward-secrecy", "B"));
  private static final List<String> ORDER = List.of("A+", "A", "B", "C", "F");

  private Grade() {
  }

  static Result of(ServerProfile p, List<ServerProfile.Check> checks, List<Finding> findings) {
    String grade = "A";
    List<String> reasons = new ArrayList<>();
    for (Finding f : findings) {
      String cap = CAPS.get(f.id());
      if (cap != null) {
        reasons.add(cap + ": " + f.id());
        grade = worse(grade, cap);
      }
    }
    boolean hsts = checks != null && checks.stream().anyMatch(c -> c.id().equals("hsts")
        && c.status().equals(ServerProfile.Check.OK));
    if (grade.equals("A") && hsts) {
      grade = "A+";
    } else if (grade.equals("A")) {
      reasons.add("A: no HSTS of 180 days or more (A+ needs it)");
    }
    return new Result(grade, List.copyOf(reasons.stream().distinct().toList()));
  }

  private static String worse(String a, String b) {
    return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
  }
}
