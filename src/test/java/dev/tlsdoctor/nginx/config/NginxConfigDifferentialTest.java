package dev.tlsdoctor.nginx.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.TestCerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader against the real {@code nginx -t} (1.22): for each configuration, nginx's verdict is pinned, and the
 * strict reader must agree: accept what nginx accepts, and reject the rest at nginx's line with a message that
 * contains nginx's. The cases hold syntax and include errors only; nginx's semantic checks (unknown directives,
 * contexts, argument counts) are not the reader's to judge.
 *
 * <p>In the configurations {@code $P} stands for the prefix and {@code $CERT}/{@code $KEY} for a test certificate;
 * a one-line header (pid, lock file, error log, events) comes first, so a case's first line is line 2.
 */
class NginxConfigDifferentialTest {
  private static final String X4095 = "x".repeat(4095);

  @TempDir
  static Path certDir;
  static TestCerts certs;

  @TempDir
  Path prefix;

  @BeforeAll
  static void makeCerts() {
    certs = TestCerts.create(certDir);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("a TLS server", "ok", """
            http {
                ssl_protocols TLSv1.2 TLSv1.3;
                server {
                    listen 127.0.0.1:8443 ssl;
                    ssl_certificate $CERT;
                    ssl_certificate_key $KEY;
                    ssl_ciphers 'ECDHE+AESGCM:!aNULL';
                    location / { return 200 "ok\\n"; }
                }
            }
            """),
        c("'#' inside a word", "ok", "http { server { server_name a#b; } }\n"),
        c("'}' inside a word", "ok", "http { server { server_name a}; } }\n"),
        c("'{' and ')' after a closing quote", "ok",
            "http { server { location \"/a\"{ if ($host = \"b\") { return 404; } } } }\n"),
        c("text after a closing quote", "2: unexpected \"b\"", "http { server { server_name \"a\"b; } }\n"),
        c("comment right after a closing quote", "3: unexpected \"#\"", "http {\n ssl_ciphers 'a'# x\n;\n}\n"),
        c("'}' right after a closing quote", "2: unexpected \"}\"", "http { server { server_name \"a\"} }\n"),
        c("missing ';' before '}'", "5: unexpected \"}\"", "http {\n  server {\n    listen 8080\n  }\n}\n"),
        c("missing ';' at the end of the file", "3: unexpected end of file, expecting \";\" or \"}\"",
            "http { }\nworker_processes 1"),
        c("extra '}'", "4: unexpected \"}\"", "http {\n}\n}\n"),
        c("block not closed", "5: unexpected end of file, expecting \"}\"", "http {\n  server {\n  }\n"),
        c("unclosed quote", "5: unexpected end of file, expecting \";\" or \"}\"",
            "http {\n  ssl_ciphers \"HIGH;\n}\n"),
        c("';' without a directive", "3: unexpected \";\"", "http {\n  ssl_ciphers HIGH;;\n}\n"),
        c("'{' without a directive", "2: unexpected \"{\"", "http { { } }\n"),
        c("block after a simple directive", "3: directive \"ssl_protocols\" is not terminated by \";\"",
            "http {\n  ssl_protocols TLSv1.2 {\n  }\n}\n"),
        c("'{' after $name", "2: directive \"set\" is not terminated by \";\"",
            "http { server { set $a{b; } } }\n"),
        c("block directive without a block", "2: directive \"http\" has no opening \"{\"", "http;\n"),
        c("server without a block", "2: directive \"server\" has no opening \"{\"", "http { server; }\n"),
        c("server in upstream is simple", "ok", "http { upstream b { server 127.0.0.1:8080; } }\n"),
        c("map entries named like directives", "ok",
            "http { map $host $m { default 0; server 1; location 2; } }\n"),
        c("escapes", "ok", "http { server { add_header X \"a\\\"b\\\\c\\t\"; add_header Y 'd\\'e'; } }\n"),
        c("escaped newline", "ok", "http { ssl_ciphers a\\\nb; }\n"),
        c("${ in a word", "ok", "http { ssl_ciphers ${{{x; }\n"),
        c("CRLF lines", "ok", "http {\r\n  server {\r\n    listen 8080;\r\n  }\r\n}\r\n"),
        c("CRLF lines with an error", "5: unexpected \"}\"", "http {\r\n  server {\r\n    listen 8080\r\n  }\r\n}\r\n"),
        c("byte order mark", "2: unknown directive \"\uFEFFhttp\"", "\uFEFFhttp { }\n"),
        c("UTF-8", "ok", "http { server { server_name пример.рф; return 200 \"ü\"; } }\n"),
        c("parameter of 4095 bytes", "ok", "http { ssl_ciphers " + X4095 + "; }\n"),
        c("parameter of 4096 bytes", "2: too long parameter \"xxxxxxxxxx...\" started",
            "http { ssl_ciphers x" + X4095 + "; }\n"),
        c("parameter of 4095 bytes and a space", "2: too long parameter \"xxxxxxxxxx...\" started",
            "http { ssl_ciphers " + X4095 + " ; }\n"),
        c("quoted parameter of 4096 bytes", "2: too long parameter, probably missing terminating \"\"\" character",
            "http { ssl_ciphers \"x" + X4095 + "\"; }\n"),
        c("comment of 4096 bytes", "3: too long parameter \"#xxxxxxxxx...\" started",
            "http {\n#" + X4095 + "\n}\n"),
        c("missing include", "3: open() \"$P/conf/missing.conf\" failed (2: No such file or directory)",
            "http {\n  include missing.conf;\n}\n"),
        c("glob include matching nothing", "ok", "http { include conf.d/*.conf; }\n"),
        c("include with two arguments", "2: invalid number of arguments in \"include\" directive",
            "http { include a.conf b.conf; }\n"),
        c("include of a directory through a glob", "pread() \"$P/conf/dir.d/x.conf\" failed (21: Is a directory)",
            "http { include dir.d/*.conf; }\n"));
  }

  private static Arguments c(String name, String nginxVerdict, String config) {
    return Arguments.of(name, nginxVerdict, config);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void read_sameVerdictAsNginxT(String name, String expected, String config) throws IOException {
    Path confDir = Files.createDirectories(prefix.resolve("conf"));
    Files.createDirectories(confDir.resolve("dir.d/x.conf"));
    Path conf = confDir.resolve("nginx.conf");
    String text = NginxCheck.header(prefix) + config
        .replace("$P", prefix.toString())
        .replace("$CERT", certs.leaf().cert().toString())
        .replace("$KEY", certs.leaf().key().toString());
    Files.writeString(conf, text);

    NginxCheck.Verdict nginx = NginxCheck.test(prefix, conf);
    String expectedHere = expected.replace("$P", prefix.toString());
    assertThat(nginx.summary()).as(nginx.output()).isEqualTo(expectedHere);

    ConfigError ours = null;
    try {
      NginxConfigReader.strict().read(conf);
    } catch (ConfigException e) {
      ours = e.error();
    }
    if (nginx.ok()) {
      assertThat(ours).as("nginx accepts this").isNull();
      return;
    }
    assertThat(ours).as("nginx rejects this: " + nginx.output()).isNotNull();
    assertThat(ours.message()).contains(nginx.message());
    assertThat(ours.position().file()).isEqualTo(nginx.file() == null ? conf.toString() : nginx.file());
    if (nginx.line() != 0) {
      assertThat(ours.position().line()).isEqualTo(nginx.line());
    }
  }
}
