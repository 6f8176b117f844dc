package dev.tlsdoctor.report;

/**
 * Writes JSON laid out exactly as {@link Json#pretty} does (two spaces per object level, {@code "name" : value},
 * arrays on one line as {@code [ a, b ]}, {@code [ ]} and {@code { }} when empty), for reports written often enough
 * that loading the general-purpose writer (~50 ms at start) matters. The caller writes names and values in order;
 * the writer keeps track of commas and indentation.
 */
public final class PrettyJson {
  private final StringBuilder out = new StringBuilder(1 << 16);
  private int level; // objects open
  // per open container: whether it is an array, and whether it has a member yet
  private boolean[] array = new boolean[16];
  private boolean[] filled = new boolean[16];
  private int depth;

  public PrettyJson beginObject() {
    beforeValue();
    out.append('{');
    push(false);
    level++;
    return this;
  }

  public PrettyJson endObject() {
    level--;
    if (filled[--depth]) {
      newline();
      out.append('}');
    } else {
      out.append(" }");
    }
    return this;
  }

  public PrettyJson beginArray() {
    beforeValue();
    out.append('[');
    push(true);
    return this;
  }

  public PrettyJson endArray() {
    depth--;
    out.append(" ]");
    return this;
  }

  /** The name of the next member of the current object. */
  public PrettyJson name(String name) {
    if (filled[depth - 1]) {
      out.append(',');
    }
    filled[depth - 1] = true;
    newline();
    string(name);
    out.append(" : ");
    return this;
  }

  public PrettyJson value(String s) {
    beforeValue();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    return this;
  }

  public PrettyJson value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  public PrettyJson value(Integer n) {
    beforeValue();
    out.append(n == null ? "null" : n.toString());
    return this;
  }

  public PrettyJson value(double d) {
    beforeValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.append('"').append(d).append('"'); // as a string, like the general-purpose writer
    } else {
      out.append(d);
    }
    return this;
  }

  public PrettyJson nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** Array members: a comma before all but the first, and a space after the opening bracket or the comma. */
  private void beforeValue() {
    if (depth > 0 && array[depth - 1]) {
      out.append(filled[depth - 1] ? ", " : " ");
      filled[depth - 1] = true;
    }
  }

  private void push(boolean isArray) {
    if (depth == array.length) {
      array = java.util.Arrays.copyOf(array, depth * 2);
      filled = java.util.Arrays.copyOf(filled, depth * 2);
    }
    array[depth] = isArray;
    filled[depth] = false;
    depth++;
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < level; i++) {
      out.append("  ");
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A JSON string: quote, backslash and control characters escaped; everything else as it is. */
  private void string(String s) {
    out.append('"');
    int n = s.length();
    int plain = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, plain, i);
      plain = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, plain, n).append('"');
  }
}
