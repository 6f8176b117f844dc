package dev.tlsdoctor.nginx.policy;

import java.util.Locale;
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
}
