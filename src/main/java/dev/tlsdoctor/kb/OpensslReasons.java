package dev.tlsdoctor.kb;

import dev.tlsdoctor.util.DataFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The table of OpenSSL SSL-library reasons (resource {@code tlsdoctor/openssl-reasons.tsv}) with lookups by reason
 * text in any OpenSSL generation's spelling and by packed error code in any generation's packing.
 */
public final class OpensslReasons {
  private static final OpensslReasons INSTANCE = load();

  private final List<OpensslReason> all;
  private final Map<String, OpensslReason> byText = new HashMap<>();
  private final Map<String, OpensslReason> byPacked3 = new HashMap<>();
  private final Map<String, OpensslReason> byPacked111 = new HashMap<>();
  private final Map<String, OpensslReason> byPacked102 = new HashMap<>();
  private final Map<Integer, OpensslReason> byNumber = new HashMap<>();
  private final Map<String, OpensslReason> bySymbol = new HashMap<>();

  private OpensslReasons(List<OpensslReason> all) {
    this.all = List.copyOf(all);
    for (OpensslReason r : all) {
      byText.put(normalize(r.text()), r);
      byPacked3.put(r.packed3(), r);
      r.codes111().forEach(c -> byPacked111.put(c.packed(), r));
      r.codes102().forEach(c -> byPacked102.put(c.packed(), r));
      if (r.symbol().startsWith("SSL_R_")) {
        bySymbol.putIfAbsent(r.symbol().substring(6), r);
        byNumber.putIfAbsent(r.number(), r);
      }
    }
  }

  public static OpensslReasons get() {
    return INSTANCE;
  }

  public Collection<OpensslReason> all() {
    return all;
  }

  /**
   * The canonical form of a reason text: lower case, single spaces, and the alert spellings of OpenSSL 3.2-3.6
   * ({@code ssl/tls alert X}) and 4.0 ({@code tls alert X}) mapped to the older {@code sslv3 alert X}.
   */
  public static String normalize(String reasonText) {
    String t = collapseSpace(reasonText.trim().toLowerCase(Locale.ROOT));
    if (t.startsWith("ssl/tls alert ")) {
      return "sslv3 alert " + t.substring("ssl/tls alert ".length());
    }
    if (t.startsWith("tls alert ")) {
      return "sslv3 alert " + t.substring("tls alert ".length());
    }
    return t;
  }

