package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diagnose --scan-listens} of a socket whose default server refuses handshakes ({@code ssl_reject_handshake
 * on}, the usual catch-all): the socket is scanned with the name of a server there that answers, not without a name
 * (every hello refused: nothing to learn, and no input that could not be read).
 */
class DiagnoseRejectingDefaultTest {
  @TempDir
  static Path tmp;

  @Test
  void rejectingDefaultServer_socketScannedWithAServedName() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int port = Tools.freePorts(1)[0];
    String servers = "server {\n    listen 127.0.0.1:" + port + " ssl default_server;\n    ssl_reject_handshake on;\n}\n"
        + "server {\n    listen 127.0.0.1:" + port + " ssl;\n    server_name good.test;\n    ssl_certificate "
        + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    ssl_protocols TLSv1.2 TLSv1.3;\n}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), servers)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new String[] {"diagnose", "--config", conf.toString(), "--scan-listens", "--format",
          "json"}, new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(err.toString()).doesNotContain("every hello without SNI");
      assertThat(code).as(err.toString()).isNotEqualTo(3);
      JsonNode r = Json.MAPPER.readTree(out.toString());
      List<String> scanned = StreamSupport.stream(r.get("inputs").get("scanned").spliterator(), false)
          .map(JsonNode::asText).toList();
      assertThat(scanned).contains("127.0.0.1:" + port);
      assertThat(StreamSupport.stream(r.get("latent").spliterator(), false).map(d -> d.get("class").asText()))
          .as(Files.readString(nginx.errorLog())).doesNotContain("no-modern-protocol");

      // --target by address: without a name the socket cannot be scanned, and the message says how to give one
      String target = "127.0.0.1:" + port;
      StringWriter err2 = new StringWriter();
      int bare = Main.run(new String[] {"diagnose", "--config", conf.toString(), "--target", target, "--format",
          "json"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true));
      assertThat(bare).isEqualTo(3);
      assertThat(err2.toString()).contains("every hello without SNI was refused with unrecognized_name(112)")
          .contains("give the name with --sni NAME");
      StringWriter out3 = new StringWriter();
      StringWriter err3 = new StringWriter();
      int named = Main.run(new String[] {"diagnose", "--config", conf.toString(), "--target", target, "--sni",
          "good.test", "--format", "json"}, new PrintWriter(out3, true), new PrintWriter(err3, true));
      assertThat(named).as(err3.toString()).isNotEqualTo(3);
      assertThat(err3.toString()).doesNotContain("every hello without SNI");
      JsonNode r3 = Json.MAPPER.readTree(out3.toString());
      assertThat(r3.get("inputs").get("scanned").get(0).asText()).isEqualTo(target);
      assertThat(StreamSupport.stream(r3.get("latent").spliterator(), false).map(d -> d.get("class").asText()))
          .doesNotContain("no-modern-protocol");
    }
  }

  @Test
  void sniWithoutTarget_usageError() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"diagnose", "--config", "-", "--sni", "good.test"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("--sni is the name sent to the --target endpoints: add --target\n");
  }
}
