package dev.tlsdoctor.gate;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.List;
import java.util.Set;

/**
 * A profile of Mozilla's Server Side TLS guidelines (the {@code configurations} of the guidelines' JSON, versions
 * 5.7 of 2023-05-15, 5.8 of 2026-04-06 and 6.0; read 2026-11): the protocol versions it allows, its TLS 1.2 and
 * older suites (OpenSSL names; TLS 1.3 suites are all allowed: the three that OpenSSL enables), its key-exchange
 * groups and its certificate key types. 6.0 has no {@code old} profile.
 */
record MozillaProfile(String name, String guideline, Set<ProtocolVersion> protocols, Set<String> suites, Set<String> groups,
    Set<String> keyTypes) {

  /** The newest guideline, used when the policy names none. */
  static final String LATEST = "6.0";
  static final List<String> GUIDELINES = List.of("5.7", "5.8", "6.0");
  static final List<String> NAMES = List.of("modern", "intermediate", "old");

  /** The TLS 1.3 suites every profile allows. */
  static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256");

  private static final List<String> INTERMEDIATE_ECDHE = List.of("ECDHE-ECDSA-AES128-GCM-SHA256",
      "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
      "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305");
  private static final List<String> DHE = List.of("DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384",
      "DHE-RSA-CHACHA20-POLY1305");
  /** The old profile's suites after the intermediate ones, without DHE (5.8). */
  private static final List<String> OLD_REST = List.of("ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
      "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
      "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA", "AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA256",
      "AES256-SHA256", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA");
  /** 5.7's old profile also had DHE with SHA-2 CBC. */
  private static final List<String> OLD_DHE_CBC = List.of("DHE-RSA-AES128-SHA256", "DHE-RSA-AES256-SHA256");

  private static final Set<String> GROUPS_57 = Set.of("x25519", "secp256r1", "secp384r1");
  private static final Set<String> GROUPS_58 = Set.of("X25519MLKEM768", "x25519", "secp256r1", "secp384r1");
  private static final Set<ProtocolVersion> MODERN = Set.of(ProtocolVersion.TLSv1_3);
  private static final Set<ProtocolVersion> INTERMEDIATE = Set.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3);
  private static final Set<ProtocolVersion> OLD = Set.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1,
      ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3);

  /** The profile, or null when the guideline has no such profile. */
  static MozillaProfile of(String name, String guideline) {
    boolean v57 = guideline.equals("5.7");
    Set<String> groups = v57 ? GROUPS_57 : GROUPS_58;
    return switch (name) {
      case "modern" -> new MozillaProfile(name, guideline, MODERN, Set.of(), groups, Set.of("ECDSA"));
      case "intermediate" -> new MozillaProfile(name, guideline, INTERMEDIATE, v57 ? join(INTERMEDIATE_ECDHE, DHE)
          : Set.copyOf(INTERMEDIATE_ECDHE), groups, Set.of("ECDSA", "RSA"));
      case "old" -> guideline.equals("6.0") ? null : new MozillaProfile(name, guideline, OLD, v57
          ? join(INTERMEDIATE_ECDHE, DHE, OLD_REST, OLD_DHE_CBC) : join(INTERMEDIATE_ECDHE, OLD_REST), groups,
          Set.of("RSA"));
      default -> null;
    };
  }

  @SafeVarargs
  private static Set<String> join(List<String>... parts) {
    java.util.Set<String> s = new java.util.LinkedHashSet<>();
    for (List<String> p : parts) {
      s.addAll(p);
    }
    return java.util.Collections.unmodifiableSet(s);
  }

  String label() {
    return "Mozilla " + name + " " + guideline;
  }
}
