package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before nginx 1.25.1 HTTP/2 is a flag of a listen, and so of the socket: every server there offers it, as curl
 * negotiating h2 with a server whose own listen has no flag shows.
 */
class Http2SocketTest {
  @TempDir
  Path tmp;

  @Test
  void listenFlagOfAnotherServer_offersHttp2ForEveryServerOfTheSocket() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int port = Tools.freePorts(1)[0];
    String cert = "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key()
        + ";\n";
    String servers = "server {\n    listen 127.0.0.1:" + port + " ssl http2 default_server;\n    server_name a.test;\n"
        + cert + "}\nserver {\n    listen 127.0.0.1:" + port + " ssl;\n    server_name b.test;\n" + cert + "}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), servers)) {
      Tools.Result curl = Tools.run(List.of(Tools.require("curl").toString(), "-sk", "--http2", "--resolve",
          "b.test:" + port + ":127.0.0.1", "-o", "/dev/null", "-w", "%{http_version}",
          "https://b.test:" + port + "/"));
      assertThat(curl.output().strip()).as("curl's HTTP version with b.test").isEqualTo("2");

      Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", "--format", "json",
          nginx.prefix().resolve("nginx.conf").toString());
      JsonNode b = null;
      for (JsonNode s : Json.MAPPER.readTree(r.out()).get("servers")) {
        if (s.get("serverName").toString().contains("b.test")) {
          b = s;
        }
      }
      assertThat(b).as(r.out()).isNotNull();
      assertThat(b.get("offersHttp2").asBoolean()).isTrue();
      assertThat(b.get("listen").get(0).get("http2").asBoolean()).isTrue();
    }
  }
}
