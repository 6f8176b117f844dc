package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link NginxConfig#effectiveAll} with the directives of each block indexed by name once: an {@code http} block
 * with thousands of servers is otherwise scanned again for every directive of every server.
 */
final class Lookup {
  private final NginxConfig config;
  private final Map<Block, Map<String, List<Directive>>> index = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, List<Directive>> main = new HashMap<>();

  Lookup(NginxConfig config) {
    this.config = config;
    for (Directive d : config.directives()) {
      main.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
    }
  }

  NginxConfig config() {
    return config;
  }

  /** The definitions of {@code name} in the nearest block around {@code at} (or {@code at} itself) that has any. */
  List<Directive> effectiveAll(String name, Directive at) {
    Directive block = at.isBlock() ? at : config.parent(at).orElse(null);
    while (block != null) {
      List<Directive> here = block.block().size() <= SCANNED_MOST ? scan(block, name)
          : indexed(block).get(name);
      if (here != null) {
        return here;
      }
      block = config.parent(block).orElse(null);
    }
    return main.getOrDefault(name, List.of());
  }

  /** The directives of a large block by name, made once (the servers' policies are made on two threads). */
  private Map<String, List<Directive>> indexed(Directive block) {
    return index.computeIfAbsent(new Block(block), b -> byName(b.block()));
  }

  /** A block as a key by identity (equal directives of different places are different blocks). */
  private record Block(Directive block) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Block b && b.block == block;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(block);
    }
  }

  /**
   * Blocks of up to this many directives (a server's, a location's) are read through on each question: cheaper than
   * an index kept for each of thousands of them.
   */
  static final int SCANNED_MOST = 32;

  /** The directives of {@code block} named {@code name}, null when it has none. */
  private static List<Directive> scan(Directive block, String name) {
    List<Directive> found = null;
    for (Directive d : block.block()) {
      if (d.name().equals(name)) {
        if (found == null) {
          found = new ArrayList<>(1);
        }
        found.add(d);
      }
    }
    return found;
  }

  private static Map<String, List<Directive>> byName(Directive block) {
    Map<String, List<Directive>> m = new HashMap<>();
    for (Directive d : block.block()) {
      m.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
    }
    return m;
  }
}
