package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code upstream {}} groups of http and stream by name, and the sockets by address, looked up for every pass
 * (a scan of them for each was quadratic in the number of servers): what {@code contexts(..., "upstream")} filtered
 * by name and {@link TlsPolicy#localSockets(String, List)} give.
 */
final class PassTargets {
  private final Map<String, Directive> groups = new HashMap<>();
  private final Map<String, List<ListenSocket>> byAddress = new HashMap<>();
  private final Map<ListenSocket, Integer> order = new IdentityHashMap<>();

  /** Of {@code config}'s groups, and of {@code sockets}: those a pass can reach (http and stream, not mail). */
  PassTargets(NginxConfig config, List<ListenSocket> sockets) {
    for (String module : List.of("http", "stream")) {
      for (Directive u : config.contexts(module, "upstream")) {
        groups.putIfAbsent(module + " " + u.value(0).orElse(""), u); // the first of a name, as findFirst
      }
    }
    for (ListenSocket k : sockets) {
      byAddress.computeIfAbsent(k.address(), x -> new ArrayList<>()).add(k);
      order.putIfAbsent(k, order.size());
    }
  }

  /** The first {@code upstream NAME {}} of {@code module} ({@code http} or {@code stream}). */
  Optional<Directive> group(String module, String name) {
    return Optional.ofNullable(groups.get(module + " " + name));
  }

  /** {@link TlsPolicy#localSockets(String, List)} of these sockets. */
  List<ListenSocket> localSockets(String address) {
    int i = address.lastIndexOf(':');
    String port = address.substring(i + 1);
    String host = address.substring(0, i);
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    List<ListenSocket> exact = new ArrayList<>(byAddress.getOrDefault(address, List.of()));
    if (loopback && !address.equals("127.0.0.1:" + port)) {
      exact.addAll(byAddress.getOrDefault("127.0.0.1:" + port, List.of()));
      exact.sort(Comparator.comparingInt(order::get)); // in the order of the sockets, as a filter
    }
    if (!exact.isEmpty()) {
      return List.copyOf(exact);
    }
    return loopback ? List.copyOf(byAddress.getOrDefault("*:" + port, List.of())) : List.of();
  }
}
