package dev.tlsdoctor.openssl;

import dev.tlsdoctor.openssl.CipherStringResult.Dropped;
import dev.tlsdoctor.openssl.CipherStringResult.IgnoredWord;
import dev.tlsdoctor.openssl.CipherStringResult.Reason;
import dev.tlsdoctor.openssl.CipherStringResult.Status;
import dev.tlsdoctor.tls.CipherSuite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenSSL cipher string, the value of nginx's {@code ssl_ciphers} and {@code proxy_ssl_ciphers}, evaluated as
 * OpenSSL 3.0 evaluates it: the result is the list {@code openssl ciphers -s -tls1_2 STRING} prints, plus what
 * OpenSSL ignored on the way.
 *
 * <p>The grammar: elements separated by {@code :}, {@code ,}, {@code ;} or space; each element is a suite name or
 * keyword, or several joined by {@code +} (their intersection), optionally prefixed by {@code !} (delete for good),
 * {@code -} (switch off, may come back), {@code +} (move to the end); {@code @STRENGTH} sorts by cipher strength and
 * {@code @SECLEVEL=n} sets the security level. {@code DEFAULT} and the Suite B keywords count only at the very start.
 * Unknown words are skipped up to the next separator; a character outside letters, digits, {@code - . =} where a
 * word should start makes the whole string invalid.
 */
public final class CipherString {
  /** What OpenSSL 3.0 expands DEFAULT to. */
  static final String DEFAULT_RULES = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

  private static final Map<String, String> NOTHING_HINTS = new HashMap<>();

  static {
    String des3 = "3DES suites are compiled out of OpenSSL 3.0; only builds with enable-weak-ssl-ciphers have them";
    NOTHING_HINTS.put("3DES", des3);
    NOTHING_HINTS.put("EDH-DSS-DES-CBC3-SHA", des3);
    NOTHING_HINTS.put("EDH-RSA-DES-CBC3-SHA", des3);
    NOTHING_HINTS.put("LOW", "LOW suites (single DES, 64-bit RC2/RC4) were removed in OpenSSL 1.1.0");
    NOTHING_HINTS.put("MEDIUM", "MEDIUM holds only SEED (legacy provider) and RC4/3DES (compiled out) in OpenSSL 3.0");
  }

  private final OpensslBuild build;
  private final List<OpensslCipher> universe;
  private final CipherList list;
  private final List<IgnoredWord> ignored = new ArrayList<>();
  private int securityLevel;
  private String error;

  private CipherString(OpensslBuild build) {
    this.build = build;
    this.universe = OpensslCipher.all().stream().filter(c -> build.legacyProvider() || !c.needsLegacyProvider())
        .toList();
    this.list = new CipherList(universe);
    this.securityLevel = build.defaultSecurityLevel();
  }

  /** Evaluates a cipher string as OpenSSL 3.0 (default build settings) would. */
  public static CipherStringResult evaluate(String cipherString) {
    return evaluate(cipherString, OpensslBuild.OPENSSL_3_0);
  }

  /** Evaluates a cipher string as the given OpenSSL build would. */
  public static CipherStringResult evaluate(String cipherString, OpensslBuild build) {
    return new CipherString(build).run(cipherString);
  }

  private CipherStringResult run(String input) {
    String rules = suiteB(input);
    int start = 0;
    if (rules.startsWith("DEFAULT")) {
      apply(DEFAULT_RULES, 0, false);
      start = rules.length() > 7 && rules.charAt(7) == ':' ? 8 : 7;
    }
    if (!apply(rules, start, true)) {
      return result(input, Status.INVALID, error, List.of(), List.of(), List.of());
    }
    List<OpensslCipher> configured = list.active();
    if (configured.isEmpty()) {
      return result(input, Status.NO_CIPHER_MATCH, "no cipher match: the string selects no TLS 1.2-and-below suite"
          + " OpenSSL 3.0 has", List.of(), List.of(), List.of());
    }
    List<CipherSuite> usable = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    for (OpensslCipher c : configured) {
      String why = unusable(c);
      if (why == null) {
        usable.add(c.suite());
      } else {
        dropped.add(new Dropped(c.suite(), why));
      }
    }
    List<CipherSuite> all = configured.stream().map(OpensslCipher::suite).toList();
    if (usable.isEmpty()) {
      return result(input, Status.NOTHING_USABLE, "OpenSSL accepts the string but none of its " + all.size()
          + " suites is usable: " + dropped.get(0).reason(), usable, all, dropped);
    }
    return result(input, Status.OK, null, usable, all, dropped);
  }

