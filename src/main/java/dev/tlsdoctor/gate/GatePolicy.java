package dev.tlsdoctor.gate;

import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.scan.ProtocolKey;
import dev.tlsdoctor.clients.ClientDatabase;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy of {@code tlsdoctor check}, from a YAML file. Every key is optional; without a file (or with an empty
 * one) only {@code allowFindings} applies, empty: every finding of the scan or the configuration analysis fails.
 *
 * <pre>
 * minProtocol: TLSv1.2            # nothing older accepted
 * maxProtocol: TLSv1.3            # nothing newer accepted
 * requireProtocols: [TLSv1.3]     # each of these accepted
 * mozilla: intermediate           # or {profile: intermediate, version: "5.7"}: protocols, suites, groups, key type
 * suites: [ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_128_GCM_SHA256]   # nothing else accepted (OpenSSL or IANA names)
 * groups: [x25519, prime256v1]    # nothing else accepted
 * certificateDaysLeft: 21         # the leaf valid at least this many more days
 * ocspStapling: true              # a stapled OCSP response
 * sni: {withoutName: refused, unknownName: refused}   # accepted or refused
 * allowFindings: [no-fallback-scsv]                   # finding ids that do not fail the check
 * clients: [java-8u161, ie-11-win7]   # client profiles that must connect ({@code tlsdoctor clients --list})
 * </pre>
 *
 * @param file the file as named in messages (null: no file)
 * @param lines each key given to the line it is on
 * @param suites normalised to OpenSSL names
 * @param groups normalised to OpenSSL names
 * @param sniWithoutName and {@code sniUnknownName}: {@code accepted}, {@code refused} or null
 * @param clients ids of client profiles that must connect (empty: none)
 */
