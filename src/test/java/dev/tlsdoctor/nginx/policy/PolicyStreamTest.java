package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.ids;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static dev.tlsdoctor.nginx.policy.PolicyUpstreamModulesTest.FILE;
import static dev.tlsdoctor.nginx.policy.PolicyUpstreamModulesTest.diff;
import static dev.tlsdoctor.nginx.policy.PolicyUpstreamModulesTest.findings;
import static dev.tlsdoctor.nginx.policy.PolicyUpstreamModulesTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.report.PolicyReport;
import dev.tlsdoctor.testing.TestCerts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stream {}: TLS listeners inherit ssl_* from stream {}, and proxy_pass with proxy_ssl is an upstream. */
class PolicyStreamTest {
  static final TestCerts certs = PolicyHarness.certs();

  /** A dump with an http block (line 3) and then a stream block whose first line is line 4. */
  static String dump(String... stream) {
    return "# configuration file " + FILE + ":\nevents {}\nhttp { ssl_ciphers HIGH; }\nstream {\n"
        + String.join("\n", stream) + "\n}\n";
  }

  static String cert(TestCerts.Pair p) {
    return "ssl_certificate " + p.cert() + "; ssl_certificate_key " + p.key() + ";";
  }

  @Test
  void ecdsaOnlyCiphersFromStreamBlock_rsaCertificate_noUsableCipher() throws Exception {
    String d = dump(
        "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;",
        "server { listen 127.0.0.1:9443 ssl; " + cert(certs.leaf()) + " proxy_pass 127.0.0.1:9000; }");
    TlsPolicy p = policy(d);
    ServerPolicy s = p.servers().get(0);
    assertThat(s.stream()).isTrue();
    assertThat(s.module()).isEqualTo("stream");
    assertThat(s.ciphers().where()).isEqualTo(FILE + ":4");
    assertThat(s.protocols().isDefault()).isTrue();
    assertThat(p.sockets()).extracting(ListenSocket::address).containsExactly("127.0.0.1:9443");
    Finding f = only(findings(d), "no-usable-cipher");
    assertThat(f.file()).isEqualTo(FILE);
    assertThat(f.line()).isEqualTo(4);
    assertThat(f.listen()).containsExactly("127.0.0.1:9443");
    assertThat(f.message()).startsWith("ssl_ciphers \"ECDHE-ECDSA-AES128-GCM-SHA256\" leaves no suite");
    assertThat(f.fix()).isEqualTo(diff(4, "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;",
        "ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + ";"));
    // the plain proxy_pass to a socket outside this configuration says nothing
    assertThat(ids(findings(d))).doesNotContain("upstream-not-tls", "upstream-verify-off");
  }

  @Test
  void oldProtocolsInStreamServer_protocolDeprecated() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1 TLSv1.2;",
        "    proxy_pass 127.0.0.1:9000; }");
    Finding f = only(findings(d), "protocol-deprecated");
    assertThat(f.line()).isEqualTo(5);
    assertThat(f.fix()).isEqualTo(diff(5, "    ssl_protocols TLSv1 TLSv1.2;", "    ssl_protocols TLSv1.2;"));
  }

