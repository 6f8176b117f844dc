package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.nginx.fix.NginxSyntaxCheck;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Listens nginx refuses to start with, each checked against what a real {@code nginx -t} says of the same file: the
 * finding quotes nginx's message and place; the well-formed variant of each is not flagged.
 */
class DuplicateListenTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {
      "http { server { listen 127.0.0.1:P default_server; } server { listen 127.0.0.1:P default_server; } }",
      "http { server { listen 127.0.0.1:P reuseport; } server { listen 127.0.0.1:P backlog=10; } }",
      "http { server { listen 127.0.0.1:P; listen 127.0.0.1:P; } }",
      "http { server { listen P; } server { listen P reuseport; } server { listen P so_keepalive=on; } }",
      "STREAM stream { server { listen 127.0.0.1:P; proxy_pass 127.0.0.1:9; }"
          + " server { listen 127.0.0.1:P; proxy_pass 127.0.0.1:10; } }",
      "MAIL mail { auth_http 127.0.0.1:9/auth; server { listen 127.0.0.1:P; protocol smtp; }"
          + " server { listen 127.0.0.1:P; protocol smtp; } }"})
  void findingQuotesWhatNginxSays(String template) throws Exception {
    int port = Tools.freePorts(1)[0];
    String module = template.startsWith("STREAM ") ? NginxServer.streamModule() + "\n"
        : template.startsWith("MAIL ") ? NginxServer.mailModule() + "\n" : "";
    String body = template.replaceFirst("^(STREAM|MAIL) ", "").replace("P", String.valueOf(port));
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, module + "events {}\n" + body.replace("} ", "}\n") + "\n");
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-q", "-p", tmp + "/", "-c",
        conf.toString()));
    assertThat(t.exitCode()).as(t.output()).isNotZero();
    String said = t.output().lines().filter(l -> l.contains("[emerg]")).findFirst().orElseThrow();
    String nginxMessage = NginxSyntaxCheckAccess.message(said);

    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", "--format", "json", conf.toString());
    JsonNode dup = null;
    for (JsonNode f : Json.MAPPER.readTree(r.out()).get("findings")) {
      if (f.get("id").asText().equals("duplicate-listen")) {
        assertThat(dup).as("one duplicate-listen finding").isNull();
        dup = f;
      }
    }
    assertThat(dup).as(r.out()).isNotNull();
    assertThat(dup.get("severity").asText()).isEqualTo("error");
    assertThat(dup.get("message").asText()).startsWith("nginx refuses to start with: " + nginxMessage + " (the"
        + " first is at " + conf + ":");
    // which listen to change is the user's: said in words, not offered as a diff
    assertThat(dup.toString()).contains(" is yours to decide; remove ").contains("one of the two listen directives")
        .doesNotContain("remove  ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http { server { listen 127.0.0.1:P default_server reuseport; } server { listen 127.0.0.1:P; } }",
      "http { server { listen 127.0.0.1:P; listen [::1]:P; } server { listen 127.0.0.1:P; } }"})
  void acceptedListens_notFlagged(String template) throws Exception {
    int port = Tools.freePorts(1)[0];
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\n" + template.replace("P", String.valueOf(port)) + "\n");
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-q", "-p", tmp + "/", "-c",
        conf.toString()));
    assertThat(t.exitCode()).as(t.output()).isZero();
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", conf.toString());
    assertThat(r.out()).doesNotContain("duplicate-listen");
  }

  /**
   * A quic listen (nginx 1.25+, not in the nginx the tests run: no nginx -t here) is a UDP socket of its own: beside
   * the TCP listen of the same address, with socket options on both, it is no duplicate (as in the HTTP/3 examples
   * of nginx's documentation).
   */
  @org.junit.jupiter.api.Test
  void quicListenBesideTheTcpOne_notADuplicate() throws Exception {
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n  server {\n    listen 443 ssl reuseport;\n"
        + "    listen 443 quic reuseport;\n    listen [::]:443 ssl;\n    listen [::]:443 quic;\n  }\n}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.26.2", conf.toString());
    assertThat(r.out()).doesNotContain("duplicate-listen");
    Files.writeString(conf, "events {}\nhttp {\n  server {\n    listen 443 quic reuseport;\n"
        + "    listen 443 quic reuseport;\n  }\n}\n");
    assertThat(Cli.run("config", "--nginx-version", "1.26.2", conf.toString()).out())
        .contains("a duplicate listen 0.0.0.0:443 in " + conf + ":5");
  }

  /** nginx -t's line without its time and process, as the fixes' check reports it. */
  static final class NginxSyntaxCheckAccess {
    static String message(String line) {
      return NginxSyntaxCheck.message(line);
    }
  }
}
