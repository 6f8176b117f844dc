package dev.tlsdoctor.nginx.config;

import static dev.tlsdoctor.nginx.config.Configs.lenient;
import static dev.tlsdoctor.nginx.config.Configs.outline;
import static dev.tlsdoctor.nginx.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

  @Test
  void parse_nestedBlocks_treeWithPositions() throws Exception {
    NginxConfig c = parse("""
        events { worker_connections 64; }
        http {
            ssl_protocols TLSv1.2 TLSv1.3;
            server {
                listen 443 ssl;
                server_name "example.test" www.example.test;
                location / { return 200 'ok'; }
            }
        }
        """);
    assertThat(outline(c)).containsExactly(
        "events { @nginx.conf:1:1",
        "  worker_connections 64; @nginx.conf:1:10",
        "http { @nginx.conf:2:1",
        "  ssl_protocols TLSv1.2 TLSv1.3; @nginx.conf:3:5",
        "  server { @nginx.conf:4:5",
        "    listen 443 ssl; @nginx.conf:5:9",
        "    server_name \"example.test\" www.example.test; @nginx.conf:6:9",
        "    location / { @nginx.conf:7:9",
        "      return 200 \"ok\"; @nginx.conf:7:22");
    assertThat(c.files()).containsExactly("/etc/nginx/nginx.conf");
    assertThat(c.errors()).isEmpty();
  }

  @Test
  void parse_args_valuesQuotedFlagsAndPositions() throws Exception {
    Directive d = parse("server_name a \"b c\"\n  'd\\'e';").directives().get(0);
    assertThat(d.args()).containsExactly(
        new Arg("a", false, new Position("/etc/nginx/nginx.conf", 1, 13)),
        new Arg("b c", true, new Position("/etc/nginx/nginx.conf", 1, 15)),
        new Arg("d'e", true, new Position("/etc/nginx/nginx.conf", 2, 3)));
    assertThat(d.block()).isNull();
    assertThat(d.position()).isEqualTo(new Position("/etc/nginx/nginx.conf", 1, 1));
  }

  @Test
  void parse_emptyBlockAndNameOnly_distinguished() throws Exception {
    NginxConfig c = parse("events {}\nhttp { ip_hash; }");
    assertThat(c.directives().get(0).block()).isEmpty();
    assertThat(c.directives().get(1).block().get(0).block()).isNull();
    assertThat(c.directives().get(1).block().get(0).args()).isEmpty();
  }

  @Test
  void parse_emptyFile_noDirectives() throws Exception {
    assertThat(parse("  # nothing\n").directives()).isEmpty();
  }

  @Test
  void parse_missingSemicolonBeforeBrace_unexpectedBrace() {
    assertThatThrownBy(() -> parse("http {\n  server {\n    listen 443\n  }\n}\n"))
        .isInstanceOf(ConfigException.class).hasMessage("/etc/nginx/nginx.conf:4:3: unexpected \"}\"");
  }

  @Test
  void parse_unbalancedClosingBrace_unexpectedBrace() {
    assertThatThrownBy(() -> parse("http {\n}\n}\n"))
        .isInstanceOf(ConfigException.class).hasMessage("/etc/nginx/nginx.conf:3:1: unexpected \"}\"");
  }

  @Test
  void parse_blockNotClosed_unexpectedEndExpectingBrace() {
    assertThatThrownBy(() -> parse("http {\n  server {\n  }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:4:1: unexpected end of file, expecting \"}\"");
  }

  @Test
  void parse_lastDirectiveWithoutSemicolon_unexpectedEnd() {
    assertThatThrownBy(() -> parse("user www-data"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:1:14: unexpected end of file, expecting \";\" or \"}\"");
  }

  @Test
  void parse_unclosedQuote_endOfFileNamesTheQuote() {
    assertThatThrownBy(() -> parse("http {\n  ssl_ciphers \"HIGH:!aNULL;\n}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:4:1: unexpected end of file, expecting \";\" or \"}\""
            + " (the quoted parameter at 2:15 is not closed)");
  }

  @Test
  void parse_semicolonWithoutDirective_unexpectedSemicolon() {
    assertThatThrownBy(() -> parse("http {\n  listen 80;;\n}"))
        .isInstanceOf(ConfigException.class).hasMessage("/etc/nginx/nginx.conf:2:13: unexpected \";\"");
  }

  @Test
  void parse_braceWithoutDirective_unexpectedOpeningBrace() {
    assertThatThrownBy(() -> parse("http { { } }"))
        .isInstanceOf(ConfigException.class).hasMessage("/etc/nginx/nginx.conf:1:8: unexpected \"{\"");
  }

  @Test
  void parse_blockAfterSimpleDirective_notTerminated() {
    assertThatThrownBy(() -> parse("http {\n  ssl_protocols TLSv1.2 {\n  }\n}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:2:25: directive \"ssl_protocols\" is not terminated by \";\"");
  }

  @Test
  void parse_blockDirectiveWithSemicolon_noOpeningBrace() {
    assertThatThrownBy(() -> parse("events {}\nhttp;"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:2:5: directive \"http\" has no opening \"{\"");
  }

  @Test
  void parse_serverInHttpWithSemicolon_noOpeningBrace() {
    assertThatThrownBy(() -> parse("http { server; }"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:1:14: directive \"server\" has no opening \"{\"");
  }

  @Test
  void parse_serverInUpstream_isSimple() throws Exception {
    assertThat(outline(parse("http { upstream b { server 10.0.0.1:443; } }"))).containsExactly(
        "http { @nginx.conf:1:1", "  upstream b { @nginx.conf:1:8", "    server 10.0.0.1:443; @nginx.conf:1:21");
  }

  @Test
  void parse_mapEntriesNamedLikeDirectives_notChecked() throws Exception {
    NginxConfig c = parse("http { map $a $b { server 1; location 2; ssl_protocols 3; } }");
    assertThat(c.find("map").get(0).block()).extracting(Directive::name)
        .containsExactly("server", "location", "ssl_protocols");
  }

  @Test
  void parse_unknownDirectiveWithBlock_accepted() throws Exception {
    assertThat(parse("http { content_by_lua_block { ngx_say(1); } }").find("content_by_lua_block")).hasSize(1);
  }

  @Test
  void parse_includeWithTwoArguments_invalidNumber() {
    assertThatThrownBy(() -> parse("http {\n  include a.conf b.conf;\n}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:2:3: invalid number of arguments in \"include\" directive");
  }

  @Test
  void parse_blocksNestedTooDeep_refused() {
    String deep = "location / {".repeat(ConfigParser.MAX_DEPTH + 1) + "}".repeat(ConfigParser.MAX_DEPTH + 1);
    assertThatThrownBy(() -> parse(deep))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:1:2412: directive \"location\" nests blocks deeper than 200 levels");
  }

  @Test
  void parse_byteOrderMark_unknownDirectiveAsNginx() {
    assertThatThrownBy(() -> parse("\uFEFFhttp { }"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/nginx/nginx.conf:1:1: unknown directive \"\uFEFFhttp\" (the name starts with a UTF-8 byte"
            + " order mark, invisible in most editors)");
  }

  @Test
  void parse_byteOrderMarkInFileIncludedInMap_isPartOfTheKey() throws Exception {
    NginxConfig c = NginxConfigReader.strict().read(Configs.source(
        "/e/nginx.conf", "http { map $a $b { include keys.map; } }", "/e/keys.map", "\uFEFFk v;"));
    assertThat(c.find("map").get(0).block().get(0).name()).isEqualTo("\uFEFFk");
  }

  @Test
  void lenient_severalErrors_allCollectedWithPositionsAndTreeKept() throws Exception {
    NginxConfig c = lenient(10, """
        http {
            server {
                listen 443 ssl
            }
            ssl_protocols TLSv1.2 { }
            server_name "a"b;
        }
        }
        """);
    assertThat(c.errors()).extracting(ConfigError::toString).containsExactly(
        "/etc/nginx/nginx.conf:4:5: unexpected \"}\"",
        "/etc/nginx/nginx.conf:5:27: directive \"ssl_protocols\" is not terminated by \";\"",
        "/etc/nginx/nginx.conf:6:20: unexpected \"b\"",
        "/etc/nginx/nginx.conf:8:1: unexpected \"}\"");
    assertThat(outline(c)).containsExactly(
        "http { @nginx.conf:1:1",
        "  server { @nginx.conf:2:5",
        "    listen 443 ssl; @nginx.conf:3:9",
        "  ssl_protocols TLSv1.2 { @nginx.conf:5:5",
        "  server_name \"a\" b; @nginx.conf:6:5");
    assertThat(c.errorsDropped()).isZero();
  }

  @Test
  void lenient_moreErrorsThanMax_keepsFirstAndCountsRest() throws Exception {
    NginxConfig c = lenient(2, "a;;\nb;;\nc;;\nd;;\n");
    assertThat(c.errors()).extracting(ConfigError::toString).containsExactly(
        "/etc/nginx/nginx.conf:1:3: unexpected \";\"", "/etc/nginx/nginx.conf:2:3: unexpected \";\"");
    assertThat(c.errorsDropped()).isEqualTo(2);
    assertThat(c.directives()).extracting(Directive::name).containsExactly("a", "b", "c", "d");
  }

  @Test
  void lenient_endOfFileInNestedBlocks_reportedOnce() throws Exception {
    NginxConfig c = lenient(10, "http {\n server {\n  location / {\n");
    assertThat(c.errors()).extracting(ConfigError::toString)
        .containsExactly("/etc/nginx/nginx.conf:4:1: unexpected end of file, expecting \"}\"");
    assertThat(outline(c)).containsExactly(
        "http { @nginx.conf:1:1", "  server { @nginx.conf:2:2", "    location / { @nginx.conf:3:3");
  }

  @Test
  void lenient_zeroMax_refused() {
    assertThatThrownBy(() -> NginxConfigReader.lenient(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxErrors was set to 0, must be at least 1");
  }

  @Test
  void directive_accessors_valuesAndChildren() throws Exception {
    Directive http = parse("http { ssl_protocols TLSv1.2 TLSv1.3; server {} server {} }").directives().get(0);
    assertThat(http.children("server")).hasSize(2);
    Directive p = http.children("ssl_protocols").get(0);
    assertThat(p.values()).isEqualTo(List.of("TLSv1.2", "TLSv1.3"));
    assertThat(p.value(1)).contains("TLSv1.3");
    assertThat(p.value(2)).isEmpty();
    assertThat(p.toString()).isEqualTo("ssl_protocols TLSv1.2 TLSv1.3; at /etc/nginx/nginx.conf:1:8");
    assertThat(http.toString()).isEqualTo("http { 3 directives } at /etc/nginx/nginx.conf:1:1");
  }
}
