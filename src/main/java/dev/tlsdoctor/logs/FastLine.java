package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.FailureClass;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
  private static final int CACHE_BITS = 13;
  private static final int CACHE_SLOTS = 1 << CACHE_BITS; // half of them used; messages beyond take the slow path
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
  private final LogSummary.ClassStats[] cacheStats = new LogSummary.ClassStats[CACHE_SLOTS];
  private final long[] cacheCount = new long[CACHE_SLOTS];
  private final LocalCounts[] cacheLocal = new LocalCounts[CACHE_SLOTS];
  private final boolean[] unclassified = new boolean[CACHE_SLOTS];
  private final java.util.Map<LogSummary.ClassStats, LocalCounts> locals = new java.util.IdentityHashMap<>();
  private int cached;


  FastLine(LogClassifier classifier, TimeRange range, LogSummary summary, String file) {
    this.classifier = classifier;
    this.range = range;
    this.since = range.since() == null ? Long.MIN_VALUE : LogSummary.epochSecond(range.since());
    this.until = range.until() == null ? Long.MAX_VALUE : LogSummary.epochSecond(range.until());
    this.summary = summary;
    this.file = file;
  }

  /**
   * Handles a line; false when it must take the slow path. {@code fields} is where the line's first
   * {@code , client: } begins, or -1 when the caller did not look.
   */
  boolean handle(byte[] b, int from, int to, int fields, long lineNo) {
    if (to - from < 32 || b[from + 4] != '/' || b[from + 7] != '/' || b[from + 10] != ' ' || b[from + 13] != ':'
        || b[from + 16] != ':' || b[from + 19] != ' ' || b[from + 20] != '[') {
      return false;
    }
    long secs = seconds(b, from);
    if (secs == Long.MIN_VALUE) {
      return false;
    }
    int msg = messageStart(b, from, to);
    if (msg < 0) {
      return false;
    }
    if (fields < msg) { // not handed over (a valid prefix cannot hold ", client: ")
      fields = clientField(b, msg, to);
      if (fields < 0) {
        return false; // no fields: the slow path
      }
    }
    int slot = verdictSlot(b, msg, fields);
    if (slot < 0) {
      return false; // NUL bytes or non-ASCII text (the slow path notes them), or the cache is full
    }
    Object v = cacheValue[slot];
    if (v == NOT_TLS) {
      return true;
    }
    if (secs < since || secs >= until) {
      summary.countOutsideRange();
      return true;
    }
    return count(b, from, to, fields, slot, secs, lineNo);
  }

  /** Where the message begins after "[level] pid#tid: " and an optional "*connection ", or -1. */
  private static int messageStart(byte[] b, int from, int to) {
    int i = from + 21;
    int close = indexOf(b, i, Math.min(to, i + 8), (byte) ']');
    if (close < 0 || close + 1 >= to || b[close + 1] != ' ') {
      return -1;
    }
    i = skipDigits(b, close + 2, to);
    if (i >= to || b[i] != '#') {
      return -1;
    }
    i = skipDigits(b, i + 1, to);
    if (i + 1 >= to || b[i] != ':' || b[i + 1] != ' ') {
      return -1;
    }
    i += 2;
    if (i < to && b[i] == '*') {
      int j = skipDigits(b, i + 1, to);
      if (j >= to || b[j] != ' ') {
        return -1;
      }
      i = j + 1;
    }
    return i;
  }

  /** The first ", client: " in [from, to), or -1. */
  private static int clientField(byte[] b, int from, int to) {
    int last = to - CLIENT.length;
    for (int k = from; k <= last; k++) {
      if (b[k] == ',' && b[k + 2] == 'c' && Arrays.equals(b, k, k + CLIENT.length, CLIENT, 0, CLIENT.length)) {
        return k;
      }
    }
    return -1;
  }

  /** Counts a TLS event in the range whose message has the verdict in {@code slot}; false for the slow path. */
  private boolean count(byte[] b, int from, int to, int fields, int slot, long secs, long lineNo) {
    // Field values become interner ids (or, when the interner is full, Strings); -1 is an absent value.
    int client = -1;
    int server = -1;
    int host = -1;
    int upstream = -1;
    String[] unstored = null;
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
      int keyLen = colon - keyStart;
      byte k0 = b[keyStart];
      int field = k0 == 'c' && keyLen == 6 && client == -1 ? CLIENT_FIELD : k0 == 's' && keyLen == 6 ? SERVER_FIELD
          : k0 == 'h' && keyLen == 4 ? HOST_FIELD : k0 == 'u' && keyLen == 8 ? UPSTREAM_FIELD : -1;
      if (field < 0) {
        if (!ascii(b, vs, ve)) {
          return false; // NUL or non-ASCII bytes: the slow path notes them
        }
      } else {
        if (field == UPSTREAM_FIELD) {
          if (!ascii(b, vs, ve)) {
            return false;
          }
          ve = vs + LogSummary.upstreamPeerLength(new AsciiView(b, vs, ve));
        }
        int id = interner.intern(b, vs, ve);
        if (id == Interner.NOT_ASCII) {
          return false;
        }
        if (id == Interner.UNSTORED) {
          unstored = unstored == null ? new String[4] : unstored;
          unstored[field] = interner.unstored;
        } else if (unstored != null) {
          unstored[field] = null; // a later value of the same field replaces it
        }
        switch (field) {
          case CLIENT_FIELD -> client = id;
          case SERVER_FIELD -> server = id;
          case HOST_FIELD -> host = id;
          default -> upstream = id;
        }
      }
      if (next >= to || b[next] != ',') {
        break;
      }
      p = next;
    }
    LogSummary.ClassStats st = cacheStats[slot];
    if (st == null) {
      st = firstOfMessage(slot);
    }
    LocalCounts local = cacheLocal[slot];
    cacheCount[slot]++;
    summary.addFast(st, secs);
    local.count(CLIENT_FIELD, client);
    local.count(SERVER_FIELD, server);
    local.count(HOST_FIELD, host);
    local.count(UPSTREAM_FIELD, upstream);
    if (unstored != null) {
      local.countUnstored(unstored, st);
    }
    if (st.example == null || unclassified[slot]) {
      example(b, from, to, slot, st, lineNo);
    }
    return true;
  }

  /** The statistics and local counts of the verdict in {@code slot}, looked up on the message's first event. */
  private LogSummary.ClassStats firstOfMessage(int slot) {
    LogClassifier.Verdict verdict = (LogClassifier.Verdict) cacheValue[slot];
    LogSummary.ClassStats st = summary.stats(verdict.failureClass(), verdict.direction());
    cacheStats[slot] = st;
    cacheLocal[slot] = locals.computeIfAbsent(st, k -> new LocalCounts());
    return st;
  }

  private void example(byte[] b, int from, int to, int slot, LogSummary.ClassStats st, long lineNo) {
    FailureClass c = ((LogClassifier.Verdict) cacheValue[slot]).failureClass();
    if (summary.needsExample(st, c)) {
      String text = new String(b, from, to - from, StandardCharsets.UTF_8);
      if (text.length() > LogClassifier.MAX_LINE_CHARS) {
        text = text.substring(0, LogClassifier.MAX_LINE_CHARS);
      }
      summary.example(st, c, file, lineNo, text);
    }
  }

  /** The bytes of a value as a CharSequence, for the rules shared with the String path. */
  private record AsciiView(byte[] b, int from, int to) implements CharSequence {
    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return (char) b[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new AsciiView(b, from + start, from + end);
    }

    @Override
    public String toString() {
      return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }
  }

  private static final int CLIENT_FIELD = 0;
  private static final int SERVER_FIELD = 1;
  private static final int HOST_FIELD = 2;
  private static final int UPSTREAM_FIELD = 3;

  /**
   * Counts of field values by interner id for one class and direction: an array index instead of a hash lookup per
   * event. Moved into the summary's counters by {@link #flush}.
   */
  private final class LocalCounts {
    final int[][] byField = new int[4][];

    /** Counts a stored value. Small enough for the quick compiler to inline (up to 35 bytes of bytecode). */
    void count(int field, int id) {
      if (id >= 0) {
        int[] a = byField[field];
        if (a != null) {
          a[id]++;
        } else {
          first(field, id);
        }
      }
    }

    /** Counts the values the interner did not store: the non-null entries of {@code unstored}, by field. */
    void countUnstored(String[] unstored, LogSummary.ClassStats st) {
      TopCounter[] counters = {st.clients, st.servers, st.hosts, st.upstreams};
      for (int f = 0; f < 4; f++) {
        if (unstored[f] != null) {
          counters[f].add(unstored[f]);
        }
      }
    }

    private void first(int field, int id) {
      int[] a = new int[Interner.SLOTS];
      byField[field] = a;
      a[id]++;
    }

    void flushInto(LogSummary.ClassStats st) {
      TopCounter[] counters = {st.clients, st.servers, st.hosts, st.upstreams};
      for (int f = 0; f < 4; f++) {
        int[] a = byField[f];
        if (a == null) {
          continue;
        }
        for (int id = 0; id < a.length; id++) {
          if (a[id] != 0) {
            counters[f].add(interner.string(id), a[id]);
            a[id] = 0;
          }
        }
      }
    }
  }

  /**
   * Adds the per-message counts (reasons and knowledge-base entries) to the summary. Called when a reader is done,
   * and before the summary is read while following.
   */
  void flush() {
    locals.forEach((st, local) -> local.flushInto(st));
    for (int i = 0; i < CACHE_SLOTS; i++) {
      if (cacheCount[i] > 0) {
        LogClassifier.Verdict v = (LogClassifier.Verdict) cacheValue[i];
        cacheStats[i].reasons.add(v.reason(), cacheCount[i]);
        cacheStats[i].entries.add(v.entry(), cacheCount[i]);
        cacheCount[i] = 0;
      }
    }
  }

  /**
   * The cache slot holding the verdict for the message bytes [from, to), computed on a miss; -1 when the message
   * holds a NUL or non-ASCII byte, or when the cache is full.
   */
  private int verdictSlot(byte[] b, int from, int to) {
    int h = hash(b, from, to);
    if (h == NOT_ASCII_HASH) {
      return -1;
    }
    int slot = (h * 0x9E3779B9) >>> (32 - CACHE_BITS);
    while (cacheKey[slot] != null) {
      if (cacheHash[slot] == h && Arrays.equals(cacheKey[slot], 0, cacheKey[slot].length, b, from, to)) {
        return slot;
      }
      slot = (slot + 1) & (CACHE_SLOTS - 1);
    }
    return newVerdict(b, from, to, h, slot);
  }

  private int newVerdict(byte[] b, int from, int to, int h, int slot) {
    if (startsWith(b, from, to, INVALID_METHOD)) {
      return -1; // the slow path looks at the request
    }
    if (cached * 2 >= CACHE_SLOTS) {
      return -1;
    }
    // Classify the message with a stand-in client so that the direction rule sees a client connection.
    String message = new String(b, from, to - from, StandardCharsets.UTF_8);
    LogClassifier.Verdict v = classifier.verdict(ErrorLogParser.parseMessageOnly(message + ", client: -"));
    cacheHash[slot] = h;
    cacheKey[slot] = Arrays.copyOfRange(b, from, to);
    cacheValue[slot] = v == null ? NOT_TLS : v;
    unclassified[slot] = v != null && v.failureClass() == FailureClass.UNCLASSIFIED;
    cached++;
    return slot;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  /** What {@link #hash} returns for bytes holding a NUL or a byte above 0x7F (never a hash of plain ASCII). */
  static final int NOT_ASCII_HASH = 0;

  /**
   * A hash of the bytes [from, to), eight at a time, or {@link #NOT_ASCII_HASH} when they hold a NUL or a byte above
   * 0x7F.
   */
  static int hash(byte[] b, int from, int to) {
    long h = to - from;
    long bad = 0; // the high bit of a byte set: a byte above 0x7F, or (flagged by zeroBytes) a NUL
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      bad |= w | ((w - ONES) & ~w);
      h = (h ^ w) * 0x9E3779B97F4A7C15L;
    }
    if (i < to) {
      long w = 0;
      for (int k = to - 1; k >= i; k--) {
        w = (w << 8) | (b[k] & 0xFF);
      }
      long pad = -1L << ((to - i) << 3); // ones in the bytes past the end, so that they count as neither
      bad |= w | ((w - ONES) & ~(w | pad));
      h = (h ^ w) * 0x9E3779B97F4A7C15L;
    }
    if ((bad & HIGHS) != 0) {
      return NOT_ASCII_HASH;
    }
    int r = (int) (h ^ (h >>> 32));
    return r == NOT_ASCII_HASH ? 1 : r;
  }

  private static boolean ascii(byte[] b, int from, int to) {
    int acc = 0;
    for (int i = from; i < to; i++) {
      acc |= b[i] - 1; // negative exactly for 0x00 and 0x80..0xFF
    }
    return acc >= 0;
  }

  /**
   * Seconds since 1970 of the line's local time, or Long.MIN_VALUE when it is not a valid time. The day is computed
   * by arithmetic on every line (no branch that is taken only when the date changes, which made the compiled code
   * of the whole scan loop fall back to the interpreter at each new day of the log).
   */
  private static long seconds(byte[] b, int from) {
    int y = num(b, from, 4);
    int m = num(b, from + 5, 2);
    int d = num(b, from + 8, 2);
    int hh = num(b, from + 11, 2);
    int mm = num(b, from + 14, 2);
    int ss = num(b, from + 17, 2);
    if ((y | m | d | hh | mm | ss) < 0 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m) || hh > 23 || mm > 59
        || ss > 59) {
      return Long.MIN_VALUE;
    }
    return epochDay(y, m, d) * 86400 + hh * 3600L + mm * 60L + ss;
  }

  private static int monthLength(int y, int m) {
    if (m == 2) {
      return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    }
    return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date (as {@link LocalDate#toEpochDay}). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
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

  /**
   * Turns byte ranges into small integer ids (the slot of a bounded hash table) with their Strings, so that values
   * seen before cost neither an allocation nor a hash-map lookup.
   */
  static final class Interner {
    static final int SLOTS = 1 << 16; // slot = the top 16 bits of the mixed hash
    static final int EMPTY = -1;
    static final int NOT_ASCII = -2;
    /** The value was not stored (table full or crowded); its String is in {@link #unstored}. */
    static final int UNSTORED = -3;
    private final int[] hashes = new int[SLOTS];
    private final String[] strings = new String[SLOTS];
    private final byte[][] keys = new byte[SLOTS][];
    private int size;
    String unstored;

    /** The id for the bytes, or {@link #EMPTY}, {@link #NOT_ASCII} (a NUL or non-ASCII byte), {@link #UNSTORED}. */
    int intern(byte[] b, int from, int to) {
      if (to <= from) {
        return EMPTY;
      }
      int h = hash(b, from, to);
      if (h == NOT_ASCII_HASH) {
        return NOT_ASCII;
      }
      int slot = (h * 0x9E3779B9) >>> 16;
      for (int probe = 0; probe < 8 && keys[slot] != null; probe++) {
        if (hashes[slot] == h && Arrays.equals(keys[slot], 0, keys[slot].length, b, from, to)) {
          return slot;
        }
        slot = (slot + 1) & (SLOTS - 1);
      }
      String s = new String(b, from, to - from, StandardCharsets.US_ASCII);
      if (keys[slot] == null && size * 2 < SLOTS) {
        hashes[slot] = h;
        keys[slot] = Arrays.copyOfRange(b, from, to);
        strings[slot] = s;
        size++;
        return slot;
      }
      unstored = s;
      return UNSTORED;
    }

    String string(int id) {
      return strings[id];
    }
  }
}
