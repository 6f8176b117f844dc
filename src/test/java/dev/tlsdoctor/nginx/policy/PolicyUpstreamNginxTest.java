package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyzeDump;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.ids;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream-side findings: a proxy and its backend in one real nginx; the request through the proxy shows the result.
 */
class PolicyUpstreamNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  static String cert(TestCerts.Pair p) {
    return PolicyServerNginxTest.cert(p);
  }

  @Test
  void httpsToPlainSocket_upstreamNotTls_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + "; location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + "; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "upstream-not-tls");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      assertThat(f.fix()).endsWith("\n+    location / { proxy_pass http://127.0.0.1:" + p[0] + "; } }\n");
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains("wrong version number");
      assertThat(PolicyServerNginxTest.key(analyzeDump(nginx.prefix(), LOCAL)))
          .isEqualTo(PolicyServerNginxTest.key(findings));
    }
  }

  @Test
  void httpToTlsSocket_upstreamNotTls_400FromBackend() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; " + cert(certs.leaf()) + " location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass http://127.0.0.1:" + p[0] + "; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-not-tls");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass http://"));
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("400"));
      assertThat(String.join("\n", log)).contains("client sent plain HTTP request to HTTPS port");
    }
  }

  @Test
  void proxyTls12ToTls13OnlyBackend_protocolMismatch_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.3; location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + ";",
        "        proxy_ssl_protocols TLSv1.2; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "upstream-protocol-mismatch");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      // the version the backend wants is added; TLSv1.2, which the pass was set to, stays for other backends
      assertThat(f.fix()).endsWith("\n+        proxy_ssl_protocols TLSv1.2 TLSv1.3; } }\n");
      assertThat(ids(findings)).doesNotContain("upstream-sni-missing"); // an address is never sent as SNI
      String said = "SSL_do_handshake() failed (SSL: error:0A00042E:SSL routines::tlsv1 alert protocol version:SSL"
          + " alert number 70) while SSL handshaking to upstream";
      assertThat(f.message()).endsWith("; nginx logs \"" + said + "\"");
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains(said);
    }
  }

  /**
   * Before 1.23.4 nginx offers upstreams TLSv1 to TLSv1.2 when proxy_ssl_protocols is not set: a TLS 1.3-only backend
   * answers with alert protocol_version. The verified fix, applied and reloaded, gives 200.
   */
  @Test
  void defaultUpstreamProtocolsBefore1234ToTls13OnlyBackend_protocolMismatch_502_fixGives200() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(!NginxVersion.parse(LOCAL).isAtLeast(NginxVersion.TLS13_DEFAULT),
        "nginx " + LOCAL + " offers TLSv1.3 to upstreams by default");
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name localhost; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.3; location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + "; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int line = lineOf(conf, "proxy_pass https://");
      Finding f = only(PolicyHarness.analyzeVerified(conf, LOCAL), "upstream-protocol-mismatch");
      String log = "SSL_do_handshake() failed (SSL: error:0A00042E:SSL routines::tlsv1 alert protocol version:SSL"
          + " alert number 70) while SSL handshaking to upstream";
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.listen()).containsExactly("127.0.0.1:" + p[1]);
      assertThat(f.message()).isEqualTo("proxy_pass https://127.0.0.1:" + p[0] + ": proxy_ssl_protocols is not set,"
          + " and nginx " + LOCAL + " offers upstreams \"TLSv1 TLSv1.1 TLSv1.2\" by default (TLSv1.3 only from"
          + " 1.23.4 on), none of the protocols of the server localhost at " + conf + ":" + lineOf(conf, "server_name"
          + " localhost") + " (\"TLSv1.3\", " + conf + ":" + lineOf(conf, "ssl_protocols TLSv1.3") + "); nginx logs"
          + " \"" + log + "\"");
      assertThat(f.affected()).isEqualTo("every request through https://127.0.0.1:" + p[0] + ": 502 Bad Gateway");
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + line + ",1 +" + line + ",1 @@\n"
          + "-    location / { proxy_pass https://127.0.0.1:" + p[0] + "; } }\n"
          + "+    location / { proxy_pass https://127.0.0.1:" + p[0] + "; proxy_ssl_protocols TLSv1.2 TLSv1.3; } }\n");
      assertThat(f.fixVerified()).isTrue();
      List<String> lines = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", lines)).contains(log);
      // 1.23.4 and later offer TLSv1.3 by default
      assertThat(ids(analyze(conf, "1.23.4"))).doesNotContain("upstream-protocol-mismatch");

      PolicyHarness.applyAndReload(nginx, f.fix());

      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("200");
    }
  }

  @Test
  void proxyRsaCiphersToEcdsaBackend_cipherMismatch_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; " + cert(certs.ecdsaLeaf()),
        "    ssl_protocols TLSv1.2; location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + ";",
        "        proxy_ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-cipher-mismatch");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains("while SSL handshaking to upstream");
    }
  }

  @Test
  void noSniToBackendThatRejectsWithoutIt_sniMissing_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "upstream good.test { server 127.0.0.1:" + p[0] + "; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl default_server; ssl_reject_handshake on; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name good.test; " + cert(certs.leaf()),
        "    location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://good.test; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "upstream-sni-missing");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://good.test"));
      assertThat(f.fix()).endsWith("\n+    location / { proxy_pass https://good.test; proxy_ssl_server_name on; } }\n");
      Finding v = only(findings, "upstream-verify-off");
      assertThat(v.line()).isEqualTo(f.line());
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains("unrecognized name");
    }
  }

  static final String UNRECOGNIZED = "SSL_do_handshake() failed (SSL: error:0A000458:SSL routines::tlsv1"
      + " unrecognized name:SSL alert number 112) while SSL handshaking to upstream";

  /**
   * An address is never sent as SNI, and the backend's default server refuses handshakes without a name: an error,
   * whose verified fix sends the name of the server there (proxy_ssl_server_name on and proxy_ssl_name).
   */
  @Test
  void addressWithoutSniToBackendThatRejectsIt_sniMissingError_502_fixGives200() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl default_server; ssl_reject_handshake on; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name good.test; " + cert(certs.leaf()),
        "    location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + "; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int line = lineOf(conf, "proxy_pass https://");
      List<Finding> findings = PolicyHarness.analyzeVerified(conf, LOCAL);
      Finding f = only(findings, "upstream-sni-missing");
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.listen()).containsExactly("127.0.0.1:" + p[1]);
      assertThat(f.message()).isEqualTo("proxy_pass https://127.0.0.1:" + p[0] + " sends no SNI"
          + " (proxy_ssl_server_name is off (default)) to 127.0.0.1:" + p[0] + ", a TLS socket of this configuration"
          + " whose default server (" + conf + ":" + lineOf(conf, "ssl_reject_handshake") + ") refuses handshakes"
          + " without a name it serves (ssl_reject_handshake on, " + conf + ":" + lineOf(conf, "ssl_reject_handshake")
          + "): every handshake fails; nginx logs \"" + UNRECOGNIZED + "\"; good.test is a name served there; with"
          + " the name, the Host header 127.0.0.1:" + p[0] + " ($proxy_host, the default) must name that server too,"
          + " or the backend answers as its default server");
      assertThat(f.affected()).isEqualTo("every request through https://127.0.0.1:" + p[0] + ": 502 Bad Gateway");
      // the name as SNI, and as Host: the backend picks the server of a request by its Host header
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + line + ",1 +" + line + ",1 @@\n"
          + "-    location / { proxy_pass https://127.0.0.1:" + p[0] + "; } }\n"
          + "+    location / { proxy_pass https://127.0.0.1:" + p[0] + "; proxy_ssl_server_name on; proxy_ssl_name"
          + " good.test; proxy_set_header Host good.test; } }\n");
      assertThat(f.fixVerified()).isTrue();
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains(UNRECOGNIZED);

      PolicyHarness.applyAndReload(nginx, f.fix());

      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("200");
      assertThat(ids(analyze(conf, LOCAL))).doesNotContain("upstream-sni-missing", "upstream-sni-rejected");
    }
  }

  /** SNI is sent, but with a name no server of the backend socket has: refused as well. */
  @Test
  void sniNameNoServerHasToBackendThatRejectsIt_sniRejected_502_fixGives200() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl default_server; ssl_reject_handshake on; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name good.test; " + cert(certs.leaf()),
        "    location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + ";",
        "        proxy_ssl_server_name on; proxy_ssl_name wrong.test; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int nameLine = lineOf(conf, "proxy_ssl_name wrong.test");
      Finding f = only(PolicyHarness.analyzeVerified(conf, LOCAL), "upstream-sni-rejected");
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      assertThat(f.message()).isEqualTo("proxy_pass https://127.0.0.1:" + p[0] + " sends the name \"wrong.test\""
          + " (proxy_ssl_name, " + conf + ":" + nameLine + ") as SNI to 127.0.0.1:" + p[0] + ", a TLS socket of this"
          + " configuration whose default server (" + conf + ":" + lineOf(conf, "ssl_reject_handshake") + ") refuses"
          + " handshakes without a name it serves (ssl_reject_handshake on, " + conf + ":"
          + lineOf(conf, "ssl_reject_handshake") + "), and no server there has that name: every handshake fails;"
          + " nginx logs \"" + UNRECOGNIZED + "\"; good.test is a name served there; with the name, the Host header"
          + " 127.0.0.1:" + p[0] + " ($proxy_host, the default) must name that server too, or the backend answers as"
          + " its default server");
      int passLine = lineOf(conf, "proxy_pass https://");
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n"
          + "@@ -" + passLine + ",1 +" + passLine + ",2 @@\n"
          + "     location / { proxy_pass https://127.0.0.1:" + p[0] + ";\n"
          + "+    proxy_set_header Host good.test;\n"
          + "@@ -" + nameLine + ",1 +" + (nameLine + 1) + ",1 @@\n"
          + "-        proxy_ssl_server_name on; proxy_ssl_name wrong.test; } }\n"
          + "+        proxy_ssl_server_name on; proxy_ssl_name good.test; } }\n");
      assertThat(f.fixVerified()).isTrue();
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains(UNRECOGNIZED);

      PolicyHarness.applyAndReload(nginx, f.fix());

      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("200");
    }
  }

  /**
   * A TLS pass through variables: nginx speaks TLS where the value says so (the request gets 200), nothing tells
   * the analysis where to; it says so and lists the settings in force, and claims nothing about the backend.
   */
  @Test
  void passesThroughVariables_notEvaluated_settingsListed() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name localhost; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.2 TLSv1.3; location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location /a { set $up https; proxy_pass $up://127.0.0.1:" + p[0] + "; }",
        "    location /b { proxy_pass https://$http_x_backend; proxy_ssl_verify on;",
        "        proxy_ssl_trusted_certificate " + certs.rootCa() + "; proxy_ssl_name localhost; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      // nginx speaks TLS to the backend through both
      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/a").stdout()).isEqualTo("200");
      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/b", "-H", "X-Backend: 127.0.0.1:" + p[0]).stdout())
          .isEqualTo("200");

      List<Finding> findings = analyze(conf, LOCAL);

      // $up:// is no plain HTTP pass to a TLS socket (as it was taken for)
      assertThat(ids(findings)).doesNotContain("upstream-not-tls", "upstream-verify-off");
      List<Finding> f = findings.stream().filter(x -> x.id().equals("upstream-not-evaluated")).toList();
      assertThat(f).extracting(Finding::line, Finding::severity).containsExactly(
          org.assertj.core.groups.Tuple.tuple(lineOf(conf, "location /a"), Severity.INFO),
          org.assertj.core.groups.Tuple.tuple(lineOf(conf, "location /b"), Severity.INFO));
      String defaults = "proxy_ssl_protocols \"TLSv1 TLSv1.1 TLSv1.2\" (default), proxy_ssl_ciphers \"DEFAULT\""
          + " (default)";
      assertThat(f.get(0).message()).isEqualTo("proxy_pass $up://127.0.0.1:" + p[0] + ": the scheme is known only"
          + " at run time (the URL holds variables), so whether it speaks TLS was not evaluated; if it does, the"
          + " settings in force are: proxy_ssl_server_name \"off\" (default), proxy_ssl_name \"127.0.0.1\""
          + " (default: the host of the URL), " + defaults + ", proxy_ssl_verify \"off\" (default)");
      int b = lineOf(conf, "location /b");
      assertThat(f.get(1).message()).isEqualTo("proxy_pass https://$http_x_backend: the destination is known only at"
          + " run time (the URL holds variables), so its TLS handshake was not evaluated against a server; the"
          + " settings in force are: proxy_ssl_server_name \"off\" (default), proxy_ssl_name \"localhost\" ("
          + conf + ":" + (b + 1) + "), " + defaults + ", proxy_ssl_verify \"on\" (" + conf + ":" + b + "),"
          + " proxy_ssl_trusted_certificate \"" + certs.rootCa() + "\" (" + conf + ":" + (b + 1) + ")");
      assertThat(f.get(1).affected()).isEqualTo("nothing is known here of the handshakes through"
          + " https://$http_x_backend: hold these settings against the backends it can reach");
      assertThat(f.get(1).fix()).isNull();
    }
  }

  @Test
  void verifyOff_selfSignedBackendAccepted() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; " + cert(certs.selfSigned()) + " location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + "; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-verify-off");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      // nginx talks to a backend whose certificate nobody trusts
      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("200");
    }
  }

  @Test
  void grpcsToPlainHttp2Socket_upstreamNotTls_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " http2; location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { grpc_pass grpcs://127.0.0.1:" + p[0] + "; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "upstream-not-tls");
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(lineOf(conf, "grpc_pass grpcs://"));
      assertThat(f.message()).startsWith("grpc_pass grpcs://127.0.0.1:" + p[0] + " speaks TLS to 127.0.0.1:" + p[0]);
      assertThat(f.fix()).endsWith("\n+    location / { grpc_pass grpc://127.0.0.1:" + p[0] + "; } }\n");
      assertThat(only(findings, "upstream-verify-off").message()).contains("grpc_ssl_verify is off");
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains("wrong version number").contains("grpcs://127.0.0.1:" + p[0]);
      assertThat(PolicyServerNginxTest.key(analyzeDump(nginx.prefix(), LOCAL)))
          .isEqualTo(PolicyServerNginxTest.key(findings));
    }
  }

  @Test
  void suwsgiWithoutSniToBackendThatRejectsWithoutIt_sniMissing_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "upstream app.test { server 127.0.0.1:" + p[0] + "; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl default_server; ssl_reject_handshake on; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name app.test; " + cert(certs.leaf()),
        "    location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { uwsgi_pass suwsgi://app.test; uwsgi_ssl_verify off; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      List<Finding> findings = analyze(conf, LOCAL);
      Finding f = only(findings, "upstream-sni-missing");
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(lineOf(conf, "uwsgi_pass suwsgi://app.test"));
      // the backend's default server refuses handshakes without a name: the failure is certain, an error
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.message()).isEqualTo("uwsgi_pass suwsgi://app.test sends no SNI (uwsgi_ssl_server_name is off"
          + " (default)) to 127.0.0.1:" + p[0] + ", a TLS socket of this configuration whose default server (" + conf
          + ":" + lineOf(conf, "ssl_reject_handshake") + ") refuses handshakes without a name it serves"
          + " (ssl_reject_handshake on, " + conf + ":" + lineOf(conf, "ssl_reject_handshake") + "): every handshake"
          + " fails; nginx logs \"" + UNRECOGNIZED + "\"");
      assertThat(f.fix()).endsWith("\n+    location / { uwsgi_pass suwsgi://app.test; uwsgi_ssl_server_name on;"
          + " uwsgi_ssl_verify off; } }\n");
      assertThat(only(findings, "upstream-verify-off").message())
          .contains("uwsgi_ssl_verify is off (" + conf + ":" + f.line() + ")");
      List<String> log = nginx.linesDuring(() ->
          assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502"));
      assertThat(String.join("\n", log)).contains(UNRECOGNIZED);
    }
  }

  @Test
  void suwsgiWithSni_handshakeSucceeds_noSniFinding() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "upstream app.test { server 127.0.0.1:" + p[0] + "; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl default_server; ssl_reject_handshake on; }",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name app.test; " + cert(certs.leaf()),
        "    location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { uwsgi_pass suwsgi://app.test; uwsgi_ssl_server_name on; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      assertThat(ids(analyze(conf, LOCAL))).filteredOn(id -> id.startsWith("upstream-"))
          .containsExactly("upstream-verify-off");
      // the handshake with SNI reaches app.test; that server speaks http, so it then refuses the uwsgi packet
      List<String> log = nginx.linesDuring(() -> Tools.curl("http://127.0.0.1:" + p[1] + "/"));
      assertThat(String.join("\n", log)).doesNotContain("unrecognized name").doesNotContain("SSL_do_handshake")
          .contains("client sent invalid method").contains("server: app.test");
    }
  }
}
