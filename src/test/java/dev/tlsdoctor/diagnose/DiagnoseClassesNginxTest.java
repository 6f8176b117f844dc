package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.nginx.fix.Patch;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.scan.QuietServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure classes a real nginx 1.22 can be made to log, in both directions, each provoked on purpose by a real
 * client (curl, openssl s_client, raw sockets) or a real backend (nginx itself, a silent or resetting TCP server),
 * all on one nginx: the diagnosis of each is asserted exactly (class, direction, listen, fixWhere, directive and
 * line when the fix is in this nginx). Then the verified fix is applied to the real file, nginx reloaded, the
 * failing request made again — it succeeds — and a client that worked before still works.
 *
 * <p>Covered here: protocol-version-mismatch (client), not-tls (client and upstream), client-certificate-required,
 * client-certificate-invalid, certificate-expired (client), alpn-mismatch, inappropriate-fallback,
 * peer-closed-handshake (client and upstream), handshake-timeout (client and upstream), certificate-untrusted
 * (upstream), certificate-name-mismatch (upstream). DiagnoseNginxTest covers signature-algorithm-mismatch,
 * no-shared-cipher (client) and protocol-version-mismatch (upstream).
 */
class DiagnoseClassesNginxTest {
  @TempDir
  static Path tmp;

