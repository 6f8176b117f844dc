package dev.tlsdoctor.nginx.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixes tried for real: a configuration with a planted fault runs on a real nginx 1.22, {@code tlsdoctor config}
 * proposes its fix (verified on a copy, nginx -t included), the diff is applied to the real file and nginx reloaded,
 * and the client that failed now succeeds while the one that worked still works. And the fixes that would hurt — a
 * protocol list OpenSSL 3.0 refuses, the system CA bundle for a backend with a private CA — are not offered.
 */
class FixVerifiedNginxTest {
  @TempDir
  static Path tmp;

  static TestCerts certs;

  @BeforeAll
  static void certs() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
  }

  private static String server(int port, String name, TestCerts.Pair pair, String extra) {
    return "server { listen 127.0.0.1:" + port + " ssl; server_name " + name + ";\n"
        + "    ssl_certificate " + pair.cert() + ";\n"
        + "    ssl_certificate_key " + pair.key() + ";\n"
        + extra
        + "    location / { return 200 \"ok\\n\"; }\n"
        + "}\n";
  }

  /** {@code tlsdoctor config --format json} on the running nginx's own file. */
  private static JsonNode config(NginxServer nginx) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Main.run(new String[] {"config", "--format", "json", "--nginx-version", "1.22.1",
        nginx.prefix().resolve("nginx.conf").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
    return Json.MAPPER.readTree(out.toString());
  }

  private static JsonNode finding(JsonNode report, String id) {
    for (JsonNode f : report.get("findings")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id + " in " + report.get("findings"));
  }

  /** Applies {@code diff} to the real file and reloads nginx, then waits until {@code port} answers 200. */
  private static void applyAndReload(NginxServer nginx, String diff, int port) throws Exception {
    Path conf = nginx.prefix().resolve("nginx.conf");
    List<String> lines = Arrays.asList(Files.readString(conf).split("\n", -1));
    Files.writeString(conf, String.join("\n", Patch.apply(lines, diff)), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of(Tools.require("nginx").toString(), "-p", nginx.prefix() + "/", "-c",
        conf.toString(), "-s", "reload"));
    assertThat(Tools.run(cmd).exitCode()).isZero();
    // the old worker may still take a connection while it shuts down: wait for three answers of the new one in a row
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int ok = 0; ok < 3 && System.nanoTime() < end; ) {
      ok = Tools.curlAs("localhost", port, "--cacert", certs.rootCa().toString()).output().equals("200") ? ok + 1 : 0;
      Thread.sleep(100);
    }
  }

  private static int lineOf(NginxServer nginx, String text) throws IOException {
    List<String> lines = Files.readAllLines(nginx.prefix().resolve("nginx.conf"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text);
  }

  @Test
  void onlyTls11_noUsableProtocol_verifiedFixMakesTheFailingClientSucceed() throws Exception {
    int port = Tools.freePorts(1)[0];
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("tls11")),
        server(port, "localhost", certs.leaf(), "    ssl_protocols TLSv1.1;\n"))) {
      // every handshake fails: OpenSSL 3.0 refuses TLS 1.1 at its default security level
      assertThat(Tools.curlAs("localhost", port, "--cacert", certs.rootCa().toString()).output()).startsWith("000");

      JsonNode f = finding(config(nginx), "no-usable-protocol");

      assertThat(f.get("severity").asText()).isEqualTo("error");
      assertThat(f.get("message").asText()).isEqualTo("ssl_protocols \"TLSv1.1\" leaves no version OpenSSL 3.0"
          + " negotiates at security level 1 (it refuses TLS 1.0 and 1.1 there): every handshake on 127.0.0.1:"
          + port + " fails with \"unsupported protocol\"");
      assertThat(f.get("fixVerified").asBoolean()).isTrue();
      assertThat(f.get("fixVerification").asText()).isEqualTo("applied to a copy and analysed again:"
          + " no-usable-protocol is gone, no new error; nginx -t accepts it");
      assertThat(f.get("fix").asText()).contains("\n-    ssl_protocols TLSv1.1;\n+    ssl_protocols TLSv1.2"
          + " TLSv1.3;\n");

      applyAndReload(nginx, f.get("fix").asText(), port);

      assertThat(Tools.curlAs("localhost", port, "--cacert", certs.rootCa().toString()).output()).isEqualTo("200");
      assertThat(Tools.opensslClient(port, "", "-tls1_2", "-servername", "localhost").exitCode()).isZero();
      assertThat(finding(config(nginx), "cipher-no-forward-secrecy")).isNotNull(); // the rest of the analysis still runs
    }
  }

  /**
   * A non-default server that wants only TLS 1.1 (which OpenSSL 3.0 refuses at level 1 anyway) on a socket whose
   * default server has TLS 1.2 and 1.3: the old fix gave the default server "TLSv1.1" and broke every handshake. The
   * fix now writes in the non-default server what its clients get, and takes nothing from the default server's.
   */
  @Test
  void nonDefaultServerWantingARefusedVersion_fixWritesWhatItGets_noHandshakeBreaks() throws Exception {
    int port = Tools.freePorts(1)[0];
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("ignored")),
        server(port, "localhost", certs.leaf(), "    ssl_protocols TLSv1.2 TLSv1.3;\n")
            + server(port, "good.test", certs.leaf(), "    ssl_protocols TLSv1.1;\n"))) {
      JsonNode f = finding(config(nginx), "protocol-ignored-non-default-server");

      assertThat(f.get("severity").asText()).isEqualTo("warning");
      assertThat(f.get("affected").asText()).isEqualTo("clients asking for good.test (SNI): TLSv1.2 TLSv1.3 are"
          + " accepted though not configured; TLSv1.1 would be refused on a socket of its own too (OpenSSL 3.0 at"
          + " security level 1)");
      assertThat(f.get("fixVerified").asBoolean()).isTrue();
      String diff = f.get("fix").asText();
      assertThat(diff).contains("\n-    ssl_protocols TLSv1.1;\n+    ssl_protocols TLSv1.2 TLSv1.3;\n")
          .doesNotContain("-    ssl_protocols TLSv1.2 TLSv1.3;");
      applyAndReload(nginx, diff, port);
      // both names work, TLS 1.2 and 1.3, as they did
      assertThat(Tools.curlAs("localhost", port, "--cacert", certs.rootCa().toString()).output()).isEqualTo("200");
      assertThat(Tools.curlAs("good.test", port, "--cacert", certs.rootCa().toString()).output()).isEqualTo("200");
      for (String name : List.of("localhost", "good.test")) {
        assertThat(Tools.opensslClient(port, "", "-tls1_2", "-servername", name).exitCode()).isZero();
      }
      assertThat(config(nginx).get("findings").findValuesAsText("id"))
          .doesNotContain("protocol-ignored-non-default-server");
    }
  }

  @Test
  void upstreamVerifyOff_backendSelfSigned_fixTrustsItsOwnCertificateAndTheProxyKeepsWorking() throws Exception {
    int[] p = Tools.freePorts(2);
    String front = server(p[0], "localhost", certs.leaf(), "")
        .replace("location / { return 200 \"ok\\n\"; }", "location / {\n        proxy_ssl_name localhost;\n"
            + "        proxy_pass https://127.0.0.1:" + p[1] + ";\n    }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("verify")), front
        + server(p[1], "backend", certs.selfSigned(), ""))) {
      assertThat(Tools.curlAs("localhost", p[0], "--cacert", certs.rootCa().toString()).output()).isEqualTo("200");

      JsonNode f = finding(config(nginx), "upstream-verify-off");

      assertThat(f.get("fixVerified").asBoolean()).as(f.toString()).isTrue();
      assertThat(f.get("fix").asText()).endsWith("         proxy_pass https://127.0.0.1:" + p[1] + ";\n"
          + "+        proxy_ssl_verify on;\n"
          + "+        proxy_ssl_trusted_certificate " + certs.selfSigned().cert() + ";\n");

      applyAndReload(nginx, f.get("fix").asText(), p[0]);

      // verified against the backend's own certificate: still 200, not 502
      assertThat(Tools.curlAs("localhost", p[0], "--cacert", certs.rootCa().toString()).output()).isEqualTo("200");
      JsonNode after = config(nginx);
      assertThat(after.get("findings").findValuesAsText("id")).doesNotContain("upstream-verify-off");
    }
  }

  /**
   * The change that verifies the backend but checks the name nginx sends by default (the address, which nginx's
   * X509_check_host never matches against an IP SAN) is not offered; applied anyway, the real nginx answers 502.
   */
  @Test
  void upstreamVerifyOff_verifyingWouldFailOnTheName_notOffered_andRealNginxAgrees() throws Exception {
    int[] p = Tools.freePorts(2);
    String front = server(p[0], "localhost", certs.leaf(), "")
        .replace("location / { return 200 \"ok\\n\"; }", "location / {\n        proxy_pass https://127.0.0.1:" + p[1]
            + ";\n    }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("verify-name")), front
        + server(p[1], "backend", certs.selfSigned(), ""))) {
      JsonNode f = finding(config(nginx), "upstream-verify-off");

      assertThat(f.get("fix").isNull()).isTrue();
      assertThat(f.get("fixVerified").asBoolean()).isFalse();
      assertThat(f.get("fixVerification").asText()).startsWith("not offered: the change would cause a new error,"
          + " upstream-name-mismatch: proxy_pass https://127.0.0.1:" + p[1] + ": nginx checks the name"
          + " \"127.0.0.1\" (proxy_ssl_name, default)");

      // the withdrawn change, applied by hand: the proxy that worked answers 502
      Path conf = nginx.prefix().resolve("nginx.conf");
      Files.writeString(conf, Files.readString(conf).replace("proxy_pass https://127.0.0.1:" + p[1] + ";",
          "proxy_pass https://127.0.0.1:" + p[1] + "; proxy_ssl_verify on; proxy_ssl_trusted_certificate "
              + certs.selfSigned().cert() + ";"));
      assertThat(Tools.run(List.of(Tools.require("nginx").toString(), "-p", nginx.prefix() + "/", "-c",
          conf.toString(), "-s", "reload")).exitCode()).isZero();
      String status = "";
      for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < end; ) {
        status = Tools.curlAs("localhost", p[0], "--cacert", certs.rootCa().toString()).output();
        if (status.equals("502")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(status).isEqualTo("502");
    }
  }

  @Test
  void upstreamVerifyOff_backendWithPrivateCaNotInTheConfig_asksForTheCaFile() throws Exception {
    int[] p = Tools.freePorts(2);
    String front = server(p[0], "localhost", certs.leaf(), "")
        .replace("location / { return 200 \"ok\\n\"; }", "location / {\n        proxy_pass https://127.0.0.1:" + p[1]
            + ";\n    }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("private-ca")), front
        + server(p[1], "backend", certs.leaf(), ""))) {
      JsonNode f = finding(config(nginx), "upstream-verify-off");

      assertThat(f.get("fix").isNull()).isTrue();
      assertThat(f.get("fixVerification").asText()).isEqualTo("not offered as a diff: 127.0.0.1 is backend of this"
          + " configuration (" + nginx.prefix().resolve("nginx.conf") + ":" + lineOf(nginx, "listen 127.0.0.1:" + p[1])
          + "), whose certificate "
          + certs.leaf().cert() + " is issued by CN=tlsdoctor test root CA, which the file does not hold; set"
          + " proxy_ssl_verify on; and proxy_ssl_trusted_certificate to that CA's PEM file");
    }
  }
}