  @Test
  void proxySslOnToPlainStreamSocket_upstreamNotTls_fixSwitchesProxySslOff() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9000; proxy_pass 127.0.0.1:9001; }",
        "server { listen 127.0.0.1:9443;",
        "    proxy_pass 127.0.0.1:9000;",
        "    proxy_ssl on; }");
    TlsPolicy p = policy(d);
    UpstreamPolicy u = p.upstreams().stream().filter(x -> x.pass().line() == 6).findFirst().orElseThrow();
    assertThat(u.module()).isEqualTo(UpstreamModule.STREAM);
    assertThat(u.tls()).isTrue();
    assertThat(u.sslSwitch().where()).isEqualTo(FILE + ":7");
    assertThat(u.targets()).extracting(ListenSocket::address).containsExactly("127.0.0.1:9000");
    List<Finding> f = findings(d);
    // an IP address is never sent as SNI, so no upstream-sni-missing
    assertThat(ids(f)).containsExactlyInAnyOrder("upstream-not-tls", "upstream-verify-off");
    Finding n = only(f, "upstream-not-tls");
    assertThat(n.line()).isEqualTo(6);
    assertThat(n.message()).isEqualTo("proxy_pass 127.0.0.1:9000 speaks TLS (proxy_ssl on, " + FILE + ":7) to"
        + " 127.0.0.1:9000, a socket of this configuration without ssl (stream server at " + FILE + ":4): the"
        + " handshake fails with \"wrong version number\"");
    assertThat(n.affected()).isEqualTo("every connection through 127.0.0.1:9000: nginx closes the client's"
        + " connection");
    assertThat(n.fix()).isEqualTo(diff(7, "    proxy_ssl on; }", "    proxy_ssl off; }"));
  }

  @Test
  void proxySslToNamedGroup_sniAndVerify_nameStreamDirectives() throws Exception {
    String d = dump(
        "proxy_ssl on;",
        "upstream backend.test { server 10.0.0.1:443; }",
        "server { listen 127.0.0.1:9443;",
        "    proxy_pass backend.test; }");
    List<Finding> f = findings(d);
    assertThat(ids(f)).containsExactlyInAnyOrder("upstream-sni-missing", "upstream-verify-off");
    Finding sni = only(f, "upstream-sni-missing");
    assertThat(sni.line()).isEqualTo(7);
    assertThat(sni.message()).isEqualTo("proxy_pass backend.test sends no SNI: proxy_ssl_server_name is off"
        + " (default)");
    assertThat(sni.fix()).isEqualTo(diff(7, "    proxy_pass backend.test; }",
        "    proxy_pass backend.test; proxy_ssl_server_name on; }"));
    UpstreamPolicy u = policy(d).upstreams().get(0);
    assertThat(u.addresses()).containsExactly("10.0.0.1:443");
    assertThat(u.sslSwitch().where()).isEqualTo(FILE + ":4");
  }

  @Test
  void plainStreamProxyToTlsStreamSocket_upstreamNotTls_fixAddsProxySslOn() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; " + cert(certs.leaf()) + " proxy_pass 127.0.0.1:9001; }",
        "server { listen 127.0.0.1:9000;",
        "    proxy_pass 127.0.0.1:9443; }");
    Finding n = only(findings(d), "upstream-not-tls");
    assertThat(n.line()).isEqualTo(6);
    assertThat(n.message()).startsWith("proxy_pass 127.0.0.1:9443 speaks plain TCP to 127.0.0.1:9443, a TLS"
        + " socket of this configuration (stream server at " + FILE + ":4)");
    assertThat(n.fix()).isEqualTo(diff(6, "    proxy_pass 127.0.0.1:9443; }",
        "    proxy_pass 127.0.0.1:9443; proxy_ssl on; }"));
  }

  @Test
  void proxySslProtocolsDisjoint_upstreamProtocolMismatch() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; " + cert(certs.leaf()) + " ssl_protocols TLSv1.3;"
            + " proxy_pass 127.0.0.1:9001; }",
        "server { listen 127.0.0.1:9000;",
        "    proxy_pass 127.0.0.1:9443; proxy_ssl on;",
        "    proxy_ssl_protocols TLSv1.2; }");
    Finding m = only(findings(d), "upstream-protocol-mismatch");
    assertThat(m.line()).isEqualTo(6);
    assertThat(m.message()).isEqualTo("proxy_pass 127.0.0.1:9443: proxy_ssl_protocols \"TLSv1.2\" (" + FILE
        + ":7) and the protocols of the stream server at " + FILE + ":4 (\"TLSv1.3\", " + FILE + ":4) have none"
        + " in common");
    // the target's version is added to the one set
    assertThat(m.fix()).isEqualTo(diff(7, "    proxy_ssl_protocols TLSv1.2; }",
        "    proxy_ssl_protocols TLSv1.2 TLSv1.3; }"));
  }

  @Test
  void proxySslCiphersDisjoint_upstreamCipherMismatch() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; " + cert(certs.leaf()) + " ssl_protocols TLSv1.2;"
            + " ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384; proxy_pass 127.0.0.1:9001; }",
        "server { listen 127.0.0.1:9000;",
        "    proxy_pass 127.0.0.1:9443; proxy_ssl on; proxy_ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256; }");
    Finding m = only(findings(d), "upstream-cipher-mismatch");
    assertThat(m.line()).isEqualTo(6);
    assertThat(m.message()).startsWith("proxy_pass 127.0.0.1:9443: proxy_ssl_ciphers"
        + " \"ECDHE-RSA-AES128-GCM-SHA256\" (" + FILE + ":6) shares no suite with the stream server at " + FILE
        + ":4");
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportMarksStreamServersAndUpstreams() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; " + cert(certs.leaf()) + " proxy_pass 127.0.0.1:9001;"
            + " proxy_ssl on; }");
    TlsPolicy p = policy(d);
    List<Finding> f = findings(d);
    Map<String, Object> json = PolicyReport.json(p, f);
    List<Map<String, Object>> servers = (List<Map<String, Object>>) json.get("servers");
    assertThat(servers).hasSize(1);
    assertThat(servers.get(0).get("module")).isEqualTo("stream");
    List<Map<String, Object>> ups = (List<Map<String, Object>>) servers.get(0).get("upstreams");
    assertThat(ups.get(0).get("module")).isEqualTo("stream");
    assertThat(ups.get(0).get("proxySsl")).isEqualTo(Map.of("value", "on", "from", FILE + ":4"));
    StringWriter w = new StringWriter();
    PolicyReport.text(p, "test", f, new PrintWriter(w));
    assertThat(w.toString()).contains("\nstream server at " + FILE + ":4\n  listen 127.0.0.1:9443 ssl\n")
        .contains("\nstream proxy_pass 127.0.0.1:9001 at " + FILE + ":4 (stream server at " + FILE + ":4)\n");
  }

  @Test
  void udpListenIsNotTheTcpSocket() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9000; listen 127.0.0.1:9000 udp; proxy_pass 127.0.0.1:9001; }",
        "server { listen 127.0.0.1:9443;",
        "    proxy_pass 127.0.0.1:9000; proxy_ssl on; }");
    TlsPolicy p = policy(d);
    assertThat(p.sockets()).extracting(ListenSocket::address).containsExactly("127.0.0.1:9000", "127.0.0.1:9443");
    assertThat(only(findings(d), "upstream-not-tls").line()).isEqualTo(6);
  }

  @Test
  void virtualStreamServers_sniFromStreamProxyPicksNamedServer() throws Exception {
    // nginx 1.25.5 and later: stream servers on one socket chosen by server_name, as in http
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; server_name a.test; " + cert(certs.leaf())
            + " ssl_protocols TLSv1.2; return ok; }",
        "server { listen 127.0.0.1:9443 ssl; server_name b.test; " + cert(certs.leaf())
            + " ssl_protocols TLSv1.3; return ok; }",
        "server { listen 127.0.0.1:9000;",
        "    proxy_pass 127.0.0.1:9443; proxy_ssl on; proxy_ssl_server_name on; proxy_ssl_name b.test;",
        "    proxy_ssl_protocols TLSv1.2; }");
    TlsPolicy p = TlsPolicy.of(dev.tlsdoctor.nginx.config.NginxConfigReader.strict().readDump(
        d.getBytes(java.nio.charset.StandardCharsets.UTF_8)), NginxVersion.parse("1.29.2"),
        dev.tlsdoctor.openssl.OpensslBuild.OPENSSL_3_0);
    ListenSocket k = p.sockets().get(0);
    assertThat(k.servers()).hasSize(2);
    assertThat(k.defaultServer().name()).isEqualTo("a.test");
    List<Finding> f = PolicyFindings.analyze(p, SourceLines.fromDump(
        d.getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.time.Clock.systemUTC());
    Finding m = only(f, "upstream-protocol-mismatch");
    assertThat(m.line()).isEqualTo(7);
    assertThat(m.message()).contains("the protocols of the stream server b.test at " + FILE + ":5");
  }

  @Test
  void httpProxyPassToStreamTlsListener_upstreamNotTls_namesStreamServer() throws Exception {
    String d = "# configuration file " + FILE + ":\nevents {}\nhttp {\nserver { listen 127.0.0.1:8080;\n"
        + "    location / { proxy_pass http://127.0.0.1:9443; } }\n}\nstream {\n"
        + "server { listen 127.0.0.1:9443 ssl; " + cert(certs.leaf()) + " return ok; }\n}\n";
    Finding n = only(findings(d), "upstream-not-tls");
    assertThat(n.line()).isEqualTo(4);
    assertThat(n.message()).isEqualTo("proxy_pass http://127.0.0.1:9443 speaks plain HTTP to 127.0.0.1:9443, a TLS"
        + " socket of this configuration (stream server at " + FILE + ":7): what arrives there is no TLS handshake"
        + " and it fails");
    assertThat(n.affected()).isEqualTo("every request through http://127.0.0.1:9443: 502 Bad Gateway");
  }
}
