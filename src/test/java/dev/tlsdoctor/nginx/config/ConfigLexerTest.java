package dev.tlsdoctor.nginx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nginx's lexical rules, each case checked against nginx 1.22 ({@code nginx -t} echoes a parameter's value in
 * {@code invalid value "..."} for {@code ssl_protocols}). Tokens are shown as: a word as its value, a quoted word
 * between double quotes, and {@code ;}, {@code {}, {@code }}.
 */
class ConfigLexerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("words split on whitespace", "a  b\tc\n;", List.of("a", "b", "c", ";")),
        Arguments.of("'#' inside a word is part of it", "server_name a#b;", List.of("server_name", "a#b", ";")),
        Arguments.of("'#' at a word start comments to the line end", "a #b c;\nd;", List.of("a", "d", ";")),
        Arguments.of("comment right after ';'", "a;#b\nc;", List.of("a", ";", "c", ";")),
        Arguments.of("'}' inside a word is part of it", "a b}; }", List.of("a", "b}", ";", "}")),
        Arguments.of("';' and '{' end a word", "a{b;c}", List.of("a", "{", "b", ";", "c}")),
        Arguments.of("quotes", "\"a b\" 'c d';", List.of("\"a b\"", "\"c d\"", ";")),
        Arguments.of("a quote inside a word is an ordinary character", "a\"b\"c a'b;",
            List.of("a\"b\"c", "a'b", ";")),
        Arguments.of("quote escapes", "\"a\\\"b\" 'it\\'s' \"x\\\\y\";",
            List.of("\"a\"b\"", "\"it's\"", "\"x\\y\"", ";")),
        Arguments.of("the other quote needs no escape", "\"it's\" 'say \"hi\"';",
            List.of("\"it's\"", "\"say \"hi\"\"", ";")),
        Arguments.of("\\t \\r \\n become TAB CR LF", "\"a\\tb\\rc\\nd\";", List.of("\"a\tb\rc\nd\"", ";")),
        Arguments.of("escapes apply outside quotes too", "a\\tb a\\\"b;", List.of("a\tb", "a\"b", ";")),
        Arguments.of("other escapes keep their backslash", "\"a\\qb\" \"\\$x\" \\#x;",
            List.of("\"a\\qb\"", "\"\\$x\"", "\\#x", ";")),
        Arguments.of("an escaped space or ';' stays in the word", "a\\ b a\\;b;", List.of("a\\ b", "a\\;b", ";")),
        Arguments.of("an escaped quote at a word start is not a quote", "\\\"a\";", List.of("\"a\"", ";")),
        Arguments.of("an escaped newline stays in the word", "a\\\nb;", List.of("a\\\nb", ";")),
        Arguments.of("${var} keeps its braces", "set $x ${host}:${port};",
            List.of("set", "$x", "${host}:${port}", ";")),
        Arguments.of("'{' after $name opens a block", "$a{b;", List.of("$a", "{", "b", ";")),
        Arguments.of("'{' right after '${' stays, any number", "${{{x;", List.of("${{{x", ";")),
        Arguments.of("')' may follow a closing quote", "if ($a = \"b\") {",
            List.of("if", "($a", "=", "\"b\"", ")", "{")),
        Arguments.of("'{' may follow a closing quote", "location \"/a\"{}", List.of("location", "\"/a\"", "{", "}")),
        Arguments.of("';' may follow a closing quote", "a \"b\";", List.of("a", "\"b\"", ";")),
        Arguments.of("newlines inside quotes are kept", "a \"x\ny\";", List.of("a", "\"x\ny\"", ";")),
        Arguments.of("empty quoted words", "a \"\" '';", List.of("a", "\"\"", "\"\"", ";")),
        Arguments.of("CRLF is whitespace", "a b;\r\nc;\r\n", List.of("a", "b", ";", "c", ";")),
        Arguments.of("a comment at the end without a newline", "a;\n# end", List.of("a", ";")),
        Arguments.of("UTF-8 words", "server_name пример.рф \"ü x\";",
            List.of("server_name", "пример.рф", "\"ü x\"", ";")),
        Arguments.of("a byte-order mark is part of the first word, as in nginx", "\uFEFFhttp {}",
            List.of("\uFEFFhttp", "{", "}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void next_lexicalCase_tokensAsNginx(String name, String input, List<String> expected) throws Exception {
    assertThat(tokens(input)).isEqualTo(expected);
  }

  @Test
  void next_positions_lineByLfColumnByCharacter() throws Exception {
    ConfigLexer lx = lexer("é a;\r\n\tbb \"c\n d\" 'e';\n");
    List<String> got = new ArrayList<>();
    for (Token t = lx.next(); !t.is(Token.Kind.END); t = lx.next()) {
      got.add(t.position().line() + ":" + t.position().col() + " " + render(t));
    }
    got.add("end " + lx.next().position());
    assertThat(got).containsExactly("1:1 é", "1:3 a", "1:4 ;", "2:2 bb", "2:5 \"c\n d\"", "3:5 \"e\"", "3:8 ;",
        "end t.conf:4:1");
  }

  @Test
  void next_textAfterClosingQuote_unexpectedCharacter() {
    assertThatThrownBy(() -> tokens("server_name \"a\"b;"))
        .isInstanceOf(ConfigException.class).hasMessage("t.conf:1:16: unexpected \"b\"");
  }

  @Test
  void next_commentRightAfterClosingQuote_unexpectedHash() {
    assertThatThrownBy(() -> tokens("a 'b'#c\n;"))
        .isInstanceOf(ConfigException.class).hasMessage("t.conf:1:6: unexpected \"#\"");
  }

  @Test
  void next_multibyteCharacterAfterQuote_namedWhole() {
    assertThatThrownBy(() -> tokens("a\n 'b'é;"))
        .isInstanceOf(ConfigException.class).hasMessage("t.conf:2:5: unexpected \"é\"");
  }

  @Test
  void next_word4095BytesThenSemicolon_accepted() throws Exception {
    assertThat(tokens("a " + "x".repeat(4095) + ";")).hasSize(3);
  }

  @Test
  void next_word4096BytesThenSemicolon_tooLong() {
    assertThatThrownBy(() -> tokens("a\n  " + "x".repeat(4096) + ";"))
        .isInstanceOf(ConfigException.class).hasMessage("t.conf:2:3: too long parameter \"xxxxxxxxxx...\" started");
  }

  @Test
  void next_word4095BytesThenSpace_tooLongAsNginxReadsOneMoreByte() {
    assertThatThrownBy(() -> tokens("a " + "x".repeat(4095) + " ;"))
        .isInstanceOf(ConfigException.class).hasMessage("t.conf:1:3: too long parameter \"xxxxxxxxxx...\" started");
  }

  @Test
  void next_word4094BytesThenSpace_accepted() throws Exception {
    assertThat(tokens("a " + "x".repeat(4094) + " ;")).hasSize(3);
  }

  @Test
  void next_quoted4094BytesThenSpace_tooLongAfterTheQuoteClosed() {
    assertThatThrownBy(() -> tokens("a \"" + "x".repeat(4094) + "\" ;"))
        .isInstanceOf(ConfigException.class).hasMessage("t.conf:1:3: too long parameter \"xxxxxxxxxx...\" started");
  }

  @Test
  void next_quoted4096Bytes_probablyMissingQuote() {
    assertThatThrownBy(() -> tokens("a '" + "x".repeat(4096) + "';"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("t.conf:1:3: too long parameter, probably missing terminating \"'\" character");
  }

  @Test
  void next_comment4096Bytes_tooLong() {
    assertThatThrownBy(() -> tokens("a;\n#" + "y".repeat(4095) + "\nb;"))
        .isInstanceOf(ConfigException.class).hasMessage("t.conf:2:1: too long parameter \"#yyyyyyyyy...\" started");
  }

  @Test
  void next_comment4095Bytes_accepted() throws Exception {
    assertThat(tokens("a;\n#" + "y".repeat(4094) + "\nb;")).containsExactly("a", ";", "b", ";");
  }

  @Test
  void next_longWordAtEndOfFile_noLengthError() throws Exception {
    // nginx meets the end of the file before it refills its buffer: the parser reports the end of file instead
    assertThat(tokens("a " + "x".repeat(4096))).hasSize(2);
  }

  @Test
  void next_unclosedQuote_wordToTheEndAndItsPositionKept() throws Exception {
    ConfigLexer lx = lexer("a \"b;\n");
    assertThat(render(lx.next())).isEqualTo("a");
    assertThat(render(lx.next())).isEqualTo("\"b;\n\"");
    assertThat(lx.next().is(Token.Kind.END)).isTrue();
    assertThat(lx.unclosedQuote()).isEqualTo(new Position("t.conf", 1, 3));
  }

  @Test
  void next_lenientAfterQuoteError_goesOnAsIfSpace() throws Exception {
    ErrorList errors = ErrorList.tracking(10);
    ConfigLexer lx = new ConfigLexer(new ConfigCursor("t.conf", "a \"b\"c;".getBytes(StandardCharsets.UTF_8)),
        errors);
    List<String> got = new ArrayList<>();
    for (Token t = lx.next(); !t.is(Token.Kind.END); t = lx.next()) {
      got.add(render(t));
    }
    assertThat(got).containsExactly("a", "\"b\"", "c", ";");
    assertThat(errors.errors()).extracting(ConfigError::toString).containsExactly("t.conf:1:6: unexpected \"c\"");
  }

  static ConfigLexer lexer(String input) {
    return new ConfigLexer(new ConfigCursor("t.conf", input.getBytes(StandardCharsets.UTF_8)), ErrorList.strict());
  }

  static List<String> tokens(String input) throws ConfigException {
    ConfigLexer lx = lexer(input);
    List<String> out = new ArrayList<>();
    for (Token t = lx.next(); !t.is(Token.Kind.END); t = lx.next()) {
      out.add(render(t));
    }
    return out;
  }

  static String render(Token t) {
    return switch (t.kind()) {
      case WORD -> t.quoted() ? "\"" + t.text() + "\"" : t.text();
      case SEMICOLON -> ";";
      case BLOCK_START -> "{";
      case BLOCK_END -> "}";
      case END -> "<end>";
    };
  }
}
