package dev.tlsdoctor.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an OpenSSL error queue as printed by {@code ERR_error_string_n()} or {@code ERR_print_errors()}:
 * {@code error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40} (3.x, empty function),
 * {@code error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure} (1.x, with function).
 *
 * @param packed   the packed code as printed, upper case
 * @param library  e.g. {@code SSL routines}
 * @param function the function name, empty in 3.x's short form
 * @param reason   the reason text as printed
 * @param data     the optional error data, e.g. {@code SSL alert number 40}; empty when absent
 */
public record OpensslError(String packed, String library, String function, String reason, String data) {

  private static final Pattern SOURCE_LOCATION = Pattern.compile("^[^:]*\\.c:\\d+:?");
  private static final Pattern ALERT_NUMBER = Pattern.compile("SSL alert number (\\d{1,3})");
  /**
   * BoringSSL's packed code in decimal (library in the top byte): nine or ten digits, eight for the system library
   * (2 << 24 + errno, "33554536:system library:OPENSSL_internal:Connection reset by peer").
   */
  private static final Pattern DECIMAL_PACKED = Pattern.compile("(?<![0-9])(\\d{8,10}):[A-Za-z0-9 ]+:OPENSSL_internal:");
  /** A source location some programs append to BoringSSL's reason: " at /path/ssl/handshake.cc:393". */
  private static final Pattern AT_SOURCE = Pattern.compile(" at \\S*\\.(?:cc|c|h)(?::\\d+)?.*$");

  /**
   * Every error in a text, oldest first, as nginx and OpenSSL print them; also as retyped with a space for the first
   * colon ({@code error 1417D102:SSL routines:...}).
   */
  public static List<OpensslError> findAll(String text) {
    List<OpensslError> out = new ArrayList<>(2);
    if (nextStart(text, 0) < 0 && text.contains(":OPENSSL_internal:")) {
      // BoringSSL's code in decimal, without "error:", as Envoy prints it: "TLS error: 268435703:SSL
      // routines:OPENSSL_internal:WRONG_VERSION_NUMBER"
      java.util.regex.Matcher m = DECIMAL_PACKED.matcher(text);
      while (m.find()) {
        long code = Long.parseLong(m.group(1));
        if (code <= 0xFFFFFFFFL) {
          parseOne(String.format("error:%08X:%s", code, text.substring(m.end(1) + 1))).ifPresent(out::add);
        }
      }
      return out;
    }
    int from = nextStart(text, 0);
    while (from >= 0) {
      int next = nextStart(text, from + 15);
      String entry = text.substring(from, next < 0 ? text.length() : next);
      parseOne(entry.charAt(5) == ' ' ? "error:" + entry.substring(6) : entry).ifPresent(out::add);
      from = next;
    }
    return out;
  }

  /** The index of the next {@code error:XXXXXXXX:} (or {@code error XXXXXXXX:}) at or after {@code from}, or -1. */
  private static int nextStart(String text, int from) {
    int i = from;
    while (true) {
      int e = text.indexOf("error", i);
      if (e < 0 || e + 15 > text.length()) {
        return -1;
      }
      char sep = text.charAt(e + 5);
      if ((sep == ':' || sep == ' ') && isHex8(text, e + 6) && text.charAt(e + 14) == ':') {
        return e;
      }
      i = e + 5;
    }
  }

  private static boolean isHex8(String s, int from) {
    for (int i = from; i < from + 8; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static Optional<OpensslError> parseOne(String entry) {
    // entry = "error:CODE:lib:func:reason[:data]" and whatever separates it from the next entry
    String[] f = entry.split(":", 5);
    if (f.length < 5) {
      return Optional.empty();
    }
    String packed = f[1].toUpperCase(java.util.Locale.ROOT);
    String tail = f[4];
    int colon = tail.indexOf(':');
    String reason = cleanReason(colon < 0 ? tail : tail.substring(0, colon));
    String data = colon < 0 ? "" : cleanData(tail.substring(colon + 1));
    return Optional.of(new OpensslError(packed, f[2], f[3], reason, data));
  }

  /** A reason ends at a closing parenthesis of nginx's suffix, a line break or the next entry. */
  private static String cleanReason(String s) {
    s = AT_SOURCE.matcher(s).replaceFirst("");
    int end = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean closesSuffix = c == ')' && count(s.substring(0, i), '(') == count(s.substring(0, i), ')');
      if (closesSuffix || c == '\n' || c == '\r' || c == ',') {
        end = i;
        break;
      }
    }
    String r = s.substring(0, end).strip();
    if (r.endsWith(" while")) {
      r = r.substring(0, r.length() - 6);
    }
    // BoringSSL appends its source location, "TLSV1_ALERT_UNRECOGNIZED_NAME (external/boringssl/...";
    // no OpenSSL reason holds " (".
    int paren = r.indexOf(" (");
    if (paren > 0) {
      r = r.substring(0, paren);
    }
    return stripGluedPunctuation(stripThreadId(r));
  }

  /**
   * Punctuation of the sentence or markup around a quoted error: {@code ...handshake failure.},
   * {@code ...handshake failure')}, {@code ...wrong version number"}. No OpenSSL reason ends in one of these.
   */
  static String stripGluedPunctuation(String r) {
    int end = r.length();
    while (end > 0 && ".,;!'\"`)]}>*".indexOf(r.charAt(end - 1)) >= 0) {
      if (r.charAt(end - 1) == ')' && count(r.substring(0, end), '(') >= count(r.substring(0, end), ')')) {
        break; // balanced: part of the reason, as in "reason(1116)"
      }
      end--;
    }
    return r.substring(0, end).strip();
  }

  /** Error data, without the source location ERR_print_errors adds and without what follows the suffix. */
  private static String cleanData(String s) {
    String d = s.contains(".c:") ? SOURCE_LOCATION.matcher(s).replaceFirst("") : s;
    int nl = d.indexOf('\n');
    if (nl >= 0) {
      d = d.substring(0, nl);
    }
    int close = d.lastIndexOf(')');
    if (close >= 0 && count(d, '(') < count(d, ')')) {
      d = d.substring(0, close);
    }
    return stripThreadId(d.strip());
  }

  /** ERR_print_errors starts each line with a thread id: "40B7...:" must not stick to the previous entry. */
  private static String stripThreadId(String s) {
    int sp = s.lastIndexOf(' ');
    String last = s.substring(sp + 1);
    if (last.length() >= 8 && last.endsWith(":") && isHexRun(last, 0, last.length() - 1)) {
      return s.substring(0, Math.max(sp, 0)).strip();
    }
    return s;
  }

  private static boolean isHexRun(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return to > from;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  /** The alert number named in the error data ({@code SSL alert number 40}), if any. */
  public Optional<Integer> alertNumber() {
    Matcher m = ALERT_NUMBER.matcher(data);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /** The text as OpenSSL printed it: {@code error:CODE:lib:func:reason[:data]}. */
  public String render() {
    return "error:" + packed + ":" + library + ":" + function + ":" + reason + (data.isEmpty() ? "" : ":" + data);
  }
}
