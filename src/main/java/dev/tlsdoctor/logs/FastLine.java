package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.FailureClass;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The summary-only path for well-formed nginx lines, working on the raw bytes: the time becomes seconds by
 * arithmetic, the verdict for a message (everything between the line prefix and {@code , client: }) is computed once
 * per distinct message and cached, and field values are interned. The result is the same as
 * {@link LogClassifier#classify} followed by {@link LogSummary#add(TlsEvent)}; lines this path does not understand
 * are left to that slow path. One instance per thread.
 */
final class FastLine {
  private static final byte[] CLIENT = ", client: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INVALID_METHOD = "client sent invalid method".getBytes(StandardCharsets.US_ASCII);
  private static final int CACHE_SLOTS = 1 << 13; // distinct messages remembered; misses beyond use the slow path
  private static final Object NOT_TLS = new Object();

  private final LogClassifier classifier;
  private final TimeRange range;
  private final long since;
  private final long until;
  private final LogSummary summary;
  private final String file;
  private final Interner interner = new Interner();

  private final int[] cacheHash = new int[CACHE_SLOTS];
  private final byte[][] cacheKey = new byte[CACHE_SLOTS][];
  private final Object[] cacheValue = new Object[CACHE_SLOTS];
  private int cached;

  private final byte[] lastDate = new byte[10];
  private long lastDay = Long.MIN_VALUE;

  FastLine(LogClassifier classifier, TimeRange range, LogSummary summary, String file) {
    this.classifier = classifier;
    this.range = range;
    this.since = range.since() == null ? Long.MIN_VALUE : LogSummary.epochSecond(range.since());
    this.until = range.until() == null ? Long.MAX_VALUE : LogSummary.epochSecond(range.until());
    this.summary = summary;
    this.file = file;
  }

  /** Handles a line; false when it must take the slow path. */
  boolean handle(byte[] b, int from, int to, long lineNo) {
    if (to - from < 32 || b[from + 4] != '/' || b[from + 7] != '/' || b[from + 10] != ' ' || b[from + 13] != ':'
        || b[from + 16] != ':' || b[from + 19] != ' ' || b[from + 20] != '[') {
      return false;
    }
    long secs = seconds(b, from);
    if (secs == Long.MIN_VALUE) {
      return false;
    }
    int i = from + 21;
    int close = indexOf(b, i, Math.min(to, i + 8), (byte) ']');
    if (close < 0 || close + 1 >= to || b[close + 1] != ' ') {
      return false;
    }
    i = skipDigits(b, close + 2, to);
    if (i >= to || b[i] != '#') {
      return false;
    }
    i = skipDigits(b, i + 1, to);
    if (i + 1 >= to || b[i] != ':' || b[i + 1] != ' ') {
      return false;
    }
    i += 2;
    if (i < to && b[i] == '*') {
      int j = skipDigits(b, i + 1, to);
      if (j >= to || b[j] != ' ') {
        return false;
      }
      i = j + 1;
    }
    int msg = i;
    int fields = find(b, msg, to, CLIENT);
    if (fields < 0 || startsWith(b, msg, to, INVALID_METHOD) || !plainAscii(b, msg, to)) {
      return false; // NUL bytes and non-ASCII text take the slow path, which notes them
    }
    Object v = verdict(b, msg, fields);
    if (v == null) {
      return false;
    }
    if (v == NOT_TLS) {
      return true;
    }
    if (secs < since || secs >= until) {
      summary.countOutsideRange();
      return true;
    }
    LogClassifier.Verdict verdict = (LogClassifier.Verdict) v;
    String client = null;
    String server = "";
    String host = "";
    String upstream = "";
    int p = fields;
    while (p < to) {
      // p is at ", key: "
      int keyStart = p + 2;
      int colon = indexOf(b, keyStart, Math.min(to, keyStart + 24), (byte) ':');
      if (colon < 0 || colon + 1 >= to || b[colon + 1] != ' ') {
        break;
      }
      int vs = colon + 2;
      int ve;
      int next;
      if (vs < to && b[vs] == '"') {
        ve = closingQuote(b, vs + 1, to);
        next = Math.min(ve + 1, to);
        vs++;
      } else {
        ve = nextField(b, vs, to);
        next = ve;
      }
      String value = interner.intern(b, vs, ve);
      switch (keyStart + 4 <= colon ? b[keyStart] : 0) {
        case 'c' -> client = client == null && colon - keyStart == 6 ? value : client;
        case 's' -> server = colon - keyStart == 6 ? value : server;
        case 'h' -> host = colon - keyStart == 4 ? value : host;
        case 'u' -> upstream = colon - keyStart == 8 ? value : upstream;
        default -> { }
      }
      if (next >= to || b[next] != ',') {
        break;
      }
      p = next;
    }
    FailureClass c = verdict.failureClass();
    LogSummary.ClassStats st = summary.add(c, verdict.direction(), secs, client == null ? "" : client, server, host,
        upstream, verdict.reason(), verdict.entry());
    if (summary.needsExample(st, c)) {
      String text = new String(b, from, to - from, StandardCharsets.UTF_8);
      if (text.length() > LogClassifier.MAX_LINE_CHARS) {
        text = text.substring(0, LogClassifier.MAX_LINE_CHARS);
      }
      summary.example(st, c, file, lineNo, text);
    }
    return true;
  }

  /** The cached verdict for the message bytes, computing it on a miss; null when the cache is full. */
  private Object verdict(byte[] b, int from, int to) {
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ (h >>> 16)) & (CACHE_SLOTS - 1);
    while (cacheKey[slot] != null) {
      if (cacheHash[slot] == h && Arrays.equals(cacheKey[slot], 0, cacheKey[slot].length, b, from, to)) {
        return cacheValue[slot];
      }
      slot = (slot + 1) & (CACHE_SLOTS - 1);
    }
    // Classify the message with a stand-in client so that the direction rule sees a client connection.
    String message = new String(b, from, to - from, StandardCharsets.UTF_8);
    ErrorLogLine l = ErrorLogParser.parseMessageOnly(message + ", client: -");
    LogClassifier.Verdict v = classifier.verdict(l);
    Object value = v == null ? NOT_TLS : v;
    if (cached * 2 < CACHE_SLOTS) {
      cacheHash[slot] = h;
      cacheKey[slot] = Arrays.copyOfRange(b, from, to);
      cacheValue[slot] = value;
      cached++;
    }
    return value;
  }

  /** True when no byte is NUL or above 0x7F. */
  private static boolean plainAscii(byte[] b, int from, int to) {
    int acc = 0;
    for (int i = from; i < to; i++) {
      acc |= b[i] - 1; // negative exactly for 0x00 and 0x80..0xFF
    }
    return acc >= 0;
  }

  /** Seconds since 1970 of the line's local time, or Long.MIN_VALUE when it is not a valid time. */
  private long seconds(byte[] b, int from) {
    if (lastDay == Long.MIN_VALUE || !Arrays.equals(lastDate, 0, 10, b, from, from + 10)) {
      int y = num(b, from, 4);
      int m = num(b, from + 5, 2);
      int d = num(b, from + 8, 2);
      if (y < 0 || m < 0 || d < 0) {
        return Long.MIN_VALUE;
      }
      try {
        lastDay = LocalDate.of(y, m, d).toEpochDay();
      } catch (DateTimeException e) {
        return Long.MIN_VALUE;
      }
      System.arraycopy(b, from, lastDate, 0, 10);
    }
    int hh = num(b, from + 11, 2);
    int mm = num(b, from + 14, 2);
    int ss = num(b, from + 17, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) {
      return Long.MIN_VALUE;
    }
    return lastDay * 86400 + hh * 3600L + mm * 60L + ss;
  }

  private static int num(byte[] b, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int skipDigits(byte[] b, int from, int to) {
    int i = from;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
    return to - from >= prefix.length && Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
  }

  private static int find(byte[] b, int from, int to, byte[] needle) {
    int last = to - needle.length;
    for (int i = from; i <= last; i++) {
      if (b[i] == needle[0] && b[i + 1] == needle[1] && Arrays.equals(b, i, i + needle.length, needle, 0,
          needle.length)) {
        return i;
      }
    }
    return -1;
  }

  /** The quote that closes a value: followed by ", key:" or the end of the line. */
  private static int closingQuote(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '"' && (i == to - 1 || startsField(b, i + 1, to))) {
        return i;
      }
    }
    return to;
  }

  private static int nextField(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == ',' && startsField(b, i, to)) {
        return i;
      }
    }
    return to;
  }

  /** ", " followed by a lower-case key of letters, spaces or '/' and ':'. */
  private static boolean startsField(byte[] b, int at, int to) {
    if (at + 3 >= to || b[at] != ',' || b[at + 1] != ' ') {
      return false;
    }
    for (int i = at + 2; i < Math.min(to, at + 26); i++) {
      byte c = b[i];
      if (c == ':') {
        return i > at + 2;
      }
      if (!((c >= 'a' && c <= 'z') || c == ' ' || c == '/')) {
        return false;
      }
    }
    return false;
  }

  /** Turns byte ranges into Strings, reusing the String for bytes seen before (bounded). */
  static final class Interner {
    private static final int SLOTS = 1 << 16;
    private final int[] hashes = new int[SLOTS];
    private final String[] strings = new String[SLOTS];
    private final byte[][] keys = new byte[SLOTS][];
    private int size;

    String intern(byte[] b, int from, int to) {
      if (to <= from) {
        return "";
      }
      int h = 1;
      for (int i = from; i < to; i++) {
        h = 31 * h + b[i];
      }
      int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
      for (int probe = 0; probe < 8 && keys[slot] != null; probe++) {
        if (hashes[slot] == h && Arrays.equals(keys[slot], 0, keys[slot].length, b, from, to)) {
          return strings[slot];
        }
        slot = (slot + 1) & (SLOTS - 1);
      }
      String s = new String(b, from, to - from, StandardCharsets.UTF_8);
      if (keys[slot] == null && size * 2 < SLOTS) {
        hashes[slot] = h;
        keys[slot] = Arrays.copyOfRange(b, from, to);
        strings[slot] = s;
        size++;
      }
      return s;
    }
  }
}
