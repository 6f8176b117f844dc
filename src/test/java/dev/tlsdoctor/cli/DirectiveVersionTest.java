package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directives newer than the nginx named by --nginx-version: the finding says what that nginx -t says of the same
 * file (the nginx here is 1.22), and a version that knows the directive has no such finding.
 */
class DirectiveVersionTest {
  @TempDir
  Path tmp;

  private List<JsonNode> tooNew(Path conf, String version) throws Exception {
    Cli.Result r = Cli.run("config", "--nginx-version", version, "--format", "json", conf.toString());
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode f : Json.MAPPER.readTree(r.out()).get("findings")) {
      if (f.get("id").asText().equals("directive-unknown-in-version")) {
        out.add(f);
      }
    }
    return out;
  }

  private String nginxSays(Path conf) {
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-q", "-p", tmp + "/", "-c",
        conf.toString()));
    assertThat(t.exitCode()).as(t.output()).isNotZero();
    String line = t.output().lines().filter(l -> l.contains("[emerg]")).findFirst().orElseThrow();
    return line.substring(line.indexOf("[emerg] ") + 8).replaceFirst("^\\d+#\\d+: ", "");
  }

  @Test
  void http2Directive_unknownBefore1251_asNginxSays() throws Exception {
    int port = Tools.freePorts(1)[0];
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n  server {\n    listen 127.0.0.1:" + port + ";\n    http2 on;\n"
        + "  }\n}\n");
    assertThat(nginxSays(conf)).isEqualTo("unknown directive \"http2\" in " + conf + ":5");

    List<JsonNode> found = tooNew(conf, "1.22.1");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("severity").asText()).isEqualTo("error");
    assertThat(found.get(0).get("line").asInt()).isEqualTo(5);
    assertThat(found.get(0).get("message").asText()).isEqualTo("\"http2\" appeared in nginx 1.25.1; nginx 1.22.1"
        + " refuses to start with: unknown directive \"http2\" in " + conf + ":5");
    assertThat(found.get(0).toString()).contains("upgrade nginx to 1.25.1 or later, or write the older form,"
        + " \\\"listen ... ssl http2\\\"");
    assertThat(tooNew(conf, "1.25.1")).isEmpty();
    assertThat(tooNew(conf, "1.25.0")).hasSize(1);
  }

  @Test
  void streamRejectHandshake_unknownBefore1255_httpOneKnownSince1194() throws Exception {
    int[] ports = Tools.freePorts(2);
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, NginxServer.streamModule() + "\nevents {}\nstream {\n  server {\n    listen 127.0.0.1:"
        + ports[0] + " ssl;\n    ssl_reject_handshake on;\n    proxy_pass 127.0.0.1:9;\n  }\n}\nhttp {\n  server {\n"
        + "    listen 127.0.0.1:" + ports[1] + " ssl;\n    ssl_reject_handshake on;\n  }\n}\n");
    int streamLine = (int) Files.readString(conf).lines().takeWhile(l -> !l.contains("ssl_reject_handshake"))
        .count() + 1;
    // nginx 1.22's http module knows the name: in stream it is "not allowed here"
    assertThat(nginxSays(conf)).isEqualTo("\"ssl_reject_handshake\" directive is not allowed here in " + conf + ":"
        + streamLine);

    List<JsonNode> found = tooNew(conf, "1.22.1");
    assertThat(found).extracting(f -> f.get("line").asInt()).containsExactly(streamLine);
    assertThat(found.get(0).get("message").asText()).isEqualTo("\"ssl_reject_handshake\" appeared in nginx 1.25.5;"
        + " nginx 1.22.1 refuses to start with: \"ssl_reject_handshake\" directive is not allowed here in " + conf
        + ":" + streamLine);
    assertThat(tooNew(conf, "1.19.3").get(0).get("message").asText()).contains("refuses to start with: unknown"
        + " directive \"ssl_reject_handshake\" in " + conf + ":" + streamLine);
    assertThat(tooNew(conf, "1.19.3")).extracting(f -> f.get("line").asInt()).hasSize(2);
    assertThat(tooNew(conf, "1.25.5")).isEmpty();
  }
}