public record GatePolicy(String file, Map<String, Integer> lines, ProtocolVersion minProtocol,
    ProtocolVersion maxProtocol, List<ProtocolVersion> requireProtocols, MozillaProfile mozilla, List<String> suites, List<String> groups,
    Integer certificateDaysLeft, boolean ocspStapling, String sniWithoutName, String sniUnknownName,
    List<String> allowFindings, List<String> clients) {

  static final List<String> KEYS = List.of("minProtocol", "maxProtocol", "requireProtocols", "mozilla", "suites",
      "groups", "certificateDaysLeft", "ocspStapling", "sni", "allowFindings", "clients");
  /** Versions in order, as {@code scan} names them. */
  public static final List<String> PROTOCOLS = java.util.Arrays.stream(ProtocolVersion.values()).map(ProtocolKey::name)
      .toList();
  /** Far more than a policy needs: a larger file is refused rather than read. */
  private static final int MAX_BYTES = 1 << 20;

  /** The policy without a file: every finding fails, nothing else is required. */
  public static final GatePolicy DEFAULT = new GatePolicy(null, Map.of(), null, null, List.of(), null, null, null,
      null, false, null, null, List.of(), List.of());

  /** A policy file that cannot be used: the message names the file, the line and the key. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** The line of {@code key} in the file, 0 when it is not given or there is no file. */
  public int line(String key) {
    return lines.getOrDefault(key, 0);
  }

  /** Reads {@code path}, named {@code name} in messages. */
  public static GatePolicy read(Path path, String name) throws Invalid {
    byte[] bytes;
    try {
      bytes = BoundedRead.file(path, new BoundedRead.Limit(MAX_BYTES, "a policy file"));
    } catch (IOException e) {
      throw new Invalid(name + ": " + BoundedRead.reason(e));
    }
    return parse(bytes, name);
  }

  /** The policy in {@code yaml}. */
  public static GatePolicy parse(byte[] yaml, String name) throws Invalid {
    YamlNode doc;
    try {
      doc = YamlNode.parse(yaml, name);
    } catch (YamlNode.Invalid e) {
      throw new Invalid(e.getMessage());
    }
    if (doc == null) {
      return new GatePolicy(name, Map.of(), null, null, List.of(), null, null, null, null, false, null, null,
          List.of(), List.of());
    }
    if (doc.map() == null) {
      throw new Invalid(name + ":" + doc.line() + ": the policy is a mapping of keys (" + String.join(", ", KEYS)
          + "), not " + doc.kind());
    }
    return new Reader(name, doc.map()).policy();
  }

  /** Reads the keys of one policy mapping. */
  private static final class Reader {
    private final String name;
    private final Map<String, YamlNode> keys;
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    Reader(String name, Map<String, YamlNode> keys) {
      this.name = name;
      this.keys = keys;
    }

    GatePolicy policy() throws Invalid {
      for (Map.Entry<String, YamlNode> e : keys.entrySet()) {
        if (!KEYS.contains(e.getKey())) {
          throw new Invalid(name + ":" + e.getValue().line() + ": unknown key '" + e.getKey() + "' (the keys are "
              + String.join(", ", KEYS) + ")");
        }
        lines.put(e.getKey(), e.getValue().line());
      }
      ProtocolVersion min = protocol("minProtocol");
      ProtocolVersion max = protocol("maxProtocol");
      if (min != null && max != null && min.compareTo(max) > 0) {
        throw invalid("maxProtocol", ProtocolKey.name(max) + " is older than minProtocol " + ProtocolKey.name(min));
      }
      List<ProtocolVersion> require = new ArrayList<>();
      for (YamlNode n : strings("requireProtocols")) {
        require.add(protocolValue("requireProtocols", n));
      }
      Integer days = null;
      if (keys.containsKey("certificateDaysLeft")) {
        YamlNode n = keys.get("certificateDaysLeft");
        if (!(n.value() instanceof Integer i) || i < 0) {
          throw invalid("certificateDaysLeft", "a whole number of days (0 or more) is wanted, not " + n.kind());
        }
        days = i;
      }
      boolean ocsp = false;
      if (keys.containsKey("ocspStapling")) {
        YamlNode n = keys.get("ocspStapling");
        if (!Boolean.TRUE.equals(n.value())) {
          throw invalid("ocspStapling", "only 'true' (a stapled OCSP response is required) is meaningful, not "
              + n.kind() + "; leave the key out to require nothing");
        }
        ocsp = true;
      }
      String[] sni = sni();
      List<String> allow = new ArrayList<>();
      for (YamlNode n : strings("allowFindings")) {
        allow.add(n.text());
      }
      return new GatePolicy(name, Map.copyOf(lines), min, max, List.copyOf(require), mozilla(), suites(), groups(),
          days, ocsp, sni[0], sni[1], List.copyOf(allow), clients());
    }

    private ProtocolVersion protocol(String key) throws Invalid {
      return keys.containsKey(key) ? protocolValue(key, keys.get(key)) : null;
    }

    /** A version named exactly as {@code scan} names it, or {@code TLSv1}. */
    private ProtocolVersion protocolValue(String key, YamlNode n) throws Invalid {
      String t = n.text();
      ProtocolVersion v = t == null ? null : t.equals("TLSv1") ? ProtocolVersion.TLSv1
          : PROTOCOLS.contains(t) ? ProtocolVersion.fromName(t) : null;
      if (v == null) {
        throw invalid(key, n.line(), n.kind() + " is not one of: " + String.join(", ", PROTOCOLS));
      }
      return v;
    }

    /** A list of strings (or one string) under {@code key}; empty when the key is absent. */
    private List<YamlNode> strings(String key) throws Invalid {
      YamlNode n = keys.get(key);
      if (n == null) {
        return List.of();
      }
      if (n.value() instanceof String) {
        return List.of(n);
      }
      if (n.list() == null) {
        throw invalid(key, "a list is wanted, not " + n.kind());
      }
      for (YamlNode e : n.list()) {
        if (!(e.value() instanceof String)) {
          throw invalid(key, e.line(), "each entry is a name, not " + e.kind());
        }
      }
      return n.list();
    }

    private MozillaProfile mozilla() throws Invalid {
      YamlNode n = keys.get("mozilla");
      if (n == null) {
        return null;
      }
      String profile;
      String version = MozillaProfile.LATEST;
      if (n.value() instanceof String s) {
        profile = s;
      } else if (n.map() != null) {
        for (Map.Entry<String, YamlNode> e : n.map().entrySet()) {
          if (!e.getKey().equals("profile") && !e.getKey().equals("version")) {
            throw invalid("mozilla", e.getValue().line(), "unknown key '" + e.getKey() + "' (the keys are profile"
                + " and version)");
          }
        }
        YamlNode p = n.map().get("profile");
        if (p == null || !(p.value() instanceof String)) {
          throw invalid("mozilla", "profile: one of " + String.join(", ", MozillaProfile.NAMES) + " is wanted");
        }
        profile = (String) p.value();
        YamlNode v = n.map().get("version");
        if (v != null) {
          version = v.text();
          if (version == null || !MozillaProfile.GUIDELINES.contains(version)) {
            throw invalid("mozilla", v.line(), "version: " + v.kind() + " is not one of: "
                + String.join(", ", MozillaProfile.GUIDELINES));
          }
        }
      } else {
        throw invalid("mozilla", "a profile name or {profile: NAME, version: V} is wanted, not " + n.kind());
      }
      if (!MozillaProfile.NAMES.contains(profile)) {
        throw invalid("mozilla", "'" + profile + "' is not one of: " + String.join(", ", MozillaProfile.NAMES));
      }
      MozillaProfile m = MozillaProfile.of(profile, version);
      if (m == null) {
        throw invalid("mozilla", "guideline " + version + " has no " + profile + " profile");
      }
      return m;
    }

    private List<String> suites() throws Invalid {
      if (!keys.containsKey("suites")) {
        return null;
      }
      List<String> out = new ArrayList<>();
      for (YamlNode n : strings("suites")) {
        String s = n.text();
        CipherSuite c = CipherSuite.forOpensslName(s).or(() -> CipherSuite.forIanaName(s)).orElse(null);
        if (c == null) {
          throw invalid("suites", n.line(), "'" + s + "' is no cipher suite (OpenSSL or IANA name) tlsdoctor knows");
        }
        out.add(Verdicts.suiteName(c));
      }
      return List.copyOf(out);
    }

    /** The client profile ids; an unknown one names the nearest ids. */
    private List<String> clients() throws Invalid {
      List<String> out = new ArrayList<>();
      for (YamlNode n : strings("clients")) {
        String id = n.text();
        if (ClientDatabase.find(id).isEmpty()) {
          throw invalid("clients", n.line(), "'" + id + "' is no client profile tlsdoctor knows (nearest: "
              + String.join(", ", ClientDatabase.nearest(id, 3)) + "; all: tlsdoctor clients --list)");
        }
        if (!out.contains(id)) {
          out.add(id);
        }
      }
      return List.copyOf(out);
    }

    private List<String> groups() throws Invalid {
      if (!keys.containsKey("groups")) {
        return null;
      }
      List<String> out = new ArrayList<>();
      for (YamlNode n : strings("groups")) {
        if (NamedGroup.forName(n.text()).isEmpty()) {
          throw invalid("groups", n.line(), "'" + n.text() + "' is no key-exchange group tlsdoctor knows");
        }
        out.add(Observed.groupName(n.text()));
      }
      return List.copyOf(out);
    }

    private String[] sni() throws Invalid {
      YamlNode n = keys.get("sni");
      if (n == null) {
        return new String[2];
      }
      if (n.map() == null) {
        throw invalid("sni", "a mapping {withoutName: accepted|refused, unknownName: accepted|refused} is wanted,"
            + " not " + n.kind());
      }
      String[] out = new String[2];
      for (Map.Entry<String, YamlNode> e : n.map().entrySet()) {
        int i = List.of("withoutName", "unknownName").indexOf(e.getKey());
        if (i < 0) {
          throw invalid("sni", e.getValue().line(), "unknown key '" + e.getKey() + "' (the keys are withoutName and"
              + " unknownName)");
        }
        String v = e.getValue().text();
        if (!"accepted".equals(v) && !"refused".equals(v)) {
          throw invalid("sni", e.getValue().line(), e.getKey() + ": " + e.getValue().kind() + " is not one of:"
              + " accepted, refused");
        }
        out[i] = v;
      }
      return out;
    }

    private Invalid invalid(String key, String message) {
      return invalid(key, keys.get(key).line(), message);
    }

    private Invalid invalid(String key, int line, String message) {
      return new Invalid(name + ":" + line + ": " + key + ": " + message);
    }
  }
}
