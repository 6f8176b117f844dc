package dev.tlsdoctor.logs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads error.log bytes line by line and feeds the TLS-related lines to the classifier. Lines that cannot be
 * TLS-related (see {@link LogClassifier#mayBeTls}) are counted without being decoded. Memory is bounded: a line
 * longer than {@link #MAX_LINE_BYTES} is classified on its first {@code MAX_LINE_BYTES} bytes and the rest skipped.
 */
public final class LogScanner {
  /** Longest line prefix looked at. nginx itself never writes more than 2048 bytes per line. */
  public static final int MAX_LINE_BYTES = 64 * 1024;
  private static final int BUFFER = 1 << 20;
  /**
   * Bytes read per call, and so looked at per pass. Small enough that the bytes just read are still in the
   * processor's cache when the passes look at them, and that the JDK's file channel reads into its cached temporary
   * buffer (reads of more than 64 KiB into a heap array allocated a fresh native buffer each time: 1 GiB in 0.54 s
   * rather than 0.17 s).
   */
  private static final int CHUNK = 64 * 1024;
  /**
   * Bytes a buffer must have after the data it holds: the byte searches read eight bytes at a time past the end (and
   * ignore what they find there), so that no test for the last few bytes is needed in the loops.
   */
  static final int SLACK = 16;
  private static final int MAX_NOTES = 3;
  /** The byte-level fast path; {@code -Dtlsdoctor.slowPath=true} turns it off to compare results. */
  private static final boolean FAST_PATH = !Boolean.getBoolean("tlsdoctor.slowPath");

  private final LogClassifier classifier;
  private final TimeRange range;
  private final LogSummary summary;
  private Consumer<TlsEvent> events;
  private final FastLine fast;
  private java.util.concurrent.atomic.LongAdder progress;
  private final String file;

  private long lineNo;
  private long lineBase; // lines of earlier files read by this scanner (a follower's rotated files)
  private java.util.function.Predicate<TlsEvent> keep; // null: every event counts
  private boolean skipping; // inside the unread tail of an overlong line
  private long longLines;
  private long firstLongLine;
  private long oddLines;
  private long firstOddLine;

  /**
   * @param summary receives every TLS event inside the range, and the line counts
   * @param events  also receives every such event (may be null)
   */
  public LogScanner(LogClassifier classifier, String file, TimeRange range, LogSummary summary,
                    Consumer<TlsEvent> events) {
    this.classifier = classifier;
    this.file = file;
    this.range = range;
    this.summary = summary;
    this.events = events;
    this.fast = new FastLine(classifier, range, summary, file);
  }

  /**
   * Reads a whole stream. When reading fails (a truncated gzip stream), the lines before the failure are counted in
   * full, the fields of their events included, and the exception is thrown on.
   */
  public void scan(InputStream in) throws IOException {
    byte[] buf = new byte[BUFFER + SLACK];
    int start = 0;
    int end = 0;
    while (true) {
      int n = read(in, buf, end, Math.min(CHUNK, BUFFER - end));
      if (n < 0) {
        break;
      }
      if (progress != null) {
        progress.add(n);
      }
      end += n;
      start = feed(buf, start, end);
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
    }
    finish(buf, start, end);
    fast.flush();
    summary.countLines(lineNo);
  }

  /** Reads from the stream; when that fails, first brings the summary up to date with what the fast path holds. */
  private int read(InputStream in, byte[] buf, int off, int len) throws IOException {
    try {
      return in.read(buf, off, len);
    } catch (IOException e) {
      fast.flush();
      throw e;
    }
  }

  /**
   * Reads the lines that start in [{@code from}, {@code to}) of a file: a line that begins before {@code from} belongs
   * to the previous range, a line that begins before {@code to} is read to its end.
   */
  public void scanRange(FileChannel ch, long from, long to) throws IOException {
    scanRange(ch, new RangeEnd(from, to));
  }

  /**
   * Reads the lines of a range of a file as {@link #scanRange(FileChannel, long, long)} does, up to its end as it
   * stands when each block is read: another reader may take over the rest meanwhile (see {@link RangeEnd#takeRest}).
   */
  public void scanRange(FileChannel ch, RangeEnd range) throws IOException {
    long from = range.start();
    boolean midLine = false;
    if (from > 0) { // the line under 'from' started in the previous range unless from-1 is '\n'
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, from - 1);
      midLine = one.get(0) != '\n';
    }
    scanRange(new InputStream() { // positional reads: ranges of one channel are read in parallel
      private long pos = from;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = ch.read(ByteBuffer.wrap(b, off, len), pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }
    }, midLine, range);
  }

  /**
   * Reads the lines that start in the next {@code length} bytes of {@code in}, as {@link #scanRange(FileChannel, long,
   * long)} reads a range: {@code midLine} says that the range begins inside a line (the byte before it is not a
   * newline), whose rest belongs to the previous range. For ranges of files that are not on a local disk.
   */
  public void scanRange(InputStream in, boolean midLine, long length) throws IOException {
    scanRange(in, midLine, new RangeEnd(0, length));
  }

  /** As {@link #scanRange(InputStream, boolean, long)}, {@code in} reading from {@code range.start()} on. */
  private void scanRange(InputStream in, boolean midLine, RangeEnd range) throws IOException {
    byte[] buf = new byte[BUFFER + SLACK];
    int start = 0;
    int end = 0;
    skipping = midLine;
    long bufBase = range.start(); // offset in the file of buf[0]
    while (true) {
      int n = read(in, buf, end, Math.min(CHUNK, BUFFER - end));
      if (n < 0) {
        break;
      }
      end += n;
      if (progress != null) {
        progress.add(n);
      }
      // the lines read below start before this end: no other reader takes them
      long rangeEnd = range.commit(bufBase + end);
      int[] state = splitLines(buf, start, end, rangeEnd - bufBase);
      start = state[0];
      if (state[1] != 0) {
        fast.flush();
        summary.countLines(lineNo);
        return; // the next line starts at or after the range's end
      }
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        bufBase += start;
        start = 0;
      }
      if (n == 0) {
        break;
      }
    }
    if (bufBase + start < range.commit(bufBase + end)) {
      finish(buf, start, end);
    }
    fast.flush();
    summary.countLines(lineNo);
  }

  /**
   * Where a range of a file being read ends, which a reader that has run out of work may move forward to take over
   * the rest ({@link #takeRest}): the lines that start at or after it are another range's. The range's reader
   * {@link #commit commits} to the bytes it holds before it reads their lines, and only what lies beyond can be
   * taken: every line is read by exactly one reader.
   */
  public static final class RangeEnd {
    private final long start;
    private long end;
    private long committed; // the range's reader may be reading lines that start before this offset

    /** The range [{@code start}, {@code end}) of a file. */
    public RangeEnd(long start, long end) {
      this.start = start;
      this.end = end;
      this.committed = start;
    }

    public long start() {
      return start;
    }

    /** Commits the range's reader to the lines that start before {@code upTo} (and the end); returns the end. */
    synchronized long commit(long upTo) {
      committed = Math.max(committed, Math.min(end, upTo));
      return end;
    }

    /** The bytes of the range its reader has not yet committed to. */
    public synchronized long rest() {
      return end - committed;
    }

    /**
     * Takes the second half of the bytes not committed to, when that half is at least {@code min} bytes: the range
     * ends where the half begins, and the half is returned as a range of its own; null when there is too little left.
     */
    public synchronized RangeEnd takeRest(long min) {
      long half = (end - committed) / 2;
      if (half < Math.max(1, min)) {
        return null;
      }
      RangeEnd taken = new RangeEnd(end - half, end);
      end -= half;
      return taken;
    }
  }

  /**
   * Processes the complete lines in buf[start, end) and returns where the unprocessed rest begins. Used for streams
   * and by followers that read a growing file. The buffer must have {@link #SLACK} bytes after {@code end}.
   */
  public int feed(byte[] buf, int start, int end) {
    if (buf.length - end < SLACK) {
      throw new IllegalArgumentException("the buffer needs " + SLACK + " bytes after the data");
    }
    return splitLines(buf, start, end, Long.MAX_VALUE)[0];
  }

  /** Brings the summary up to date with what the fast path counted; for followers, before reading the summary. */
  public void flush() {
    fast.flush();
  }

  /** Processes a last line that has no newline (the end of a stream). */
  public void finish(byte[] buf, int start, int end) {
    if (end > start && !skipping) {
      boolean overlong = end - start > MAX_LINE_BYTES;
      lineNo++;
      line(buf, start, end, overlong, !overlong && LogClassifier.mayBeTls(buf, start, end), -1, false, -1, lineNo);
    }
    skipping = false;
  }

  /**
   * Processes the complete lines in buf[start, end). Returns {new start, stopped ? 1 : 0}, where stopped means a
   * line starting at or after {@code limit} (relative to buf[0]) was reached.
   */
  private int[] splitLines(byte[] buf, int start, int end, long limit) {
    // The lines that start at or after 'limit' belong to the next range; the first of them begins after the first
    // newline at or after limit - 1. The pass stops there, so that its loop needs no test for the limit (a test
    // that fails once per range, at the end, made the compiled loop fall back to the interpreter for all threads).
    int stop = end;
    boolean stopped = false;
    if (limit < end) {
      if (!skipping && start >= limit) {
        return new int[] {start, 1};
      }
      int nl = indexOfNewline(buf, (int) Math.max(start, limit - 1), end);
      if (nl >= 0) {
        stop = nl + 1;
        stopped = true;
      }
    }
    int s = findLines(buf, start, stop);
    handleFound(buf);
    return new int[] {s, stopped ? 1 : 0};
  }

  /**
   * The pass over the bytes: counts the lines in buf[start, end) and notes the ones that may be TLS-related (and
   * overlong ones) for {@link #handleFound}, which looks at them once the pass is done. Kept apart so that the
   * compiler turns each into a small loop of its own. Returns where the unprocessed rest begins.
   */
  private int findLines(byte[] buf, int start, int end) {
    int s = start;
    if (skipping) {
      int nl = indexOfNewline(buf, s, end);
      if (nl < 0) {
        return end;
      }
      skipping = false;
      s = nl + 1;
    }
    // One pass finds the line ends and whether a line may be TLS-related (see LogClassifier.mayBeTls). Only the
    // part before ", client: " can make a line TLS-related (the classifier ignores the fields), except a TLS
    // record header in the request bytes of a request nginx could not parse ("... while reading client request
    // line"), so after ", client: " only newlines are looked for, and record headers in those lines. Both parts
    // are searched eight bytes at a time; where ", client: " begins is handed on to the fast path.
    boolean candidate = false;
    int fields = -1;
    messageStart = -1;
    int i = skipPrefix(buf, s, end);
    while (true) {
      i = candidate ? commaOrNewline(buf, i, end) : prefixStop(buf, i, end);
      if (i >= end) {
        break;
      }
      byte c = buf[i];
      if (c == '\n') {
        lineNo++;
        if (i - s > MAX_LINE_BYTES) {
          found(s, i, OVERLONG, false, -1);
        } else if (candidate || (fields < 0 && lowerCandidate(buf, s, i))) {
          found(s, i, fields, fields >= 0 && tailClean, messageStart);
        }
        s = i + 1;
        candidate = false;
        fields = -1;
        tailClean = false;
        messageStart = -1;
        i = skipPrefix(buf, s, end) - 1;
      } else if (c == ',') {
        // may read into the slack after 'end': a match there leaves the line unfinished, to be read again whole
        if ((long) LONGS.get(buf, i) == CLIENT_WORD && buf[i + 8] == ':' && buf[i + 9] == ' ') {
          fields = i;
          if (!candidate) {
            candidate = lowerCandidate(buf, s, i);
          }
          if (candidate || !readingRequestLine(buf, s, i)) {
            // a candidate's fields are checked for NUL and non-ASCII bytes on the way, for the fast path
            i = candidate ? newlineAscii(buf, i + CLIENT_FIELD.length, end) : newline(buf, i + CLIENT_FIELD.length, end);
            continue;
          }
          i = tailStop(buf, i + CLIENT_FIELD.length, end);
          while (i < end && buf[i] != '\n') {
            if (!candidate) {
              candidate = LogClassifier.triggerAt(buf, s, i, end);
            }
            i = tailStop(buf, i + 1, end);
          }
          continue; // at the newline, or at the end of the buffer
        }
      } else if (!candidate && KIND[c & 0xFF] == TRIGGER) {
        candidate = LogClassifier.triggerAt(buf, s, i, end);
      }
      i++;
    }
    if (end - s > MAX_LINE_BYTES) {
      lineNo++;
      found(s, end, OVERLONG, false, -1); // an overlong line: classify its head, skip the rest
      skipping = true;
      return end;
    }
    return s;
  }

  private static final byte[] READING_REQUEST_LINE = " while reading client request line".getBytes(
      StandardCharsets.US_ASCII);

  /**
   * Whether the text of the line starting at {@code s} ends with nginx's "while reading client request line" at
   * {@code at}: the lines where a client's request bytes could be a TLS handshake sent to a plain-HTTP port.
   */
  private static boolean readingRequestLine(byte[] buf, int s, int at) {
    int from = at - READING_REQUEST_LINE.length;
    return from >= s && (long) LONGS.get(buf, at - 8) == REQUEST_LINE_END
        && Arrays.equals(buf, from, at, READING_REQUEST_LINE, 0, READING_REQUEST_LINE.length);
  }

  // The first 16 bytes ("YYYY/MM/DD HH:MM") of the last line whose prefix was checked.
  private long minute0;
  private long minute1;

  /**
   * Where the search of a line that starts at {@code s} can begin: after nginx's "YYYY/MM/DD HH:MM:SS [level]",
   * which holds none of the bytes the search looks for, or at {@code s} when the line does not start so. The
   * date and minute are checked once per minute of the log.
   */
  private int skipPrefix(byte[] buf, int s, int end) {
    if (end - s < 32) {
      return s;
    }
    long w0 = (long) LONGS.get(buf, s);
    long w1 = (long) LONGS.get(buf, s + 8);
    if (w0 != minute0 || w1 != minute1) {
      for (int k = 0; k < 16; k++) {
        byte c = buf[s + k];
        boolean ok = switch (k) {
          case 4, 7 -> c == '/';
          case 10 -> c == ' ';
          case 13 -> c == ':';
          default -> c >= '0' && c <= '9';
        };
        if (!ok) {
          return s;
        }
      }
      minute0 = w0;
      minute1 = w1;
    }
    if (buf[s + 16] != ':' || buf[s + 17] < '0' || buf[s + 17] > '9' || buf[s + 18] < '0' || buf[s + 18] > '9'
        || buf[s + 19] != ' ' || buf[s + 20] != '[') {
      return s;
    }
    // "[level] pid#tid: " as an earlier line had it, compared by its words: a log has a few of them (a level per
    // worker process), so most lines skip the byte-by-byte reading below
    long p0 = (long) LONGS.get(buf, s + 20);
    long p1 = (long) LONGS.get(buf, s + 28);
    int at = idSlot(p0, p1);
    if (idWords[at] == p0 && idWords[at + 1] == p1 && ((long) LONGS.get(buf, s + 36) & idWords[at + 2])
        == idWords[at + 3]) {
      return afterConnection(buf, s + 20 + idLengths[at >> 2], s, end);
    }
    for (int k = s + 21; k < s + 30; k++) { // a level of lower-case letters, then ']'
      byte c = buf[k];
      if (c == ']') {
        return afterIds(buf, k + 1, s, end);
      }
      if (c < 'a' || c > 'z') {
        return s;
      }
    }
    return s;
  }

  private static final int ID_SLOT_BITS = 4;
  /**
   * "[level] pid#tid: " of 16 to 23 bytes seen before, four longs per slot: its first two words, the mask of its part
   * of the third word, that part (an empty slot's first word, 0, is no line's: they begin with '['); and its length.
   */
  private final long[] idWords = new long[(1 << ID_SLOT_BITS) * 4];
  private final int[] idLengths = new int[1 << ID_SLOT_BITS];

  /** Where in {@link #idWords} a "[level] pid#tid: " whose first two words are {@code p0}, {@code p1} goes. */
  private static int idSlot(long p0, long p1) {
    return (int) (((p0 ^ p1) * 0x9E3779B97F4A7C15L) >>> (64 - ID_SLOT_BITS)) * 4;
  }

  /**
   * After the level: " pid#tid: " and an optional "*connection ", all digits and separators the search would pass
   * over; returns where the message begins and notes it in {@link #messageStart}, or returns {@code at} when the line
   * does not go on so (and then FastLine finds the message itself).
   */
  private int afterIds(byte[] buf, int at, int s, int end) {
    int i = at;
    if (i >= end || buf[i] != ' ') {
      return at;
    }
    i = FastLine.skipDigits(buf, i + 1, end);
    if (i >= end || buf[i] != '#') {
      return at;
    }
    i = FastLine.skipDigits(buf, i + 1, end);
    if (i + 1 >= end || buf[i] != ':' || buf[i + 1] != ' ') {
      return at;
    }
    i += 2;
    int length = i - (s + 20); // of "[level] pid#tid: ", noted for the lines after this one (see skipPrefix)
    if (length >= 16 && length < 24) {
      long p0 = (long) LONGS.get(buf, s + 20);
      long p1 = (long) LONGS.get(buf, s + 28);
      long mask = (1L << ((length - 16) << 3)) - 1;
      int slot = idSlot(p0, p1);
      idWords[slot] = p0;
      idWords[slot + 1] = p1;
      idWords[slot + 2] = mask;
      idWords[slot + 3] = (long) LONGS.get(buf, s + 36) & mask;
      idLengths[slot >> 2] = length;
    }
    return afterConnection(buf, i, at, end);
  }

  /**
   * After "pid#tid: " (at {@code i}): the optional "*connection "; returns where the message begins and notes it in
   * {@link #messageStart}, or returns {@code fail} when the line does not go on so.
   */
  private int afterConnection(byte[] buf, int i, int fail, int end) {
    if (i < end && buf[i] == '*') {
      int j = FastLine.skipDigits(buf, i + 1, end);
      if (j >= end || buf[j] != ' ') {
        return fail;
      }
      i = j + 1;
    }
    messageStart = i;
    return i;
  }

  /**
   * Whether the line being read, up to {@code stop} (its fields or its end), begins its message with one of
   * {@link LogClassifier#lowerTriggerAt}'s texts: at the message when the prefix was recognised, else anywhere.
   */
  private boolean lowerCandidate(byte[] buf, int s, int stop) {
    if (messageStart >= 0) {
      return LogClassifier.lowerTriggerAt(buf, messageStart, stop);
    }
    for (int k = s; k < stop; k++) {
      if (LogClassifier.lowerTriggerAt(buf, k, stop)) {
        return true;
      }
    }
    return false;
  }

  /** Where the message of the line being read begins, when {@link #afterIds} found it; else -1. */
  private int messageStart = -1;

  /** {@code fields} of a found line that is longer than {@link #MAX_LINE_BYTES}. */
  private static final int OVERLONG = -2;
  // The lines found by findLines and not yet handled: start, end, where ", client: " begins (or -1, or OVERLONG)
  // and line number.
  private int[] foundFrom = new int[1024];
  private int[] foundTo = new int[1024];
  private int[] foundFields = new int[1024];
  private long[] foundLine = new long[1024];
  private boolean[] foundClean = new boolean[1024]; // the fields are known to hold only bytes 0x01..0x7F
  private int[] foundMessage = new int[1024]; // where the message begins, or -1
  private boolean tailClean; // set by newlineAscii for the line being read
  private int foundCount;

  private void found(int from, int to, int fields, boolean clean, int message) {
    if (foundCount == foundFrom.length) {
      int n = foundCount * 2;
      foundFrom = Arrays.copyOf(foundFrom, n);
      foundTo = Arrays.copyOf(foundTo, n);
      foundFields = Arrays.copyOf(foundFields, n);
      foundLine = Arrays.copyOf(foundLine, n);
      foundClean = Arrays.copyOf(foundClean, n);
      foundMessage = Arrays.copyOf(foundMessage, n);
    }
    foundFrom[foundCount] = from;
    foundTo[foundCount] = to;
    foundFields[foundCount] = fields;
    foundLine[foundCount] = lineNo;
    foundClean[foundCount] = clean;
    foundMessage[foundCount] = message;
    foundCount++;
  }

  private void handleFound(byte[] buf) {
    for (int k = 0; k < foundCount; k++) {
      int fields = foundFields[k];
      line(buf, foundFrom[k], foundTo[k], fields == OVERLONG, fields != OVERLONG, fields, foundClean[k],
          foundMessage[k], foundLine[k]);
    }
    foundCount = 0;
    fast.countClients();
  }

  private static final byte[] CLIENT_FIELD = ", client: ".getBytes(StandardCharsets.US_ASCII);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';
  private static final long BACKSLASHES = ONES * '\\';
  /** The first eight bytes of ", client: ". */
  private static final long CLIENT_WORD = (long) LONGS.get(CLIENT_FIELD, 0);
  /** The last eight bytes of {@link #READING_REQUEST_LINE}. */
  private static final long REQUEST_LINE_END = (long) LONGS.get(READING_REQUEST_LINE,
      READING_REQUEST_LINE.length - 8);
  private static final long SYNS = ONES * 0x16;
  private static final long COMMAS = ONES * ',';
  private static final long LOW7 = ONES * 0x7F;
  private static final long FROM_S = ONES * (0x80 - 'S');
  private static final long FROM_BACKQUOTE = ONES * (0x80 - '`');
  private static final long FROM_NEWLINE = ONES * (0x80 - '\n');
  private static final long FROM_0X17 = ONES * (0x80 - 0x17);

  /**
   * The first byte in [from, to) that may matter before ", client: ": a comma, a byte of the range 0x0A..0x16
   * (a newline, 0x16, and control characters that are not), or one of the range 'S'..'_', which holds the first
   * bytes of the other triggers ('S', 'T', '\\', '_') and a few bytes that are not; or {@code to}. As
   * {@link #tailStop}.
   */
  private static int prefixStop(byte[] b, int from, int to) {
    for (int i = from; i < to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long low = w & LOW7; // no carry between bytes in the sums below
      // the bytes 'S'..'_' and 0x0A..0x16 (newline, 0x16 and a few control characters), each exact per byte
      long ranges = ((low + FROM_S) & ~(low + FROM_BACKQUOTE) | (low + FROM_NEWLINE) & ~(low + FROM_0X17)) & ~w & HIGHS;
      long m = zeroBytes(w ^ COMMAS) | ranges;
      if (m != 0) {
        return Math.min(i + lowestFlagged(m), to);
      }
    }
    return to;
  }

  /** The first newline in [from, to), or {@code to}; as {@link #tailStop}. */
  private static int newline(byte[] b, int from, int to) {
    for (int i = from; i < to; i += 8) {
      long m = zeroBytes((long) LONGS.get(b, i) ^ NEWLINES);
      if (m != 0) {
        return Math.min(i + lowestFlagged(m), to);
      }
    }
    return to;
  }

  /**
   * As {@link #newline}, noting in {@link #tailClean} whether the bytes before the newline are all 0x01..0x7F (no
   * NUL, nothing above ASCII). Without a newline before {@code to} the line goes on in the next buffer and is read
   * again, so the note does not matter.
   */
  private int newlineAscii(byte[] b, int from, int to) {
    long bad = 0; // high bit of a byte: above 0x7F, or (from the subtraction) a NUL
    for (int i = from; i < to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long m = zeroBytes(w ^ NEWLINES);
      if (m != 0) {
        int k = lowestFlagged(m);
        long before = (1L << (k << 3)) - 1; // the bytes before the newline
        long x = w | ~before; // the others as 0xFF: neither NUL nor counted below
        bad |= (w & before) | ((x - ONES) & ~x);
        tailClean = (bad & HIGHS) == 0;
        return Math.min(i + k, to);
      }
      bad |= w | ((w - ONES) & ~w);
    }
    tailClean = false;
    return to;
  }

  /** The first comma or newline in [from, to), or {@code to}; as {@link #tailStop}. */
  private static int commaOrNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long m = zeroBytes(w ^ NEWLINES) | zeroBytes(w ^ COMMAS);
      if (m != 0) {
        return Math.min(i + lowestFlagged(m), to);
      }
    }
    return to;
  }

  /**
   * The first newline, backslash or 0x16 byte in [from, to), or {@code to}; eight bytes per step, reading up to seven
   * bytes past {@code to} (see {@link #SLACK}).
   */
  private static int tailStop(byte[] b, int from, int to) {
    for (int i = from; i < to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long m = zeroBytes(w ^ NEWLINES) | zeroBytes(w ^ BACKSLASHES) | zeroBytes(w ^ SYNS);
      if (m != 0) {
        return Math.min(i + lowestFlagged(m), to); // the lowest flagged byte is a true match
      }
    }
    return to;
  }

  /**
   * The index (0-7) of the lowest byte of {@code m} whose high bit is set; {@code m} has only high bits set and is not
   * 0. A multiplication rather than {@link Long#numberOfTrailingZeros}, which the quick compiler (the one logs runs
   * with, see the launcher) does not turn into one instruction: the lowest flag, shifted to bit 0 of its byte, times
   * bytes 7, 6, ... 0 leaves the byte's index in the top byte.
   */
  static int lowestFlagged(long m) {
    return (int) ((((m & -m) >>> 7) * 0x0001020304050607L) >>> 56);
  }

  /** The high bit of each byte of {@code v} that is zero (exact for the lowest such byte). */
  private static long zeroBytes(long v) {
    return (v - ONES) & ~v & HIGHS;
  }

  private static final int NEWLINE = 1;
  private static final int TRIGGER = 2;
  private static final int COMMA = 3;
  /** Per byte value: 1 for a newline, 2 for the first byte of a TLS trigger, 3 for a comma, 0 otherwise. */
  private static final byte[] KIND = new byte[256];

  static {
    KIND['\n'] = NEWLINE;
    KIND[','] = COMMA;
    for (int c : LogClassifier.TRIGGER_BYTES) {
      KIND[c & 0xFF] = TRIGGER;
    }
  }

  private static int indexOfNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * One line; {@code candidate} says whether the pass that found it saw a TLS trigger (unknown when overlong),
   * {@code fields} where its first ", client: " begins (-1: none or not looked for); {@code lineNo} its number.
   */
  private void line(byte[] buf, int from, int to, boolean overlong, boolean candidate, int fields, boolean clean,
                    int message, long lineNo) {
    int end = overlong ? from + MAX_LINE_BYTES : to;
    if (end > from && buf[end - 1] == '\r') {
      end--;
    }
    if (overlong) {
      if (longLines++ == 0) {
        firstLongLine = lineNo - lineBase;
      }
    }
    if (overlong ? !LogClassifier.mayBeTls(buf, from, end) : !candidate) {
      return;
    }
    if (events == null && keep == null && FAST_PATH
        && fast.handle(buf, from, end, fields, clean, message, lineNo - lineBase)) {
      return;
    }
    String text = new String(buf, from, end - from, StandardCharsets.UTF_8);
    boolean odd = text.indexOf('\0') >= 0 || text.indexOf('\uFFFD') >= 0;
    classifier.classify(file, lineNo - lineBase, text).ifPresent(e -> {
      if (odd && oddLines++ == 0) {
        firstOddLine = lineNo - lineBase;
      }
      if (!range.contains(e.time())) {
        summary.countOutsideRange();
        return;
      }
      if (keep != null && !keep.test(e)) {
        return; // --client, --server, --exclude-client
      }
      summary.add(e);
      if (events != null) {
        events.accept(e);
      }
    });
  }

  /** Adds the number of bytes read to {@code progress} as reading goes on. */
  public void setProgress(java.util.concurrent.atomic.LongAdder progress) {
    this.progress = progress;
  }

  /**
   * Counts only the events {@code keep} accepts (null: all). With a filter every candidate line takes the plain
   * path, which has the event's fields at hand.
   */
  public void setFilter(java.util.function.Predicate<TlsEvent> keep) {
    this.keep = keep;
  }

  /** Sends the events from now on to {@code events} as well (null: none). */
  public void setEvents(Consumer<TlsEvent> events) {
    this.events = events;
  }

  /**
   * The file's first {@code skipped} lines are not read (a follower that starts at the end): the next line read is
   * numbered {@code skipped + 1}, as in the file.
   */
  public void continueAfter(long skipped) {
    lineBase -= skipped;
  }

  /** Line numbers start again at 1: the next line is the first of a new file (after rotation). */
  public void restartLineNumbers() {
    lineBase = lineNo;
  }

  /** Lines read so far. */
  public long lines() {
    return lineNo;
  }

  /** Notes about unusual input, each naming the file and the first line concerned. */
  public List<String> notes(long lineOffset) {
    return noteCounts().notes(file, lineOffset);
  }

  /** What the notes are made of, to add up those of the ranges of one file before they are written. */
  public NoteCounts noteCounts() {
    return new NoteCounts(longLines, firstLongLine, oddLines, firstOddLine);
  }

  /**
   * Lines longer than {@link #MAX_LINE_BYTES} and TLS-related lines with NUL bytes or invalid UTF-8: how many, and
   * the first of each (its line number).
   */
  public record NoteCounts(long longLines, long firstLongLine, long oddLines, long firstOddLine)
      implements java.io.Serializable {
    /** These counts followed by those of a later range whose line numbers start after {@code laterOffset} lines. */
    public NoteCounts then(NoteCounts later, long laterOffset) {
      return new NoteCounts(longLines + later.longLines,
          longLines > 0 || later.longLines == 0 ? firstLongLine : later.firstLongLine + laterOffset,
          oddLines + later.oddLines,
          oddLines > 0 || later.oddLines == 0 ? firstOddLine : later.firstOddLine + laterOffset);
    }

    /** The notes of {@code file}, their line numbers moved by {@code lineOffset}. */
    public List<String> notes(String file, long lineOffset) {
      List<String> out = new ArrayList<>(MAX_NOTES);
      if (longLines > 0) {
        out.add(file + ":" + (firstLongLine + lineOffset) + ": " + longLines + " line(s) longer than "
            + MAX_LINE_BYTES + " bytes; each was classified on its first " + MAX_LINE_BYTES + " bytes");
      }
      if (oddLines > 0) {
        out.add(file + ":" + (firstOddLine + lineOffset) + ": " + oddLines
            + " TLS-related line(s) hold NUL bytes or invalid UTF-8; read with replacement characters");
      }
      return out;
    }
  }
}
