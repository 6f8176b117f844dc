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

/**
 * mail {}: TLS at once ({@code listen ... ssl}) or by STARTTLS ({@code starttls on|only}), ssl_* inherited from
 * mail {} only; the side towards the mail backend is plain, so there are no upstreams.
 */
class PolicyMailTest {
  static final TestCerts certs = PolicyHarness.certs();

  /**
   * A dump with an http block (line 2) whose ssl_* must not reach mail, and a mail block whose first line is line 4.
   */
  static String dump(String... mail) {
    return "# configuration file " + FILE + ":\nevents {}\nhttp { ssl_ciphers HIGH; ssl_protocols TLSv1 TLSv1.2;"
        + " ssl_ecdh_curve secp521r1; }\nmail {\nauth_http 127.0.0.1:1/auth;\n" + String.join("\n", mail)
        + "\n}\n";
  }

  static String cert(TestCerts.Pair p) {
    return "ssl_certificate " + p.cert() + "; ssl_certificate_key " + p.key() + ";";
  }

  @Test
  void ecdsaOnlyCiphersFromMailBlock_rsaCertificate_noUsableCipher() throws Exception {
    String d = dump(
        "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;",
        "server { listen 127.0.0.1:993 ssl; protocol imap; " + cert(certs.leaf()) + " }");
    TlsPolicy p = policy(d);
    ServerPolicy s = p.servers().get(0);
    assertThat(s.mail()).isTrue();
    assertThat(s.stream()).isFalse();
    assertThat(s.module()).isEqualTo("mail");
    assertThat(s.ciphers().where()).isEqualTo(FILE + ":5");
    // not http's ssl_protocols: nginx 1.22.1's default
    assertThat(s.protocols().isDefault()).isTrue();
    assertThat(s.protocols().value()).isEqualTo("TLSv1 TLSv1.1 TLSv1.2");
    assertThat(s.ecdhCurve().isDefault()).isTrue();
    assertThat(p.sockets()).extracting(ListenSocket::address).containsExactly("127.0.0.1:993");
    assertThat(p.sockets().get(0).ssl()).isTrue();
    assertThat(p.sockets().get(0).starttls()).isFalse();
    assertThat(p.upstreams()).isEmpty();
    List<Finding> f = findings(d);
    Finding n = only(f, "no-usable-cipher");
    assertThat(n.file()).isEqualTo(FILE);
    assertThat(n.line()).isEqualTo(5);
    assertThat(n.listen()).containsExactly("127.0.0.1:993");
    assertThat(n.message()).startsWith("ssl_ciphers \"ECDHE-ECDSA-AES128-GCM-SHA256\" leaves no suite");
    assertThat(n.fix()).isEqualTo(diff(5, "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;",
        "ssl_ciphers " + Suites.MOZILLA_INTERMEDIATE + ";"));
    // the default protocols of 1.22.1 include TLSv1 and TLSv1.1
    Finding dep = only(f, "protocol-deprecated");
    assertThat(dep.file()).isEqualTo(FILE);
    assertThat(dep.line()).isEqualTo(6);
    assertThat(ids(f)).doesNotContain("groups-restrictive");
  }

  @Test
  void starttlsOnPlainListener_isTls_protocolDeprecatedInServer() throws Exception {
    String d = dump(
        cert(certs.leaf()),
        "server { listen 127.0.0.1:143; protocol imap; starttls on;",
        "    ssl_protocols TLSv1 TLSv1.2; }");
    TlsPolicy p = policy(d);
    ListenSocket k = p.sockets().get(0);
    assertThat(k.ssl()).isFalse();
    assertThat(k.starttls()).isTrue();
    assertThat(k.tls()).isTrue();
    assertThat(p.servers().get(0).starttls().where()).isEqualTo(FILE + ":6");
    Finding f = only(findings(d), "protocol-deprecated");
    assertThat(f.line()).isEqualTo(7);
    assertThat(f.listen()).containsExactly("127.0.0.1:143");
    assertThat(f.fix()).isEqualTo(diff(7, "    ssl_protocols TLSv1 TLSv1.2; }", "    ssl_protocols TLSv1.2; }"));
  }

  @Test
  void starttlsOnlyFromMailBlock_appliesToServer() throws Exception {
    String d = dump(
        "starttls only; ssl_protocols TLSv1.2 TLSv1.3; ssl_ecdh_curve secp521r1;",
        cert(certs.leaf()),
        "server { listen 127.0.0.1:587; protocol smtp; }");
    TlsPolicy p = policy(d);
    assertThat(p.sockets().get(0).starttls()).isTrue();
    Finding g = only(findings(d), "groups-restrictive");
    assertThat(g.file()).isEqualTo(FILE);
    assertThat(g.line()).isEqualTo(5);
    assertThat(g.listen()).containsExactly("127.0.0.1:587");
  }

