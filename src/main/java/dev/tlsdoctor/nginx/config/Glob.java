package dev.tlsdoctor.nginx.config;

import dev.tlsdoctor.util.Fnmatch;
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

  /** fnmatch(3) of one path component with FNM_PERIOD (see {@link Fnmatch#matches}). */
  static boolean matches(String pattern, String name) {
    return Fnmatch.matches(pattern, name);
  }
}
