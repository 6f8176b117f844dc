package dev.tlsdoctor.nginx.fix;

import dev.tlsdoctor.nginx.config.Arg;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.policy.Listen;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.ServerPolicy;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.nginx.policy.UpstreamPolicy;
import dev.tlsdoctor.openssl.OpensslBuild;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a change to one file can reach, so that a fix is tried on the servers it can affect rather than on the whole
 * configuration again. A server's findings come from its own block, what it inherits from the blocks around it, the
 * servers that share a port with it (the default server, the names, the socket's flags) and the servers on the ports
 * its passes reach. So when a change leaves everything outside the server blocks as it was (lines moved by the
 * change aside), the servers whose findings can change are the changed ones, the servers on their ports (before and
 * after the change) and the servers whose passes reach those ports; to analyse them their own dependencies are kept
 * too. Anything else — a change to {@code http {}}, to an {@code upstream {}} group, servers added or removed, an
 * {@code ssl} directive outside a server (which applies to every server that does not set its own) — answers null:
 * the whole configuration is analysed again; so does a change that reaches more than half of the servers of a configuration of more
 * than {@link #SMALL}, since two analyses of most of them cost more than one of all.
 */
final class LocalScope {
  private final NginxConfig base;
  private final NginxVersion version;
  private final OpensslBuild build;
  /** The servers of http, stream and mail in order, and the ports each listens on and each one's passes reach. */
  private final List<Directive> servers;
  private final List<Set<String>> listenPorts = new ArrayList<>();
  private final List<Set<String>> passPorts = new ArrayList<>();
  private final Map<String, List<Integer>> listeners = new HashMap<>();
  private final Map<String, List<Integer>> passers = new HashMap<>();
  private final boolean global;

  /**
   * Servers up to which a change is tried on what it reaches however much that is (both ways cost next to nothing
   * there, and the scope is what the tests compare with a whole re-analysis).
   */
  static final int SMALL = 100;

  /** The two configurations cut down to the servers a change can affect and those they need. */
  record Cut(NginxConfig before, NginxConfig after, int servers) {
  }

  /** {@code policy}: of {@code base}, or of a configuration read from the same text (its servers in the same order). */
  LocalScope(NginxConfig base, TlsPolicy policy, NginxVersion version, OpensslBuild build) {
    this.base = base;
    this.version = version;
    this.build = build;
    this.servers = servers(base);
    if (policy.servers().size() != servers.size()) {
      throw new IllegalArgumentException("a policy of another configuration");
    }
    // the policy may be of an equal tree (the input the copy was made of): its servers are taken in order
    Map<ServerPolicy, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      index.put(policy.servers().get(i), i);
      listenPorts.add(new HashSet<>());
      passPorts.add(new HashSet<>());
    }
    ports(policy, index::get, listenPorts, passPorts);
    for (int i = 0; i < servers.size(); i++) {
      for (String p : listenPorts.get(i)) {
        listeners.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      }
      for (String p : passPorts.get(i)) {
        passers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
      }
    }
    boolean outerSsl = false;
    for (Directive d : base.directives()) {
      if (d.isBlock() && isModule(d) && !d.children("ssl").isEmpty()) {
        outerSsl = true;
      }
    }
    this.global = outerSsl;
  }

  /**
   * {@code base} and {@code changed} (the configuration read again after a change to {@code file}, whose old line
   * {@code n} is at {@code lineMap[n]} now, -1 when removed) cut down to the servers the change can affect and those
   * they need; null when the change reaches beyond server blocks.
   */
  Cut cut(NginxConfig changed, String file, int[] lineMap) {
    if (global) {
      return null;
    }
    Same same = new Same(file, lineMap);
    List<Directive> after = servers(changed);
    if (after.size() != servers.size() || !same.skeleton(base.directives(), changed.directives())) {
      return null;
    }
    List<Integer> touched = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      if (!same.directive(servers.get(i), after.get(i))) {
        touched.add(i);
      }
    }
    // the ports of the changed servers as they are after the change
    Map<Integer, Set<String>> newListen = new HashMap<>();
    Map<Integer, Set<String>> newPass = new HashMap<>();
    if (!touched.isEmpty()) {
      Set<Directive> keep = Collections.newSetFromMap(new IdentityHashMap<>());
      Map<Directive, Integer> index = new IdentityHashMap<>();
      for (int i : touched) {
        keep.add(after.get(i));
        index.put(after.get(i), i);
      }
      java.util.function.Function<ServerPolicy, Integer> indexOf = sp -> index.get(sp.block());
      List<Set<String>> l = new ArrayList<>();
      List<Set<String>> p = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        l.add(null);
        p.add(null);
      }
      for (int i : touched) {
        l.set(i, new HashSet<>());
        p.set(i, new HashSet<>());
      }
      ports(TlsPolicy.of(changed.withServers(keep), version, build), indexOf, l, p);
      for (int i : touched) {
        newListen.put(i, l.get(i));
        newPass.put(i, p.get(i));
      }
    }
    // the servers whose findings can change: the changed ones, those on their ports, those whose passes reach them
    Set<String> changedPorts = new HashSet<>();
    for (int i : touched) {
      changedPorts.addAll(listenPorts.get(i));
      changedPorts.addAll(newListen.get(i));
    }
    Set<Integer> affected = new HashSet<>(touched);
    for (String port : changedPorts) {
      affected.addAll(listeners.getOrDefault(port, List.of()));
      affected.addAll(passers.getOrDefault(port, List.of()));
    }
    // and what those need: the servers on the ports they listen on and their passes reach (each port once: a port
    // of thousands of servers would otherwise be added for each of them)
    Set<String> reached = new HashSet<>();
    for (int i : affected) {
      reached.addAll(listenPorts.get(i));
      reached.addAll(passPorts.get(i));
      if (newListen.containsKey(i)) {
        reached.addAll(newListen.get(i));
        reached.addAll(newPass.get(i));
      }
    }
    Set<Integer> needed = new HashSet<>(affected);
    for (String port : reached) {
      needed.addAll(listeners.getOrDefault(port, List.of()));
    }
    // (the changed servers are among them, with the ports they listen on only now)
    if (needed.size() * 2L > servers.size() && servers.size() > SMALL) {
      return null; // two analyses of most of it cost more than one of all of it
    }
    Set<Directive> before = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Directive> now = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i : needed) {
      before.add(servers.get(i));
      now.add(after.get(i));
    }
    return new Cut(base.withServers(before), changed.withServers(now), needed.size());
  }

  /** How many servers the configuration has. */
  int size() {
    return servers.size();
  }

  private static boolean isModule(Directive d) {
    return d.name().equals("http") || d.name().equals("stream") || d.name().equals("mail");
  }

  private static List<Directive> servers(NginxConfig c) {
    List<Directive> out = new ArrayList<>(c.httpServers());
    out.addAll(c.streamServers());
    out.addAll(c.mailServers());
    return out;
  }

  /** Into {@code listen} and {@code pass} at each server's index: the ports it listens on and its passes reach. */
  private static void ports(TlsPolicy policy, java.util.function.Function<ServerPolicy, Integer> index,
      List<Set<String>> listen, List<Set<String>> pass) {
    for (ServerPolicy s : policy.servers()) {
      Integer i = index.apply(s);
      if (i == null) {
        continue;
      }
      for (Listen l : s.listens()) {
        listen.get(i).add(port(l.socket()));
      }
      for (ListenSocket k : policy.socketsOf(s)) {
        listen.get(i).add(port(k.address()));
      }
    }
    for (UpstreamPolicy u : policy.upstreams()) {
      Integer i = index.apply(u.server());
      if (i == null) {
        continue;
      }
      for (String a : u.addresses()) {
        pass.get(i).add(port(a));
      }
      for (ListenSocket k : u.targets()) {
        pass.get(i).add(port(k.address()));
      }
    }
  }

  /** The port of {@code address} ({@code *:443}, {@code [::1]:8443}); the whole of it when it has no colon. */
  private static String port(String address) {
    int i = address.lastIndexOf(':');
    return i < 0 ? address : address.substring(i + 1);
  }

  /** Equality of directives before and after a change to one file, whose lines it moved. */
  private static final class Same {
    private final String file;
    private final int[] map;

    Same(String file, int[] map) {
      this.file = file;
      this.map = map;
    }

    /** Everything but the servers of http, stream and mail is the same; those are the same in number. */
    boolean skeleton(List<Directive> a, List<Directive> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        Directive x = a.get(i);
        Directive y = b.get(i);
        if (x.isBlock() && isModule(x)) {
          if (!head(x, y) || !y.isBlock() || !list(others(x.block()), others(y.block()))) {
            return false;
          }
        } else if (!directive(x, y)) {
          return false;
        }
      }
      return true;
    }

    private static List<Directive> others(List<Directive> block) {
      List<Directive> out = new ArrayList<>();
      for (Directive d : block) {
        if (!(d.isBlock() && d.name().equals("server"))) {
          out.add(d);
        }
      }
      return out;
    }

    boolean directive(Directive x, Directive y) {
      if (x == y) {
        return true; // an included file that is as it was: its directives are shared
      }
      if (!head(x, y) || x.isBlock() != y.isBlock()) {
        return false;
      }
      return !x.isBlock() || list(x.block(), y.block());
    }

    private boolean list(List<Directive> a, List<Directive> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!directive(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }

    /** The same name, position (moved as the change moved its line) and parameters. */
    private boolean head(Directive x, Directive y) {
      if (!x.name().equals(y.name()) || !at(x.file(), x.line(), x.col(), y.file(), y.line(), y.col())
          || x.args().size() != y.args().size()) {
        return false;
      }
      for (int i = 0; i < x.args().size(); i++) {
        Arg p = x.args().get(i);
        Arg q = y.args().get(i);
        if (!p.value().equals(q.value()) || p.quoted() != q.quoted() || !at(p.position().file(),
            p.position().line(), p.position().col(), q.position().file(), q.position().line(), q.position().col())) {
          return false;
        }
      }
      return true;
    }

    private boolean at(String f, int line, int col, String g, int line2, int col2) {
      if (!f.equals(g) || col != col2) {
        return false;
      }
      if (!f.equals(file)) {
        return line == line2;
      }
      return line >= 1 && line < map.length && map[line] == line2;
    }
  }
}
