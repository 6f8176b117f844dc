package dev.tlsdoctor.nginx.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * nginx's choice of server for a host name on a socket: the exact name, else the longest {@code *.} wildcard, else
 * the longest {@code .*} wildcard, else the first matching regular expression, else the default server.
 */
final class ServerNames {
  private ServerNames() {
  }

  static ServerPolicy select(ListenSocket socket, String host) {
    if (socket.servers() instanceof ServerList l) {
      ServerPolicy s = l.names().select(host);
      return s == null ? socket.defaultServer() : s;
    }
    return selectByScan(socket, host);
  }

  /** The choice made by looking at every name of every server of the socket: what {@link Index} answers faster. */
  static ServerPolicy selectByScan(ListenSocket socket, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    ServerPolicy best = null;
    int bestRank = Integer.MAX_VALUE;
    int bestLength = -1;
    for (ServerPolicy s : socket.servers()) {
      for (String n : s.names()) {
        String name = n.toLowerCase(Locale.ROOT);
        int rank;
        if (name.equals(h) || name.startsWith(".") && name.substring(1).equals(h)) {
          rank = 0;
        } else if ((name.startsWith("*.") && h.endsWith(name.substring(1)))
            || (name.startsWith(".") && h.endsWith(name))) {
          rank = 1;
        } else if (name.endsWith(".*") && h.startsWith(name.substring(0, name.length() - 1))) {
          rank = 2;
        } else if (name.startsWith("~") && regex(name.substring(1), host)) {
          rank = 3;
        } else {
          continue;
        }
        int length = rank == 3 ? Integer.MAX_VALUE : name.length();
        if (rank < bestRank || rank == bestRank && rank != 3 && length > bestLength) {
          best = s;
          bestRank = rank;
          bestLength = length;
        }
      }
    }
    return best == null ? socket.defaultServer() : best;
  }

  private static boolean regex(String re, String host) {
    try {
      return Pattern.compile(re).matcher(host).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /**
   * The names of a socket's servers indexed by what a host name is looked up by, so that a lookup costs the length of
   * the host name (plus the regular expressions, when nothing else matches) instead of every name. It gives what
   * {@link #selectByScan} gives: among the names that match, the lowest rank (exact, {@code *.}/{@code .} suffix,
   * {@code .*} prefix, regular expression), within a rank the longest name, and among equals the first in the
   * servers' order; for regular expressions the first that matches.
   */
  static final class Index {
    /** A name that matches: its server, its length and its place among all names of the socket. */
    private record Candidate(ServerPolicy server, int length, int order) {
      boolean beats(Candidate other) {
        return other == null || length > other.length || length == other.length && order < other.order;
      }
    }

    private record Regex(ServerPolicy server, Pattern pattern) {
    }

    private final Map<String, Candidate> exact = new HashMap<>();
    private final Map<String, Candidate> suffix = new HashMap<>();
    private final Map<String, Candidate> prefix = new HashMap<>();
    private final List<Regex> regexes = new ArrayList<>();

    Index(List<ServerPolicy> servers) {
      int order = 0;
      for (ServerPolicy s : servers) {
        for (String n : s.names()) {
          String name = n.toLowerCase(Locale.ROOT);
          Candidate c = new Candidate(s, name.length(), order++);
          put(exact, name, c); // name equals the host
          if (name.startsWith(".")) {
            put(exact, name.substring(1), c); // .example.com is also example.com
            put(suffix, name, c); // and every name ending with .example.com
          } else if (name.startsWith("*.")) {
            put(suffix, name.substring(1), c);
          }
          if (name.endsWith(".*")) {
            put(prefix, name.substring(0, name.length() - 1), c);
          }
          if (name.startsWith("~")) {
            Pattern p;
            try {
              p = Pattern.compile(name.substring(1));
            } catch (PatternSyntaxException e) {
              p = null; // never matches, as in the scan
            }
            if (p != null) {
              regexes.add(new Regex(s, p));
            }
          }
        }
      }
    }

    private static void put(Map<String, Candidate> m, String key, Candidate c) {
      m.merge(key, c, (old, now) -> now.beats(old) ? now : old);
    }

    /** The server for {@code host}; null when none of the names matches (then the default server is used). */
    ServerPolicy select(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      Candidate c = exact.get(h);
      if (c != null) {
        return c.server();
      }
      // every suffix of h that starts with a dot (.example.com of www.example.com), every prefix that ends with one
      Candidate best = null;
      for (int i = h.indexOf('.'); i >= 0; i = h.indexOf('.', i + 1)) {
        Candidate s = suffix.get(h.substring(i));
        if (s != null && s.beats(best)) {
          best = s;
        }
      }
      if (best != null) {
        return best.server();
      }
      for (int i = h.indexOf('.'); i >= 0; i = h.indexOf('.', i + 1)) {
        Candidate p = prefix.get(h.substring(0, i + 1));
        if (p != null && p.beats(best)) {
          best = p;
        }
      }
      if (best != null) {
        return best.server();
      }
      for (Regex r : regexes) {
        if (r.pattern().matcher(host).find()) {
          return r.server();
        }
      }
      return null;
    }
  }
}
