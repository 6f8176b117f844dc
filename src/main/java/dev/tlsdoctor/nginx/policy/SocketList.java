package dev.tlsdoctor.nginx.policy;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The immutable list of a policy's sockets, with the sockets of each server ({@link #of}) indexed once: asked for
 * every server, a scan of every socket's servers was quadratic in the number of servers. As a {@link List} it is like
 * any other.
 */
final class SocketList extends AbstractList<ListenSocket> implements RandomAccess {
  private final ListenSocket[] sockets;
  private final Map<ServerPolicy, List<ListenSocket>> byServer = new IdentityHashMap<>();

  SocketList(Collection<ListenSocket> sockets) {
    this.sockets = sockets.toArray(ListenSocket[]::new);
    Map<ServerPolicy, List<ListenSocket>> m = new IdentityHashMap<>();
    for (ListenSocket k : this.sockets) {
      for (ServerPolicy s : k.servers()) {
        List<ListenSocket> l = m.computeIfAbsent(s, x -> new ArrayList<>());
        if (l.isEmpty() || l.get(l.size() - 1) != k) { // a socket once, however often it lists the server
          l.add(k);
        }
      }
    }
    m.forEach((s, l) -> byServer.put(s, List.copyOf(l)));
  }

  @Override
  public ListenSocket get(int index) {
    return sockets[index];
  }

  @Override
  public int size() {
    return sockets.length;
  }

  /**
   * The sockets whose servers include {@code server}, in the order of this list: what filtering this list by
   * {@code k.servers().contains(server)} gives.
   */
  List<ListenSocket> of(ServerPolicy server) {
    List<ListenSocket> l = byServer.get(server);
    return l != null ? l : List.of();
  }
}
