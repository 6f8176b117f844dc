package dev.tlsdoctor.nginx.config;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over the bytes of one configuration file, in the manner of jsoup's {@code CharacterReader}. nginx reads
 * bytes, so the cursor does too (its 4096-byte parameter limit counts bytes); it keeps the line (LF only, as nginx
 * counts) and the column in characters (UTF-8 continuation bytes do not start a column).
 */
final class ConfigCursor {
  static final int EOF = -1;

  private final String file;
  private final byte[] input;
  private int pos;
  private int line = 1;
  private int col = 1;

  ConfigCursor(String file, byte[] input) {
    this.file = file;
    this.input = input;
  }

  String file() {
    return file;
  }

  boolean isEmpty() {
    return pos >= input.length;
  }

  /** The byte under the cursor (0..255), or {@link #EOF}. */
  int current() {
    return pos < input.length ? input[pos] & 0xff : EOF;
  }

  /** Consumes and returns the byte under the cursor, or returns {@link #EOF} at the end. */
  int consume() {
    if (pos >= input.length) {
      return EOF;
    }
    int b = input[pos++] & 0xff;
    if (b == '\n') {
      line++;
      col = 1;
    } else if ((b & 0xc0) != 0x80) {
      col++;
    }
    return b;
  }

  /** Consumes bytes up to (not including) {@code stop} or the end. */
  void consumeTo(int stop) {
    while (pos < input.length && (input[pos] & 0xff) != stop) {
      consume();
    }
  }

  /** Byte offset of the cursor. */
  int offset() {
    return pos;
  }

  int length() {
    return input.length;
  }

  int byteAt(int offset) {
    return input[offset] & 0xff;
  }

  Position position() {
    return new Position(file, line, col);
  }

  /** The bytes in {@code [from, to)} decoded as UTF-8 (malformed bytes become U+FFFD). */
  String text(int from, int to) {
    return new String(input, from, to - from, StandardCharsets.UTF_8);
  }

  /** The whole character under the cursor, for messages ({@code unexpected "é"}). */
  String currentChar() {
    int b = current();
    int n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return text(pos, Math.min(pos + n, input.length));
  }
}
