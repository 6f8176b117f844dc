package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.SuiteWeakness;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule that drops findings from the report and the exit code: {@code ID}, {@code ID@FILE} or {@code ID@FILE:LINE}.
 * {@code ID} is a finding id or {@code *} (every id; {@code cipher-weak}, the id of weak suites before each weakness
 * had its own, stands for every {@code cipher-*} weakness id); {@code FILE} matches a finding's file when it is that path or,
 * when relative, a final part of it, whole names only ({@code conf.d/legacy.conf} matches
 * {@code /etc/nginx/conf.d/legacy.conf}, {@code legacy.conf} does not match {@code oldlegacy.conf}); {@code LINE}
 * is the finding's line.
 *
 * @param rule the rule as written
 * @param origin where it was written, for messages: {@code --ignore} or {@code FILE:LINE} of a settings file
 */
public record IgnoreRule(String rule, String id, String file, int line, String origin) {
  private static final Pattern ID = Pattern.compile("\\*|[a-z0-9]+(?:-[a-z0-9]+)*");
  private static final Pattern FILE_LINE = Pattern.compile("(.+):([0-9]+)");

  /** The rule {@code text}; {@link IllegalArgumentException} saying what is wrong with it. */
  public static IgnoreRule parse(String text, String origin) {
    int at = text.indexOf('@');
    String id = at < 0 ? text : text.substring(0, at);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not ID[@FILE[:LINE]]: '" + id + "' is not a finding id"
          + " (lower case words joined by -, or *)");
    }
    if (at < 0) {
      return new IgnoreRule(text, id, null, 0, origin);
    }
    String file = text.substring(at + 1);
    int line = 0;
    Matcher m = FILE_LINE.matcher(file);
    if (m.matches()) {
      file = m.group(1);
      try {
        line = Integer.parseInt(m.group(2));
      } catch (NumberFormatException e) {
        line = -1;
      }
      if (line < 1) {
        throw new IllegalArgumentException("'" + text + "': the line must be a number from 1");
      }
    }
    while (file.startsWith("./")) {
      file = file.substring(2);
    }
    if (file.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not ID[@FILE[:LINE]]: no file after @");
    }
    return new IgnoreRule(text, id, file, line, origin);
  }

  /** Whether this rule drops {@code f}. */
  public boolean matches(Finding f) {
    if (!id.equals("*") && !SuiteWeakness.names(id, f.id())) {
      return false;
    }
    if (file == null) {
      return true;
    }
    String path = f.file() == null ? "" : f.file();
    boolean sameFile = path.equals(file) || !file.startsWith("/") && path.endsWith("/" + file);
    return sameFile && (line == 0 || f.line() == line);
  }

  /**
   * The findings left when {@code rules} have dropped theirs, with how many each rule dropped (a finding that more
   * than one rule matches counts for each) and how many were dropped in all.
   */
  public static Filtered apply(List<Finding> findings, List<IgnoreRule> rules) {
    int[] counts = new int[rules.size()];
    List<Finding> kept = new ArrayList<>();
    int dropped = 0;
    for (Finding f : findings) {
      boolean drop = false;
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).matches(f)) {
          counts[i]++;
          drop = true;
        }
      }
      if (drop) {
        dropped++;
      } else {
        kept.add(f);
      }
    }
    List<Count> byRule = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      byRule.add(new Count(rules.get(i), counts[i]));
    }
    return new Filtered(List.copyOf(kept), dropped, List.copyOf(byRule));
  }

  /** How many findings a rule matched. */
  public record Count(IgnoreRule rule, int count) {
  }

  /** {@link #apply}'s result: the findings kept, how many were dropped, and each rule's count (0: matched none). */
  public record Filtered(List<Finding> kept, int dropped, List<Count> byRule) {
  }
}