  /**
   * Each run of white space ({@code \\s} in a regular expression) as one space; the text itself when it has no run
   * (a regular expression here cost a pattern compilation per call).
   */
  public static String collapseSpace(String t) {
    int n = t.length();
    int i = 0;
    while (i < n && (t.charAt(i) == ' ' ? i + 1 >= n || !space(t.charAt(i + 1)) : !space(t.charAt(i)))) {
      i++;
    }
    if (i == n) {
      return t;
    }
    StringBuilder sb = new StringBuilder(n).append(t, 0, i);
    boolean inRun = false;
    for (; i < n; i++) {
      char c = t.charAt(i);
      if (space(c)) {
        if (!inRun) {
          sb.append(' ');
          inRun = true;
        }
      } else {
        sb.append(c);
        inRun = false;
      }
    }
    return sb.toString();
  }

  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** Finds a reason by its text in any generation's spelling, or by the {@code reason(1116)} form. */
  public Optional<OpensslReason> byText(String text) {
    String n = normalize(text);
    OpensslReason r = byText.get(n);
    if (r == null && n.startsWith("reason(") && n.endsWith(")")) {
      try {
        r = byNumber.get(Integer.parseInt(n.substring(7, n.length() - 1)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(r);
  }

  /**
   * A reason from its symbol as BoringSSL, Python and Node print it: {@code WRONG_VERSION_NUMBER},
   * {@code SSLV3_ALERT_HANDSHAKE_FAILURE}, {@code TLSV1_ALERT_UNRECOGNIZED_NAME} (BoringSSL's name for OpenSSL's
   * {@code TLSV1_UNRECOGNIZED_NAME}), with or without {@code SSL_R_} or {@code ERR_SSL_}.
   */
  public Optional<OpensslReason> bySymbolText(String symbol) {
    String s = symbol.strip();
    if (s.isEmpty() || !s.equals(s.toUpperCase(Locale.ROOT)) || s.indexOf('_') < 0 || s.indexOf(' ') >= 0) {
      return Optional.empty();
    }
    if (s.startsWith("ERR_SSL_")) {
      s = s.substring(8);
    } else if (s.startsWith("SSL_R_")) {
      s = s.substring(6);
    }
    OpensslReason r = bySymbol.get(s);
    if (r == null && s.startsWith("TLSV1_ALERT_")) {
      r = bySymbol.get("TLSV1_" + s.substring(12));
    }
    if (r == null) {
      r = byText.get(normalize(s.replace('_', ' ')));
    }
    if (r == null && s.length() >= 12) {
      // a message cut off at its end ("WRONG_VERSION_NUMBE"): the one symbol it begins, if only one does
      OpensslReason only = null;
      for (Map.Entry<String, OpensslReason> e : bySymbol.entrySet()) {
        if (e.getKey().startsWith(s)) {
          if (only != null && only != e.getValue()) {
            return Optional.empty();
          }
          only = e.getValue();
        }
      }
      r = only;
    }
    return Optional.ofNullable(r);
  }

  /** Which OpenSSL generation printed a reason text, when its spelling tells (the alert texts changed). */
  public static Optional<String> generationOfSpelling(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("ssl/tls alert ")) {
      return Optional.of("3.2-3.6");
    }
    if (t.startsWith("tls alert ")) {
      return Optional.of("4.x");
    }
    return Optional.empty();
  }

  /** A packed code resolved to its reason, the generation that packs codes this way, and the function if known. */
  public record Decoded(String packed, String generation, String library, Optional<OpensslReason> reason,
                        Optional<String> function) {
  }

  /**
   * Decodes a packed error code such as {@code 0A0000C1} (3.x: library &lt;&lt; 23 | reason) or {@code 1408A0C1}
   * (1.x: library &lt;&lt; 24 | function &lt;&lt; 12 | reason).
   */
  public Decoded decode(String packedHex) {
    String p = packedHex.toUpperCase(Locale.ROOT);
    if (p.startsWith("0X")) {
      p = p.substring(2);
    }
    while (p.length() < 8) {
      p = "0" + p;
    }
    long v = Long.parseLong(p, 16);
    // 3.x packing: library in bits 23..30. The SSL library is 20, so SSL errors start with 0A.
    if ((v >>> 23) == 20) {
      OpensslReason r = byPacked3.get(p);
      if (r == null) {
        r = byNumber.get((int) (v & 0x7FFFFF));
      }
      return new Decoded(p, "3.x", "SSL routines", Optional.ofNullable(r), Optional.empty());
    }
    if ((v >>> 24) == 0x14) {
      OpensslReason r111 = byPacked111.get(p);
      OpensslReason r102 = byPacked102.get(p);
      String generation = r111 != null && r102 != null ? "1.0.2/1.1.1"
          : r111 != null ? "1.1.1" : r102 != null ? "1.0.2" : "1.x";
      OpensslReason r = r111 != null ? r111 : r102;
      if (r == null) {
        r = byNumber.get((int) (v & 0xFFF)); // reasons under 4096 keep their number in 1.x
      }
      Optional<String> fn = function(p, r111 != null ? r111.codes111() : r102 != null ? r102.codes102() : List.of());
      return new Decoded(p, generation, "SSL routines", Optional.ofNullable(r), fn);
    }
    // Another library (system, BIO, PEM, X509, ...) or a generic reason with flag bits: 3.x if bit 31 or the
    // 3.x library field is plausible.
    OpensslReason r = byPacked3.get(p);
    return new Decoded(p, r != null ? "3.x" : "unknown", "other", Optional.ofNullable(r), Optional.empty());
  }

  private static Optional<String> function(String packed, List<OpensslReason.FunctionCode> codes) {
    return codes.stream().filter(c -> c.packed().equals(packed)).map(OpensslReason.FunctionCode::function).findFirst();
  }

  private static OpensslReasons load() {
    String name = "/tlsdoctor/openssl-reasons.tsv";
    return new OpensslReasons(DataFile.rows(OpensslReasons.class, name, row -> {
      String[] f = row.fields();
      if (f.length != 5) {
        throw new IllegalStateException(name + ":" + row.number() + ": expected 5 tab-separated fields, got "
            + f.length);
      }
      return new OpensslReason(f[0], f[1], f[2], codes(f[3]), codes(f[4]));
    }));
  }

  private static List<OpensslReason.FunctionCode> codes(String field) {
    List<OpensslReason.FunctionCode> out = new ArrayList<>();
    for (String part : field.split(";")) {
      String[] pf = part.trim().split(" ");
      if (pf.length == 2) {
        out.add(new OpensslReason.FunctionCode(pf[0], pf[1]));
      }
    }
    return List.copyOf(out);
  }
}
