package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that sets its own certificate while none of its listens has {@code ssl}: a real nginx starts with it and
 * speaks plain text, so a TLS client fails at once; {@code config} says so, and on a port that is TLS from the first
 * byte offers the {@code ssl} flag, which nginx -t accepts and after which the same nginx completes handshakes.
 */
class CertificateWithoutTlsTest {
  @TempDir
  Path tmp;

  /** A free loopback port among TLS ports (MQTT over TLS, HTTPS alternate, AMQPS), so the rule sees a TLS port. */
  private static int freeTlsPort() {
    for (int port : List.of(8883, 9443, 5671, 6514, 5061)) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        return s.getLocalPort();
      } catch (IOException busy) {
        // next
      }
    }
    throw new AssertionError("none of the TLS ports 8883, 9443, 5671, 6514, 5061 is free on 127.0.0.1");
  }

  @Test
  void certificateOnPlainListens_plainTextServed_flagged_fixMakesItTls() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int tlsPort = freeTlsPort();
    int plainPort = Tools.freePorts(1)[0];
    String servers = "server { listen 127.0.0.1:" + tlsPort + "; server_name a.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n"
        + "    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    return 200; }\n"
        + "server { listen 127.0.0.1:" + plainPort + "; server_name b.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n"
        + "    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    return 200; }\n";
    Path prefix = Files.createDirectories(tmp.resolve("nginx"));
    Path conf = prefix.resolve("nginx.conf");
    try (NginxServer nginx = NginxServer.start(prefix, servers)) {
      assertThat(nginx.prefix()).isEqualTo(prefix); // nginx starts with it
      Tools.Result hello = Tools.opensslClient(tlsPort, "", "-servername", "a.test");
      assertThat(hello.exitCode()).isNotZero();
      assertThat(hello.output()).contains("wrong version number");
    }
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", "--format", "json", conf.toString());
    Map<Integer, JsonNode> byLine = new HashMap<>();
    for (JsonNode f : Json.MAPPER.readTree(r.out()).get("findings")) {
      if (f.get("id").asText().equals("certificate-without-tls")) {
        byLine.put(f.get("line").asInt(), f);
      }
    }
    List<String> lines = Files.readAllLines(conf);
    int tlsListen = lines.indexOf(lines.stream().filter(l -> l.contains("listen 127.0.0.1:" + tlsPort + ";"))
        .findFirst().orElseThrow()) + 1;
    int plainCert = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("ssl_certificate ") && i > 0 && lines.get(i - 1).contains(":" + plainPort + ";")) {
        plainCert = i + 1;
      }
    }
    assertThat(byLine.keySet()).containsExactlyInAnyOrder(tlsListen, plainCert);
    JsonNode warning = byLine.get(tlsListen);
    assertThat(warning.get("severity").asText()).isEqualTo("warning");
    assertThat(warning.get("message").asText()).contains("sets ssl_certificate").contains("none of its listen"
        + " directives has ssl").contains("127.0.0.1:" + tlsPort + " speaks plain text");
    assertThat(warning.toString()).contains("nginx -t accepts it")
        .contains("+server { listen 127.0.0.1:" + tlsPort + " ssl; server_name a.test;");
    JsonNode info = byLine.get(plainCert);
    assertThat(info.get("severity").asText()).isEqualTo("info");
    assertThat(info.toString()).contains("not offered as a diff: no listen is on a port that is TLS");

    // the fix applied: the same nginx now completes the handshake on that port
    Path fixed = Files.createDirectories(tmp.resolve("fixed"));
    try (NginxServer nginx = NginxServer.start(fixed, servers.replace("listen 127.0.0.1:" + tlsPort + ";",
        "listen 127.0.0.1:" + tlsPort + " ssl;"))) {
      assertThat(nginx.prefix()).isEqualTo(fixed);
      Tools.Result hello = Tools.opensslClient(tlsPort, "", "-servername", "a.test");
      assertThat(hello.output()).contains("Verification").doesNotContain("wrong version number");
      Cli.Result after = Cli.run("config", "--nginx-version", "1.22.1", fixed.resolve("nginx.conf").toString());
      assertThat(after.out()).doesNotContain("WARNING certificate-without-tls");
    }
  }
}
