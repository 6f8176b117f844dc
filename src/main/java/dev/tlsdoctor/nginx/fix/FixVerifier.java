package dev.tlsdoctor.nginx.fix;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.PolicyFindings;
import dev.tlsdoctor.nginx.policy.SourceLines;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tries every proposed fix before it is shown: the diff is applied to a copy of the configuration (in memory, as
 * the files of an {@code nginx -T} dump), the copy is read (as {@link NginxConfigReader#policyOnly()} reads: what
 * the analysis does not read is left out of its tree) and analysed again, and the fix is kept only when the
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

  /** The files the configuration was read from, main file first. */
  private final List<String> files;
  private final SourceLines lines;
  private final NginxVersion version;
  private final OpensslBuild build;
  private final Clock clock;
  private final SyntaxCheck syntax;
  /** The original's conf prefix: the copies' relative includes resolve where the original's did. */
  private final String confPrefix;
  /** nginx -t on the unchanged copy: when it refuses that too, it says nothing about a change. */
  private SyntaxCheck.Result baseline;
  /**
   * How long the nginx -t runs may take in all: on a configuration of thousands of servers one run takes seconds
   * (nginx loads every certificate), and the analysis again in memory has already checked each change.
   */
  static final java.time.Duration SYNTAX_BUDGET = java.time.Duration.ofSeconds(20);
  private long syntaxNanos;

  private SyntaxCheck.Result timed(java.util.function.Supplier<SyntaxCheck.Result> run) {
    long t0 = System.nanoTime();
    try {
      return run.get();
    } finally {
      syntaxNanos += System.nanoTime() - t0;
    }
  }

  public FixVerifier(NginxConfig config, SourceLines lines, NginxVersion version, OpensslBuild build, Clock clock,
      SyntaxCheck syntax) {
    this.files = config.files(); // not the tree: a large one is not held while copies are analysed
    this.confPrefix = config.confPrefix();
    this.lines = lines;
    this.version = version;
    this.build = build;
    this.clock = clock;
    this.syntax = syntax;
  }

  /**
   * {@code findings} with each fix verified (kept, with how) or withdrawn (with why). Findings that propose the same
   * change to the same file (a directive of the default server that fixes the finding of every server on its socket)
   * share one trial: the copy is patched, read and analysed once, and each finding is then looked for in that one
   * analysis. Trials run one at a time, so that at most one analysed copy is held.
   */
  public List<Finding> verify(List<Finding> findings) {
    return verify(findings, null);
  }

  /**
   * {@link #verify(List)}, given the findings of the unchanged configuration when they are known to be those of its
   * copy (for nginx -T input the copy is the input itself: the same files with the same text, so the same tree),
   * which saves an analysis of the whole configuration; null to analyse the copy (files read from the disk are
   * copied as a dump, which is read with the dump's rules). All findings, ignored ones too: a new error is one that
   * was not there before.
   */
  public List<Finding> verify(List<Finding> findings, List<Finding> unchanged) {
    return verify(findings, unchanged, null);
  }

  /**
   * {@link #verify(List, List)}, given also the policy {@code unchanged} came from (of the same text: its servers in
   * the same order), which saves working it out again; null to work it out.
   */
  public List<Finding> verify(List<Finding> findings, List<Finding> unchanged, TlsPolicy unchangedPolicy) {
    return verify(findings, unchanged, unchangedPolicy, null, null);
  }

  /**
   * {@link #verify(List, List, TlsPolicy)} for nginx -T input that {@code read} was read from with {@code cache}
   * by {@code NginxConfigReader.strict().notingMissingIncludes().policyOnly()} ({@link NginxConfigReader#readDump(byte[],
   * NginxConfigReader.Cache)}), as the copies are read: that tree is the unchanged copy, so the
   * copy is not read again, and each changed copy reuses the input's included files (their directives are shared,
   * so servers a change does not touch are told apart by identity). When a file's text, encoded again, is not its
   * bytes in the input (malformed UTF-8), the copy is read as before. {@code unchanged} and {@code unchangedPolicy}
   * must be of {@code read}.
   */
  public List<Finding> verify(List<Finding> findings, List<Finding> unchanged, TlsPolicy unchangedPolicy,
      NginxConfig read, NginxConfigReader.Cache cache) {
    if (findings.stream().allMatch(f -> f.fix() == null)) {
      return List.copyOf(findings); // nothing to try
    }
    Map<String, String> original = texts();
    boolean large = lines.size() > LARGE;
    collect(large);
    List<Finding> units = unchanged;
    Copy base = null;
    LocalScope scope = null;
    if (units == null || !large) {
      if (large) {
        base = read(original);
      } else {
        // each file's bytes once: every copy shares those of the files it does not change
        bytes = new LinkedHashMap<>();
        original.forEach((f, text) -> bytes.put(f, text.getBytes(StandardCharsets.UTF_8)));
        boolean input = read != null && cache != null && units != null && unchangedPolicy != null
            && bytes.entrySet().stream().allMatch(e -> lines.sameBytes(e.getKey(), e.getValue()));
        parsed = input ? cache : new NginxConfigReader.Cache();
        base = input ? new Copy(read, SourceLines.of(bytes)) : read(bytes, SourceLines.of(bytes));
      }
      if (base == null) {
        // the copy cannot even be read back: nothing can be verified, so no diff is offered
        return findings.stream().map(f -> f.fix() == null ? f : f.verified(null, false,
            "not offered: the configuration could not be copied for verification")).toList();
      }
      TlsPolicy policy = units != null && unchangedPolicy != null ? unchangedPolicy
          : TlsPolicy.of(base.config(), version, build);
      if (units == null) {
        units = PolicyFindings.units(policy, base.lines(), clock);
      }
      if (large) {
        base = null; // a large one: one tree at a time, each change tried on the whole copy
      } else {
        scope = new LocalScope(base.config(), policy, version, build);
      }
    }
    Before before = new Before(units);
    units = null;
    collect(large);
    Map<List<String>, List<Integer>> trials = new LinkedHashMap<>();
    Finding[] out = findings.toArray(Finding[]::new);
    for (int i = 0; i < out.length; i++) {
      if (out[i].fix() != null) {
        trials.computeIfAbsent(List.of(target(out[i], original), out[i].fix()), k -> new ArrayList<>()).add(i);
      }
    }
    // the changes that pass the analysis again, by (file, diff): then nginx -t on them
    Map<List<String>, List<Integer>> passed = new LinkedHashMap<>();
    List<Map.Entry<List<String>, List<Integer>>> todo = new ArrayList<>(trials.entrySet());
    List<java.util.function.Supplier<Verdicts>> verdicts = tried(todo, out, original, before, base, scope, large);
    for (int k = 0; k < todo.size(); k++) {
      Verdicts v = verdicts.get(k).get();
      if (v.scope() != null) {
        scopes.add(v.scope());
      }
      List<Integer> indexes = todo.get(k).getValue();
      for (int j = 0; j < indexes.size(); j++) {
        int i = indexes.get(j);
        if (v.judged()[j] != null) {
          out[i] = v.judged()[j];
        } else {
          passed.computeIfAbsent(todo.get(k).getKey(), c -> new ArrayList<>()).add(i);
        }
      }
    }
    Map<List<String>, String> notes = syntaxNotes(passed.keySet(), original);
    passed.forEach((change, indexes) -> {
      for (int i : indexes) {
        String how = "applied to a copy and analysed again: " + out[i].id() + " is gone, no new error";
        String note = notes.get(change);
        if (note != null && note.startsWith(REFUSED)) {
          out[i] = out[i].verified(null, false, note);
        } else {
          out[i] = out[i].verified(out[i].fix(), true, note == null ? how : how + "; " + note);
        }
      }
    });
    return List.of(out);
  }

  private static final String REFUSED = "not offered: nginx -t refuses the changed configuration: ";

  /**
   * A trial's verdicts: for each finding that proposes its change, in order, null (passed) or why not; the servers
   * it was analysed on (as {@link #scopes}), null when the changed copy was not analysed.
   */
  private record Verdicts(Finding[] judged, int[] scope) {
  }

  /**
   * Most threads that try changes at once: each holds a changed copy of the configuration while it is analysed, so
   * only a configuration below {@link #LARGE} is tried on several.
   */
  static final int MOST_THREADS = 4;
  private int mostThreads = MOST_THREADS;

  /** At most {@code n} threads for the trials (1: one after another, as for a large configuration). */
  FixVerifier threads(int n) {
    mostThreads = Math.max(1, n);
    return this;
  }

  /**
   * The verdicts of the trials {@code todo}, in their order. A large configuration's are made one at a time as they
   * are asked for (one copy held at a time); a smaller one's on as many threads as there are processors (up to
   * {@link #MOST_THREADS}), each trial on its own copy: a trial reads only what they share (the unchanged findings, the
   * input's tree and the included files parsed once, which copies reuse).
   */
  private List<java.util.function.Supplier<Verdicts>> tried(List<Map.Entry<List<String>, List<Integer>>> todo,
      Finding[] out, Map<String, String> original, Before before, Copy base, LocalScope scope, boolean large) {
    java.util.function.Function<Map.Entry<List<String>, List<Integer>>, Verdicts> one = e -> {
      Trial t = new Trial(e.getKey().get(0), e.getKey().get(1), original, before, base, scope);
      Finding[] judged = new Finding[e.getValue().size()];
      for (int j = 0; j < judged.length; j++) {
        judged[j] = t.judge(out[e.getValue().get(j)]);
      }
      return new Verdicts(judged, t.analysedOn);
    };
    int threads = Math.min(Math.min(Runtime.getRuntime().availableProcessors(), mostThreads), todo.size());
    List<java.util.function.Supplier<Verdicts>> made = new ArrayList<>();
    if (large || threads < 2) {
      for (Map.Entry<List<String>, List<Integer>> e : todo) {
        made.add(() -> {
          Verdicts v = one.apply(e);
          collect(large);
          return v;
        });
      }
      return made;
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tlsdoctor-fix-trial");
      t.setDaemon(true);
      return t;
    });
    try {
      List<java.util.concurrent.Future<Verdicts>> futures = new ArrayList<>();
      for (Map.Entry<List<String>, List<Integer>> e : todo) {
        futures.add(pool.submit(() -> one.apply(e)));
      }
      for (java.util.concurrent.Future<Verdicts> f : futures) {
        Verdicts v = dev.tlsdoctor.util.Futures.join(f, "the fixes were tried");
        made.add(() -> v);
      }
      return made;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * What nginx -t says of each change (file, diff): null without a {@link SyntaxCheck}; "nginx -t accepts it", or
   * why it was not asked, or (starting with {@link #REFUSED}) what it refused. Changes that reach no line in common
   * are tried together on one copy (one nginx -t run instead of one per change: each run loads every certificate);
   * when nginx accepts that copy, it accepts each of them; when it refuses it, each is tried alone, so that a refusal
   * is always that of one change.
   */
  private Map<List<String>, String> syntaxNotes(java.util.Collection<List<String>> changes,
      Map<String, String> original) {
    Map<List<String>, String> notes = new HashMap<>();
    if (syntax == null || changes.isEmpty()) {
      return notes;
    }
    if (baseline == null) {
      baseline = timed(() -> syntax.check(original, files.get(0)));
    }
    if (!baseline.ran() || baseline.error() != null) {
      String note = !baseline.ran() ? baseline.note()
          : "nginx -t not run: it refuses the unchanged configuration too (" + baseline.error() + ")";
      changes.forEach(c -> notes.put(c, note));
      return notes;
    }
    List<List<String>> alone = new ArrayList<>();
    for (List<List<String>> group : groups(changes)) {
      if (group.size() > 1 && syntaxNanos <= SYNTAX_BUDGET.toNanos()) {
        Map<String, String> together = together(group, original);
        SyntaxCheck.Result r = timed(() -> syntax.check(together, files.get(0)));
        if (r.ran() && r.error() == null) {
          String note = "nginx -t accepts it";
          group.forEach(c -> notes.put(c, note));
          continue;
        }
      }
      alone.addAll(group);
    }
    for (List<String> c : alone) {
      SyntaxCheck.Result r;
      if (syntaxNanos > SYNTAX_BUDGET.toNanos()) {
        r = new SyntaxCheck.Result(false, null, "nginx -t not run: its runs took more than "
            + SYNTAX_BUDGET.toSeconds() + " s in all");
      } else {
        Map<String, String> patched = new Patched(original, c.get(0), String.join("\n",
            Patch.apply(Arrays.asList(original.get(c.get(0)).split("\n", -1)), c.get(1))));
        r = timed(() -> syntax.check(patched, files.get(0)));
      }
      notes.put(c, !r.ran() ? r.note() : r.error() != null ? REFUSED + r.error() : "nginx -t accepts it");
    }
    return notes;
  }

  /**
   * {@code changes} (file, diff) in groups that can be made together: no two of a group reach the same line of a
   * file ({@link Patch#reach}); each change joins the first group it fits, in order.
   */
  static List<List<List<String>>> groups(java.util.Collection<List<String>> changes) {
    List<List<List<String>>> groups = new ArrayList<>();
    List<Map<String, java.util.TreeMap<Integer, Integer>>> taken = new ArrayList<>();
    for (List<String> c : changes) {
      List<int[]> reach = Patch.reach(c.get(1));
      int g = 0;
      for (; g < groups.size(); g++) {
        java.util.TreeMap<Integer, Integer> lines = taken.get(g).get(c.get(0));
        if (lines == null || reach.stream().noneMatch(r -> {
          Map.Entry<Integer, Integer> below = lines.floorEntry(r[1] - 1);
          return below != null && below.getValue() > r[0];
        })) {
          break;
        }
      }
      if (g == groups.size()) {
        groups.add(new ArrayList<>());
        taken.add(new HashMap<>());
      }
      groups.get(g).add(c);
      java.util.TreeMap<Integer, Integer> lines = taken.get(g).computeIfAbsent(c.get(0), f -> new java.util.TreeMap<>());
      reach.forEach(r -> lines.merge(r[0], r[1], Math::max));
    }
    return groups;
  }

  /** The configuration's files with all of {@code changes} made (no two reach the same lines: {@link #groups}). */
  private static Map<String, String> together(List<List<String>> changes, Map<String, String> original) {
    Map<String, List<String>> byFile = new LinkedHashMap<>();
    changes.forEach(c -> byFile.computeIfAbsent(c.get(0), f -> new ArrayList<>()).add(c.get(1)));
    Map<String, String> out = new LinkedHashMap<>(original);
    byFile.forEach((file, diffs) -> out.put(file, String.join("\n",
        Patch.apply(Arrays.asList(original.get(file).split("\n", -1)), Patch.merge(diffs)))));
    return out;
  }

  /**
   * For each change tried so far, in order: how many servers it was analysed on, and how many the configuration has
   * (-1 for the whole configuration, without a count).
   */
  public List<int[]> scopes() {
    return List.copyOf(scopes);
  }

  private final List<int[]> scopes = new ArrayList<>();
  /** The bytes of each file of the configuration, for a configuration below {@link #LARGE}; else null. */
  private Map<String, byte[]> bytes;
  /** The included files of the copies read so far (each copy differs from the others in one file); null: none. */
  private NginxConfigReader.Cache parsed;

  /**
   * The file {@code f}'s fix changes: the one its diff names ({@code --- a/PATH}), which is not always the finding's
   * own (the fix of a non-default server's ssl_protocols changes the default server's, maybe in another file); the
   * finding's file when the diff names none of the configuration's files.
   */
  static String target(Finding f, Map<String, String> files) {
    String first = f.fix().lines().findFirst().orElse("");
    if (first.startsWith("--- a/")) {
      String named = first.substring("--- a".length());
      for (String candidate : List.of(named, named.substring(1))) { // absolute, or relative as Fix writes it
        if (candidate.equals(f.file()) || files.containsKey(candidate)) {
          return candidate;
        }
      }
    }
    return f.file();
  }

  /** Bytes of configuration text above which {@link #collect} asks for a full collection. */
  public static final long LARGE = 8L << 20;

  /**
   * Before a copy of a large configuration is read, the last one (and the caller's tree) is collected: the
   * collector would rather grow the heap than reclaim them, and each copy's tree is several times the size of its text,
   * so memory would grow with every copy. A small configuration is left to the collector.
   */
  private static void collect(boolean large) {
    if (large) {
      System.gc();
    }
  }

  /** One proposed change to one file, tried once for every finding that proposes it. */
  private final class Trial {
    /** Why the change cannot even be tried, or null. */
    private final String refused;
    private final Before before;
    /** How many of each finding the change adds (negative: removes); null when the copy cannot be read. */
    private final Map<Unit, Integer> delta;
    /** The first error of the changed copy that the unchanged one did not have, or null. */
    private final Finding newError;
    /** How many servers the change was analysed on, and how many the configuration has (-1: the whole, uncounted). */
    private int[] analysedOn;

    /**
     * Applies the change to a copy, reads it, and analyses what the change can reach ({@link LocalScope}): the
     * servers it can affect, before and after the change, when it stays within server blocks; the whole copy
     * otherwise (or without {@code scope}). The unchanged configuration's findings plus the difference are the
     * changed one's, as an analysis of the whole copy would give them.
     */
    Trial(String file, String fix, Map<String, String> original, Before before, Copy base, LocalScope scope) {
      this.before = before;
      String why = null;
      Map<String, String> copy = null;
      if (!original.containsKey(file)) {
        why = "not offered: the text of " + file + " is unknown, so the change cannot be tried";
      } else {
        try {
          copy = new Patched(original, file, String.join("\n",
              Patch.apply(Arrays.asList(original.get(file).split("\n", -1)), fix)));
        } catch (IllegalArgumentException e) {
          why = "not offered: the change does not apply to " + file + " (" + e.getMessage() + ")";
        }
      }
      this.refused = why;
      Copy changed;
      if (copy == null) {
        changed = null;
      } else if (bytes == null) {
        changed = read(copy);
      } else {
        byte[] text = copy.get(file).getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>(bytes);
        files.put(file, text);
        changed = read(files, base.lines().with(file, text));
      }
      Map<Unit, Integer> d = changed == null ? null : new HashMap<>();
      List<Finding> added = null;
      if (changed != null) {
        LocalScope.Cut cut = scope == null ? null : scope.cut(changed.config(), file,
            Patch.lineMap(original.get(file).split("\n", -1).length, fix));
        if (cut == null) {
          added = PolicyFindings.units(TlsPolicy.of(changed.config(), version, build), changed.lines(), clock);
          before.counts.forEach((u, n) -> d.merge(u, -n, Integer::sum));
          analysedOn = new int[] {scope == null ? -1 : scope.size(), scope == null ? -1 : scope.size()};
        } else {
          added = PolicyFindings.units(TlsPolicy.of(cut.after(), version, build), changed.lines(), clock);
          for (Finding a : PolicyFindings.units(TlsPolicy.of(cut.before(), version, build), base.lines(), clock)) {
            d.merge(Unit.of(a), -1, Integer::sum);
          }
          analysedOn = new int[] {cut.servers(), scope.size()};
        }
        for (Finding a : added) {
          d.merge(Unit.of(a), 1, Integer::sum);
        }
        d.values().removeIf(n -> n == 0);
      }
      this.delta = d;
      Finding first = null;
      if (added != null) {
        for (Finding a : added) {
          Unit u = Unit.of(a);
          if (u.severity() == Severity.ERROR && before.count(u) == 0 && delta.getOrDefault(u, 0) > 0
              && (first == null || ORDER.compare(a, first) < 0)) {
            first = a;
          }
        }
      }
      this.newError = first;
    }

    /**
     * {@code f} with the verdict on its fix, which is this trial's change, when the analysis again refuses it; null
     * when it passes (nginx -t is asked next, of all changes that pass).
     */
    Finding judge(Finding f) {
      if (refused != null) {
        return f.verified(null, false, refused);
      }
      if (delta == null) {
        return f.verified(null, false, "not offered: with the change the configuration cannot be read");
      }
      if (stillFound(f)) {
        return f.verified(null, false, "not offered: with the change, " + f.id() + " is still found");
      }
      if (newError != null) {
        return f.verified(null, false, "not offered: the change would cause a new error, " + newError.id() + ": "
            + newError.message());
      }
      return null;
    }

    /** Whether the changed copy still has {@code f}: a finding that is {@link #same} as it. */
    private boolean stillFound(Finding f) {
      for (String name : f.serverName().split(", ")) {
        List<Unit> candidates = new ArrayList<>(before.byName.getOrDefault(f.id() + "\u0000" + name, List.of()));
        for (Unit u : delta.keySet()) {
          if (u.id().equals(f.id()) && u.names().contains(name)) {
            candidates.add(u);
          }
        }
        for (Unit u : candidates) {
          if (before.count(u) + delta.getOrDefault(u, 0) > 0 && same(u, f)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * A finding as a change is judged on it: its id, severity, server name and sockets (not its line, which a change
   * above it moves, nor its text, which may quote lines).
   */
  record Unit(String id, Severity severity, String serverName, List<String> listen) {
    static Unit of(Finding f) {
      return new Unit(f.id(), f.severity(), f.serverName(), f.listen());
    }

    List<String> names() {
      return Arrays.asList(serverName.split(", "));
    }
  }

  /** The unchanged configuration's findings as {@link Unit}s: how many of each, and each by id and server name. */
  static final class Before {
    final Map<Unit, Integer> counts = new HashMap<>();
    final Map<String, List<Unit>> byName = new HashMap<>();

    Before(List<Finding> units) {
      for (Finding f : units) {
        Unit u = Unit.of(f);
        if (counts.merge(u, 1, Integer::sum) == 1) {
          for (String name : u.names()) {
            byName.computeIfAbsent(u.id() + "\u0000" + name, k -> new ArrayList<>()).add(u);
          }
        }
      }
    }

    int count(Unit u) {
      return counts.getOrDefault(u, 0);
    }
  }

  /** The order in which a new error is picked to be named: as the report sorts, then by server and text. */
  static final java.util.Comparator<Finding> ORDER = java.util.Comparator.comparingInt(Finding::rank)
      .thenComparing(Finding::file).thenComparingInt(Finding::line).thenComparing(Finding::id)
      .thenComparing(Finding::serverName).thenComparing(Finding::message)
      .thenComparing(f -> f.listen().toString());

  /** The same problem: its id, at one of its sockets, for one of its server names. */
  static boolean same(Unit a, Finding f) {
    if (!a.id().equals(f.id()) || a.listen().stream().noneMatch(f.listen()::contains) && !f.listen().isEmpty()) {
      return false;
    }
    Set<String> names = new HashSet<>(Arrays.asList(f.serverName().split(", ")));
    return a.names().stream().anyMatch(names::contains);
  }

  /**
   * Each file the configuration was read from, with its text (a file whose text is unknown is left out): a view whose
   * texts are taken from {@link SourceLines} when asked for, so that a large configuration is not held once more.
   */
  private Map<String, String> texts() {
    Set<String> known = new java.util.LinkedHashSet<>();
    for (String file : files) {
      if (!known.contains(file) && lines.text(file) != null) {
        known.add(file);
      }
    }
    return new Texts(known, lines);
  }

  /** {@link #texts}: file name to text, in the order of the configuration's files. */
  private static final class Texts extends AbstractMap<String, String> {
    private final Set<String> files;
    private final SourceLines lines;

    Texts(Set<String> files, SourceLines lines) {
      this.files = files;
      this.lines = lines;
    }

    @Override
    public boolean containsKey(Object key) {
      return files.contains(key);
    }

    @Override
    public String get(Object key) {
      return files.contains(key) ? lines.text((String) key) : null;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
          Iterator<String> names = files.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return names.hasNext();
            }

            @Override
            public Map.Entry<String, String> next() {
              String name = names.next();
              return new SimpleImmutableEntry<>(name, lines.text(name));
            }
          };
        }

        @Override
        public int size() {
          return files.size();
        }
      };
    }
  }

  /** {@code original} with the text of {@code file} replaced by {@code text}, in the same order. */
  private static final class Patched extends AbstractMap<String, String> {
    private final Map<String, String> original;
    private final String file;
    private final String text;

    Patched(Map<String, String> original, String file, String text) {
      this.original = original;
      this.file = file;
      this.text = text;
    }

    @Override
    public boolean containsKey(Object key) {
      return original.containsKey(key);
    }

    @Override
    public String get(Object key) {
      return file.equals(key) ? text : original.get(key);
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
          Iterator<Map.Entry<String, String>> all = original.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return all.hasNext();
            }

            @Override
            public Map.Entry<String, String> next() {
              Map.Entry<String, String> e = all.next();
              return e.getKey().equals(file) ? new SimpleImmutableEntry<>(file, text) : e;
            }
          };
        }

        @Override
        public int size() {
          return original.size();
        }
      };
    }
  }

  /**
   * {@code files} as nginx -T prints them: {@code # configuration file PATH:}, the text, and an LF when it does not
   * end with one. Made in one array of the right size (the configuration may be tens of megabytes).
   */
  static byte[] dump(Map<String, String> files) {
    long size = 0;
    for (Map.Entry<String, String> e : files.entrySet()) { // each file encoded twice, so that one is held at a time
      size += head(e.getKey()).length + e.getValue().getBytes(StandardCharsets.UTF_8).length
          + (e.getValue().endsWith("\n") ? 0 : 1);
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("a configuration of " + size + " bytes");
    }
    byte[] out = new byte[(int) size];
    int at = 0;
    for (Map.Entry<String, String> e : files.entrySet()) {
      for (byte[] part : new byte[][] {head(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8)}) {
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
      if (!e.getValue().endsWith("\n")) {
        out[at++] = '\n';
      }
    }
    return out;
  }

  private static byte[] head(String file) {
    return ("# configuration file " + file + ":\n").getBytes(StandardCharsets.UTF_8);
  }

  /** A copy of the configuration read back, with its lines. */
  private record Copy(NginxConfig config, SourceLines lines) {
  }

  /** The configuration made of {@code files}, whose lines are {@code lines}; null when it cannot be read. */
  private Copy read(Map<String, byte[]> files, SourceLines lines) {
    try {
      return new Copy(NginxConfigReader.strict().notingMissingIncludes().withConfPrefix(confPrefix).policyOnly()
          .readFiles(files, parsed), lines);
    } catch (ConfigException e) {
      return null;
    }
  }

  /** {@code files} read back as an nginx -T dump; null when they cannot be. (The dump's bytes die on return.) */
  private Copy read(Map<String, String> files) {
    byte[] bytes = dump(files);
    try {
      SourceLines lines = SourceLines.fromDump(bytes);
      return new Copy(NginxConfigReader.strict().notingMissingIncludes().withConfPrefix(confPrefix).policyOnly()
          .readDump(bytes), lines);
    } catch (ConfigException e) {
      return null;
    }
  }
}
