package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.ids;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.report.PolicyReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** grpc_pass and uwsgi_pass: the same upstream checks as proxy_pass, each with its own *_ssl_* directives. */
class PolicyUpstreamModulesTest {
  static final String FILE = "/etc/nginx/nginx.conf";

  /** The dump of a configuration whose http block is {@code http} (line 3 is its first line). */
  static String dump(String... http) {
    return "# configuration file " + FILE + ":\nevents {}\nhttp {\n" + String.join("\n", http) + "\n}\n";
  }

  static TlsPolicy policy(String dump) throws Exception {
    return TlsPolicy.of(NginxConfigReader.strict().readDump(dump.getBytes(StandardCharsets.UTF_8)),
        NginxVersion.parse("1.22.1"), OpensslBuild.OPENSSL_3_0);
  }

  static List<Finding> findings(String dump) throws Exception {
    return PolicyFindings.analyze(policy(dump), SourceLines.fromDump(dump.getBytes(StandardCharsets.UTF_8)),
        Clock.systemUTC());
  }

  static String diff(int line, String before, String... after) {
    StringBuilder b = new StringBuilder("--- a" + FILE + "\n+++ b" + FILE + "\n@@ -" + line + ",1 +" + line + ","
        + after.length + " @@\n");
    if (before != null) {
      b.append('-').append(before).append('\n');
    }
    for (String a : after) {
      b.append('+').append(a).append('\n');
    }
    return b.toString();
  }

  @Test
  void grpcsToName_sniMissingAndVerifyOff_nameGrpcDirectives() throws Exception {
    String d = dump(
        "server { listen 8080 http2;", // nginx 1.22 (the version here) has no "http2" directive yet
        "    location / { grpc_pass grpcs://backend.test:50051; } }");
    List<Finding> f = findings(d);
    assertThat(ids(f)).containsExactlyInAnyOrder("upstream-sni-missing", "upstream-verify-off");
    Finding sni = only(f, "upstream-sni-missing");
    assertThat(sni.file()).isEqualTo(FILE);
    assertThat(sni.line()).isEqualTo(4);
    assertThat(sni.message()).isEqualTo("grpc_pass grpcs://backend.test:50051 sends no SNI: grpc_ssl_server_name is"
        + " off (default)");
    assertThat(sni.fix()).isEqualTo(diff(4, "    location / { grpc_pass grpcs://backend.test:50051; } }",
        "    location / { grpc_pass grpcs://backend.test:50051; grpc_ssl_server_name on; } }"));
    Finding verify = only(f, "upstream-verify-off");
    assertThat(verify.line()).isEqualTo(4);
    assertThat(verify.message()).startsWith("grpc_pass grpcs://backend.test:50051 does not verify the upstream's"
        + " certificate: grpc_ssl_verify is off");
    // the backend is not a server of this configuration: which CA issued its certificate is unknown, so no diff
    assertThat(verify.fix()).isNull();
    assertThat(verify.fixVerification()).isEqualTo("not offered as a diff: the CA that issued backend.test's"
        + " certificate is not known here; set grpc_ssl_verify on; and grpc_ssl_trusted_certificate to that CA's"
        + " PEM file (the system bundle only if a public CA issued it; `openssl s_client -connect"
        + " backend.test:50051 -showcerts` shows the issuer)");
  }

  @Test
  void grpcDirectivesOfOtherModulesDoNotCount() throws Exception {
    // proxy_ssl_* and uwsgi_ssl_* say nothing about grpc_pass; grpc_ssl_* from http {} is inherited
    String d = dump(
        "proxy_ssl_server_name on; proxy_ssl_verify on; uwsgi_ssl_server_name on;",
        "grpc_ssl_verify on; grpc_ssl_trusted_certificate /etc/ssl/ca.pem;",
        "server { listen 8080;",
        "    location / { grpc_pass grpcs://backend.test:50051; } }");
    List<Finding> f = findings(d);
    assertThat(ids(f)).containsExactly("upstream-sni-missing");
    assertThat(only(f, "upstream-sni-missing").line()).isEqualTo(6);
    UpstreamPolicy u = policy(d).upstreams().get(0);
    assertThat(u.module()).isEqualTo(UpstreamModule.GRPC);
    assertThat(u.verify().where()).isEqualTo(FILE + ":4");
    assertThat(u.serverName().isDefault()).isTrue();
  }