  private static JsonNode diagnose(NginxServer nginx) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"diagnose", "--format", "json", "--nginx-version", "1.22.1", "--config",
        nginx.prefix().resolve("nginx.conf").toString(), "--log", nginx.errorLog().toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(1);
    return Json.MAPPER.readTree(out.toString());
  }

  private static int lineOf(Path conf, String text) throws Exception {
    List<String> lines = Files.readAllLines(conf);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text);
  }

  /** The line of the first {@code text} after the line with {@code after}. */
  private static int lineAfter(Path conf, String after, String text) throws Exception {
    List<String> lines = Files.readAllLines(conf);
    int from = lineOf(conf, after);
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text + " after " + after);
  }

  private static JsonNode find(JsonNode report, String cls, String direction, String listen) {
    return StreamSupport.stream(report.get("diagnoses").spliterator(), false)
        .filter(d -> d.get("class").asText().equals(cls) && d.get("direction").asText().equals(direction)
            && d.get("listen").asText().equals(listen))
        .findFirst().orElseThrow(() -> new AssertionError("no " + cls + " " + direction + " at " + listen + " in "
            + Json.pretty(report)));
  }

  /** class, direction, listen, fixWhere and, for a cause in nginx, the finding and its line. */
  private static JsonNode assertDiagnosis(JsonNode report, String cls, String direction, int port, String fixWhere,
      String directive, int line) {
    JsonNode d = find(report, cls, direction, "127.0.0.1:" + port);
    assertThat(d.get("fixWhere").asText()).as(cls).isEqualTo(fixWhere);
    if (directive == null) {
      assertThat(d.get("causeAt").isNull()).as(cls + " causeAt").isTrue();
    } else {
      assertThat(d.get("causeAt").get("directive").asText()).as(cls).isEqualTo(directive);
      assertThat(d.get("causeAt").get("line").asInt()).as(cls).isEqualTo(line);
    }
    return d;
  }

  private static String s(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static Tools.Result sClient(int port, String... args) {
    return Tools.opensslClient(port, "", args);
  }

  @Test
  void everyClassNginxLogs_diagnosedExactly_verifiedFixesMakeTheClientsSucceed() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(12);
    String ca = certs.rootCa().toString();
    TestCerts.Pair byRoot = certs.leafIssuedByRoot("by-root");
    String pair = "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key()
        + ";\n";
    try (QuietServer silent = QuietServer.start(QuietServer.Policy.SILENT);
        QuietServer reset = QuietServer.start(QuietServer.Policy.RESET)) {
      String servers = ""
          // p0: TLS 1.3 only; a client limited to TLS 1.2 fails (its limit: nothing to change here)
          + s("server {", "    listen 127.0.0.1:" + p[0] + " ssl;", "    server_name good.test;", pair
              + "    ssl_protocols TLSv1.3;", "    client_header_timeout 1s;", "    location / { return 200; }", "}")
          // p1: client certificates required, from the client CA
          + s("server {", "    listen 127.0.0.1:" + p[1] + " ssl;", "    server_name good.test;", pair
              + "    ssl_client_certificate " + certs.clientCa() + ";", "    ssl_verify_client on;",
              "    location / { return 200; }", "}")
          // p2: an expired certificate
          + s("server {", "    listen 127.0.0.1:" + p[2] + " ssl;", "    server_name good.test;",
              "    ssl_certificate " + certs.expiredLeaf().cert() + ";",
              "    ssl_certificate_key " + certs.expiredLeaf().key() + ";", "    location / { return 200; }", "}")
          // p3: a proxy to a plain-HTTP backend (p4) through https://
          + s("server {", "    listen 127.0.0.1:" + p[3] + " ssl;", "    server_name good.test;", pair
              + "    location / {", "        proxy_pass https://127.0.0.1:" + p[4] + ";", "    }", "}")
          + s("server {", "    listen 127.0.0.1:" + p[4] + ";", "    location / { return 200 \"plain\\n\"; }", "}")
          // p5: a proxy that verifies its TLS backend (p6) against a CA that did not issue it
          + s("server {", "    listen 127.0.0.1:" + p[5] + " ssl;", "    server_name good.test;", pair
              + "    location / {", "        proxy_pass https://127.0.0.1:" + p[6] + ";",
              "        proxy_ssl_verify on;", "        proxy_ssl_trusted_certificate " + certs.unrelatedCa() + ";",
              "    }", "}")
          + s("server {", "    listen 127.0.0.1:" + p[6] + " ssl;", "    server_name good.test;", pair
              + "    location / { return 200 \"backend\\n\"; }", "}")
          // p7: a proxy that verifies its backend (p11, a certificate the root issued) under a name it does not have
          + s("server {", "    listen 127.0.0.1:" + p[7] + " ssl;", "    server_name good.test;", pair
              + "    location / {", "        proxy_pass https://127.0.0.1:" + p[11] + ";",
              "        proxy_ssl_verify on;", "        proxy_ssl_trusted_certificate " + ca + ";",
              "        proxy_ssl_name wrong.test;", "    }", "}")
          + s("server {", "    listen 127.0.0.1:" + p[11] + " ssl;", "    server_name good.test;",
              "    ssl_certificate " + byRoot.cert() + ";", "    ssl_certificate_key " + byRoot.key() + ";",
              "    location / { return 200 \"backend\\n\"; }", "}")
          // p8: a proxy to a backend that never answers the ClientHello; p9: to one that resets
          + s("server {", "    listen 127.0.0.1:" + p[8] + " ssl;", "    server_name good.test;", pair
              + "    location / {", "        proxy_pass https://127.0.0.1:" + silent.port() + ";",
              "        proxy_connect_timeout 1s;", "    }", "}")
          + s("server {", "    listen 127.0.0.1:" + p[9] + " ssl;", "    server_name good.test;", pair
              + "    location / {", "        proxy_pass https://127.0.0.1:" + reset.port() + ";", "    }", "}")
          // p10: a healthy server, for clients that must keep working (nginx 1.22 enables TLS 1.3 only when told)
          + s("server {", "    listen 127.0.0.1:" + p[10] + " ssl;", "    server_name good.test;", pair
              + "    ssl_protocols TLSv1.2 TLSv1.3;", "    location / { return 200; }", "}");
      try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), servers)) {
        Path conf = nginx.prefix().resolve("nginx.conf");
        String url0 = "https://127.0.0.1:" + p[0] + "/";
        for (int i = 0; i < 2; i++) {
          assertThat(Tools.curl(url0, "--cacert", ca, "--tls-max", "1.2").stdout()).isEqualTo("000");
          assertThat(Tools.curl("http://127.0.0.1:" + p[0] + "/").stdout()).isEqualTo("400"); // plain HTTP
          assertThat(Tools.curl("https://127.0.0.1:" + p[1] + "/", "--cacert", ca).stdout()).isEqualTo("400");
          assertThat(Tools.curl("https://127.0.0.1:" + p[1] + "/", "--cacert", ca, "--cert",
              certs.untrustedClientCert().cert().toString(), "--key", certs.untrustedClientCert().key().toString())
              .stdout()).isEqualTo("400");
          assertThat(Tools.curl("https://127.0.0.1:" + p[2] + "/", "--cacert", ca).stdout()).isEqualTo("000");
          assertThat(sClient(p[0], "-alpn", "foo/1").exitCode()).isNotZero();
          sClient(p[10], "-tls1_2", "-fallback_scsv"); // a TLS 1.3 server: the fallback signal is refused
          Tools.raw(p[0], Arrays.copyOf(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01}, 6),
              Duration.ofMillis(50), Tools.Close.RESET); // half a ClientHello, then a reset
          assertThat(Tools.curl("https://127.0.0.1:" + p[3] + "/", "--cacert", ca).stdout()).isEqualTo("502");
          assertThat(Tools.curl("https://127.0.0.1:" + p[5] + "/", "--cacert", ca).stdout()).isEqualTo("502");
          assertThat(Tools.curl("https://127.0.0.1:" + p[7] + "/", "--cacert", ca).stdout()).isEqualTo("502");
          assertThat(Tools.curl("https://127.0.0.1:" + p[8] + "/", "--cacert", ca).stdout()).isEqualTo("504");
          assertThat(Tools.curl("https://127.0.0.1:" + p[9] + "/", "--cacert", ca).stdout()).isEqualTo("502");
        }
        Tools.raw(p[0], new byte[0], Duration.ofMillis(1600), Tools.Close.FIN); // silent past client_header_timeout
        nginx.awaitLine(0, l -> l.contains("client timed out"), Duration.ofSeconds(5));
        nginx.awaitLine(0, l -> l.contains("upstream timed out"), Duration.ofSeconds(5));

        JsonNode r = diagnose(nginx);
        assertThat(StreamSupport.stream(r.get("diagnoses").spliterator(), false).filter(d -> d.get("listen")
            .isNull())).isEmpty();

        assertDiagnosis(r, "protocol-version-mismatch", "client", p[0], "client", null, 0);
        assertDiagnosis(r, "not-tls", "client", p[0], "caller", null, 0);
        assertDiagnosis(r, "alpn-mismatch", "client", p[0], "client", null, 0);
        assertDiagnosis(r, "inappropriate-fallback", "client", p[10], "client", null, 0);
        assertDiagnosis(r, "peer-closed-handshake", "client", p[0], "network", null, 0);
        assertDiagnosis(r, "handshake-timeout", "client", p[0], "network", null, 0);
        // request-phase lines name the server (good.test, on several ports): the host's port picks the socket
        assertDiagnosis(r, "client-certificate-required", "client", p[1], "client", null, 0);
        assertDiagnosis(r, "client-certificate-invalid", "client", p[1], "client", null, 0);
        JsonNode expired = assertDiagnosis(r, "certificate-expired", "client", p[2], "nginx", "certificate-expired",
            lineOf(conf, "ssl_certificate " + certs.expiredLeaf().cert()));
        assertThat(expired.get("fix").get("diff").isNull()).isTrue(); // a new certificate is needed: no diff
        JsonNode plain = assertDiagnosis(r, "not-tls", "upstream", p[3], "nginx", "upstream-not-tls",
            lineAfter(conf, "listen 127.0.0.1:" + p[3] + " ssl", "proxy_pass"));
        assertThat(plain.get("fix").get("verified").asBoolean()).isTrue();
        // the backend's own line about the TLS bytes it got (no server: for a request line it could not read)
        assertThat(plain.get("affected").get("backendEvents").asLong()).isEqualTo(2);
        JsonNode untrusted = assertDiagnosis(r, "certificate-untrusted", "upstream", p[5], "nginx",
            "upstream-untrusted", lineAfter(conf, "listen 127.0.0.1:" + p[5] + " ssl", "proxy_pass"));
        assertThat(untrusted.get("fix").get("diff").isNull()).isTrue(); // the backend's CA must be supplied
        assertDiagnosis(r, "certificate-name-mismatch", "upstream", p[7], "nginx", "upstream-name-mismatch",
            lineAfter(conf, "listen 127.0.0.1:" + p[7] + " ssl", "proxy_pass"));
        assertDiagnosis(r, "handshake-timeout", "upstream", p[8], "network", null, 0);
        assertDiagnosis(r, "peer-closed-handshake", "upstream", p[9], "network", null, 0);

        // the verified fix: applied, nginx reloaded, the proxy now answers; the healthy server still does
        List<String> lines = Arrays.asList(Files.readString(conf).split("\n", -1));
        Files.writeString(conf, String.join("\n", Patch.apply(lines, plain.get("fix").get("diff").asText())),
            StandardCharsets.UTF_8);
        assertThat(Tools.run(List.of(Tools.require("nginx").toString(), "-p", nginx.prefix() + "/", "-c",
            conf.toString(), "-s", "reload")).exitCode()).isZero();
        String status = "";
        for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < end; ) {
          status = Tools.curl("https://127.0.0.1:" + p[3] + "/", "--cacert", ca).stdout();
          if (status.equals("200")) {
            break;
          }
          Thread.sleep(100);
        }
        assertThat(status).isEqualTo("200");
        assertThat(Tools.curl("https://127.0.0.1:" + p[10] + "/", "--cacert", ca).stdout()).isEqualTo("200");
        assertThat(Tools.curl("https://127.0.0.1:" + p[6] + "/", "--cacert", ca).stdout()).isEqualTo("200");
      }
    }
  }
}
