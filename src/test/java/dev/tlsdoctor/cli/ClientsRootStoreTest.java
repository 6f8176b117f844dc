package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain that leads to a public root some old stores lack: a CA made here under ISRG Root X1's name (given with
 * {@code --ca-file}, as the real root is in every current store) signs the certificate of a real nginx. Android 7.0
 * and Java 7 refuse it (their stores predate that root), Android 8 and Java 8u161 connect; from the configuration
 * (the file holds the chain) the same.
 */
class ClientsRootStoreTest {
  @TempDir
  static Path tmp;
  static NginxServer nginx;
  static int port;
  static Path root;
  static Path conf;

  @BeforeAll
  static void start() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("pki"));
    Tools.openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.crt",
        "-days", "3650", "-subj", "/C=US/O=Internet Security Research Group/CN=ISRG Root X1",
        "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    Tools.openssl(d, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
        "-subj", "/CN=localhost");
    Files.writeString(d.resolve("leaf.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
        + "extendedKeyUsage=serverAuth\nbasicConstraints=CA:false\n");
    Tools.openssl(d, "x509", "-req", "-in", "leaf.csr", "-CA", "root.crt", "-CAkey", "root.key", "-CAcreateserial",
        "-days", "365", "-sha256", "-extfile", "leaf.ext", "-out", "leaf.crt");
    root = d.resolve("root.crt");
    port = Tools.freePorts(1)[0];
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), "server { listen 127.0.0.1:" + port
        + " ssl; server_name localhost; ssl_certificate " + d.resolve("leaf.crt") + "; ssl_certificate_key "
        + d.resolve("leaf.key") + ";\n ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n"
        + " ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0; }");
    conf = tmp.resolve("nginx").resolve("nginx.conf");
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  private static Map<String, JsonNode> byId(Cli.Result r) throws Exception {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode c : Json.MAPPER.readTree(r.out()).get("clients")) {
      m.put(c.get("id").asText(), c);
    }
    return m;
  }

  @Test
  void live_oldStoresRefuseTheRoot_newerOnesConnect() throws Exception {
    Cli.Result r = Cli.run("clients", "127.0.0.1:" + port, "--sni", "localhost", "--ca-file", root.toString(),
        "--client", "android-7.0", "--client", "android-8-9", "--client", "java-7u80", "--client", "java-8u161",
        "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    Map<String, JsonNode> c = byId(r);
    assertThat(c.keySet()).containsExactlyInAnyOrder("android-7.0", "android-8-9", "java-7u80", "java-8u161");
    JsonNode a7 = c.get("android-7.0");
    assertThat(a7.get("handshake").get("ok").asBoolean()).isTrue();
    assertThat(a7.get("connects").asBoolean()).isFalse();
    assertThat(a7.get("class").asText()).isEqualTo("certificate-untrusted");
    assertThat(a7.get("reason").asText()).startsWith("the chain leads to ISRG Root X1, a root this client's store"
        + " does not hold (it is in Android 7.1.1,");
    assertThat(c.get("java-7u80").get("class").asText()).isEqualTo("certificate-untrusted");
    assertThat(c.get("java-7u80").get("handshake").get("protocol").asText()).isEqualTo("TLSv1");
    assertThat(c.get("android-8-9").get("connects").asBoolean()).isTrue();
    assertThat(c.get("java-8u161").get("connects").asBoolean()).isTrue();
    assertThat(c.get("java-8u161").get("trust").get("ok").asBoolean()).isTrue();
  }

  @Test
  void config_theChainInTheFileLeadsToTheRoot_theSameClientsFail() throws Exception {
    Cli.Result r = Cli.run("clients", "--config", conf.toString(), "--listen", "127.0.0.1:" + port, "--sni",
        "localhost", "--nginx-version", "1.22.1", "--client", "android-7.0", "--client", "android-8-9",
        "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    Map<String, JsonNode> c = byId(r);
    assertThat(c.get("android-7.0").get("class").asText()).isEqualTo("certificate-untrusted");
    assertThat(c.get("android-7.0").get("blockedBy").get("directive").asText()).startsWith("ssl_certificate ");
    assertThat(c.get("android-8-9").get("connects").asBoolean()).isTrue();
    assertThat(c.get("android-8-9").get("trust").get("ok").isNull()).isTrue();
  }
}