  @Test
  void grpcWithoutSchemeToTlsSocket_notTls_fixAddsGrpcs() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:8443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; }",
        "server { listen 8080;",
        "    location / {",
        "        grpc_pass 127.0.0.1:8443;",
        "    }",
        "}");
    List<Finding> f = findings(d);
    Finding n = only(f, "upstream-not-tls");
    assertThat(n.file()).isEqualTo(FILE);
    assertThat(n.line()).isEqualTo(6);
    assertThat(n.message()).startsWith("grpc_pass 127.0.0.1:8443 speaks plain grpc to 127.0.0.1:8443, a TLS socket");
    assertThat(n.fix()).isEqualTo(diff(6, "        grpc_pass 127.0.0.1:8443;",
        "        grpc_pass grpcs://127.0.0.1:8443;"));
    UpstreamPolicy u = policy(d).upstreams().get(0);
    assertThat(u.scheme()).isEqualTo("grpc");
    assertThat(u.tls()).isFalse();
    assertThat(u.addresses()).containsExactly("127.0.0.1:8443");
  }

  @Test
  void grpcsToPlainSocket_notTls_fixDropsTheS() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:8081; http2 on; }",
        "server { listen 8080;",
        "    location / { grpc_pass grpcs://127.0.0.1:8081; grpc_ssl_verify on; } }");
    Finding n = only(findings(d), "upstream-not-tls");
    assertThat(n.line()).isEqualTo(5);
    assertThat(n.message()).contains("\"wrong version number\"");
    assertThat(n.fix()).isEqualTo(diff(5,
        "    location / { grpc_pass grpcs://127.0.0.1:8081; grpc_ssl_verify on; } }",
        "    location / { grpc_pass grpc://127.0.0.1:8081; grpc_ssl_verify on; } }"));
  }

  @Test
  void grpcToUpstreamGroup_serversAreTheAddresses() throws Exception {
    String d = dump(
        "upstream backends { server 127.0.0.1:50051; server 10.0.0.2:50051; }",
        "server { listen 8080;",
        "    location / { grpc_pass grpcs://backends; grpc_ssl_certificate c.crt; grpc_ssl_certificate_key c.key; } }");
    UpstreamPolicy u = policy(d).upstreams().get(0);
    assertThat(u.addresses()).containsExactly("127.0.0.1:50051", "10.0.0.2:50051");
    assertThat(u.sslName().value()).isEqualTo("backends");
    assertThat(u.certificate().value()).isEqualTo("c.crt");
    assertThat(u.certificateKey().value()).isEqualTo("c.key");
  }

  @Test
  void suwsgiToName_sniMissing_fixNamesUwsgiDirective() throws Exception {
    String d = dump(
        "server { listen 8080;",
        "    location / {",
        "        uwsgi_pass suwsgi://app.test:9000;",
        "        uwsgi_ssl_verify on; uwsgi_ssl_trusted_certificate /etc/ssl/ca.pem;",
        "    }",
        "}");
    List<Finding> f = findings(d);
    assertThat(ids(f)).containsExactly("upstream-sni-missing");
    Finding sni = only(f, "upstream-sni-missing");
    assertThat(sni.file()).isEqualTo(FILE);
    assertThat(sni.line()).isEqualTo(5);
    assertThat(sni.message()).isEqualTo("uwsgi_pass suwsgi://app.test:9000 sends no SNI: uwsgi_ssl_server_name is"
        + " off (default)");
    // one directive per line, beside the directive it concerns, indented like it
    assertThat(sni.fix()).isEqualTo("--- a" + FILE + "\n+++ b" + FILE + "\n@@ -5,1 +5,2 @@\n"
        + "         uwsgi_pass suwsgi://app.test:9000;\n+        uwsgi_ssl_server_name on;\n");
  }

  @Test
  void suwsgiWithSniAndVerify_noFinding() throws Exception {
    String d = dump(
        "server { listen 8080;",
        "    location / { uwsgi_pass suwsgi://app.test:9000; uwsgi_ssl_server_name on; uwsgi_ssl_verify on;",
        "        uwsgi_ssl_trusted_certificate /etc/ssl/ca.pem; } }");
    assertThat(findings(d)).isEmpty();
    UpstreamPolicy u = policy(d).upstreams().get(0);
    assertThat(u.module()).isEqualTo(UpstreamModule.UWSGI);
    assertThat(u.sendsSni()).isTrue();
    assertThat(u.sslName().value()).isEqualTo("app.test");
  }

  @Test
  void uwsgiProtocolsDisjointFromTarget_protocolMismatch_fixReplacesUwsgiSslProtocols() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_protocols TLSv1.3; }",
        "server { listen 8080;",
        "    uwsgi_ssl_protocols TLSv1.2;",
        "    location / { uwsgi_pass suwsgi://127.0.0.1:9443; uwsgi_ssl_verify on; } }");
    List<Finding> f = findings(d);
    Finding m = only(f, "upstream-protocol-mismatch");
    assertThat(m.file()).isEqualTo(FILE);
    assertThat(m.line()).isEqualTo(6);
    assertThat(m.message()).startsWith("uwsgi_pass suwsgi://127.0.0.1:9443: uwsgi_ssl_protocols \"TLSv1.2\" ("
        + FILE + ":5)");
    // the target's version is added; the one set stays for the other backends this pass may reach
    assertThat(m.fix()).isEqualTo(diff(5, "    uwsgi_ssl_protocols TLSv1.2;",
        "    uwsgi_ssl_protocols TLSv1.2 TLSv1.3;"));
  }

  @Test
  void uwsgiCiphersDisjointFromTarget_cipherMismatch() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:9443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key;",
        "    ssl_protocols TLSv1.2; ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256; }",
        "server { listen 8080;",
        "    location / { uwsgi_pass suwsgi://127.0.0.1:9443; uwsgi_ssl_verify on;",
        "        uwsgi_ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256; } }");
    Finding m = only(findings(d), "upstream-cipher-mismatch");
    assertThat(m.line()).isEqualTo(6);
    assertThat(m.message()).startsWith("uwsgi_pass suwsgi://127.0.0.1:9443: uwsgi_ssl_ciphers"
        + " \"ECDHE-RSA-AES128-GCM-SHA256\" (" + FILE + ":7)");
  }

  @Test
  void plainUwsgiAndVariables_noTlsFindings() throws Exception {
    String d = dump(
        "server { listen 8080;",
        "    location /a { uwsgi_pass 127.0.0.1:9000; }",
        "    location /b { uwsgi_pass uwsgi://127.0.0.1:9001; }",
        "    location /c { grpc_pass $backend; } }");
    // plain ones say nothing; the variable may be grpcs://: what it would be made with is listed, as information
    assertThat(findings(d)).extracting(Finding::id, Finding::severity, Finding::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("upstream-not-evaluated", Severity.INFO, 6));
    assertThat(policy(d).upstreams()).extracting(UpstreamPolicy::scheme).containsExactly("uwsgi", "uwsgi", "");
  }

  @Test
  void report_showsModuleAndItsDirectives() throws Exception {
    String d = dump(
        "server { listen 8080;",
        "    location /p { proxy_pass https://a.test; }",
        "    location /g { grpc_pass grpcs://b.test:443; }",
        "    location /u { uwsgi_pass suwsgi://c.test:443; } }");
    TlsPolicy p = policy(d);
    List<Finding> f = findings(d);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> servers = (List<Map<String, Object>>) PolicyReport.json(p, f).get("servers");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> ups = (List<Map<String, Object>>) servers.get(0).get("upstreams");
    assertThat(ups).extracting(x -> x.get("module"), x -> x.get("pass")).containsExactly(
        org.assertj.core.groups.Tuple.tuple("proxy", "https://a.test"),
        org.assertj.core.groups.Tuple.tuple("grpc", "grpcs://b.test:443"),
        org.assertj.core.groups.Tuple.tuple("uwsgi", "suwsgi://c.test:443"));
    StringWriter text = new StringWriter();
    PolicyReport.text(p, "test", f, new PrintWriter(text, true));
    assertThat(text.toString()).contains("grpc_pass grpcs://b.test:443 at " + FILE + ":5")
        .contains("  grpc_ssl_server_name").contains("  uwsgi_ssl_verify");
    assertThat(f).filteredOn(x -> x.id().equals("upstream-sni-missing")).extracting(Finding::fix)
        .allSatisfy(x -> assertThat(x).containsAnyOf("+    location /p { proxy_pass https://a.test;"
            + " proxy_ssl_server_name on; }", "grpc_ssl_server_name on;", "uwsgi_ssl_server_name on;"))
        .hasSize(3);
  }
}
