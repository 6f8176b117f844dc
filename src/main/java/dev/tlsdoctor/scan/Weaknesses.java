package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.BulkCipher;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The known weaknesses of a profile: those probed on the wire (Heartbleed, the early ChangeCipherSpec,
 * compression, HSTS) and those that follow from the versions and suites the server accepts — DROWN (SSL 2.0),
 * POODLE (SSL 3.0 with CBC), BEAST (TLS 1.0 or SSL 3.0 with CBC), FREAK (export RSA), Logjam (export DHE or a DHE
 * group of 1024 bits or less), Sweet32 (64-bit block ciphers), RC4 (RFC 7465).
 */
final class Weaknesses {
  private Weaknesses() {
  }

  static List<ServerProfile.Check> all(ServerProfile p) {
    List<ServerProfile.Check> out = new ArrayList<>(p.checks().stream().map(c -> untestedCbc(c, p)).toList());
    Map<ProtocolVersion, Boolean> v = p.protocols();
    out.add(derived("drown", Boolean.TRUE.equals(v.get(ProtocolVersion.SSLv2)), "SSL 2.0 is accepted: its key can decrypt"
        + " recorded TLS sessions of every server that shares it (DROWN)", "SSL 2.0 is refused", v));
    List<String> sslv3Cbc = suites(p, ProtocolVersion.SSLv3, Weaknesses::cbc);
    out.add(derived("poodle-sslv3", !sslv3Cbc.isEmpty(), "SSL 3.0 with CBC suites (" + first(sslv3Cbc) + "):"
        + " POODLE recovers secrets a byte at a time", "no SSL 3.0 with CBC suites", v));
    List<String> beast = new ArrayList<>(suites(p, ProtocolVersion.TLSv1, Weaknesses::cbc));
    beast.addAll(sslv3Cbc);
    out.add(derived("beast", !beast.isEmpty(), "TLS 1.0 or SSL 3.0 with CBC suites (" + first(beast) + "): BEAST"
        + " (today's browsers split records, which defeats it; other clients may not)", "no TLS 1.0 or SSL 3.0 with"
        + " CBC suites", v));
    List<String> exportRsa = all(p, s -> s.is(CipherSuite.Flag.EXPORT) && s.keyExchange() == KeyExchange.RSA);
    out.add(derived("freak", !exportRsa.isEmpty(), "export RSA suites (" + first(exportRsa) + "): FREAK",
        "no export RSA suite", v));
    List<String> exportDhe = all(p, s -> s.is(CipherSuite.Flag.EXPORT) && s.keyExchange() == KeyExchange.DHE);
    boolean weakDh = p.dhBits() != null && p.dhBits() <= 1024;
    out.add(derived("logjam", !exportDhe.isEmpty() || weakDh, !exportDhe.isEmpty() ? "export DHE suites ("
        + first(exportDhe) + "): Logjam" : "a DHE group of " + p.dhBits() + " bits: Logjam", "no export DHE suite"
        + (p.dhBits() == null ? ", no DHE" : " and a DHE group of " + p.dhBits() + " bits"), v));
    List<String> block64 = all(p, s -> s.cipher() == BulkCipher.TRIPLE_DES_EDE_CBC || s.cipher() == BulkCipher.DES_CBC
        || s.cipher() == BulkCipher.IDEA_CBC || s.cipher() == BulkCipher.DES40_CBC);
    out.add(derived("sweet32", !block64.isEmpty(), "64-bit block ciphers (" + first(block64) + "): Sweet32",
        "no 64-bit block cipher", v));
    List<String> rc4 = all(p, s -> s.cipher().name().startsWith("RC4"));
    out.add(derived("rc4", !rc4.isEmpty(), "RC4 suites (" + first(rc4) + "), prohibited by RFC 7465", "no RC4",
        v));
    return List.copyOf(out);
  }

  /**
   * POODLE against TLS is tested with the CBC suites this scanner completes (AES with SHA-1, SHA-256 or SHA-384); a
   * server that refused them but accepts other CBC suites at the version tested (3DES, Camellia...) is untested, not
   * fine.
   */
  private static ServerProfile.Check untestedCbc(ServerProfile.Check c, ServerProfile p) {
    ProtocolVersion tested = c.id().equals("poodle-tls") && c.status().equals(ServerProfile.Check.OK)
        ? PaddingProbe.noCbcHandshakeAt(c.detail()) : null;
    if (tested == null) {
      return c;
    }
    List<String> cbc = suites(p, tested, Weaknesses::cbc);
    return cbc.isEmpty() ? c : new ServerProfile.Check("poodle-tls", ServerProfile.Check.UNKNOWN,
        tested.displayName() + " has CBC suites (" + first(cbc) + ") but none this scanner completes (AES-CBC with"
        + " SHA-1, SHA-256 or SHA-384)");
  }

  /** A check decided by what the scan found; unknown when no version could be judged. */
  private static ServerProfile.Check derived(String id, boolean vulnerable, String yes, String no,
      Map<ProtocolVersion, Boolean> versions) {
    if (vulnerable) {
      return new ServerProfile.Check(id, ServerProfile.Check.VULNERABLE, yes);
    }
    return versions.isEmpty() ? new ServerProfile.Check(id, ServerProfile.Check.UNKNOWN, "no version was tested")
        : new ServerProfile.Check(id, ServerProfile.Check.OK, no);
  }

  private static List<String> suites(ServerProfile p, ProtocolVersion version, Predicate<CipherSuite> which) {
    List<String> out = new ArrayList<>();
    for (ServerProfile.Suite s : p.cipherSuites().getOrDefault(version, List.of())) {
      CipherSuite.forIanaName(s.iana()).filter(which).ifPresent(c -> out.add(s.iana()));
    }
    return out;
  }

  private static List<String> all(ServerProfile p, Predicate<CipherSuite> which) {
    List<String> out = new ArrayList<>();
    for (ProtocolVersion v : p.cipherSuites().keySet()) {
      suites(p, v, which).stream().filter(s -> !out.contains(s)).forEach(out::add);
    }
    return out;
  }

  private static String first(List<String> names) {
    return names.isEmpty() ? "" : names.get(0) + (names.size() > 1 ? " and " + (names.size() - 1) + " more" : "");
  }

  /** A suite that encrypts in CBC mode (the block ciphers that are neither AEAD nor stream ciphers). */
  static boolean cbc(CipherSuite s) {
    return !s.cipher().isAead() && s.cipher().name().contains("CBC");
  }
}
