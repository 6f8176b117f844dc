package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose --target} alone, as text: what the scans found is latent, each line naming where it was found. */
class DiagnoseLatentTextTest {
  @TempDir
  static Path tmp;

  @Test
  void targetsWithoutConfiguration_latentLinesNameTheirEndpoint() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(2);
    String servers = "server { listen 127.0.0.1:" + p[0] + " ssl; ssl_certificate " + certs.expiredLeaf().cert()
        + "; ssl_certificate_key " + certs.expiredLeaf().key() + "; ssl_protocols TLSv1.2; }\n"
        + "server { listen 127.0.0.1:" + p[1] + " ssl; ssl_certificate " + certs.selfSigned().cert()
        + "; ssl_certificate_key " + certs.selfSigned().key() + "; ssl_protocols TLSv1.2; }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), servers)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new String[] {"diagnose", "--target", "127.0.0.1:" + p[0], "--target",
          "127.0.0.1:" + p[1]}, new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(code).as(out + "" + err + Files.readString(nginx.errorLog())).isEqualTo(1);
      String text = out.toString();
      assertThat(text).contains("\nLatent (in the configuration or a scan, not in the logs): ");
      assertThat(text).contains("\n  expired  listen 127.0.0.1:" + p[0] + "  the leaf expired on 2021-01-01T00:00:00Z"
          + " (TLSv1.2 ECDSA suites)\n");
      assertThat(text).contains("\n  self-signed  listen 127.0.0.1:" + p[1] + "  the leaf is self-signed and not"
          + " trusted (TLSv1.2 ECDSA suites)\n");
    }
  }
}
