package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.Position;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * An immutable list of servers (a socket's, or a policy's) that answers the questions the checks ask of all its
 * servers without a scan per question: which server nginx selects for a host name ({@link ServerNames.Index}) and
 * which server block holds a directive ({@link #blockHolding}). Both indexes are built on first use; the hash code
 * (of identities: {@link ServerPolicy} is compared by identity) is computed once, as sockets, which hold such a
 * list, are hashed for every server in the checks' sets of what was already reported. As a {@link List} it is like any
 * other: equal to a list of the same servers in the same order.
 */
final class ServerList extends AbstractList<ServerPolicy> implements RandomAccess {
  private final ServerPolicy[] servers;
  private final int hash;
  private ServerNames.Index names;
  /**
   * The simple directives of the servers with a name, by position (equal directives have equal positions, cheap to
   * hash), made for a name when it is first asked for: the checks ask for a few names.
   */
  private final Map<String, Map<Position, List<Directive[]>>> holders = new HashMap<>();

  ServerList(Collection<ServerPolicy> servers) {
    this.servers = servers.toArray(ServerPolicy[]::new);
    for (ServerPolicy s : this.servers) {
      if (s == null) {
        throw new NullPointerException("a server list holds no null");
      }
    }
    this.hash = super.hashCode();
  }

  @Override
  public ServerPolicy get(int index) {
    return servers[index];
  }

  @Override
  public int size() {
    return servers.length;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || super.equals(o);
  }

  /** nginx's choice among these servers by host name (see {@link ServerNames#select}). */
  synchronized ServerNames.Index names() {
    if (names == null) {
      names = new ServerNames.Index(this);
    }
    return names;
  }

  /**
   * The block of the first server of {@code servers} whose own directives include one equal to {@code d} (same
   * name, arguments and position: a file included by several servers gives each an equal directive), or null.
   */
  static Directive blockHolding(List<ServerPolicy> servers, Directive d) {
    if (servers instanceof ServerList l && d != null && !d.isBlock()) {
      for (Directive[] serverAndChild : l.holders(d.name()).getOrDefault(d.position(), List.of())) {
        if (serverAndChild[1].equals(d)) {
          return serverAndChild[0];
        }
      }
      return null;
    }
    for (ServerPolicy p : servers) {
      if (p.block().block().contains(d)) {
        return p.block();
      }
    }
    return null;
  }

  /**
   * Every simple directive named {@code name} of a server block, with its server block, by position, in the order of
   * the servers: the first of a position that equals a directive is the first server block holding an equal one.
   */
  private synchronized Map<Position, List<Directive[]>> holders(String name) {
    return holders.computeIfAbsent(name, n -> {
      Map<Position, List<Directive[]>> m = new HashMap<>();
      for (ServerPolicy p : servers) {
        for (Directive c : p.block().block()) {
          // a block never equals a simple directive: only these can be asked for here
          if (!c.isBlock() && c.name().equals(n)) {
            m.computeIfAbsent(c.position(), k -> new ArrayList<>(1)).add(new Directive[] {p.block(), c});
          }
        }
      }
      return m;
    });
  }
}
