package dev.tlsdoctor.nginx.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits an nginx configuration file into tokens with nginx's own lexical rules (those of
 * {@code ngx_conf_read_token}, checked against a real nginx 1.22 with {@code nginx -t}):
 * <ul>
 *   <li>Whitespace is space, tab, CR and LF; lines are counted on LF only, so CRLF files number like LF files.</li>
 *   <li>{@code ;} ends a directive and {@code {} opens a block wherever they stand outside quotes; {@code }} closes
 *       a block only at the start of a word: {@code a}} is the one word {@code a}}.</li>
 *   <li>{@code #} starts a comment only at the start of a word; {@code a#b} is one word.</li>
 *   <li>A quote opens a quoted word only at the start of a word ({@code a"b"} is the word {@code a"b"}). After the
 *       closing quote nginx wants whitespace, {@code ;}, {@code {} or {@code )}; anything else is
 *       {@code unexpected "x"}. A quoted word may span lines.</li>
 *   <li>A backslash escapes the next byte everywhere (so {@code a\ b} and {@code a\;b} are single words). In the
 *       word's value {@code \"}, {@code \'} and {@code \\} become the character, {@code \t}, {@code \r}, {@code \n}
 *       become TAB, CR, LF, and any other escape is kept as written, backslash included.</li>
 *   <li>{@code $} followed by {@code {} keeps the brace in the word ({@code ${name}}); {@code $a{} ends at the
 *       brace.</li>
 *   <li>nginx reads through a 4096-byte buffer and rejects a parameter that fills it ({@code too long parameter}),
 *       including a comment line and the whitespace or quote that ends the parameter; see {@link #checkLength}.</li>
 * </ul>
 * Errors go to the {@link ErrorList}; in a lenient list the lexer carries on as if whitespace had been there.
 */
final class ConfigLexer {
  /** nginx's NGX_CONF_BUFFER: the bytes a parameter may occupy in nginx's read buffer. */
  static final int BUFFER = 4096;

  private final ConfigCursor in;
  private final ErrorList errors;
  private final Words words;
  private Position unclosedQuote;

  ConfigLexer(ConfigCursor in, ErrorList errors) {
    this(in, errors, new Words());
  }

  /** A lexer that shares {@code words} (the strings of words already read) with the lexers of other files. */
  ConfigLexer(ConfigCursor in, ErrorList errors, Words words) {
    this.in = in;
    this.errors = errors;
    this.words = words;
  }

  /**
   * The words read so far, each value held once: a large configuration repeats its directive names and most of its
   * values ({@code location}, {@code on}, {@code 443}) hundreds of thousands of times. Values longer than
   * {@link #LONGEST} are not kept (they rarely repeat), nor any once {@link #MOST} are.
   */
  static final class Words {
    static final int LONGEST = 64;
    static final int MOST = 1 << 16;
    private final Map<String, String> seen = new HashMap<>();

    String of(ConfigCursor in, int from, int to) {
      return of(in.text(from, to));
    }

    String of(String s) {
      if (s.length() > LONGEST) {
        return s;
      }
      String known = seen.get(s);
      if (known != null) {
        return known;
      }
      if (seen.size() < MOST) {
        seen.put(s, s);
      }
      return s;
    }
  }

  String file() {
    return in.file();
  }

  /** Where a quoted word that ran into the end of the file began, or null. */
  Position unclosedQuote() {
    return unclosedQuote;
  }

  Token next() throws ConfigException {
    skipSpaceAndComments();
    Position at = in.position();
    return switch (in.current()) {
      case ConfigCursor.EOF -> Token.of(Token.Kind.END, at);
      case ';' -> single(Token.Kind.SEMICOLON, at);
      case '{' -> single(Token.Kind.BLOCK_START, at);
      case '}' -> single(Token.Kind.BLOCK_END, at);
      case '"', '\'' -> quoted(at);
      default -> word(at);
    };
  }

  /**
   * Consumes the body of a {@code *_by_lua_block} up to its closing {@code }} (consumed too), read as OpenResty reads
   * it: Lua, whose strings ({@code "..."}, {@code '...'}, {@code [[...]]}, {@code [==[...]==]}) and comments
   * ({@code --} to the end of the line, {@code --[[...]]}) may hold braces. True when the file ends first.
   */
  boolean skipLuaBlock() {
    int depth = 1;
    while (!in.isEmpty()) {
      int b = in.consume();
      switch (b) {
        case '{' -> depth++;
        case '}' -> {
          if (--depth == 0) {
            return false;
          }
        }
        case '"', '\'' -> {
          while (!in.isEmpty()) {
            int c = in.consume();
            if (c == '\\') {
              in.consume();
            } else if (c == b || c == '\n') {
              break;
            }
          }
        }
        case '[' -> skipLongBracket();
        case '-' -> {
          if (in.current() == '-') {
            in.consume();
            if (in.current() != '[' || !skipLongBracketAfterOpen()) {
              in.consumeTo('\n');
            }
          }
        }
        default -> {
        }
      }
    }
    return true;
  }

  /** After a {@code [}: a Lua long bracket ({@code [[} or {@code [=*[}) is skipped to its close; else nothing. */
  private void skipLongBracket() {
    int level = 0;
    int at = in.offset();
    while (peekAt(at + level) == '=') {
      level++;
    }
    if (peekAt(at + level) != '[') {
      return;
    }
    for (int i = 0; i <= level; i++) {
      in.consume();
    }
    skipToLongClose(level);
  }

  /** At a {@code [} after {@code --}: a long comment is skipped (true), or nothing is consumed (false). */
  private boolean skipLongBracketAfterOpen() {
    int level = 0;
    int at = in.offset() + 1;
    while (peekAt(at + level) == '=') {
      level++;
    }
    if (peekAt(at + level) != '[') {
      return false;
    }
    for (int i = 0; i <= level + 1; i++) {
      in.consume();
    }
    skipToLongClose(level);
    return true;
  }

  private void skipToLongClose(int level) {
    while (!in.isEmpty()) {
      if (in.consume() != ']') {
        continue;
      }
      int at = in.offset();
      int n = 0;
      while (n < level && peekAt(at + n) == '=') {
        n++;
      }
      if (n == level && peekAt(at + n) == ']') {
        for (int i = 0; i <= level; i++) {
          in.consume();
        }
        return;
      }
    }
  }

  /** The byte at {@code offset} of the input, or {@link ConfigCursor#EOF} past its end. */
  private int peekAt(int offset) {
    return offset < in.length() ? in.byteAt(offset) : ConfigCursor.EOF;
  }

  private Token single(Token.Kind kind, Position at) {
    in.consume();
    return Token.of(kind, at);
  }

  private void skipSpaceAndComments() throws ConfigException {
    while (!in.isEmpty()) {
      int b = in.current();
      if (isSpace(b)) {
        in.consume();
      } else if (b == '#') {
        Position at = in.position();
        int start = in.offset();
        in.consumeTo('\n');
        // nginx forgets the comment when it reads the LF
        checkLength(start, in.offset(), at, -1);
      } else {
        return;
      }
    }
  }

  /** An unquoted word: up to whitespace, {@code ;} or {@code {} outside an escape and a {@code $&#123;}. */
  private Token word(Position at) throws ConfigException {
    int start = in.offset();
    boolean variable = false;
    while (!in.isEmpty()) {
      int b = in.current();
      if (b == '{' && variable) {
        in.consume();
        continue;
      }
      variable = false;
      if (b == '\\') {
        in.consume();
        in.consume();
        continue;
      }
      if (b == '$') {
        variable = true;
      } else if (isSpace(b) || b == ';' || b == '{') {
        break;
      }
      in.consume();
    }
    int end = in.offset();
    int reset;
    if (in.isEmpty()) {
      reset = in.length();
    } else if (isSpace(in.current())) {
      reset = end + 1; // nginx reads the byte after the space before it moves its start
    } else {
      reset = end; // ';' or '{' ends nginx's token call
    }
    checkLength(start, reset, at, -1);
    return Token.word(unescape(start, end), false, at);
  }

  /** A quoted word; the cursor is on the opening quote. */
  private Token quoted(Position at) throws ConfigException {
    int quote = in.consume();
    int start = in.offset();
    while (!in.isEmpty() && in.current() != quote) {
      if (in.consume() == '\\') {
        in.consume();
      }
    }
    if (in.isEmpty()) {
      unclosedQuote = at;
      checkLength(start, in.length(), at, in.length());
      return Token.word(unescape(start, in.length()), true, at);
    }
    int close = in.offset();
    in.consume();
    int reset;
    String unexpected = null;
    Position unexpectedAt = null;
    int next = in.current();
    if (next == ConfigCursor.EOF) {
      reset = in.length();
    } else if (isSpace(next)) {
      reset = close + 2;
    } else {
      reset = close + 1;
      // '}' here is reported by the parser, which sees a word before it: the same "unexpected "}"" once
      if (next != ';' && next != '{' && next != ')' && next != '}') {
        unexpected = in.currentChar();
        unexpectedAt = in.position();
      }
    }
    checkLength(start, reset, at, close);
    if (unexpected != null) {
      errors.add(unexpectedAt, "unexpected \"" + unexpected + "\"");
    }
    return Token.word(unescape(start, close), true, at);
  }

  /**
   * nginx keeps the bytes of the token it is reading, from {@code start}, in its 4096-byte buffer until it reads
   * the byte at {@code reset} (where it starts over). If that would need the byte at {@code start + 4096}, and the
   * file has it, nginx fails: with "probably missing terminating quote" while a quote is still open (the buffer
   * filled up before {@code close}, the closing quote's offset), else with the parameter's first ten bytes.
   */
  private void checkLength(int start, int reset, Position at, int close) throws ConfigException {
    if (reset - start < BUFFER || start + BUFFER >= in.length()) {
      return;
    }
    if (close >= 0 && start + BUFFER <= close) {
      errors.add(at, "too long parameter, probably missing terminating \"" + (char) in.byteAt(start - 1)
          + "\" character");
    } else {
      errors.add(at, "too long parameter \"" + in.text(start, start + 10) + "...\" started");
    }
  }

  /** The value of the bytes {@code [from, to)} with nginx's escapes applied. */
  private String unescape(int from, int to) {
    boolean escaped = false;
    for (int i = from; i < to && !escaped; i++) {
      escaped = in.byteAt(i) == '\\';
    }
    if (!escaped) {
      return words.of(in, from, to);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    int i = from;
    while (i < to) {
      int b = in.byteAt(i);
      if (b == '\\' && i + 1 < to) {
        int e = in.byteAt(i + 1);
        int value = switch (e) {
          case '"', '\'', '\\' -> e;
          case 't' -> '\t';
          case 'r' -> '\r';
          case 'n' -> '\n';
          default -> -1;
        };
        if (value >= 0) {
          out.write(value);
          i += 2;
          continue;
        }
      }
      out.write(b);
      i++;
    }
    return words.of(out.toString(StandardCharsets.UTF_8));
  }

  static boolean isSpace(int b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