  private CipherStringResult result(String input, Status status, String message, List<CipherSuite> usable,
      List<CipherSuite> configured, List<Dropped> dropped) {
    return new CipherStringResult(input, build, securityLevel, status, message, List.copyOf(usable),
        List.copyOf(configured), List.copyOf(ignored), List.copyOf(dropped));
  }

  /**
   * Suite B mode: a string starting with a Suite B keyword is replaced whole (RFC 6460 suites only); whatever
   * follows the keyword is ignored.
   */
  private String suiteB(String input) {
    String[][] modes = {
        {"SUITEB128ONLY", "ECDHE-ECDSA-AES128-GCM-SHA256"},
        {"SUITEB128C2", "ECDHE-ECDSA-AES256-GCM-SHA384"},
        {"SUITEB128", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"},
        {"SUITEB192", "ECDHE-ECDSA-AES256-GCM-SHA384"}};
    for (String[] m : modes) {
      if (input.startsWith(m[0])) {
        if (input.length() > m[0].length()) {
          ignored.add(new IgnoredWord(input.substring(m[0].length()), m[0].length(), Reason.AFTER_COMMAND, false,
              m[0] + " at the start replaces the whole string with " + m[1]));
        }
        return m[1];
      }
    }
    return input;
  }

  private enum Rule { ADD, DELETE, KILL, MOVE_TO_END, COMMAND }

  /** Applies the elements of {@code s} from {@code pos}; false (with {@link #error} set) on an invalid command. */
  private boolean apply(String s, int pos, boolean report) {
    int n = s.length();
    int l = pos;
    while (l < n) {
      char ch = s.charAt(l);
      int elementStart = l;
      Rule rule = switch (ch) {
        case '-' -> Rule.DELETE;
        case '+' -> Rule.MOVE_TO_END;
        case '!' -> Rule.KILL;
        case '@' -> Rule.COMMAND;
        default -> Rule.ADD;
      };
      if (rule != Rule.ADD) {
        l++;
      } else if (isSeparator(ch)) {
        l++;
        continue;
      }
      CipherSelector selector = null;
      boolean found = false;
      String command = null;
      String failedWord = null;
      int failedAt = -1;
      boolean contradiction = false;
      String lastWord = null;
      while (true) {
        int wordStart = l;
        while (l < n && isWordChar(s.charAt(l))) {
          l++;
        }
        if (l == wordStart) {
          error = invalidCommand(s, l, elementStart);
          return false;
        }
        String word = s.substring(wordStart, l);
        if (rule == Rule.COMMAND) {
          command = word;
          break;
        }
        boolean more = l < n && s.charAt(l) == '+';
        if (more) {
          l++;
        }
        Word w = lookup(word);
        if (w == null) {
          found = false;
          failedWord = word;
          failedAt = wordStart;
          break;
        }
        if (selector == null) {
          selector = w.selector();
        } else {
          Optional<CipherSelector> both = selector.and(w.selector(), w.suite());
          if (both.isEmpty()) {
            found = false;
            contradiction = true;
            failedWord = word;
            break;
          }
          selector = both.get();
        }
        found = true;
        lastWord = word;
        if (!more) {
          break;
        }
      }
      if (rule == Rule.COMMAND) {
        if (!command(command)) {
          error = "invalid command '@" + command + "' at offset " + elementStart
              + ": OpenSSL knows only @STRENGTH and @SECLEVEL=0..5";
          return false;
        }
        int rest = l;
        l = skipToSeparator(s, l);
        if (report && l > rest) {
          ignored.add(new IgnoredWord(s.substring(rest, l), rest, Reason.AFTER_COMMAND, false,
              "OpenSSL skips what follows @" + command + " up to the next separator"));
        }
      } else if (found) {
        if (report && !anyInUniverse(selector)) {
          ignored.add(new IgnoredWord(s.substring(elementStart, l), elementStart, Reason.MATCHES_NOTHING,
              rule == Rule.KILL || rule == Rule.DELETE, nothingHint(lastWord)));
        }
        switch (rule) {
          case ADD -> list.add(selector);
          case DELETE -> list.remove(selector);
          case KILL -> list.kill(selector);
          case MOVE_TO_END -> list.moveToEnd(selector);
          default -> throw new IllegalStateException(rule.toString());
        }
      } else {
        l = skipToSeparator(s, l);
        if (report) {
          String element = s.substring(elementStart, l);
          boolean removal = rule == Rule.KILL || rule == Rule.DELETE;
          if (contradiction) {
            ignored.add(new IgnoredWord(element, elementStart, Reason.CONTRADICTORY, removal,
                "no suite is both " + lastWordsBefore(s, elementStart, failedWord) + " and " + failedWord));
          } else {
            String token = s.substring(failedAt, skipToSeparator(s, failedAt));
            ignored.add(new IgnoredWord(element, elementStart, Reason.UNKNOWN, removal,
                unknownHint(failedWord, token)));
          }
        }
      }
    }
    return true;
  }

  /** A suite name or keyword as OpenSSL looks it up; null when OpenSSL does not know the word. */
  private record Word(CipherSelector selector, boolean suite) {
  }

  private Word lookup(String word) {
    CipherSelector k = CipherKeywords.lookup(word, build);
    if (k != null) {
      return new Word(k, false);
    }
    for (OpensslCipher c : universe) {
      if (word.equals(c.suite().opensslName())) {
        return new Word(CipherSelector.of(c), true);
      }
    }
    return null;
  }

  private boolean command(String word) {
    if (word.equals("STRENGTH")) {
      list.sortByStrength();
      return true;
    }
    if (word.length() == 10 && word.startsWith("SECLEVEL=") && word.charAt(9) >= '0' && word.charAt(9) <= '5') {
      securityLevel = word.charAt(9) - '0';
      return true;
    }
    return false;
  }

  private boolean anyInUniverse(CipherSelector s) {
    return universe.stream().anyMatch(s::matches);
  }

  /** Why OpenSSL will not use a configured suite at the security level in force; null if it will. */
  private String unusable(OpensslCipher c) {
    if ((c.kx() & (OpensslCipher.K_ANY_PSK | OpensslCipher.K_SRP)) != 0
        || (c.au() & (OpensslCipher.A_PSK | OpensslCipher.A_SRP)) != 0) {
      return "PSK and SRP suites need a PSK or SRP callback, which nginx does not set";
    }
    int level = securityLevel;
    if (level <= 0) {
      return null;
    }
    int minBits = SecurityLevel.securityBits(level);
    if (c.bits() < minBits) {
      return "security level " + level + " requires ciphers of at least " + minBits + " bits (this one has "
          + c.bits() + ")";
    }
    if (c.isAnonymous()) {
      return "security level " + level + " forbids anonymous suites (no server authentication)";
    }
    if (c.mac() == OpensslCipher.M_MD5) {
      return "security level " + level + " forbids MD5 MACs";
    }
    if (minBits > 160 && c.mac() == OpensslCipher.M_SHA1) {
      return "security level " + level + " forbids SHA-1 MACs";
    }
    if (level >= 2 && c.enc() == OpensslCipher.E_RC4) {
      return "security level " + level + " forbids RC4";
    }
    if (level >= 3 && (c.kx() & OpensslCipher.K_FORWARD_SECRET) == 0) {
      return "security level " + level + " requires forward secrecy (ECDHE or DHE key exchange)";
    }
    return null;
  }

  private String unknownHint(String word, String token) {
    String why = CipherKeywords.whyUnknown(word, build);
    if (why != null) {
      return why;
    }
    Optional<CipherSuite> byName = CipherSuite.forOpensslName(word);
    if (byName.isPresent() && !word.startsWith("TLS")) {
      CipherSuite s = byName.get();
      return switch (s.openssl()) {
        case LEGACY_PROVIDER -> word + " needs the legacy provider, which nginx does not load by default";
        case WEAK_BUILD_ONLY -> word + " is compiled out of OpenSSL 3.0; only builds with enable-weak-ssl-ciphers"
            + " have RC4 and 3DES suites";
        case GOST_ENGINE -> word + " needs a GOST engine or provider";
        case REMOVED_1_1_0 -> word + " was removed in OpenSSL 1.1.0";
        default -> word + " is not available in this OpenSSL";
      };
    }
    if (token.startsWith("TLS_") || token.startsWith("SSL_")) {
      Optional<CipherSuite> iana = CipherSuite.forIanaName(token);
      if (iana.isPresent() && iana.get().isTls13()) {
        return token + " is a TLS 1.3 suite: ssl_ciphers only covers TLS 1.2 and below; TLS 1.3 suites are set"
            + " with ssl_conf_command Ciphersuites";
      }
      if (iana.isPresent() && iana.get().opensslName() != null) {
        return token + " is the IANA name; OpenSSL calls it " + iana.get().opensslName();
      }
      return token + " is not an OpenSSL name (OpenSSL names look like ECDHE-RSA-AES128-GCM-SHA256)";
    }
    String keyword = CipherKeywords.caseInsensitiveMatch(word);
    if (keyword != null) {
      return "names are case-sensitive: did you mean " + keyword + "?";
    }
    for (OpensslCipher c : universe) {
      if (c.suite().opensslName().equalsIgnoreCase(word)) {
        return "names are case-sensitive: did you mean " + c.suite().opensslName() + "?";
      }
    }
    return word + " is not a suite or keyword OpenSSL 3.0 knows";
  }

  private static String nothingHint(String word) {
    String hint = NOTHING_HINTS.get(word);
    return hint != null ? hint : "selects no suite OpenSSL 3.0 has";
  }

  /** The words of the element before the one that broke the intersection, for the message. */
  private static String lastWordsBefore(String s, int elementStart, String failedWord) {
    int from = "!-+".indexOf(s.charAt(elementStart)) >= 0 ? elementStart + 1 : elementStart;
    int end = s.indexOf("+" + failedWord, from);
    return end > from ? s.substring(from, end) : s.substring(from);
  }

  private static String invalidCommand(String s, int at, int elementStart) {
    if (at >= s.length()) {
      return "invalid command at offset " + at + ": the string ends where a name should follow '"
          + s.charAt(at - 1) + "'";
    }
    char c = s.charAt(at);
    String shown = Character.isISOControl(c) || c > 126 ? String.format("U+%04X", (int) c) : "'" + c + "'";
    if (at > elementStart) {
      // After a prefix (!, -, +, @) or a joining +.
      return "invalid command at offset " + at + ": a name must follow '" + s.charAt(at - 1) + "', found " + shown;
    }
    return "invalid command at offset " + at + ": " + shown + " is not allowed in a cipher string (names use"
        + " letters, digits, '-', '.' and '='; separators are ':', ',', ';' and space)";
  }

  private static int skipToSeparator(String s, int l) {
    while (l < s.length() && !isSeparator(s.charAt(l))) {
      l++;
    }
    return l;
  }

  static boolean isSeparator(char c) {
    return c == ':' || c == ' ' || c == ';' || c == ',';
  }

  static boolean isWordChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '=';
  }
}
