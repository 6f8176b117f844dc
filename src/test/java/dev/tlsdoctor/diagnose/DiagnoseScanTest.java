package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.JdkTlsServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diagnose --scan-listens} and {@code --target} on a real nginx 1.22: the scan of each TLS listen socket is
 * joined to the diagnoses the logs give (evidence of kind scan) and confirms a latent configuration problem; the
 * scan of a backend outside the configuration (a JDK server) explains the proxy's failure there; a problem only a
 * scan shows (that backend's expired certificate) is latent.
 */
class DiagnoseScanTest {
  @TempDir
  static Path tmp;

  private static JsonNode byClass(JsonNode list, String cls) {
    return StreamSupport.stream(list.spliterator(), false).filter(d -> d.get("class").asText().equals(cls))
        .findFirst().orElseThrow(() -> new AssertionError("no " + cls + " in " + list));
  }

  private static List<String> evidenceKinds(JsonNode d) {
    return StreamSupport.stream(d.get("evidence").spliterator(), false).map(e -> e.get("kind").asText()).toList();
  }

  private static JsonNode evidence(JsonNode d, String kind) {
    return StreamSupport.stream(d.get("evidence").spliterator(), false).filter(e -> e.get("kind").asText()
        .equals(kind)).findFirst().orElseThrow(() -> new AssertionError("no " + kind + " evidence in " + d));
  }

  @Test
  void scanListensAndTarget_joinedToTheDiagnoses_scanOnlyProblemLatent() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(4);
    String pair = "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key()
        + ";\n";
    String servers = "server {\n    listen 127.0.0.1:" + p[0] + " ssl;\n    server_name good.test;\n" + pair
        + "    ssl_protocols TLSv1.1;\n}\n"
        + "server {\n    listen 127.0.0.1:" + p[1] + " ssl;\n    server_name good.test;\n" + pair
        + "    ssl_protocols TLSv1.2;\n    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;\n}\n"
        + "server {\n    listen 127.0.0.1:" + p[2] + " ssl;\n    server_name good.test;\n" + pair
        + "    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n    ssl_ciphers DEFAULT:@SECLEVEL=0;\n}\n"
        // p3: a proxy to a backend outside this configuration (the JDK server: ECDSA key, expired certificate)
        + "server {\n    listen 127.0.0.1:" + p[3] + " ssl;\n    server_name good.test;\n" + pair
        + "    location / {\n        proxy_pass https://127.0.0.1:JDK;\n        proxy_ssl_verify on;\n"
        + "        proxy_ssl_trusted_certificate " + certs.rootCa() + ";\n        proxy_ssl_verify_depth 3;\n"
        + "    }\n}\n";
    try (JdkTlsServer expired = JdkTlsServer.start(Files.createDirectories(tmp.resolve("jdk")), certs.expiredLeaf(),
            List.of("TLSv1.2", "TLSv1.3"), List.of("TLS_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), false);
        NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")),
            servers.replace("127.0.0.1:JDK", "127.0.0.1:" + expired.port()))) {
      String ca = certs.rootCa().toString();
      for (int i = 0; i < 3; i++) {
        assertThat(Tools.curl("https://127.0.0.1:" + p[0] + "/", "--cacert", ca).stdout()).isEqualTo("000");
        assertThat(Tools.curl("https://127.0.0.1:" + p[1] + "/", "--cacert", ca).stdout()).isEqualTo("000");
      }
      for (int i = 0; i < 2; i++) {
        assertThat(Tools.curl("https://127.0.0.1:" + p[3] + "/", "--cacert", ca).stdout()).isEqualTo("502");
      }
      nginx.awaitLine(0, l -> l.contains("no shared cipher"), Duration.ofSeconds(5));
      Path conf = nginx.prefix().resolve("nginx.conf");

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      long start = System.nanoTime();
      int code = Main.run(new String[] {"diagnose", "--format", "json", "--nginx-version", "1.22.1", "--config",
          conf.toString(), "--log", nginx.errorLog().toString(), "--scan-listens", "--ca-file", ca,
          "--scan-timeout", "8", "--target", "127.0.0.1:" + expired.port()}, new PrintWriter(out, true),
          new PrintWriter(err, true));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(code).as(err.toString()).isEqualTo(1);
      JsonNode r = Json.MAPPER.readTree(out.toString());

      // the scans: four endpoints (the three TLS sockets and the target), each within its deadline
      assertThat(StreamSupport.stream(r.get("inputs").get("scanned").spliterator(), false).map(JsonNode::asText))
          .containsExactlyInAnyOrder("127.0.0.1:" + expired.port(), "127.0.0.1:" + p[0], "127.0.0.1:" + p[1],
              "127.0.0.1:" + p[2], "127.0.0.1:" + p[3]);
      assertThat(took).isLessThan(Duration.ofSeconds(8 * 2 + 30));
      // the target's scan starts at once, the sockets' as soon as the configuration's policy is known
      assertThat(err.toString()).contains("tlsdoctor: diagnose: scanning 1 endpoint(s), 8.0 s deadline each\n",
          "tlsdoctor: diagnose: scanning 4 endpoint(s), 8.0 s deadline each\n");

      JsonNode old = byClass(r.get("diagnoses"), "signature-algorithm-mismatch");
      assertThat(old.get("listen").asText()).isEqualTo("127.0.0.1:" + p[0]);
      assertThat(evidenceKinds(old)).containsExactly("log", "config", "scan");
      assertThat(evidence(old, "scan").get("at").asText()).isEqualTo("127.0.0.1:" + p[0]);
      assertThat(evidence(old, "scan").get("text").asText()).startsWith("no-modern-protocol (error): ");

      JsonNode ecdsa = byClass(r.get("diagnoses"), "no-shared-cipher");
      assertThat(ecdsa.get("listen").asText()).isEqualTo("127.0.0.1:" + p[1]);
      // the scan saw both sides of it: TLS 1.2 enabled but unusable, so no modern version completes
      assertThat(evidenceKinds(ecdsa)).containsExactly("log", "config", "scan", "scan");
      assertThat(StreamSupport.stream(ecdsa.get("evidence").spliterator(), false).filter(e -> e.get("kind").asText()
          .equals("scan")).map(e -> e.get("text").asText().substring(0, e.get("text").asText().indexOf(':'))))
          .containsExactlyInAnyOrder("version-unusable (error)", "no-modern-protocol (error)");
      // the failures the scans confirm rank first; the harness's readiness connections (the network's) after
      assertThat(StreamSupport.stream(r.get("diagnoses").spliterator(), false).map(d -> d.get("class").asText())
          .toList().subList(0, 2)).containsExactly("signature-algorithm-mismatch", "no-shared-cipher");

      // latent: the configuration's deprecated protocols on the third socket, confirmed by its scan
      JsonNode legacy = StreamSupport.stream(r.get("latent").spliterator(), false).filter(d -> d.get("listen")
          .asText().equals("127.0.0.1:" + p[2]) && d.get("class").asText().equals("protocol-deprecated"))
          .findFirst().orElseThrow(() -> new AssertionError("no latent protocol-deprecated at " + p[2]));
      assertThat(evidenceKinds(legacy)).containsExactly("config", "scan", "scan");
      assertThat(legacy.get("rank").asInt()).isEqualTo(r.get("diagnoses").size() + 1);
      assertThat(StreamSupport.stream(r.get("latent").spliterator(), false).filter(d -> d.get("listen").asText()
          .equals("127.0.0.1:" + p[1]))).isEmpty(); // the ECDSA socket's scan findings all joined its diagnosis
      // the proxy's failure at the backend outside the configuration: nginx 1.22 offers its upstreams TLS 1.2 at
      // most, the backend refuses every TLS 1.2 suite (its key is ECDSA, its TLS 1.2 suite RSA), nginx logs alert 40;
      // the backend's scan says why
      JsonNode up = byClass(r.get("diagnoses"), "handshake-failure-alert");
      assertThat(up.get("direction").asText()).isEqualTo("upstream");
      assertThat(up.get("listen").asText()).isEqualTo("127.0.0.1:" + p[3]);
      assertThat(up.get("fixWhere").asText()).isEqualTo("upstream-server");
      assertThat(evidenceKinds(up)).containsExactly("log", "scan");
      assertThat(evidence(up, "scan").get("at").asText()).isEqualTo("127.0.0.1:" + expired.port());
      assertThat(evidence(up, "scan").get("text").asText()).startsWith("version-unusable (error): TLSv1.2 is"
          + " enabled but the server refuses every suite");
      // latent, the scan's alone: the backend's expired certificate (nginx never got as far as seeing it)
      JsonNode exp = byClass(r.get("latent"), "expired");
      assertThat(exp.get("listen").asText()).isEqualTo("127.0.0.1:" + expired.port());
      assertThat(exp.get("causeAt").isNull()).isTrue();
      assertThat(evidenceKinds(exp)).containsExactly("scan");
    }
  }

  /**
   * A socket with three server names: the default one, one with another (expired) certificate and one with the
   * default's certificate. The socket is scanned in full with the default name; the name with its own certificate
   * gets a probe of its own, whose expired certificate is evidence at that socket; the name that shares the default
   * server's certificate is left to the socket's scan.
   */
  @Test
  void scanListens_otherNamesOfASocket_probedWhereTheirCertificateDiffers() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("names-certs")));
    int port = Tools.freePorts(1)[0];
    String listen = "    listen 127.0.0.1:" + port + " ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n";
    String servers = "server {\n" + listen + "    server_name good.test;\n    ssl_certificate " + certs.leaf().cert()
        + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n}\n"
        + "server {\n" + listen + "    server_name expired.test;\n    ssl_certificate " + certs.expiredLeaf().cert()
        + ";\n    ssl_certificate_key " + certs.expiredLeaf().key() + ";\n}\n"
        + "server {\n" + listen + "    server_name same.test;\n    ssl_certificate " + certs.leaf().cert()
        + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("names-nginx")), servers)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new String[] {"diagnose", "--format", "json", "--nginx-version", "1.22.1", "--config",
          nginx.prefix().resolve("nginx.conf").toString(), "--scan-listens", "--ca-file", certs.rootCa().toString(),
          "--scan-timeout", "8"}, new PrintWriter(out, true), new PrintWriter(err, true));
      assertThat(code).as(err.toString()).isEqualTo(1);
      JsonNode r = Json.MAPPER.readTree(out.toString());

      assertThat(StreamSupport.stream(r.get("inputs").get("scanned").spliterator(), false).map(JsonNode::asText))
          .containsExactly("127.0.0.1:" + port, "127.0.0.1:" + port + " (expired.test)");
      assertThat(err.toString()).contains("tlsdoctor: diagnose: scanning 1 endpoint(s) and 1 more server name(s) on"
          + " them, 8.0 s deadline each\n");
      List<String> scanEvidence = StreamSupport.stream(r.get("latent").spliterator(), false)
          .flatMap(d -> StreamSupport.stream(d.get("evidence").spliterator(), false))
          .filter(e -> e.get("kind").asText().equals("scan")).map(e -> e.get("at").asText() + " "
              + e.get("text").asText()).toList();
      // the only scan evidence: the name's expired certificate, named (same.test shares the default's certificate)
      assertThat(scanEvidence).containsExactly("127.0.0.1:" + port + " (expired.test) expired (error): the leaf"
          + " expired on 2021-01-01T00:00:00Z (TLSv1.2 ECDSA suites for expired.test)");
    }
  }

  /** diagnose --scan-listens in JSON over the configuration {@code conf}. */
  private static JsonNode scanListens(Path conf, TestCerts certs, StringWriter err) throws Exception {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"diagnose", "--format", "json", "--nginx-version", "1.22.1", "--config",
        conf.toString(), "--scan-listens", "--ca-file", certs.rootCa().toString(), "--scan-timeout", "8"},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isEqualTo(1);
    return Json.MAPPER.readTree(out.toString());
  }

  /** Each socket's scan evidence, "at text", in the order of the latent diagnoses. */
  private static List<String> scanEvidence(JsonNode r) {
    return StreamSupport.stream(r.get("latent").spliterator(), false)
        .flatMap(d -> StreamSupport.stream(d.get("evidence").spliterator(), false))
        .filter(e -> e.get("kind").asText().equals("scan")).map(e -> e.get("at").asText() + " "
            + e.get("text").asText()).sorted().toList();
  }

  /**
   * Sockets with the same servers (one block on two sockets; a block whose text differs only in its listen address):
   * the first is scanned in full, the others only probed to confirm they answer as it does, and its scan then stands
   * for them — their problems reported at their own address.
   */
  @Test
  void scanListens_socketsWithTheSameServers_scannedOnceAndConfirmed() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("same-certs")));
    int[] ports = Tools.freePorts(3);
    String body = "    ssl_protocols TLSv1.2 TLSv1.3;\n    server_name expired.test;\n    ssl_certificate "
        + certs.expiredLeaf().cert() + ";\n    ssl_certificate_key " + certs.expiredLeaf().key() + ";\n}\n";
    String servers = "server {\n    listen 127.0.0.1:" + ports[0] + " ssl;\n    listen 127.0.0.1:" + ports[1]
        + " ssl;\n" + body + "server {\n    listen 127.0.0.1:" + ports[2] + " ssl;\n" + body;
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("same-nginx")), servers)) {
      StringWriter err = new StringWriter();
      JsonNode r = scanListens(nginx.prefix().resolve("nginx.conf"), certs, err);

      String a = "127.0.0.1:" + ports[0];
      String b = "127.0.0.1:" + ports[1];
      String c = "127.0.0.1:" + ports[2];
      assertThat(StreamSupport.stream(r.get("inputs").get("scanned").spliterator(), false).map(JsonNode::asText))
          .containsExactly(a, b, c);
      assertThat(Json.MAPPER.convertValue(r.get("inputs").get("scannedAs"),
          new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() { }))
          .isEqualTo(java.util.Map.of(b, a, c, a));
      assertThat(err.toString()).contains("scanned 1/3 " + a + "\n", " " + b + " (as " + a + ": the same servers,"
          + " and it answers with the same versions and certificates)\n", " " + c + " (as " + a + ": the same");
      // the expired certificate, seen by the one scan, at each socket
      String expired = " expired (error): the leaf expired on 2021-01-01T00:00:00Z (TLSv1.2 ECDSA suites)";
      assertThat(scanEvidence(r)).containsExactlyInAnyOrder(a + expired, b + expired, c + expired);
    }
  }

  /**
   * A socket whose configuration says it has the same servers as another but that answers otherwise (nginx was not
   * reloaded after an edit): the probe sees another certificate, so the socket is scanned in full, and what it
   * really serves is reported.
   */
  @Test
  void scanListens_socketThatDoesNotAnswerAsItsConfigurationSays_scannedInFull() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("differs-certs")));
    int[] ports = Tools.freePorts(2);
    String running = "server {\n    listen 127.0.0.1:" + ports[0] + " ssl;\n    server_name good.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n}\n"
        + "server {\n    listen 127.0.0.1:" + ports[1] + " ssl;\n    server_name good.test;\n"
        + "    ssl_certificate " + certs.expiredLeaf().cert() + ";\n    ssl_certificate_key "
        + certs.expiredLeaf().key() + ";\n}\n";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("differs-nginx")), running)) {
      // the configuration on the disk: both sockets with the good certificate (the edit nginx has not read)
      Path conf = nginx.prefix().resolve("edited.conf");
      Files.writeString(conf, "events {}\nhttp {\n" + running.replace(certs.expiredLeaf().cert().toString(),
          certs.leaf().cert().toString()).replace(certs.expiredLeaf().key().toString(), certs.leaf().key().toString())
          + "}\n");
      StringWriter err = new StringWriter();
      JsonNode r = scanListens(conf, certs, err);

      assertThat(r.get("inputs").has("scannedAs")).as(r.get("inputs").toString()).isFalse();
      assertThat(err.toString()).doesNotContain("(as ");
      assertThat(scanEvidence(r)).containsExactly("127.0.0.1:" + ports[1] + " expired (error): the leaf expired on"
          + " 2021-01-01T00:00:00Z (TLSv1.2 ECDSA suites)", "127.0.0.1:" + ports[1] + " hostname-mismatch (error):"
          + " 'good.test' is not among [DNS:localhost, DNS:expired.test, IP:127.0.0.1] (TLSv1.2 ECDSA suites)");
    }
  }
}
