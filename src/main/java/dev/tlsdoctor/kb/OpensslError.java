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

  private static final Pattern START = Pattern.compile("error:([0-9A-Fa-f]{8}):");
  private static final Pattern SOURCE_LOCATION = Pattern.compile("^[^:]*\\.c:\\d+:?");
  private static final Pattern ALERT_NUMBER = Pattern.compile("SSL alert number (\\d{1,3})");

  /** Every error in a text, oldest first, as nginx and OpenSSL print them. */
  public static List<OpensslError> findAll(String text) {
    List<int[]> starts = new ArrayList<>();
    Matcher m = START.matcher(text);
    while (m.find()) {
      starts.add(new int[] {m.start(), m.end()});
    }
    List<OpensslError> out = new ArrayList<>(starts.size());
    for (int i = 0; i < starts.size(); i++) {
      int from = starts.get(i)[0];
      int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
      parseOne(text.substring(from, to)).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<OpensslError> parseOne(String entry) {
    // entry = "error:CODE:lib:func:reason[:data]" followed by separators or the next line's thread-id prefix
    String[] f = entry.split(":", 5);
    if (f.length < 5) {
      return Optional.empty();
    }
    String packed = f[1].toUpperCase(java.util.Locale.ROOT);
    String library = f[2];
    String function = f[3];
    String tail = f[4];
    int colon = tail.indexOf(':');
    String reason = colon < 0 ? tail : tail.substring(0, colon);
    String data = colon < 0 ? "" : tail.substring(colon + 1);
    reason = stripTrailing(reason);
    data = SOURCE_LOCATION.matcher(data).replaceFirst("");
    data = stripTrailing(data);
    return Optional.of(new OpensslError(packed, library, function, reason, data));
  }

  /** Removes what follows an entry: spaces, a closing ")" of nginx's suffix, an ERR_print_errors thread id. */
  private static String stripTrailing(String s) {
    String t = s.strip();
    t = t.replaceFirst("\\s*[0-9A-Fa-f]{8,16}:?$", "");
    if (t.endsWith(")") && count(t, '(') < count(t, ')')) {
      t = t.substring(0, t.length() - 1);
    }
    t = t.replaceFirst("\\)+\\s*(while .*)?$", "").strip();
    return t;
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