  @Test
  void plainMailServer_noTls_noFindings() throws Exception {
    String d = dump(
        "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256; ssl_protocols TLSv1;",
        "server { listen 127.0.0.1:110; protocol pop3; starttls off; }",
        "server { listen 127.0.0.1:143; protocol imap; }");
    TlsPolicy p = policy(d);
    assertThat(p.sockets()).extracting(ListenSocket::tls).containsExactly(false, false);
    assertThat(findings(d)).isEmpty();
  }

  @Test
  void weakAndUnavailableCiphers_inMailServer() throws Exception {
    String d = dump(
        "server { listen 127.0.0.1:995 ssl; protocol pop3; " + cert(certs.leaf()),
        "    ssl_protocols TLSv1.2;",
        "    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:NOSUCHCIPHER; }");
    List<Finding> f = findings(d);
    assertThat(ids(f)).contains("cipher-no-forward-secrecy", "cipher-unavailable");
    assertThat(only(f, "cipher-no-forward-secrecy").line()).isEqualTo(7);
    assertThat(only(f, "cipher-unavailable").line()).isEqualTo(7);
    assertThat(only(f, "cipher-unavailable").listen()).containsExactly("127.0.0.1:995");
  }

  @Test
  void expiredCertificateInheritedFromMailBlock_certificateExpired() throws Exception {
    String d = dump(
        cert(certs.expiredLeaf()),
        "server { listen 127.0.0.1:465 ssl; protocol smtp; ssl_protocols TLSv1.2 TLSv1.3; }");
    Finding f = only(findings(d), "certificate-expired");
    assertThat(f.file()).isEqualTo(FILE);
    assertThat(f.line()).isEqualTo(5);
    assertThat(f.listen()).containsExactly("127.0.0.1:465");
  }

  @Test
  void mailSocketIsNoUpstreamTarget() throws Exception {
    String d = "# configuration file " + FILE + ":\nevents {}\nhttp {\nserver { listen 127.0.0.1:8080;\n"
        + "    location / { proxy_pass http://127.0.0.1:993; } }\n}\nmail {\nauth_http 127.0.0.1:1/auth;\n"
        + "server { listen 127.0.0.1:993 ssl; protocol imap; " + cert(certs.leaf())
        + " ssl_protocols TLSv1.2 TLSv1.3; }\n}\n";
    TlsPolicy p = policy(d);
    assertThat(p.upstreams()).hasSize(1);
    assertThat(p.upstreams().get(0).targets()).isEmpty();
    assertThat(ids(findings(d))).doesNotContain("upstream-not-tls");
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportMarksMailServers() throws Exception {
    String d = dump(
        cert(certs.leaf()) + " ssl_protocols TLSv1.2 TLSv1.3;",
        "server { listen 127.0.0.1:993 ssl; protocol imap; }",
        "server { listen 127.0.0.1:143; protocol imap; starttls only; }");
    TlsPolicy p = policy(d);
    List<Finding> f = findings(d);
    Map<String, Object> json = PolicyReport.json(p, f);
    List<Map<String, Object>> servers = (List<Map<String, Object>>) json.get("servers");
    assertThat(servers).hasSize(2);
    assertThat(servers).extracting(s -> s.get("module")).containsExactly("mail", "mail");
    assertThat(servers.get(1).get("starttls")).isEqualTo(Map.of("value", "only", "from", FILE + ":7"));
    List<Map<String, Object>> listen = (List<Map<String, Object>>) servers.get(1).get("listen");
    assertThat(listen.get(0)).containsEntry("ssl", false).containsEntry("starttls", true);
    assertThat((List<Object>) servers.get(1).get("clients")).hasSize(1);
    assertThat((List<Object>) servers.get(0).get("upstreams")).isEmpty();
    StringWriter w = new StringWriter();
    PolicyReport.text(p, "test", f, new PrintWriter(w));
    assertThat(w.toString()).contains("\nmail server at " + FILE + ":6\n  listen 127.0.0.1:993 ssl\n")
        .contains("\nmail server at " + FILE + ":7\n  listen 127.0.0.1:143 (starttls only)\n")
        .contains("  starttls               only  (" + FILE + ":7)\n");
  }
}
