package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server_name without its ";": nginx takes the next line's directive as more server names, and nginx -t accepts it
 * without a word; config names the directive that is never applied. A server_name listed over several lines is not
 * flagged.
 */
class DirectiveSwallowedTest {
  @TempDir
  Path tmp;

  private Path write(String servers) throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n" + servers.replace("CERT", certs.leaf().cert().toString())
        .replace("KEY", certs.leaf().key().toString()) + "}\n");
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-q", "-p", tmp + "/", "-c",
        conf.toString()));
    assertThat(t.exitCode()).as("nginx -t accepts it: " + t.output()).isZero();
    return conf;
  }

  @Test
  void missingSemicolon_swallowsTheTlsDirectiveBelow() throws Exception {
    int port = Tools.freePorts(1)[0];
    Path conf = write("server {\n    listen 127.0.0.1:" + port + " ssl;\n    server_name a.test\n"
        + "    ssl_protocols TLSv1.3;\n    ssl_certificate CERT;\n    ssl_certificate_key KEY;\n}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", "--format", "json", conf.toString());
    JsonNode found = null;
    for (JsonNode f : Json.MAPPER.readTree(r.out()).get("findings")) {
      if (f.get("id").asText().equals("directive-swallowed")) {
        found = f;
      }
    }
    assertThat(found).as(r.out()).isNotNull();
    assertThat(found.get("severity").asText()).isEqualTo("error");
    assertThat(found.get("line").asInt()).isEqualTo(6);
    assertThat(found.get("message").asText()).isEqualTo("the server_name at " + conf + ":5 has no \";\" at the end"
        + " of line 5: nginx reads \"ssl_protocols TLSv1.3\" on line 6 as more server names, so the ssl_protocols"
        + " directive there is never applied (nginx -t accepts it without a word)");
    // what the server really offers: nginx 1.22's default protocols, not TLS 1.3 alone
    Cli.Result text = Cli.run("config", "--nginx-version", "1.22.1", conf.toString());
    assertThat(text.out()).contains("ssl_protocols          TLSv1 TLSv1.1 TLSv1.2  (default)");
  }

  @Test
  void serverNamesOverSeveralLines_notFlagged() throws Exception {
    int port = Tools.freePorts(1)[0];
    Path conf = write("server {\n    listen 127.0.0.1:" + port + " ssl;\n    server_name a.test\n"
        + "        b.test _ localhost\n        www.a.test;\n    ssl_certificate CERT;\n    ssl_certificate_key KEY;\n}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", conf.toString());
    assertThat(r.out()).doesNotContain("directive-swallowed");
  }
}
