package dev.tlsdoctor.nginx.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole nginx configuration as read: the directives of the main context with includes spliced in, the files
 * read, and (for a lenient read) the errors met on the way. Also the queries the effective-policy step needs: the
 * http, stream and mail servers, the locations of a server, and nginx's inheritance of a directive from enclosing
 * blocks.
 */
public final class NginxConfig {
  private final List<Directive> directives;
  private final List<String> files;
  private final List<ConfigError> errors;
  private final int errorsDropped;
  /**
   * Each directive's block, made when first asked for (a copy read only to compare servers never needs it); volatile,
   * as the fixes' trials on other threads read this tree too.
   */
  private volatile Map<Directive, Directive> parents;

  private final String readInside;

  NginxConfig(List<Directive> directives, List<String> files, List<ConfigError> errors, int errorsDropped) {
    this(directives, files, errors, errorsDropped, null);
  }

  NginxConfig(List<Directive> directives, List<String> files, List<ConfigError> errors, int errorsDropped,
      String readInside) {
    this(directives, files, errors, errorsDropped, readInside, List.of());
  }

  NginxConfig(List<Directive> directives, List<String> files, List<ConfigError> errors, int errorsDropped,
      String readInside, List<ConfigError> missingIncludes) {
    this(directives, files, errors, errorsDropped, readInside, missingIncludes, null);
  }

  NginxConfig(List<Directive> directives, List<String> files, List<ConfigError> errors, int errorsDropped,
      String readInside, List<ConfigError> missingIncludes, String confPrefix) {
    this.confPrefix = confPrefix;
    this.directives = List.copyOf(directives);
    this.files = List.copyOf(files);
    this.errors = List.copyOf(errors);
    this.errorsDropped = errorsDropped;
    this.readInside = readInside;
    this.missingIncludes = List.copyOf(missingIncludes);
  }

  private final List<ConfigError> missingIncludes;
  private final String confPrefix;

  /**
   * nginx's conf prefix, with its trailing slash: the directory relative includes and certificate paths resolve
   * against (the main file's, or nginx.conf's above a conf.d file read alone).
   */
  public String confPrefix() {
    if (confPrefix != null) {
      return confPrefix;
    }
    String main = files.get(0);
    return main.substring(0, main.lastIndexOf('/') + 1);
  }

  /** The includes whose file could not be read, with where they are (see {@code notingMissingIncludes}). */
  public List<ConfigError> missingIncludes() {
    return missingIncludes;
  }

  /**
   * The module ({@code http}, {@code stream}, {@code mail}) whose block the main file was read inside, as a file
   * that a main configuration includes there ({@code conf.d/*.conf}): its top level holds {@code server} blocks and
   * no module block. Empty for a main configuration.
   */
  public Optional<String> readInside() {
    return Optional.ofNullable(readInside);
  }

  private Map<Directive, Directive> parents() {
    Map<Directive, Directive> made = parents;
    return made != null ? made : madeParents();
  }

  /** The map of {@link #parents()}, made once though several threads ask at once. */
  private synchronized Map<Directive, Directive> madeParents() {
    if (parents != null) {
      return parents;
    }
    Map<Directive, Directive> map = new IdentityHashMap<>();
    Deque<Directive> todo = new ArrayDeque<>();
    for (Directive d : this.directives) {
      todo.push(d);
    }
    while (!todo.isEmpty()) {
      Directive d = todo.pop();
      if (d.isBlock()) {
        for (Directive c : d.block()) {
          map.put(c, d);
          todo.push(c);
        }
      }
    }
    parents = map;
    return map;
  }

  /** The directives of the main context. */
  public List<Directive> directives() {
    return directives;
  }

  /** The main file first, then every included file in the order first read. */
  public List<String> files() {
    return files;
  }

  /** Errors met by a lenient read (always empty for a strict one), at most the reader's limit. */
  public List<ConfigError> errors() {
    return errors;
  }

  /** How many errors came after the lenient read's list was full. */
  public int errorsDropped() {
    return errorsDropped;
  }

  /** The block directive that contains {@code d}; empty for one in the main context (or not of this tree). */
  public Optional<Directive> parent(Directive d) {
    return Optional.ofNullable(parents().get(d));
  }

  /** Every directive named {@code name}, anywhere, in file order (depth first). */
  public List<Directive> find(String name) {
    return find(java.util.Set.of(name));
  }

