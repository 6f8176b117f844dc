package dev.tlsdoctor.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.finding.SuiteWeakness;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A previous result to compare with: the JSON of {@code tlsdoctor scan} (one profile or a list of them) or of
 * {@code tlsdoctor check} (its targets' {@code observed}).
 */
public final class Baseline {
  /** A scan of many targets stays far below this. */
  private static final BoundedRead.Limit LIMIT = new BoundedRead.Limit(64 << 20, "a baseline file");
  private static final ObjectMapper READER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Baseline() {
  }

  /** A baseline that cannot be used: the message names the file and what is wrong. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** The endpoints in {@code path}, named {@code name} in messages; certificates' days counted to {@code now}. */
  public static List<Observed> read(Path path, String name, Instant now) throws Invalid {
    byte[] bytes;
    try {
      bytes = BoundedRead.file(path, LIMIT);
    } catch (IOException e) {
      throw new Invalid(name + ": " + BoundedRead.reason(e));
    }
    return parse(bytes, name, now);
  }

  static List<Observed> parse(byte[] json, String name, Instant now) throws Invalid {
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Invalid(name + ":" + e.getLocation().getLineNr() + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Invalid(name + ": " + e.getMessage());
    }
    List<Observed> out = new ArrayList<>();
    if (root != null && root.isObject() && root.has("targets") && root.get("targets").isArray()) {
      int i = 0;
      for (JsonNode t : root.get("targets")) {
        JsonNode o = t.get("observed");
        if (o == null || !o.isObject()) {
          throw new Invalid(name + ": targets[" + i + "] has no 'observed' object: not the JSON of tlsdoctor check");
        }
        Observed b = convert(o, Observed.class, name, "targets[" + i + "].observed");
        out.add(new Observed(b.target(), "baseline", b.error(), b.protocols(), b.suites(), b.serverPreference(),
            b.groups(), b.certificate(), b.ocspStapling(), b.sni(), current(b.findings()), b.clients()));
        i++;
      }
      return out;
    }
    List<JsonNode> profiles = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(profiles::add);
    } else if (root != null && root.isObject()) {
      profiles.add(root);
    }
    if (profiles.isEmpty()) {
      throw new Invalid(name + ": neither the JSON of tlsdoctor scan nor that of tlsdoctor check");
    }
    for (int i = 0; i < profiles.size(); i++) {
      JsonNode p = profiles.get(i);
      if (!p.isObject() || !p.has("target") || !p.has("protocols")) {
        throw new Invalid(name + ": " + (root.isArray() ? "[" + i + "]" : "the document") + " has no 'target' and"
            + " 'protocols': neither the JSON of tlsdoctor scan nor that of tlsdoctor check");
      }
      String where = root.isArray() ? "[" + i + "]" : "the scan";
      Observed o;
      try {
        o = Observed.of(convert(p, ServerProfile.class, name, where), now);
      } catch (RuntimeException e) {
        // a value the scan never writes (a notAfter that is no instant, a suite without names)
        throw new Invalid(name + ": " + where + ": not the shape tlsdoctor writes: " + e.getMessage());
      }
      out.add(new Observed(o.target(), "baseline", o.error(), o.protocols(), o.suites(), o.serverPreference(),
          o.groups(), o.certificate(), o.ocspStapling(), o.sni(), current(o.findings()), o.clients()));
    }
    return out;
  }

  /**
   * The findings of a baseline under today's ids: a weak-suite finding written before each weakness had its id
   * ({@code weak-cipher} of scan, {@code cipher-weak} of config) becomes one finding per weakness of the suites its
   * message names ({@link SuiteWeakness}), those that are problems; a finding naming no known suite is kept as it is.
   */
  static List<Observed.Found> current(List<Observed.Found> findings) {
    List<Observed.Found> out = new ArrayList<>();
    for (Observed.Found f : findings) {
      if (!f.id().equals(SuiteWeakness.LEGACY_SCAN_ID) && !f.id().equals(SuiteWeakness.LEGACY_CONFIG_ID)) {
        out.add(f);
        continue;
      }
      java.util.Set<SuiteWeakness> weak = java.util.EnumSet.noneOf(SuiteWeakness.class);
      for (String word : SUITE_SEPARATORS.split(f.message() == null ? "" : f.message())) {
        CipherSuite.forIanaName(word).or(() -> CipherSuite.forOpensslName(word)).flatMap(SuiteWeakness::of)
            .filter(w -> w.severity().isProblem()).ifPresent(weak::add);
      }
      if (weak.isEmpty()) {
        out.add(f);
      }
      weak.forEach(w -> out.add(new Observed.Found(w.id(), w.severity(), f.message(), f.file(), f.line())));
    }
    return out;
  }

  private static final java.util.regex.Pattern SUITE_SEPARATORS = java.util.regex.Pattern.compile("[\\s,;:()\"]+");

  private static <T> T convert(JsonNode node, Class<T> type, String name, String where) throws Invalid {
    try {
      T value = READER.treeToValue(node, type);
      if (value == null) {
        throw new Invalid(name + ": " + where + " is empty");
      }
      return value;
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException
        | java.time.format.DateTimeParseException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
      throw new Invalid(name + ": " + where + ": not the shape tlsdoctor writes: " + why.lines().findFirst()
          .orElse(""));
    }
  }
}
