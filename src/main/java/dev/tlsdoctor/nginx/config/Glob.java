package dev.tlsdoctor.nginx.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The part of POSIX {@code glob(3)} that nginx's {@code include} uses (glibc, flags 0, the C locale nginx runs in):
 * {@code *}, {@code ?}, {@code [...]} (with {@code !} or {@code ^}, ranges and {@code [:class:]}), backslash
 * escapes; wildcards never match {@code /} nor a leading {@code .}; the matches come sorted by their bytes
 * ({@code g-.conf < g10.conf < g2.conf < gB.conf < g_.conf < ga.conf}, as a real nginx includes them).
 */
final class Glob {
  /** Orders paths as strcmp does on their UTF-8 bytes. */
  static final Comparator<String> BYTE_ORDER = (a, b) ->
      Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /** Lists the names in a directory, or null when it is not one. */
  interface Directory {
    List<String> list(String dir);

    boolean exists(String path);

    boolean isDirectory(String path);
  }

  private Glob() {
  }

  /** nginx's test for a pattern: {@code strpbrk(name, "*?[")}. */
  static boolean hasMagic(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  /** Every existing path matching {@code pattern}, sorted; a component without wildcards is taken as written. */
  static List<String> expand(String pattern, Directory fs) {
    String[] parts = pattern.split("/", -1);
    List<String> prefixes = List.of("");
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      List<String> next = new ArrayList<>();
      for (String prefix : prefixes) {
        if (!hasMagic(parts[i])) {
          String p = prefix + parts[i];
          if (!last) {
            next.add(p + "/");
          } else if (fs.exists(p)) {
            next.add(p);
          }
          continue;
        }
        List<String> names = fs.list(prefix.isEmpty() ? "." : prefix);
        if (names == null) {
          continue;
        }
        for (String name : names) {
          if (matches(parts[i], name) && (last || fs.isDirectory(prefix + name))) {
            next.add(last ? prefix + name : prefix + name + "/");
          }
        }
      }
      prefixes = next;
    }
    List<String> out = new ArrayList<>(prefixes);
    out.sort(BYTE_ORDER);
    return out;
  }

  /** Whether {@code path} matches {@code pattern} component by component. */
  static boolean matchesPath(String pattern, String path) {
    String[] p = pattern.split("/", -1);
    String[] s = path.split("/", -1);
    if (p.length != s.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (hasMagic(p[i]) ? !matches(p[i], s[i]) : !p[i].equals(s[i])) {
        return false;
      }
    }
    return true;
  }

  /** fnmatch(3) of one path component with FNM_PERIOD: a leading dot must be matched by a dot. */
  static boolean matches(String pattern, String name) {
    if (name.startsWith(".") && !pattern.startsWith(".") && !pattern.startsWith("\\.")) {
      return false;
    }
    int[] p = pattern.codePoints().toArray();
    int[] s = name.codePoints().toArray();
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = -1;
    while (si < s.length) {
      int step = pi < p.length ? matchOne(p, pi, s[si]) : 0;
      if (pi < p.length && p[pi] == '*') {
        starP = ++pi;
        starS = si;
      } else if (step > 0) {
        pi += step;
        si++;
      } else if (starP >= 0) {
        pi = starP;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < p.length && p[pi] == '*') {
      pi++;
    }
    return pi == p.length;
  }

  /** If the pattern element at {@code pi} matches {@code c}, its length in the pattern; else 0. */
  private static int matchOne(int[] p, int pi, int c) {
    int e = p[pi];
    if (e == '*') {
      return 0;
    }
    if (e == '?') {
      return 1;
    }
    if (e == '\\' && pi + 1 < p.length) {
      return p[pi + 1] == c ? 2 : 0;
    }
    if (e == '[') {
      int end = bracketEnd(p, pi);
      if (end > 0) {
        return bracketMatches(p, pi + 1, end, c) ? end - pi + 1 : 0;
      }
    }
    return e == c ? 1 : 0;
  }

  /** Index of the ']' closing the bracket expression at {@code open}, or -1 (then '[' is an ordinary character). */
  private static int bracketEnd(int[] p, int open) {
    int i = open + 1;
    if (i < p.length && (p[i] == '!' || p[i] == '^')) {
      i++;
    }
    if (i < p.length && p[i] == ']') {
      i++;
    }
    while (i < p.length) {
      if (p[i] == '[' && i + 1 < p.length && p[i + 1] == ':') {
        int close = indexOf(p, ":]", i + 2);
        if (close > 0) {
          i = close + 2;
          continue;
        }
      }
      if (p[i] == ']') {
        return i;
      }
      i++;
    }
    return -1;
  }

  private static boolean bracketMatches(int[] p, int from, int end, int c) {
    boolean negate = p[from] == '!' || p[from] == '^';
    int i = negate ? from + 1 : from;
    boolean found = false;
    boolean first = true;
    while (i < end) {
      if (p[i] == '[' && i + 1 < end && p[i + 1] == ':') {
        int close = indexOf(p, ":]", i + 2);
        if (close > 0 && close < end) {
          found |= inClass(new String(p, i + 2, close - i - 2), c);
          i = close + 2;
          first = false;
          continue;
        }
      }
      int lo = p[i];
      if (lo == '\\' && i + 1 < end) {
        lo = p[++i];
      }
      if (i + 2 < end && p[i + 1] == '-' && (p[i + 2] != ']' || first)) {
        int hi = p[i + 2];
        found |= c >= lo && c <= hi;
        i += 3;
      } else {
        found |= c == lo;
        i++;
      }
      first = false;
    }
    return found != negate;
  }

  private static boolean inClass(String name, int c) {
    return switch (name) {
      case "alpha" -> Character.isLetter(c) && c < 128;
      case "digit" -> c >= '0' && c <= '9';
      case "alnum" -> c < 128 && Character.isLetterOrDigit(c);
      case "upper" -> c >= 'A' && c <= 'Z';
      case "lower" -> c >= 'a' && c <= 'z';
      case "space" -> c == ' ' || (c >= '\t' && c <= '\r');
      case "xdigit" -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
      default -> false;
    };
  }

  private static int indexOf(int[] p, String what, int from) {
    outer:
    for (int i = from; i + what.length() <= p.length; i++) {
      for (int j = 0; j < what.length(); j++) {
        if (p[i + j] != what.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