  /** Every directive with one of {@code names}, anywhere, in file order (depth first). */
  public List<Directive> find(java.util.Set<String> names) {
    List<Directive> out = new ArrayList<>();
    Deque<Directive> todo = new ArrayDeque<>();
    pushAll(todo, directives);
    while (!todo.isEmpty()) {
      Directive d = todo.pop();
      if (names.contains(d.name())) {
        out.add(d);
      }
      if (d.isBlock()) {
        pushAll(todo, d.block());
      }
    }
    return out;
  }

  /**
   * The blocks reached by following {@code path} from the main context: {@code contexts("http", "server")} is
   * every http server, in order.
   */
  public List<Directive> contexts(String... path) {
    List<Directive> level = directives;
    List<Directive> found = List.of();
    for (String name : path) {
      found = new ArrayList<>();
      for (Directive d : level) {
        if (d.name().equals(name) && d.isBlock()) {
          found.add(d);
        }
      }
      List<Directive> next = new ArrayList<>();
      for (Directive d : found) {
        next.addAll(d.block());
      }
      level = next;
    }
    return found;
  }

  public List<Directive> httpServers() {
    return contexts("http", "server");
  }

  public List<Directive> streamServers() {
    return contexts("stream", "server");
  }

  public List<Directive> mailServers() {
    return contexts("mail", "server");
  }

  /** Every location in {@code block}, nested ones included (also those inside {@code if}), in file order. */
  public List<Directive> locations(Directive block) {
    List<Directive> out = new ArrayList<>();
    Deque<Directive> todo = new ArrayDeque<>();
    pushAll(todo, block.isBlock() ? block.block() : List.of());
    while (!todo.isEmpty()) {
      Directive d = todo.pop();
      if (d.name().equals("location") && d.isBlock()) {
        out.add(d);
      }
      if (d.isBlock() && (d.name().equals("location") || d.name().equals("if"))) {
        pushAll(todo, d.block());
      }
    }
    return out;
  }

  /**
   * The definition of {@code name} that applies at {@code at}, as nginx inherits it: the first one in {@code at}'s
   * own block (or, for a simple directive, in the block that holds it), else in the enclosing block, and so on up
   * to the main context. Empty means nginx's default applies. A definition anywhere in a block counts, before or
   * after the nested block, as in nginx.
   */
  public Optional<Directive> effective(String name, Directive at) {
    List<Directive> all = effectiveAll(name, at);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * All definitions of {@code name} in the nearest block that has one, in order: for directives nginx accumulates
   * within one block ({@code ssl_protocols} repeated ORs its values, {@code ssl_certificate} adds a certificate).
   */
  public List<Directive> effectiveAll(String name, Directive at) {
    Directive block = at.isBlock() ? at : parents().get(at);
    while (block != null) {
      List<Directive> here = block.children(name);
      if (!here.isEmpty()) {
        return here;
      }
      block = parents().get(block);
    }
    List<Directive> main = new ArrayList<>();
    for (Directive d : directives) {
      if (d.name().equals(name)) {
        main.add(d);
      }
    }
    return main;
  }

  /**
   * This configuration with only those servers of {@code http {}}, {@code stream {}} and {@code mail {}} that are
   * in {@code keep} (compared by identity: two servers of one snippet included twice are equal records), every other
   * directive as it is: what a change to a few servers is analysed on.
   */
  public NginxConfig withServers(java.util.Set<Directive> keep) {
    List<Directive> main = new ArrayList<>(directives.size());
    for (Directive d : directives) {
      if (d.isBlock() && (d.name().equals("http") || d.name().equals("stream") || d.name().equals("mail"))) {
        List<Directive> kept = new ArrayList<>();
        for (Directive c : d.block()) {
          if (!(c.isBlock() && c.name().equals("server")) || keep.contains(c)) {
            kept.add(c);
          }
        }
        main.add(new Directive(d.name(), d.args(), kept, d.position()));
      } else {
        main.add(d);
      }
    }
    return new NginxConfig(main, files, errors, errorsDropped, readInside, missingIncludes, confPrefix);
  }

  /** {@code d}'s enclosing blocks, innermost first. */
  public List<Directive> ancestors(Directive d) {
    List<Directive> out = new ArrayList<>();
    Map<Directive, Directive> up = parents();
    for (Directive p = up.get(d); p != null; p = up.get(p)) {
      out.add(p);
    }
    return out;
  }

  private static void pushAll(Deque<Directive> stack, List<Directive> list) {
    for (int i = list.size() - 1; i >= 0; i--) {
      stack.push(list.get(i));
    }
  }
}
