package dev.tlsdoctor.util;

/**
 * A file name pattern as POSIX {@code fnmatch(3)} reads it with {@code FNM_PERIOD} in the C locale (the rules of the
 * shell's and glibc's {@code glob(3)} for one path component): {@code *}, {@code ?}, {@code [...]} (with {@code !}
 * or {@code ^}, ranges and {@code [:class:]}) and backslash escapes. A {@code [} without its {@code ]} is an
 * ordinary character, so every string is a valid pattern (unlike the JDK's {@code glob:} syntax, which throws).
 */
public final class Fnmatch {
  private Fnmatch() {
  }

  /**
   * Whether {@code pattern} holds a wildcard that can match more than its own text: an unescaped {@code *} or
   * {@code ?}, or a closed bracket expression. {@code error[.log} and {@code a\*b} have none: they name one file.
   */
  public static boolean hasWildcard(String pattern) {
    int[] p = pattern.codePoints().toArray();
    for (int i = 0; i < p.length; i++) {
      if (p[i] == '\\') {
        i++;
      } else if (p[i] == '*' || p[i] == '?' || (p[i] == '[' && bracketEnd(p, i) > 0)) {
        return true;
      }
    }
    return false;
  }

  /** fnmatch(3) of one path component with FNM_PERIOD: a leading dot must be matched by a dot. */
  public static boolean matches(String pattern, String name) {
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
      i += p[i] == '\\' ? 2 : 1; // an escaped ']' does not close
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
