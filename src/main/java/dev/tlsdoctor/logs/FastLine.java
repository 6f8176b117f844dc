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
  /** Distinct messages whose verdict is kept; lines with further messages take the slow path. */
  private static final int MAX_MESSAGES = 4096;
  /** The longest message kept: nginx writes at most 2048 bytes per line. */
  static final int MAX_MESSAGE_BYTES = 2048;
  private static final Object NOT_TLS = new Object();
  /** A message whose verdict the line's fields can change (see {@link LogClassifier.Verdict#fieldsDecide}). */
  private static final Object SLOW = new Object();

  private final LogClassifier classifier;
  private final long since;
  private final long until;
  private final LogSummary summary;
  private final String file;
  /**
   * Client addresses by id, and the other field values (server, host, upstream peer) by id: apart, so that the few
   * others keep small ids, small count arrays and a table that stays in the processor's cache, while a log's
   * thousands of clients have their own.
   */
  private final Interner clients = new Interner(1 << 15);
  private final Interner values = new Interner(1 << 15);
  /** Messages (the text between the line prefix and ", client: ") by id; the arrays below are indexed by it. */
  private final Interner messages = new Interner(MAX_MESSAGES);
  private final Object[] verdicts = new Object[MAX_MESSAGES];
  private final LogSummary.ClassStats[] messageStats = new LogSummary.ClassStats[MAX_MESSAGES];
  private final long[] messageCount = new long[MAX_MESSAGES];
  private final LocalCounts[] messageLocal = new LocalCounts[MAX_MESSAGES];
  private final boolean[] unclassified = new boolean[MAX_MESSAGES];
  private static final int QUICK_BITS = 12;
  /**
   * Message id + 1 (0: none) by {@link #quickSlot}: the message last seen with that slot, compared byte for byte
   * before use, so that a message seen before costs one comparison instead of a hashing pass and a comparison.
   */
  private final int[] quickIds = new int[1 << QUICK_BITS];
  private final java.util.Map<LogSummary.ClassStats, LocalCounts> locals = new java.util.IdentityHashMap<>();
  // the minute of the line before: its first 16 bytes ("YYYY/MM/DD HH:MM") and its first second since 1970
  private long minuteKey0;
  private long minuteKey1;
  private long minuteStart = Long.MIN_VALUE;

  FastLine(LogClassifier classifier, TimeRange range, LogSummary summary, String file) {
    this.classifier = classifier;
    this.since = range.since() == null ? Long.MIN_VALUE : LogSummary.epochSecond(range.since());
    this.until = range.until() == null ? Long.MAX_VALUE : LogSummary.epochSecond(range.until());
    this.summary = summary;
    this.file = file;
  }

  /**
   * Handles a line; false when it must take the slow path. {@code fields} is where the line's first
   * {@code , client: } begins, or -1 when the caller did not look; {@code fieldsClean} that the caller found only
   * bytes 0x01..0x7F from there on; {@code message} where the caller found the message to begin, or -1. The buffer must have {@link LogScanner#SLACK}
   * bytes after {@code to}: the byte searches read whole words.
   */
  boolean handle(byte[] b, int from, int to, int fields, boolean fieldsClean, int message, long lineNo) {
    if (to - from < 32 || b[from + 4] != '/' || b[from + 7] != '/' || b[from + 10] != ' ' || b[from + 13] != ':'
        || b[from + 16] != ':' || b[from + 19] != ' ' || b[from + 20] != '[') {
      return false;
    }
    // "YYYY/MM/DD HH:MM" is the first 16 bytes: the same as the line before for all lines of a minute
    long w0 = (long) LONGS.get(b, from);
    long w1 = (long) LONGS.get(b, from + 8);
    if (w0 != minuteKey0 || w1 != minuteKey1 || minuteStart == Long.MIN_VALUE) {
      long m = minuteStart(b, from);
      if (m == Long.MIN_VALUE) {
        return false;
      }
      minuteKey0 = w0;
      minuteKey1 = w1;
      minuteStart = m;
    }
    int s1 = b[from + 17] - '0';
    int s2 = b[from + 18] - '0';
    if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) {
      return false;
    }
    long secs = minuteStart + s1 * 10 + s2;
    int msg = message > from + 21 && message <= to ? message : messageStart(b, from, to);
    if (msg < 0) {
      return false;
    }
    if (fields < msg) { // not handed over (a valid prefix cannot hold ", client: ")
      fields = clientField(b, msg, to);
      if (fields < 0) {
        return false; // no fields: the slow path
      }
    }
    int quickSlot = quickSlot(b, msg, fields);
    int id = quickSlot < 0 ? -1 : quickIds[quickSlot] - 1;
    if (id >= 0 && messages.sameLong(id, b, msg, fields)) {
      // a message seen before (so printable ASCII, as the hash below checked then): no pass to hash and check it
      if (!(fieldsClean || ascii(b, fields, to))) {
        return false;
      }
    } else {
      long hm = hashAscii(b, msg, fields);
      if (hm < 0 || !(fieldsClean || ascii(b, fields, to))) {
        return false; // NUL bytes or non-ASCII text: the slow path notes them
      }
      id = messageId(b, msg, fields, (int) hm);
      if (id < 0) {
        return false; // the cache is full, or a message the slow path must see whole
      }
      if (quickSlot >= 0) {
        quickIds[quickSlot] = id + 1;
      }
    }
    Object v = verdicts[id];
    if (v == NOT_TLS) {
      return true;
    }
    if (v == SLOW) {
      return false;
    }
    if (secs < since || secs >= until) {
      summary.countOutsideRange();
      return true;
    }
    return count(b, from, to, fields, id, secs, minuteStart / 60, lineNo);
  }

  // The client counts of the lines handled since the last countClients: the counts they go to, and the client ids.
  private final LocalCounts[] pendingLocals = new LocalCounts[1024];
  private final int[] pendingClients = new int[1024];
  private int pending;

  /**
   * Counts the clients of the lines handled since it was last called, in a loop of increments that do not depend on
   * one another: with thousands of clients each is likely a cache miss, and the processor overlaps them, where
   * counting each line's client as the line was handled waited for every one in turn. Called after each pass over
   * a buffer and before the counts are read.
   */
  void countClients() {
    for (int k = 0; k < pending; k++) {
      pendingLocals[k].count(CLIENT_FIELD, pendingClients[k]);
    }
    pending = 0;
  }

  /**
   * The slot in {@link #quickIds} of the message bytes [from, to) by a hash of their length, first 16 and last 8
   * bytes, or -1 for a message of up to 24 bytes. Messages that share a slot only fall back to the full lookup.
   */
  static int quickSlot(byte[] b, int from, int to) {
    int length = to - from;
    if (length <= 24) {
      return -1;
    }
    long h = (length ^ (long) LONGS.get(b, from)) * MIX;
    h = (h ^ (long) LONGS.get(b, from + 8)) * MIX;
    h = (h ^ (long) LONGS.get(b, to - 8)) * MIX;
    return (int) (h >>> (64 - QUICK_BITS));
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
    for (int k = find(b, from, to, COMMAS); k < to; k = find(b, k + 1, to, COMMAS)) {
      if (startsWith(b, k, to, CLIENT)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Counts a TLS event in the range whose message has the id {@code id}; false for the slow path. The bytes
   * [msg, to) are known to be printable ASCII.
   */
  private boolean count(byte[] b, int from, int to, int fields, int id, long secs, long minute, long lineNo) {
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
      // nginx's own keys recognised by their first eight bytes; any other key by its colon
      long key = (long) LONGS.get(b, keyStart);
      int colon = key == CLIENT_KEY || key == SERVER_KEY ? keyStart + 6 : key == REQUEST_KEY ? keyStart + 7
          : (key & SIX_BYTES) == HOST_KEY ? keyStart + 4 : key == UPSTREAM_KEY && b[keyStart + 8] == ':'
          ? keyStart + 8 : indexOf(b, keyStart, Math.min(to, keyStart + 24), (byte) ':');
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
      if (field >= 0) {
        if (field == UPSTREAM_FIELD) {
          ve = vs + peerLength(b, vs, ve);
        }
        Interner in = field == CLIENT_FIELD ? clients : values;
        int v = in.intern(b, vs, ve);
        if (v == Interner.UNSTORED) {
          unstored = unstored == null ? new String[4] : unstored;
          unstored[field] = in.unstored;
        } else if (unstored != null) {
          unstored[field] = null; // a later value of the same field replaces it
        }
        switch (field) {
          case CLIENT_FIELD -> client = v;
          case SERVER_FIELD -> server = v;
          case HOST_FIELD -> host = v;
          default -> upstream = v;
        }
      }
      if (next >= to || b[next] != ',') {
        break;
      }
      p = next;
    }
    LogSummary.ClassStats st = messageStats[id];
    if (st == null) {
      st = firstOfMessage(id);
    }
    LocalCounts local = messageLocal[id];
    messageCount[id]++;
    summary.addFast(st, secs, minute);
    if (client >= 0) { // counted with the other lines of the pass (see countClients)
      if (pending == pendingClients.length) {
        countClients();
      }
      pendingLocals[pending] = local;
      pendingClients[pending++] = client;
    }
    local.count(SERVER_FIELD, server);
    local.count(HOST_FIELD, host);
    local.count(UPSTREAM_FIELD, upstream);
    if (unstored != null) {
      local.countUnstored(unstored, st);
    }
    if (st.example == null || unclassified[id]) {
      example(b, from, to, id, st, lineNo);
    }
    return true;
  }

  /** The statistics and local counts of the verdict of message {@code id}, looked up on the message's first event. */
  private LogSummary.ClassStats firstOfMessage(int id) {
    LogClassifier.Verdict verdict = (LogClassifier.Verdict) verdicts[id];
    LogSummary.ClassStats st = summary.stats(verdict.failureClass(), verdict.direction());
    messageStats[id] = st;
    messageLocal[id] = locals.computeIfAbsent(st, k -> new LocalCounts());
    return st;
  }

  private void example(byte[] b, int from, int to, int id, LogSummary.ClassStats st, long lineNo) {
    FailureClass c = ((LogClassifier.Verdict) verdicts[id]).failureClass();
    if (summary.needsExample(st, c)) {
      String text = new String(b, from, to - from, StandardCharsets.UTF_8);
      if (text.length() > LogClassifier.MAX_LINE_CHARS) {
        text = text.substring(0, LogClassifier.MAX_LINE_CHARS);
      }
      summary.example(st, c, file, lineNo, text);
    }
  }

  /**
   * The length of the peer part of nginx's upstream field in [from, to): {@code https://10.0.0.1:443} of
   * {@code https://10.0.0.1:443/path}, {@code https://unix:/run/app.sock} of {@code https://unix:/run/app.sock:/path}.
   * Summaries count upstream peers, not request paths.
   */
  static int peerLength(byte[] b, int from, int to) {
    if (to - from >= 8 && from + 16 <= b.length) {
      // nginx's usual "https://" and "http://": the scheme by one word, the '/' after the peer a word at a time
      long w = (long) LONGS.get(b, from);
      int start = w == HTTPS_SCHEME ? from + 8 : (w & SEVEN_BYTES) == HTTP_SCHEME ? from + 7 : -1;
      if (start >= 0 && start + 8 <= b.length && ((long) LONGS.get(b, start) & FIVE_BYTES) != UNIX_WORD) {
        int i = start;
        for (; i + 8 <= to; i += 8) {
          long m = zeroBytes((long) LONGS.get(b, i) ^ SLASHES);
          if (m != 0) {
            return i + LogScanner.lowestFlagged(m) - from;
          }
        }
        for (; i < to; i++) {
          if (b[i] == '/') {
            return i - from;
          }
        }
        return to - from;
      }
    }
    int start = from;
    for (int i = from; i + 3 <= to; i++) {
      if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
        start = i + 3;
        break;
      }
    }
    if (startsWith(b, start, to, UNIX)) {
      for (int i = start + UNIX.length; i + 2 <= to; i++) {
        if (b[i] == ':' && b[i + 1] == '/') {
          return i - from;
        }
      }
      return to - from;
    }
    for (int i = start; i < to; i++) {
      if (b[i] == '/') {
        return i - from;
      }
    }
    return to - from;
  }

  private static final long HTTPS_SCHEME = word("https://");
  private static final long SEVEN_BYTES = 0xFF_FFFF_FFFF_FFFFL;
  private static final long HTTP_SCHEME = word("http://\0") & SEVEN_BYTES;
  private static final long FIVE_BYTES = 0xFF_FFFF_FFFFL;
  private static final long UNIX_WORD = word("unix:\0\0\0") & FIVE_BYTES;
  private static final long SLASHES = 0x0101010101010101L * '/';

  /** The high bit of each byte of {@code v} that is zero (exact for the lowest such byte). */
  private static long zeroBytes(long v) {
    return (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
  }

  private static final byte[] UNIX = "unix:".getBytes(StandardCharsets.US_ASCII);
  private static final long CLIENT_KEY = word("client: ");
  private static final long SERVER_KEY = word("server: ");
  private static final long REQUEST_KEY = word("request:");
  private static final long UPSTREAM_KEY = word("upstream");
  private static final long SIX_BYTES = 0xFFFF_FFFF_FFFFL;
  private static final long HOST_KEY = word("host: \0\0") & SIX_BYTES;

  /** Eight ASCII characters as the little-endian word the searches read. */
  private static long word(String eight) {
    long w = 0;
    for (int i = 7; i >= 0; i--) {
      w = (w << 8) | (eight.charAt(i) & 0xFF);
    }
    return w;
  }
  private static final int CLIENT_FIELD = 0;
  private static final int SERVER_FIELD = 1;
  private static final int HOST_FIELD = 2;
  private static final int UPSTREAM_FIELD = 3;

  /**
   * Counts of field values by interner id for one class and direction: an array index instead of a hash lookup per
   * event. Ids are dense, so the arrays stay as small as the number of distinct values of their interner. Moved into
   * the summary's counters by {@link #flush}.
   */
  private final class LocalCounts {
    final int[][] byField = {new int[16], new int[16], new int[16], new int[16]};

    /** Counts a stored value. Small enough for the quick compiler to inline (up to 35 bytes of bytecode). */
    void count(int field, int id) {
      if (id >= 0) {
        int[] a = byField[field];
        if (id < a.length) {
          a[id]++;
        } else {
          grow(field, id);
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

    private void grow(int field, int id) {
      int[] a = Arrays.copyOf(byField[field], Math.max(id + 1, byField[field].length * 2));
      byField[field] = a;
      a[id]++;
    }

    void flushInto(LogSummary.ClassStats st) {
      TopCounter[] counters = {st.clients, st.servers, st.hosts, st.upstreams};
      for (int f = 0; f < 4; f++) {
        int[] a = byField[f];
        int counted = 0;
        for (int n : a) {
          counted += n != 0 ? 1 : 0;
        }
        counters[f].ensureRoom(counted);
        Interner in = f == CLIENT_FIELD ? clients : values;
        for (int id = 0; id < a.length; id++) {
          if (a[id] != 0) {
            counters[f].add(in.string(id), a[id]);
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
    countClients();
    locals.forEach((st, local) -> local.flushInto(st));
    for (int i = 0; i < messages.size(); i++) {
      if (messageCount[i] > 0) {
        LogClassifier.Verdict v = (LogClassifier.Verdict) verdicts[i];
        messageStats[i].reasons.add(v.reason(), messageCount[i]);
        messageStats[i].entries.add(v.entry(), messageCount[i]);
        messageCount[i] = 0;
      }
    }
  }

  /**
   * The id of the message bytes [from, to), its verdict computed when it is new; -1 when the cache is full or the
   * message is one the slow path must see whole.
   */
  private int messageId(byte[] b, int from, int to, int hash) {
    int id = messages.find(b, from, to, hash);
    return id >= 0 ? id : newMessage(b, from, to);
  }

  private int newMessage(byte[] b, int from, int to) {
    if (startsWith(b, from, to, INVALID_METHOD)) {
      return -1; // the slow path looks at the request
    }
    if (to - from > MAX_MESSAGE_BYTES) {
      return -1; // longer than nginx writes: not kept (the cache's memory stays bounded), the slow path reads it
    }
    int id = messages.intern(b, from, to);
    if (id < 0) {
      return -1;
    }
    LogClassifier.Verdict v = classifier.messageVerdict(messages.string(id));
    verdicts[id] = v == null ? NOT_TLS : v.fieldsDecide() ? SLOW : v;
    unclassified[id] = v != null && !v.fieldsDecide() && v.failureClass() == FailureClass.UNCLASSIFIED;
    return id;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long COMMAS = ONES * ',';
  private static final long QUOTES = ONES * '"';
  private static final long MIX = 0x9E3779B97F4A7C15L;

  /** The bytes [i, to) as the low bytes of a long, {@code to - i} being 1 to 7; reads past {@code to} when it can. */
  private static long partial(byte[] b, int i, int to) {
    if (i + 8 <= b.length) {
      return (long) LONGS.get(b, i) & ((1L << ((to - i) << 3)) - 1);
    }
    long w = 0;
    for (int k = to - 1; k >= i; k--) {
      w = (w << 8) | (b[k] & 0xFF);
    }
    return w;
  }

  /** A hash of the bytes [from, to), eight at a time. */
  static int hash(byte[] b, int from, int to) {
    long h = to - from;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * MIX;
    }
    if (i < to) {
      h = (h ^ partial(b, i, to)) * MIX;
    }
    return (int) (h ^ (h >>> 32));
  }

  /**
   * {@link #hash} of [from, to) as a non-negative long, or -1 when the bytes are not all 0x01 to 0x7F (see
   * {@link #ascii}): one pass for both.
   */
  static long hashAscii(byte[] b, int from, int to) {
    long h = to - from;
    long bad = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      bad |= w | ((w - ONES) & ~w);
      h = (h ^ w) * MIX;
    }
    if (i < to) {
      long pad = -1L << ((to - i) << 3);
      long w = partial(b, i, to);
      long p = w | pad;
      bad |= w | ((p - ONES) & ~p);
      h = (h ^ w) * MIX;
    }
    return (bad & HIGHS) != 0 ? -1 : (h ^ (h >>> 32)) & 0xFFFFFFFFL;
  }

  /** Whether [from, to) holds only bytes 0x01 to 0x7F (no NUL, nothing above ASCII); eight at a time. */
  static boolean ascii(byte[] b, int from, int to) {
    long bad = 0; // the high bit of a byte set: a byte above 0x7F, or (flagged by the subtraction) a NUL
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      bad |= w | ((w - ONES) & ~w);
    }
    if (i < to) {
      long pad = -1L << ((to - i) << 3); // ones in the bytes past the end, so that they count as neither
      long w = partial(b, i, to) | pad;
      bad |= (w & ~pad) | ((w - ONES) & ~w);
    }
    return (bad & HIGHS) == 0;
  }

  /**
   * The first byte of [from, to) equal to the byte repeated in {@code pattern}, or {@code to}; eight bytes per step,
   * reading up to seven bytes past {@code to} (see {@link LogScanner#SLACK}).
   */
  private static int find(byte[] b, int from, int to, long pattern) {
    for (int i = from; i < to; i += 8) {
      long v = (long) LONGS.get(b, i) ^ pattern;
      long m = (v - ONES) & ~v & HIGHS;
      if (m != 0) {
        return Math.min(i + LogScanner.lowestFlagged(m), to);
      }
    }
    return to;
  }

  /**
   * Seconds since 1970 of the start of the line's minute (local time), or Long.MIN_VALUE when it is not a valid
   * date and time. The day is computed by arithmetic.
   */
  private static long minuteStart(byte[] b, int from) {
    int y = num(b, from, 4);
    int m = num(b, from + 5, 2);
    int d = num(b, from + 8, 2);
    int hh = num(b, from + 11, 2);
    int mm = num(b, from + 14, 2);
    if ((y | m | d | hh | mm) < 0 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m) || hh > 23 || mm > 59) {
      return Long.MIN_VALUE;
    }
    return epochDay(y, m, d) * 86400 + hh * 3600L + mm * 60L;
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

  /**
   * The first byte of [from, to) that is not an ASCII digit, or {@code to}; eight bytes per step where the array has
   * them (a pid, a thread id and a connection number per nginx line).
   */
  static int skipDigits(byte[] b, int from, int to) {
    int i = from;
    for (; i < to && i + 8 <= b.length; i += 8) {
      long w = (long) LONGS.get(b, i);
      long low = w & LOW7; // no carry between bytes in the sums below
      long notDigit = (~(low + FROM_ZERO) | (low + FROM_COLON) | w) & HIGHS; // below '0', above '9', or not ASCII
      if (notDigit != 0) {
        return Math.min(i + LogScanner.lowestFlagged(notDigit), to);
      }
    }
    if (i >= to) {
      return to; // digits up to 'to' (the word read past it)
    }
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private static final long LOW7 = ONES * 0x7F;
  private static final long FROM_ZERO = ONES * (0x80 - '0');
  private static final long FROM_COLON = ONES * (0x80 - ':');

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
    for (int i = find(b, from, to, QUOTES); i < to; i = find(b, i + 1, to, QUOTES)) {
      if (i == to - 1 || startsField(b, i + 1, to)) {
        return i;
      }
    }
    return to;
  }

  private static int nextField(byte[] b, int from, int to) {
    for (int i = find(b, from, to, COMMAS); i < to; i = find(b, i + 1, to, COMMAS)) {
      if (startsField(b, i, to)) {
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
    // nginx's own keys by their first eight bytes (the loop below says the same of them)
    long key = (long) LONGS.get(b, at + 2);
    int colon = key == CLIENT_KEY || key == SERVER_KEY ? at + 8 : key == REQUEST_KEY ? at + 9
        : (key & SIX_BYTES) == HOST_KEY ? at + 6 : key == UPSTREAM_KEY && b[at + 10] == ':' ? at + 10 : -1;
    if (colon >= 0 && colon < to) {
      return true;
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
   * Turns byte ranges of ASCII text into dense integer ids (0, 1, 2, ... in order of first sight) with their Strings,
   * so that values seen before cost neither an allocation nor a hash-map lookup. Each slot of the open-addressing
   * table is four longs: the hash, length and id, then the key's first 24 bytes, so that a lookup of a short key
   * (an address, a server name) touches one cache line; longer keys are compared with a copy kept aside.
   */
  static final class Interner {
    /** The value was not stored (the interner is full, or its probe sequence is); its String is in {@link #unstored}. */
    static final int UNSTORED = -3;
    private static final int PROBES = 8;
    private static final int STRIDE = 4;
    private static final int INLINE = (STRIDE - 1) * 8;
    private final int capacity;
    private long[] table = new long[256 * STRIDE]; // per slot: hash << 32 | length (16 bits) << 16 | id + 1; words
    private int mask = 255;
    private int shift = 24; // the slot is the top bits of the multiplied hash: 32 - log2(slots)
    private String[] strings = new String[64];
    private byte[][] longKeys = new byte[64][]; // by id: the keys longer than INLINE bytes
    private int size;
    String unstored;

    /** @param capacity the most values stored (below 65536) */
    Interner(int capacity) {
      if (capacity >= 1 << 16) {
        throw new IllegalArgumentException("capacity " + capacity);
      }
      this.capacity = capacity;
    }

    int size() {
      return size;
    }

    /** The id of the bytes [from, to), or -1 when they were not stored. */
    int find(byte[] b, int from, int to) {
      return find(b, from, to, hash(b, from, to));
    }

    /** As {@link #find(byte[], int, int)}, with the bytes' {@link FastLine#hash} already computed. */
    int find(byte[] b, int from, int to, int h) {
      int slot = (h * 0x9E3779B9) >>> shift;
      for (int probe = 0; probe < PROBES; probe++) {
        long meta = table[slot * STRIDE];
        if (meta == 0) {
          return -1;
        }
        if ((int) (meta >>> 32) == h && same(meta, slot * STRIDE, b, from, to)) {
          return (int) (meta & 0xFFFF) - 1;
        }
        slot = (slot + 1) & mask;
      }
      return -1;
    }

    /** The id of the bytes [from, to), stored when new; {@link #UNSTORED} when they cannot be. Empty: -1. */
    int intern(byte[] b, int from, int to) {
      if (to <= from) {
        return -1;
      }
      int length = to - from;
      if (length <= INLINE && from + INLINE <= b.length) {
        return internShort(b, from, to);
      }
      int h = hash(b, from, to);
      int slot = (h * 0x9E3779B9) >>> shift;
      for (int probe = 0; probe < PROBES; probe++) {
        long meta = table[slot * STRIDE];
        if (meta == 0) {
          return add(b, from, to, h);
        }
        if ((int) (meta >>> 32) == h && same(meta, slot * STRIDE, b, from, to)) {
          return (int) (meta & 0xFFFF) - 1;
        }
        slot = (slot + 1) & mask;
      }
      unstored = new String(b, from, to - from, StandardCharsets.US_ASCII);
      return UNSTORED;
    }

    /**
     * {@link #intern} of up to 24 bytes (addresses, upstream peers, most names) in straight-line code: the same hash
     * as {@link FastLine#hash} and the same comparison as {@link #same}, without their loops and calls.
     */
    private int internShort(byte[] b, int from, int to) {
      int length = to - from;
      long w0 = (long) LONGS.get(b, from);
      long w1 = 0;
      long w2 = 0;
      if (length < 8) {
        w0 &= (1L << (length << 3)) - 1;
      } else if (length > 8) {
        w1 = (long) LONGS.get(b, from + 8);
        if (length < 16) {
          w1 &= (1L << ((length - 8) << 3)) - 1;
        } else if (length > 16) {
          w2 = (long) LONGS.get(b, from + 16) & (length < 24 ? (1L << ((length - 16) << 3)) - 1 : -1L);
        }
      }
      long x = (length ^ w0) * MIX;
      if (length > 8) {
        x = (x ^ w1) * MIX;
        if (length > 16) {
          x = (x ^ w2) * MIX;
        }
      }
      int h = (int) (x ^ (x >>> 32));
      long expected = (long) h << 32 | (long) length << 16;
      int slot = (h * 0x9E3779B9) >>> shift;
      for (int probe = 0; probe < PROBES; probe++) {
        int at = slot * STRIDE;
        long meta = table[at];
        if (meta == 0) {
          return add(b, from, to, h);
        }
        if ((meta & ~0xFFFFL) == expected && table[at + 1] == w0 && table[at + 2] == w1 && table[at + 3] == w2) {
          return (int) (meta & 0xFFFF) - 1;
        }
        slot = (slot + 1) & mask;
      }
      unstored = new String(b, from, to - from, StandardCharsets.US_ASCII);
      return UNSTORED;
    }

    private static long meta(int h, int length, int id) {
      return (long) h << 32 | (long) Math.min(length, 0xFFFF) << 16 | (id + 1);
    }

    /** Whether the value {@code id}, when longer than {@link #INLINE} bytes, is the bytes [from, to). */
    boolean sameLong(int id, byte[] b, int from, int to) {
      int length = to - from;
      byte[] key = longKeys[id]; // the key and eight bytes of slack; null for a short key
      if (key == null || key.length - 8 != length) {
        return false;
      }
      return Arrays.equals(key, 0, length, b, from, to); // a vectorised comparison, even in the quick compiler
    }

    private boolean same(long meta, int at, byte[] b, int from, int to) {
      int length = to - from;
      if ((int) (meta >>> 16 & 0xFFFF) != Math.min(length, 0xFFFF)) {
        return false;
      }
      if (length > INLINE) {
        return sameLong((int) (meta & 0xFFFF) - 1, b, from, to);
      }
      int k = at + 1;
      int i = from;
      for (; i + 8 <= to; i += 8, k++) {
        if ((long) LONGS.get(b, i) != table[k]) {
          return false;
        }
      }
      return i == to || partial(b, i, to) == table[k];
    }

    private int add(byte[] b, int from, int to, int h) {
      String s = new String(b, from, to - from, StandardCharsets.US_ASCII);
      if (size == capacity) {
        unstored = s;
        return UNSTORED;
      }
      int id = size++;
      if (id == strings.length) {
        strings = Arrays.copyOf(strings, id * 2);
        longKeys = Arrays.copyOf(longKeys, id * 2);
      }
      strings[id] = s;
      int length = to - from;
      if (length > INLINE) {
        longKeys[id] = Arrays.copyOf(Arrays.copyOfRange(b, from, to), length + 8);
      }
      if (size * 2 > mask + 1) {
        grow();
      }
      put(meta(h, length, id), b, from, to);
      return id;
    }

    /** Puts a key into the first free slot of its probe sequence (the table always has free slots). */
    private void put(long meta, byte[] b, int from, int to) {
      int slot = ((int) (meta >>> 32) * 0x9E3779B9) >>> shift;
      while (table[slot * STRIDE] != 0) {
        slot = (slot + 1) & mask;
      }
      int at = slot * STRIDE;
      table[at] = meta;
      if (to - from <= INLINE) {
        int k = at + 1;
        int i = from;
        for (; i + 8 <= to; i += 8) {
          table[k++] = (long) LONGS.get(b, i);
        }
        if (i < to) {
          table[k] = partial(b, i, to);
        }
      }
    }

    private void grow() {
      long[] old = table;
      table = new long[old.length * 2];
      mask = (mask << 1) | 1;
      shift--;
      for (int at = 0; at < old.length; at += STRIDE) {
        if (old[at] != 0) {
          int slot = ((int) (old[at] >>> 32) * 0x9E3779B9) >>> shift;
          while (table[slot * STRIDE] != 0) {
            slot = (slot + 1) & mask;
          }
          System.arraycopy(old, at, table, slot * STRIDE, STRIDE);
        }
      }
    }

    String string(int id) {
      return strings[id];
    }
  }
}
