package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.tls.CipherSuite;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long lists of cipher suites in a message, cut for the text report: a run of more than
 * {@link #LONGEST} suite names joined by {@code ", "} becomes its first {@link #FIRST} and
 * {@code and N more}. Only names of suites (OpenSSL's or IANA's) count, so that no other list is cut.
 */
public final class SuiteLists {
  /** Lists of suites longer than this are cut to their first {@link #FIRST} in the text, unless verbose. */
  public static final int LONGEST = 6;
  public static final int FIRST = 4;
  private static final Set<String> NAMES = names();
  private static final Pattern RUN = Pattern.compile("[A-Z0-9][A-Za-z0-9_-]*(?:, [A-Z0-9][A-Za-z0-9_-]*){"
      + LONGEST + ",}");

  private SuiteLists() {
  }

  private static Set<String> names() {
    Set<String> s = new HashSet<>();
    for (CipherSuite c : CipherSuite.all()) {
      if (c.opensslName() != null) {
        s.add(c.opensslName());
      }
      if (c.ianaName() != null) {
        s.add(c.ianaName());
      }
    }
    return Set.copyOf(s);
  }

  /**
   * Whether {@code text} has {@link #LONGEST} ", " in a row with no other space between them, as a run must: a cheap
   * test that spares most messages the pattern (the report of a large configuration shortens thousands of them).
   */
  private static boolean hasRun(String text) {
    int inRow = 0;
    int from = 0;
    while (true) {
      int c = text.indexOf(", ", from);
      if (c < 0) {
        return false;
      }
      int space = text.indexOf(' ', from);
      inRow = space >= from && space < c ? 1 : inRow + 1;
      if (inRow >= LONGEST) {
        return true;
      }
      from = c + 2;
    }
  }

  /** {@code text} with every long list of suites cut; null stays null. */
  public static String shorten(String text) {
    if (text == null || !hasRun(text)) {
      return text;
    }
    Matcher m = RUN.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      List<String> items = List.of(m.group().split(", "));
      if (!NAMES.containsAll(items)) {
        continue;
      }
      out.append(text, last, m.start()).append(String.join(", ", items.subList(0, FIRST)))
          .append(" and ").append(items.size() - FIRST).append(" more");
      last = m.end();
    }
    return last == 0 ? text : out.append(text.substring(last)).toString();
  }
}
