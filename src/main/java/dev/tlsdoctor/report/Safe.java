package dev.tlsdoctor.report;

/**
 * Makes text from outside (certificates, server replies, log lines, configuration files, messages to explain) safe
 * to print on a terminal: every character that a terminal would act on instead of showing, or that hides or
 * reorders text, is replaced by a visible escape. The text renderers pass every such value through {@link #text}
 * as they format it; {@link TerminalWriter} is the safety net behind them.
 *
 * <p>The escaped characters, by Unicode general category, and their form:
 * <ul>
 *   <li>Cc, the controls: C0 U+0000-U+001F (TAB, LF and CR too: a value prints on one line), DEL U+007F and C1
 *       U+0080-U+009F: {@code \xHH}, two lower-case hex digits: ESC is {@code \x1b}, BEL {@code \x07}, NUL
 *       {@code \x00}, LF {@code \x0a}, CSI U+009B {@code \x9b};</li>
 *   <li>Cf, the invisible format characters: the bidi embeddings and overrides U+202A-U+202E and isolates
 *       U+2066-U+2069, the marks U+200E, U+200F and U+061C, the zero-width U+200B-U+200D and U+2060-U+2064, the
 *       byte order mark U+FEFF, the tag characters U+E0001 and U+E0020-U+E007F and the rest of Cf;</li>
 *   <li>Zl and Zp, U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR;</li>
 *   <li>Cs, a surrogate without its pair (a {@link String} that is not valid UTF-16).</li>
 * </ul>
 * A code point below U+0100 prints as {@code \xHH} (so U+00AD SOFT HYPHEN, Cf, is {@code \xad}), one up to U+FFFF
 * as <code>&#92;uHHHH</code> (U+202E is <code>&#92;u202e</code>), one above as {@code \UHHHHHHHH}, eight hex digits
 * (U+E0041 is {@code \U000e0041}); the hex digits are always lower-case. Everything else is kept as it is:
 * printable ASCII, letters of every script (é, 日本), emoji, spaces, and the backslash: a value that holds the four
 * characters {@code \x1b} prints as the escape of ESC does (the JSON output tells them apart).
 */
public final class Safe {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Safe() {
  }

  /** {@code s} with every unsafe character escaped; {@code s} itself when it has none; "null" for null. */
  public static String text(String s) {
    if (s == null) {
      return "null";
    }
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        i++;
        continue;
      }
      int cp = s.codePointAt(i); // a lone surrogate is returned as itself
      if (unsafe(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      append(b, cp);
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  /**
   * {@link #text} with TAB kept: a line of a fix's diff, whose indentation (tabs in many configurations) a patch must
   * reproduce. For output through a {@link TerminalWriter} that passes tabs.
   */
  public static String keepingTabs(String s) {
    if (s == null || s.indexOf('\t') < 0) {
      return text(s);
    }
    StringBuilder b = new StringBuilder(s.length());
    String[] parts = s.split("\t", -1);
    for (int i = 0; i < parts.length; i++) {
      b.append(i > 0 ? "\t" : "").append(text(parts[i]));
    }
    return b.toString();
  }

  /** {@link #text} of {@code String.valueOf(o)}. */
  public static String text(Object o) {
    return text(String.valueOf(o));
  }

  /** Whether the code point is escaped: Cc, Cf, Zl, Zp, or a surrogate (a lone one, when given a char). */
  public static boolean unsafe(int cp) {
    if (cp >= 0x20 && cp < 0x7f) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
           Character.SURROGATE -> true;
      default -> false;
    };
  }

  /** Appends the code point to {@code b}: as it is when it is safe, else as its escape. */
  static void append(StringBuilder b, int cp) {
    if (!unsafe(cp)) {
      b.appendCodePoint(cp);
    } else if (cp < 0x100) {
      b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
    } else if (cp <= 0xffff) {
      b.append("\\u");
      hex(b, cp, 4);
    } else {
      b.append("\\U");
      hex(b, cp, 8);
    }
  }

  private static void hex(StringBuilder b, int v, int digits) {
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
      b.append(HEX[(v >> shift) & 0xf]);
    }
  }
}
