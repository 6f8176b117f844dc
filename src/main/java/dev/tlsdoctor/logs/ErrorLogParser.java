package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.OpensslError;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes an nginx error.log line apart (see {@link ErrorLogLine}). Never throws: a part that is not there, or not in
 * nginx's format, stays empty. Lines may carry a collector's prefix ({@code nginx    | }, a container timestamp);
 * the nginx timestamp is then searched for. nginx's own start-up messages on stderr ({@code nginx: [emerg] ...})
 * are understood too.
 */
public final class ErrorLogParser {
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[");
  /** An OpenSSL function and a received alert as its reason, without code and library. */
  private static final Pattern FUNCTION_ALERT = Pattern.compile(
      "\\b((?:ssl3|ssl23|tls1?3?|dtls1)_[a-z_]+):((?:sslv3|tlsv1|tlsv13|ssl/tls) alert [A-Za-z ]*[A-Za-z])");
  private static final Pattern ERRNO_SUFFIX = Pattern.compile(" \\((\\d{1,5}): ([^()]*)\\)$");
  private static final String[] FIELD_KEYS = {
      "client", "udp client", "server", "request", "subrequest", "upstream", "host", "referrer", "login",
      "bytes from/to client", "bytes from/to upstream"};

  private ErrorLogParser() {
  }

  /** nginx's levels, as it writes them between brackets. */
  private static final String[] LEVELS = {"debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"};

  /** Parses a whole error.log line. */
  public static ErrorLogLine parse(String line) {
    int p = prefixStart(line);
    if (p < 0) {
      return parseFragment(line);
    }
    if (line.startsWith("nginx: [", p)) {
      int close = line.indexOf("] ", p + 8);
      if (close < 0) {
        return parseMessage(line, null, "", -1, -1, -1);
      }
      return parseMessage(line.substring(close + 2), null, line.substring(p + 8, close), -1, -1, -1);
    }
    LocalDateTime time = parseTime(line, p);
    int i = p + 21; // after "YYYY/MM/DD HH:MM:SS ["
    int close = line.indexOf(']', i);
    if (close < 0) {
      return parseMessage(line.substring(p), time, "", -1, -1, -1);
    }
    String level = line.substring(i, close);
    i = close + 1;
    if (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    long pid = -1;
    long tid = -1;
    int j = digits(line, i);
    if (j > i && j < line.length() && line.charAt(j) == '#') {
      pid = parseLong(line, i, j);
      int k = digits(line, j + 1);
      if (k > j + 1 && line.startsWith(": ", k)) {
        tid = parseLong(line, j + 1, k);
        i = k + 2;
      }
    }
    long conn = -1;
    if (i < line.length() && line.charAt(i) == '*') {
      int k = digits(line, i + 1);
      if (k > i + 1 && k < line.length() && line.charAt(k) == ' ') {
        conn = parseLong(line, i + 1, k);
        i = k + 1;
      }
    }
    return parseMessage(line.substring(i), time, level, pid, tid, conn);
  }

  /** Parses a message without the line prefix, e.g. a line fragment a user pasted. */
  public static ErrorLogLine parseMessageOnly(String text) {
    return parseMessage(text.strip(), null, "", -1, -1, -1);
  }

  private static ErrorLogLine parseMessage(String message, LocalDateTime time, String level, long pid, long tid,
                                           long conn) {
    String rest = withoutAnnotation(message);
    String client = "";
    String server = "";
    String request = "";
    String upstream = "";
    String host = "";
    int fields = rest.indexOf(", client: ");
    if (fields < 0) {
      fields = rest.indexOf(", udp client: ");
    }
    String head = fields < 0 ? rest : rest.substring(0, fields);
    if (fields >= 0) {
      int i = fields;
      while (i < rest.length() && rest.startsWith(", ", i)) {
        int colon = rest.indexOf(": ", i + 2);
        if (colon < 0) {
          break;
        }
        String key = rest.substring(i + 2, colon);
        if (!isFieldKey(key)) {
          break;
        }
        int vs = colon + 2;
        int ve;
        String value;
        if (vs < rest.length() && rest.charAt(vs) == '"') {
          ve = closingQuote(rest, vs + 1);
          value = rest.substring(vs + 1, ve);
          ve = Math.min(ve + 1, rest.length());
        } else {
          ve = nextField(rest, vs);
          value = rest.substring(vs, ve);
        }
        switch (key) {
          case "client", "udp client" -> client = value;
          case "server" -> server = value;
          case "request" -> request = value;
          case "upstream" -> upstream = value;
          case "host" -> host = value;
          default -> { }
        }
        i = ve;
      }
    }
    String action = "";
    int w = head.lastIndexOf(" while ");
    if (w >= 0 && head.indexOf(')', w) < 0) {
      action = head.substring(w + 7);
      head = head.substring(0, w);
    }
    String context = "";
    int ctx = head.lastIndexOf(", context: ");
    if (ctx >= 0) {
      // OpenResty names the Lua phase that logged: "..., context: ngx.timer, client: ..."
      context = head.substring(ctx + 11);
      head = head.substring(0, ctx);
    }
    int errno = -1;
    String errnoText = "";
    if (head.endsWith(")")) {
      Matcher m = ERRNO_SUFFIX.matcher(head);
      // "verify error: (20: unable to get ...)" is a verification result, not an errno
      if (m.find() && !head.startsWith(":", m.start() - 1)) {
        errno = Integer.parseInt(m.group(1));
        errnoText = m.group(2);
        head = head.substring(0, m.start());
      }
    }
    List<OpensslError> errors = List.of();
    int ssl = head.startsWith("(SSL:") || head.startsWith("SSL: error:") ? 0 : head.indexOf(" (SSL:");
    if (ssl < 0) {
      ssl = head.indexOf(" SSL: error"); // the parentheses lost in a retyped line: "failed SSL: error:0A0000BF:..."
    }
    if (ssl >= 0) {
      String suffix = head.substring(ssl);
      errors = OpensslError.findAll(suffix);
      if (errors.isEmpty()) {
        errors = reasonOnly(suffix);
      }
      head = head.substring(0, ssl);
    } else if (head.contains("alert ") && FUNCTION_ALERT.matcher(head).find()) {
      // an alert quoted with its function but neither code nor library: "ssl3_read_bytes:sslv3 alert bad record Mac"
      Matcher m = FUNCTION_ALERT.matcher(head);
      m.find();
      errors = List.of(new OpensslError("", "SSL routines", m.group(1), m.group(2).toLowerCase(java.util.Locale.ROOT),
          ""));
    } else if (head.startsWith("SSL routines:") || head.contains(":SSL routines:")) {
      // a fragment without the error code: "SSL routines:ssl3_get_server_certificate:certificate verify failed"
      int at = head.indexOf("SSL routines:");
      errors = OpensslError.findAll("error:00000000:" + head.substring(at)).stream()
          .map(e -> new OpensslError("", e.library(), e.function(), e.reason(), e.data())).toList();
      head = head.substring(0, Math.max(at - 1, 0)).strip();
    }
    return new ErrorLogLine(time, level, pid, tid, conn, head, errors, errno, errnoText, action, client, server,
        request, upstream, host, context);
  }

  /**
   * An OpenSSL reason nginx printed without the error code, as a retyped or older line has it: {@code (SSL: certificate
   * verify failed)}. Empty for nginx's own empty suffix {@code (SSL:)}.
   */
  private static List<OpensslError> reasonOnly(String suffix) {
    int open = suffix.indexOf("SSL:");
    int close = suffix.indexOf(')', open);
    String reason = suffix.substring(open + 4, close < 0 ? suffix.length() : close).strip();
    if (reason.isEmpty() || !Character.isLetter(reason.charAt(0)) || reason.contains(":")) {
      return List.of();
    }
    return List.of(new OpensslError("", "SSL routines", "", reason, ""));
  }

  /**
   * Where the nginx part of the line begins, or -1 when the line has no nginx prefix. The time must be followed by
   * one of nginx's levels in brackets ({@code [error]}): other programs write the same time format with their own
   * levels ({@code [Info]}, {@code [Error]}, {@code [022] WARN}) and their lines are not nginx's.
   */
  public static int prefixStart(String line) {
    if (line.length() >= 21 && line.charAt(4) == '/' && line.charAt(7) == '/' && line.charAt(10) == ' '
        && line.charAt(13) == ':' && line.charAt(20) == '[' && levelEnd(line, 20) > 0) {
      return 0;
    }
    if (line.startsWith("nginx: [") && levelEnd(line, 7) > 0) {
      return 0;
    }
    Matcher m = TIMESTAMP.matcher(line);
    while (m.find()) {
      if (levelEnd(line, m.end() - 1) > 0) {
        return m.start();
      }
    }
    int n = line.indexOf("nginx: [");
    while (n >= 0) {
      if (levelEnd(line, n + 7) > 0) {
        return n;
      }
      n = line.indexOf("nginx: [", n + 1);
    }
    return -1;
  }

  /** The index after {@code [level]} when an nginx level in brackets starts at {@code at}, else -1. */
  private static int levelEnd(String s, int at) {
    if (at < 0 || at >= s.length() || s.charAt(at) != '[') {
      return -1;
    }
    for (String level : LEVELS) {
      if (s.startsWith(level, at + 1) && s.startsWith("]", at + 1 + level.length())) {
        return at + 2 + level.length();
      }
    }
    return -1;
  }

  /**
   * Parses a fragment of a line as users paste it, without the time: {@code [crit] 619#0: *3998 SSL_do_handshake()
   * failed ...}, {@code error] 20920#20920: *692819 peer closed ...}, {@code 60380#60380: *353 ...},
   * {@code *164817 peer closed ...}, or the message alone. The level, process and connection are taken when present.
   */
  public static ErrorLogLine parseFragment(String text) {
    String t = text.strip();
    int lead = idsStart(t);
    if (lead > 0) {
      t = t.substring(lead); // "... [crit] 3496#3496: *39847 ...", "err log: [error] 47#47: ..."
    } else {
      t = t.substring(messageStart(t)); // "`peer closed ...", "I get `no \"ssl_certificate\" is defined ..."
    }
    int i = 0;
    String level = "";
    int le = levelEnd(t, 0);
    if (le < 0) {
      for (String l : LEVELS) { // the opening bracket lost: "error] 20920#20920: ..."
        if (t.startsWith(l + "] ")) {
          le = l.length() + 1;
          break;
        }
      }
    }
    if (le > 0) {
      level = t.substring(t.charAt(0) == '[' ? 1 : 0, le - 1);
      i = le;
      while (i < t.length() && t.charAt(i) == ' ') {
        i++;
      }
    }
    long pid = -1;
    long tid = -1;
    int j = digits(t, i);
    if (j > i && j < t.length() && t.charAt(j) == '#') {
      int k = digits(t, j + 1);
      if (k > j + 1 && t.startsWith(": ", k)) {
        pid = parseLong(t, i, j);
        tid = parseLong(t, j + 1, k);
        i = k + 2;
      }
    }
    long conn = -1;
    if (i < t.length() && t.charAt(i) == '*') {
      int k = digits(t, i + 1);
      if (k > i + 1 && k < t.length() && t.charAt(k) == ' ') {
        conn = parseLong(t, i + 1, k);
        i = k + 1;
      }
    } else if (i == 0) {
      // "23681 peer closed ...": a connection number whose star was taken for markup
      int k = digits(t, 0);
      if (k >= 3 && k < t.length() - 1 && t.charAt(k) == ' ' && Character.isLowerCase(t.charAt(k + 1))) {
        conn = parseLong(t, 0, k);
        i = k + 1;
      }
    }
    return parseMessage(t.substring(i), null, level, pid, tid, conn);
  }

  /**
   * The openings of nginx's TLS messages: where a fragment quoted in a sentence or in markup really begins. Only
   * these are looked for, so that a message nginx did not write is not cut.
   */
  private static final String[] MESSAGE_OPENINGS = {
      "SSL_do_handshake() failed", "peer closed connection in SSL handshake", "no \"ssl_certificate\" is defined",
      "upstream SSL certificate", "client SSL certificate verify error", "client sent no required SSL certificate",
      "SSL_read() failed", "SSL_write() failed", "SSL_shutdown() failed", "client timed out", "upstream timed out",
      "cannot load certificate", "SSL_CTX_use_", "PEM_read_bio_", "OCSP_basic_verify() failed",
      "client sent plain HTTP request to HTTPS port", "lua ssl certificate verify error"};

  /**
   * Where the message begins in a fragment without nginx's prefix: after markup a user put around it ({@code `},
   * quotes, {@code > }) or a sentence leading to one of nginx's TLS messages within the first 120 characters; 0 when
   * neither is there.
   */
  private static int messageStart(String t) {
    int i = 0;
    while (i < t.length() && "`'\">".indexOf(t.charAt(i)) >= 0) {
      i++;
    }
    while (i < t.length() && t.charAt(i) == ' ') {
      i++;
    }
    if (i >= t.length() || !Character.isLetter(t.charAt(i)) || levelAt(t, i)) {
      return i; // "[crit] 619#0: ...", "*3998 ...", "60380#60380: ...", "error] 47#47: ...": nginx's own start
    }
    for (String opening : MESSAGE_OPENINGS) {
      if (t.startsWith(opening, i)) {
        return i;
      }
    }
    // a sentence before the message: only up to OpenSSL's part, which names functions such as SSL_CTX_use_certificate
    int limit = Math.min(120, t.length());
    for (String openssl : new String[] {"(SSL:", "error:", "SSL routines:"}) {
      int at = t.indexOf(openssl);
      if (at >= 0 && at < limit) {
        limit = at;
      }
    }
    int best = -1;
    for (String opening : MESSAGE_OPENINGS) {
      int at = t.indexOf(opening, i);
      if (at > 0 && at < limit && " `'\"".indexOf(t.charAt(at - 1)) >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best > 0 ? best : i;
  }

  /**
   * The message without a word or two that a module or patch writes before nginx's own text ({@code SNI: host.example
   * SSL_read() failed ...}): when one of nginx's TLS message openings follows within the first 80 characters, after a
   * space, and nothing before it opens a parenthesis or a field.
   */
  static String withoutAnnotation(String message) {
    String m = message.stripLeading();
    if (m.isEmpty() || !Character.isUpperCase(m.charAt(0))) {
      return message;
    }
    for (String opening : MESSAGE_OPENINGS) {
      if (m.startsWith(opening)) {
        return message;
      }
    }
    int limit = Math.min(80, m.length());
    int best = -1;
    for (String opening : MESSAGE_OPENINGS) {
      int at = m.indexOf(opening);
      if (at > 0 && at < limit && m.charAt(at - 1) == ' ' && (best < 0 || at < best)) {
        best = at;
      }
    }
    if (best < 0) {
      return message;
    }
    for (int i = 0; i < best; i++) {
      if ("(,\"".indexOf(m.charAt(i)) >= 0) {
        return message;
      }
    }
    return m.substring(best);
  }

  /** Whether an nginx level that lost its opening bracket ({@code error] }) starts at {@code i}. */
  private static boolean levelAt(String t, int i) {
    for (String l : LEVELS) {
      if (t.startsWith(l + "] ", i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where an nginx level and process id ({@code [crit] 3496#3496: }, {@code error] 47#47: }) begin after other text
   * in a fragment, or -1. Only the first 120 characters are searched: what precedes is a collector's or a writer's
   * lead-in, not a message.
   */
  private static int idsStart(String t) {
    int limit = Math.min(t.length(), 120);
    for (int at = 1; at < limit; at++) {
      char c = t.charAt(at);
      int le = c == '[' ? levelEnd(t, at) : -1;
      if (le < 0 && c >= 'a' && c <= 'z' && t.charAt(at - 1) == ' ') {
        for (String l : LEVELS) {
          if (t.startsWith(l + "] ", at)) {
            le = at + l.length() + 1;
            break;
          }
        }
      }
      if (le > 0) {
        int i = le;
        while (i < t.length() && t.charAt(i) == ' ') {
          i++;
        }
        int j = digits(t, i);
        if (j > i && j < t.length() && t.charAt(j) == '#') {
          return at;
        }
      }
    }
    return -1;
  }

  private static LocalDateTime parseTime(String s, int p) {
    try {
      return LocalDateTime.of(num(s, p, 4), num(s, p + 5, 2), num(s, p + 8, 2), num(s, p + 11, 2),
          num(s, p + 14, 2), num(s, p + 17, 2));
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static int num(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not a digit at " + i);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && i - from < 18 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static long parseLong(String s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  private static boolean isFieldKey(String key) {
    for (String k : FIELD_KEYS) {
      if (k.equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** The index of the quote that closes a field value: one followed by the next field or the end of the line. */
  private static int closingQuote(String s, int from) {
    int i = from;
    while (true) {
      int q = s.indexOf('"', i);
      if (q < 0) {
        return s.length();
      }
      if (q == s.length() - 1 || startsField(s, q + 1)) {
        return q;
      }
      i = q + 1;
    }
  }

  private static int nextField(String s, int from) {
    int i = from;
    while (true) {
      int c = s.indexOf(", ", i);
      if (c < 0) {
        return s.length();
      }
      if (startsField(s, c)) {
        return c;
      }
      i = c + 2;
    }
  }

  private static boolean startsField(String s, int at) {
    if (!s.startsWith(", ", at)) {
      return false;
    }
    for (String k : FIELD_KEYS) {
      if (s.startsWith(k, at + 2) && s.startsWith(":", at + 2 + k.length())) {
        return true;
      }
    }
    return false;
  }
}
