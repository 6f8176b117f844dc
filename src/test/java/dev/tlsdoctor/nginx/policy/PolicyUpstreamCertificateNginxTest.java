package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What nginx, as the client, does with an upstream's certificate when the upstream is a server of the same
 * configuration: each finding predicted from the files, then provoked through the proxy.
 */
class PolicyUpstreamCertificateNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  /** A backend on p[0] with the given certificate and extra directives, and a plain proxy to it on p[1]. */
  private static String proxied(int[] p, TestCerts.Pair backend, String backendExtra, String proxyExtra) {
    return String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name localhost; " + PolicyServerNginxTest.cert(backend)
            + " " + backendExtra + " location / { return 200; } }",
        "server { listen 127.0.0.1:" + p[1] + ";",
        "    location / { proxy_pass https://127.0.0.1:" + p[0] + "; proxy_ssl_session_reuse off;",
        "        " + proxyExtra + " } }");
  }

  private static String verify(Path trusted, String name) {
    return "proxy_ssl_verify on; proxy_ssl_trusted_certificate " + trusted + "; proxy_ssl_name " + name + ";";
  }

  @Test
  void backendFromAnotherCa_upstreamUntrusted_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = proxied(p, certs.leaf(), "", verify(certs.unrelatedCa(), "localhost"));
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-untrusted");
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      assertThat(analyze(conf, LOCAL)).extracting(Finding::id).doesNotContain("upstream-name-mismatch",
          "upstream-certificate-expired", "upstream-client-certificate-missing");
      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502");
      assertThat(Files.readString(nginx.errorLog())).contains("upstream SSL certificate verify error: (20:unable"
          + " to get local issuer certificate)");
    }
  }

  @Test
  void expiredBackendCertificate_upstreamCertificateExpired_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = proxied(p, certs.expiredLeaf(), "", verify(certs.rootCa(), "localhost"));
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-certificate-expired");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      assertThat(f.message()).contains("expired on 2021-01-01T00:00:00Z");
      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502");
      assertThat(Files.readString(nginx.errorLog())).contains("upstream SSL certificate verify error: (10:"
          + "certificate has expired)");
    }
  }

  @Test
  void nameTheCertificateDoesNotHave_upstreamNameMismatch_502() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = proxied(p, certs.leaf(), "", verify(certs.rootCa(), "wrong.test"));
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-name-mismatch");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      assertThat(f.message()).contains("\"wrong.test\"").contains("localhost, good.test");
      assertThat(f.fix()).contains("proxy_ssl_name localhost;").doesNotContain("proxy_ssl_name wrong.test;"
          + " proxy_ssl_name");
      assertThat(analyze(conf, LOCAL)).extracting(Finding::id).doesNotContain("upstream-untrusted");
      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("502");
      assertThat(Files.readString(nginx.errorLog())).contains("upstream SSL certificate does not match"
          + " \"wrong.test\"");
    }
  }

  @Test
  void backendRequiresClientCertificate_upstreamClientCertificateMissing_400() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = proxied(p, certs.leaf(), "ssl_verify_client on; ssl_client_certificate " + certs.clientCa() + ";",
        "");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "upstream-client-certificate-missing");
      assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_pass https://"));
      assertThat(f.message()).contains("requires a client certificate (ssl_verify_client on, ");
      assertThat(Tools.curl("http://127.0.0.1:" + p[1] + "/").stdout()).isEqualTo("400");
      assertThat(Files.readString(nginx.errorLog())).contains("client sent no required SSL certificate");
    }
  }

  /**
   * proxy_ssl_verify on without proxy_ssl_trusted_certificate: nginx refuses to start (nothing is logged per request),
   * whether the upstream is elsewhere or a server of this configuration; the error is said once, at the pass.
   */
  @Test
  void verifyWithoutTrustedCertificate_nginxRefusesToStart_error() throws IOException {
    String elsewhere = "server { listen 127.0.0.1:1;\n    location / { proxy_pass https://127.0.0.1:9;"
        + " proxy_ssl_verify on; } }";
    Tools.Result t = PolicyHarness.nginxTest(tmp, elsewhere);
    assertThat(t.exitCode()).as(t.output()).isNotZero();
    assertThat(t.output()).contains("no proxy_ssl_trusted_certificate for proxy_ssl_verify");
    Finding f = only(analyze(tmp.resolve("test.conf"), LOCAL), "upstream-untrusted");
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.line()).isEqualTo(6);
    assertThat(f.message()).isEqualTo("proxy_pass https://127.0.0.1:9: proxy_ssl_verify is on ("
        + tmp.resolve("test.conf") + ":6) and proxy_ssl_trusted_certificate is not set: nginx refuses to start"
        + " (\"no proxy_ssl_trusted_certificate for proxy_ssl_verify\")");
    assertThat(f.affected()).isEqualTo("every client: nginx does not start");
    assertThat(f.fix()).isNull();

    int[] p = Tools.freePorts(2);
    Tools.Result local = PolicyHarness.nginxTest(tmp, proxied(p, certs.leaf(), "", "proxy_ssl_verify on;"));
    assertThat(local.exitCode()).as(local.output()).isNotZero();
    assertThat(local.output()).contains("no proxy_ssl_trusted_certificate for proxy_ssl_verify");
    Finding g = only(analyze(tmp.resolve("test.conf"), LOCAL), "upstream-untrusted");
    assertThat(g.line()).isEqualTo(lineOf(tmp.resolve("test.conf"), "proxy_pass https://"));
    assertThat(g.message()).endsWith(" proxy_ssl_trusted_certificate is not set: nginx refuses to start (\"no"
        + " proxy_ssl_trusted_certificate for proxy_ssl_verify\")");
    assertThat(g.affected()).isEqualTo("every client: nginx does not start");
  }
}
