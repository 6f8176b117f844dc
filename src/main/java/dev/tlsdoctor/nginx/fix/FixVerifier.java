package dev.tlsdoctor.nginx.fix;

import dev.tlsdoctor.nginx.OpensslBuild;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.Finding;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.PolicyFindings;
import dev.tlsdoctor.nginx.policy.SourceLines;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tries every proposed fix before it is shown: the diff is applied to a copy of the configuration (in memory, as
 * the files of an {@code nginx -T} dump), the copy is read and analysed again, and the fix is kept only when the
 * finding it answers is gone and no error appears that was not there before; with a {@link SyntaxCheck} (nginx on
 * PATH), nginx itself must also accept the patched copy. A fix that fails is withdrawn: the finding keeps its
 * message and says why no diff is offered.
 */
public final class FixVerifier {
  /** nginx's own opinion of a patched copy: null when it accepts it, else what it said; may be unavailable. */
  public interface SyntaxCheck {
    /** {@code files}: every configuration file's text by path, with the patch applied. */
    Result check(Map<String, String> files, String mainFile);

    /** Null {@code error} and {@code ran}: accepted; not {@code ran}: why it could not run. */
    record Result(boolean ran, String error, String note) {
    }
  }

  private final NginxConfig config;
  private final SourceLines lines;
  private final NginxVersion version;
  private final OpensslBuild build;
  private final Clock clock;
  private final SyntaxCheck syntax;
  /** nginx -t on the unchanged copy: when it refuses that too, it says nothing about a change. */
  private SyntaxCheck.Result baseline;

  public FixVerifier(NginxConfig config, SourceLines lines, NginxVersion version, OpensslBuild build, Clock clock,
      SyntaxCheck syntax) {
    this.config = config;
    this.lines = lines;
    this.version = version;
    this.build = build;
    this.clock = clock;
    this.syntax = syntax;
  }

  /** {@code findings} with each fix verified (kept, with how) or withdrawn (with why). */
  public List<Finding> verify(List<Finding> findings) {
    Map<String, String> original = texts();
    List<Finding> before = analyze(original);
    if (before == null) {
      // the copy cannot even be read back: nothing can be verified, so no diff is offered
      return findings.stream().map(f -> f.fix() == null ? f : f.verified(null, false,
          "not offered: the configuration could not be copied for verification")).toList();
    }
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      out.add(f.fix() == null ? f : verify(f, original, before));
    }
    return List.copyOf(out);
  }

  private Finding verify(Finding f, Map<String, String> original, List<Finding> before) {
    String file = f.file();
    if (!original.containsKey(file)) {
      return f.verified(null, false, "not offered: the text of " + file + " is unknown, so the change cannot be"
          + " tried");
    }
    Map<String, String> patched = new LinkedHashMap<>(original);
    try {
      patched.put(file, String.join("\n", Patch.apply(Arrays.asList(original.get(file).split("\n", -1)),
          f.fix())));
    } catch (IllegalArgumentException e) {
      return f.verified(null, false, "not offered: the change does not apply to " + file + " (" + e.getMessage()
          + ")");
    }
    List<Finding> after = analyze(patched);
    if (after == null) {
      return f.verified(null, false, "not offered: with the change the configuration cannot be read");
    }
    if (after.stream().anyMatch(a -> same(a, f))) {
      return f.verified(null, false, "not offered: with the change, " + f.id() + " is still found");
    }
    Set<String> errorsBefore = new HashSet<>();
    before.stream().filter(b -> b.severity().equals(Finding.ERROR)).forEach(b -> errorsBefore.add(key(b)));
    for (Finding a : after) {
      if (a.severity().equals(Finding.ERROR) && !errorsBefore.contains(key(a))) {
        return f.verified(null, false, "not offered: the change would cause a new error, " + a.id() + ": "
            + a.message());
      }
    }
    String how = "applied to a copy and analysed again: " + f.id() + " is gone, no new error";
    if (syntax != null) {
      if (baseline == null) {
        baseline = syntax.check(original, config.files().get(0));
      }
      SyntaxCheck.Result r = !baseline.ran() ? baseline : baseline.error() != null ? new SyntaxCheck.Result(false,
          null, "nginx -t not run: it refuses the unchanged configuration too (" + baseline.error() + ")")
          : syntax.check(patched, config.files().get(0));
      if (r.ran() && r.error() != null) {
        return f.verified(null, false, "not offered: nginx -t refuses the changed configuration: " + r.error());
      }
      how += r.ran() ? "; nginx -t accepts it" : "; " + r.note();
    }
    return f.verified(f.fix(), true, how);
  }

  /** The same problem: its id, at one of its sockets, for one of its server names. */
  private static boolean same(Finding a, Finding f) {
    if (!a.id().equals(f.id()) || a.listen().stream().noneMatch(f.listen()::contains) && !f.listen().isEmpty()) {
      return false;
    }
    Set<String> names = new HashSet<>(Arrays.asList(f.serverName().split(", ")));
    return Arrays.stream(a.serverName().split(", ")).anyMatch(names::contains);
  }

  private static String key(Finding a) {
    return a.id() + "\u0000" + a.serverName() + "\u0000" + a.listen();
  }

  /** Each file the configuration was read from, with its text. */
  private Map<String, String> texts() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String file : config.files()) {
      List<String> l = lines.lines(file);
      if (!l.isEmpty()) {
        out.putIfAbsent(file, String.join("\n", l));
      }
    }
    return out;
  }

  /** The findings of the configuration made of {@code files}; null when it cannot be read. */
  private List<Finding> analyze(Map<String, String> files) {
    StringBuilder dump = new StringBuilder();
    for (Map.Entry<String, String> e : files.entrySet()) {
      dump.append("# configuration file ").append(e.getKey()).append(":\n").append(e.getValue());
      if (!e.getValue().endsWith("\n")) {
        dump.append('\n');
      }
    }
    byte[] bytes = dump.toString().getBytes(StandardCharsets.UTF_8);
    try {
      NginxConfig copy = NginxConfigReader.strict().readDump(bytes);
      return PolicyFindings.analyze(TlsPolicy.of(copy, version, build), SourceLines.fromDump(bytes), clock);
    } catch (ConfigException e) {
      return null;
    }
  }
}
