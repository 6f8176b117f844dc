package dev.tlsdoctor.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The safety net under a text report: passes on what is written, escaping as {@link Safe#text} does every
 * character it escapes, except the line feed (the report's own line breaks; the tab too where asked, for the
 * indentation of a stack trace) and, when the report's {@link Style} has colour, exactly the escape sequences that
 * {@link Style} emits. So the only escape sequences that can reach the terminal are Style's six SGR codes (reset,
 * bold, dim, red, green, yellow), and none without colour. The renderers escape every value from outside with
 * {@link Safe#text} first; this net only catches what one of them would miss, and it cannot tell one of those six
 * sequences in a missed value from Style's own.
 *
 * <p>An ESC is held back while what follows it may still become one of Style's sequences (at most five characters,
 * which a renderer always writes in one piece); {@link #flush} and {@link #close} escape what is held back.
 */
public final class TerminalWriter extends Writer {
  private static final char ESC = '\u001b';

  private final Writer out;
  private final List<String> allowed;
  private final boolean tabs;
  /** An ESC and the characters after it, while they are a prefix of an allowed sequence. */
  private final StringBuilder held = new StringBuilder();
  /** A high surrogate whose low surrogate may come with the next write; 0 when none. */
  private char high;

  /** Passes LF, Style's sequences when it has colour, and {@code TAB} when {@code tabs}. */
  public TerminalWriter(Writer out, Style style, boolean tabs) {
    this.out = out;
    this.allowed = style.sequences();
    this.tabs = tabs;
  }

  /** A PrintWriter that writes through a TerminalWriter (LF and Style's sequences pass) to {@code out}. */
  public static PrintWriter wrap(PrintWriter out, Style style) {
    return new PrintWriter(new TerminalWriter(out, style, false));
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    int end = off + len;
    if (high == 0 && held.isEmpty() && plainUpTo(cbuf, off, end) == end) {
      out.write(cbuf, off, len); // all printable ASCII and LF: passed as it is
      return;
    }
    StringBuilder b = new StringBuilder(len + 16);
    for (int i = off; i < end; ) {
      if (high == 0 && held.isEmpty()) { // printable ASCII and LF pass as they are: copied a run at a time
        int run = plainUpTo(cbuf, i, end);
        if (run > i) {
          b.append(cbuf, i, run - i);
          i = run;
          continue;
        }
      }
      put(b, cbuf[i++]);
    }
    out.write(b.toString());
  }

  /** The index of the first character from {@code i} that is not printable ASCII or LF ({@code end} if none). */
  private static int plainUpTo(char[] cbuf, int i, int end) {
    while (i < end && (cbuf[i] >= 0x20 && cbuf[i] < 0x7f || cbuf[i] == '\n')) {
      i++;
    }
    return i;
  }

  private void put(StringBuilder b, char c) {
    if (high != 0) {
      char h = high;
      high = 0;
      if (Character.isLowSurrogate(c)) {
        Safe.append(b, Character.toCodePoint(h, c));
        return;
      }
      Safe.append(b, h);
    }
    if (!held.isEmpty()) {
      held.append(c);
      String s = held.toString();
      if (allowed.contains(s)) {
        b.append(s);
        held.setLength(0);
      } else if (allowed.stream().noneMatch(a -> a.startsWith(s))) {
        held.setLength(0);
        Safe.append(b, ESC);
        for (int i = 1; i < s.length(); i++) {
          put(b, s.charAt(i));
        }
      }
      return;
    }
    if (c == ESC && !allowed.isEmpty()) {
      held.append(c);
    } else if (Character.isHighSurrogate(c)) {
      high = c;
    } else if (c == '\n' || c == '\t' && tabs) {
      b.append(c);
    } else {
      Safe.append(b, c);
    }
  }

  /** Escapes what is held back: an ESC that no allowed sequence followed, a high surrogate without its pair. */
  private void release() throws IOException {
    StringBuilder b = new StringBuilder();
    if (high != 0) {
      Safe.append(b, high);
      high = 0;
    }
    if (!held.isEmpty()) {
      String s = held.toString();
      held.setLength(0);
      Safe.append(b, ESC);
      for (int i = 1; i < s.length(); i++) {
        put(b, s.charAt(i));
      }
    }
    out.write(b.toString());
  }

  @Override
  public void flush() throws IOException {
    release();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    release();
    out.close();
  }
}
