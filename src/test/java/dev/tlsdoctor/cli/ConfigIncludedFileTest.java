package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that nginx.conf includes inside a module's block ({@code conf.d/*.conf}, {@code sites-enabled/*}), given
 * alone: its server blocks are analysed as that module's (they were not, and such a file got no finding at all), the
 * user is told so, and its fixes are checked by a real {@code nginx -t} on a main file that includes the copy.
 */
class ConfigIncludedFileTest {
  @TempDir
  static Path tmp;
  static TestCerts certs;

  @BeforeAll
  static void certs() throws Exception {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
  }

  @Test
  void httpSite_analysedAsHttp_fixCheckedByNginx() throws Exception {
    Tools.require("nginx");
    Path site = Files.createDirectories(tmp.resolve("sites-enabled")).resolve("example");
    Files.writeString(site, "upstream app { server 127.0.0.1:3000; }\n\n"
        + "server {\n"
        + "    listen 127.0.0.1:8443 ssl;\n"
        + "    server_name example.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n"
        + "    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n"
        + "    location / { proxy_pass http://app; }\n"
        + "}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", "--format", "json", site.toString());
    assertThat(r.err()).isEqualTo("tlsdoctor: config: note: " + site + " has server blocks at its top level and no"
        + " http {} block: read as a file that nginx.conf includes inside http {} (as conf.d/*.conf and"
        + " sites-enabled/* are); what nginx.conf itself sets there is not seen: give the main file for the whole"
        + " configuration\n");
    assertThat(r.code()).isEqualTo(ExitCodes.FOUND);
    JsonNode findings = Json.MAPPER.readTree(r.out()).get("findings");
    JsonNode deprecated = null;
    for (JsonNode f : findings) {
      if (f.get("id").asText().equals("protocol-deprecated")) {
        deprecated = f;
      }
    }
    assertThat(deprecated).as(r.out()).isNotNull();
    assertThat(deprecated.get("file").asText()).isEqualTo(site.toString());
    assertThat(deprecated.get("line").asInt()).isEqualTo(8);
    assertThat(deprecated.toString()).contains("ssl_protocols TLSv1.2;").contains("nginx -t accepts it");
  }

  @Test
  void siteIncludingASnippet_resolvesItAgainstNginxConfsDirectory_fixCheckedByNginx() throws Exception {
    Tools.require("nginx");
    Path etc = Files.createDirectories(tmp.resolve("etc-nginx"));
    Files.writeString(etc.resolve("nginx.conf"), "events {}\nhttp { include sites-enabled/*; }\n");
    Files.createDirectories(etc.resolve("snippets"));
    Files.writeString(etc.resolve("snippets/tls.conf"), "ssl_protocols TLSv1 TLSv1.2;\n");
    Path site = Files.createDirectories(etc.resolve("sites-enabled")).resolve("example");
    Files.writeString(site, "server {\n    listen 127.0.0.1:8443 ssl;\n    include snippets/tls.conf;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n"
        + "    ssl_certificate_key " + certs.leaf().key() + ";\n}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", "--format", "json", site.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    JsonNode deprecated = null;
    for (JsonNode f : Json.MAPPER.readTree(r.out()).get("findings")) {
      assertThat(f.get("id").asText()).isNotEqualTo("include-unreadable");
      if (f.get("id").asText().equals("protocol-deprecated")) {
        deprecated = f;
      }
    }
    assertThat(deprecated).as(r.out()).isNotNull();
    assertThat(deprecated.get("file").asText()).isEqualTo(etc.resolve("snippets/tls.conf").toString());
    assertThat(deprecated.get("line").asInt()).isEqualTo(1);
    assertThat(deprecated.toString()).contains("nginx -t accepts it");
  }

  @Test
  void streamFile_analysedAsStream() throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("stream.d")).resolve("tls.conf");
    Files.writeString(conf, "server {\n"
        + "    listen 127.0.0.1:9443 ssl;\n"
        + "    proxy_pass 127.0.0.1:9000;\n"
        + "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        + "}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", conf.toString());
    assertThat(r.err()).contains("no stream {} block: read as a file that nginx.conf includes inside stream {}");
    assertThat(r.out()).contains("ERROR no-certificate  " + conf + ":2").contains("the stream server at " + conf + ":1");
    assertThat(r.code()).isEqualTo(ExitCodes.FOUND);
  }

  @Test
  void missingInclude_isAnErrorInNginxsWords_andTheRestIsAnalysed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("copied"));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n    include mime.types;\n    server {\n"
        + "        listen 127.0.0.1:8443 ssl;\n"
        + "        ssl_certificate " + certs.leaf().cert() + ";\n"
        + "        ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "        ssl_protocols TLSv1.1;\n    }\n}\n");
    Tools.Result t = Tools.run(java.util.List.of(Tools.require("nginx").toString(), "-t", "-q", "-p", dir + "/", "-c",
        conf.toString()));
    String nginxSays = dev.tlsdoctor.nginx.fix.NginxSyntaxCheck.message(t.output().lines()
        .filter(l -> l.contains("[emerg]")).findFirst().orElseThrow());
    assertThat(nginxSays).isEqualTo("open() \"" + dir + "/mime.types\" failed (2: No such file or directory) in "
        + conf + ":3");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", "--format", "json", conf.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (JsonNode f : Json.MAPPER.readTree(r.out()).get("findings")) {
      ids.add(f.get("id").asText());
      if (f.get("id").asText().equals("include-unreadable")) {
        assertThat(f.get("message").asText()).isEqualTo("nginx refuses to start with: " + nginxSays + "; the rest of"
            + " the configuration was analysed without what that file would add");
        assertThat(f.get("line").asInt()).isEqualTo(3);
      }
    }
    assertThat(ids).contains("include-unreadable", "no-usable-protocol");
  }

  @Test
  void clientsFromASiteFile_saysHowItWasRead_andWhichIncludeIsMissing() throws Exception {
    Path etc = Files.createDirectories(tmp.resolve("etc-clients"));
    Files.writeString(etc.resolve("nginx.conf"), "events {}\nhttp { include sites-enabled/*; }\n");
    Path site = Files.createDirectories(etc.resolve("sites-enabled")).resolve("example");
    Files.writeString(site, "server {\n    listen 127.0.0.1:8443 ssl;\n    include snippets/gone.conf;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n"
        + "    ssl_certificate_key " + certs.leaf().key() + ";\n}\n");
    Cli.Result r = Cli.run("clients", "--config", site.toString(), "--listen", "127.0.0.1:8443", "--nginx-version",
        "1.22.1", "--client", "java-17");
    assertThat(r.err()).isEqualTo("tlsdoctor: clients: note: " + site + " has server blocks at its top level and no"
        + " http {} block: read as a file that nginx.conf includes inside http {}; what nginx.conf itself sets there"
        + " is not seen\n"
        + "tlsdoctor: clients: note: " + site + ":3:13: include \"snippets/gone.conf\": open() \"" + etc
        + "/snippets/gone.conf\" failed (2: No such file or directory) (nginx refuses to start with it; simulated"
        + " without that file)\n");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("1 of 1 clients connect");
  }

  @Test
  void mainFile_isReadAsItIs() throws Exception {
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp {\n    server { listen 127.0.0.1:8080; }\n}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", conf.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
  }
}
