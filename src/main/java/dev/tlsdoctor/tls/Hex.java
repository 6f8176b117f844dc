package dev.tlsdoctor.tls;

/** Hex encoding, decoding and the dump that {@link TlsDecodeException} shows. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();
  private static final int ROW = 16;
  /** Rows shown before and after the row of the offending byte. */
  private static final int ROWS_BEFORE = 2;
  private static final int ROWS_AFTER = 3;

  private Hex() {
  }

  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  /** {@code bytes[from..to)} as lower-case hex without separators. */
  public static String encode(byte[] bytes, int from, int to) {
    StringBuilder b = new StringBuilder((to - from) * 2);
    for (int i = from; i < to; i++) {
      b.append(DIGITS[(bytes[i] >> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
    }
    return b.toString();
  }

  /** Hex digits to bytes; whitespace is ignored. Throws {@link IllegalArgumentException} naming a bad character. */
  public static byte[] decode(CharSequence hex) {
    byte[] out = new byte[hex.length() / 2];
    int n = 0;
    int high = -1;
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (Character.isWhitespace(c)) {
        continue;
      }
      int v = Character.digit(c, 16);
      if (v < 0) {
        throw new IllegalArgumentException("not a hex digit at index " + i + ": '" + c + "'");
      }
      if (high < 0) {
        high = v;
      } else {
        out[n++] = (byte) (high << 4 | v);
        high = -1;
      }
    }
    if (high >= 0) {
      throw new IllegalArgumentException("odd number of hex digits");
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * A few rows of {@code bytes} around index {@code at}, each labelled with its offset ({@code base} is the offset
   * of {@code bytes[0]}), the byte at {@code at} in brackets; {@code []} marks the end when {@code at} is there.
   *
   * <pre>
   * 0000  16 03 03 00 2a 02 00 00 26 03 03 [ff] 00 00 00 00
   * </pre>
   */
  public static String dump(byte[] bytes, int at, long base) {
    if (bytes.length == 0) {
      return "  (no bytes)";
    }
    int row = Math.min(at, bytes.length - 1) / ROW;
    int first = Math.max(0, row - ROWS_BEFORE) * ROW;
    int last = Math.min(bytes.length, (row + ROWS_AFTER + 1) * ROW);
    StringBuilder b = new StringBuilder();
    for (int r = first; r < last; r += ROW) {
      b.append(String.format("  %04x ", base + r));
      for (int i = r; i < Math.min(r + ROW, bytes.length); i++) {
        b.append(i == at ? " [" : (i == at + 1 ? "] " : " "));
        b.append(DIGITS[(bytes[i] >> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
      }
      if (at == Math.min(r + ROW, bytes.length) - 1) {
        b.append(']');
      }
      if (at == bytes.length && r + ROW >= bytes.length) {
        b.append(" []");
      }
      b.append('\n');
    }
    return b.substring(0, b.length() - 1);
  }
}
