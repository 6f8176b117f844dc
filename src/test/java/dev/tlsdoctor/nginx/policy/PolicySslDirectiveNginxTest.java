package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyzeVerified;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.applyAndReload;
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
 * The {@code ssl} directive (http and mail before nginx 1.25.1) against a real nginx 1.22: it makes the listeners of
 * a default server TLS without the {@code ssl} flag, nginx warns that it is deprecated, and the fix ({@code listen ...
 * ssl} instead) keeps the socket TLS once applied and reloaded. In stream there never was such a directive.
 */
class PolicySslDirectiveNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();
  static final String WARNING = "the \"ssl\" directive is deprecated, use the \"listen ... ssl\" directive instead";

  @TempDir
  Path tmp;

  static String cert(TestCerts.Pair p) {
    return PolicyServerNginxTest.cert(p);
  }

  @Test
  void sslOnInDefaultServer_deprecated_socketIsTls_verifiedFixKeepsItTls() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + "; server_name localhost;",
        "    ssl on;",
        "    " + cert(certs.leaf()),
        "    location / { return 200; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int sslLine = lineOf(conf, "ssl on;");
      int listenLine = lineOf(conf, "listen 127.0.0.1:" + port);
      // nginx 1.22 warns, and the listen without the ssl flag speaks TLS
      assertThat(Files.readString(nginx.prefix().resolve("nginx.out")))
          .contains("[warn] " + WARNING + " in " + conf + ":" + sslLine);
      String root = certs.rootCa().toString();
      assertThat(Tools.curlAs("localhost", port, "--cacert", root).stdout()).isEqualTo("200");

      List<Finding> findings = analyzeVerified(conf, LOCAL);

      Finding f = only(findings, "ssl-directive-deprecated");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(sslLine);
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.serverName()).isEqualTo("localhost");
      assertThat(f.message()).isEqualTo("\"ssl on\" is deprecated since nginx 1.15.0 (nginx -t warns: " + WARNING
          + ") and removed in 1.25.1, which refuses to start with it; here it makes 127.0.0.1:" + port + " TLS");
      assertThat(f.affected()).isEqualTo("every client of 127.0.0.1:" + port + " once nginx is 1.25.1 or later: it"
          + " does not start");
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n"
          + "@@ -" + listenLine + ",1 +" + listenLine + ",1 @@\n"
          + "-server { listen 127.0.0.1:" + port + "; server_name localhost;\n"
          + "+server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n"
          + "@@ -" + sslLine + ",1 +" + (sslLine - 1) + ",0 @@\n"
          + "-    ssl on;\n");
      assertThat(f.fixVerified()).isTrue();
      assertThat(f.fixVerification()).isEqualTo("applied to a copy and analysed again: ssl-directive-deprecated is"
          + " gone, no new error; nginx -t accepts it");
      // the socket is analysed as the TLS socket it is
      assertThat(ids(findings)).contains("protocol-deprecated", "cipher-no-forward-secrecy", "mozilla-profile");
      // nginx 1.25.1 and later do not know the directive
      Finding unknown = only(analyze(conf, "1.25.1"), "ssl-directive-unknown");
      assertThat(unknown.severity()).isEqualTo(Severity.ERROR);
      assertThat(unknown.line()).isEqualTo(sslLine);
      assertThat(unknown.message()).isEqualTo("\"ssl on\" is an unknown directive in nginx 1.25.1 (the \"ssl\""
          + " directive was deprecated in 1.15.0 and removed in 1.25.1): nginx refuses to start with: unknown"
          + " directive \"ssl\" in " + conf + ":" + sslLine + "; before 1.25.1 it made 127.0.0.1:" + port + " TLS");
      assertThat(unknown.affected()).isEqualTo("every client: nginx does not start");
      assertThat(unknown.fix()).isEqualTo(f.fix());

      applyAndReload(nginx, f.fix());

      // still TLS, and nginx has nothing to warn about
      assertThat(Tools.curlAs("localhost", port, "--cacert", root).stdout()).isEqualTo("200");
      Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-p", nginx.prefix() + "/", "-c",
          conf.toString()));
      assertThat(t.exitCode()).as(t.output()).isZero();
      assertThat(t.output()).doesNotContain("deprecated");
      assertThat(ids(analyze(conf, LOCAL))).doesNotContain("ssl-directive-deprecated");
    }
  }

  /** nginx looks at the default server's {@code ssl} when a connection arrives: another server's does nothing. */
  @Test
  void sslOnInNonDefaultServer_noEffect_socketStaysPlain() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + port + "; server_name def.test; location / { return 200; } }",
        "server { listen 127.0.0.1:" + port + "; server_name good.test; ssl on; # not the default server",
        "    " + cert(certs.leaf()),
        "    location / { return 200; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int line = lineOf(conf, "# not the default server");
      // good.test is served over plain HTTP; TLS gets no answer
      assertThat(Tools.curl("http://127.0.0.1:" + port + "/", "-H", "Host: good.test").stdout()).isEqualTo("200");
      assertThat(Tools.curlAs("good.test", port, "--cacert", certs.rootCa().toString()).stdout()).isEqualTo("000");

      List<Finding> findings = analyzeVerified(conf, LOCAL);

      Finding f = only(findings, "ssl-directive-deprecated");
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.serverName()).isEqualTo("good.test");
      assertThat(f.message()).endsWith(" and removed in 1.25.1, which refuses to start with it; here it makes no"
          + " socket TLS; on 127.0.0.1:" + port + " it has no effect, as nginx looks at the default server's \"ssl\""
          + " only (def.test at " + conf + ":" + lineOf(conf, "server_name def.test") + ", which has no \"ssl on\"),"
          + " so 127.0.0.1:" + port + " is plain HTTP");
      // the fix changes nothing nginx does: the directive goes, no listen gets the flag
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + line + ",1 +" + line + ",1 @@\n"
          + "-server { listen 127.0.0.1:" + port + "; server_name good.test; ssl on; # not the default server\n"
          + "+server { listen 127.0.0.1:" + port + "; server_name good.test; # not the default server\n");
      assertThat(f.fixVerified()).isTrue();
      // a plain socket: no TLS finding
      assertThat(ids(findings)).containsExactly("ssl-directive-deprecated");
    }
  }

  /** The stream module never had an {@code ssl} directive: nginx refuses the configuration in every version. */
  @Test
  void sslOnInStream_unknownDirective_nginxRefuses() throws IOException {
    Path conf = tmp.resolve("stream.conf");
    Files.writeString(conf, String.join("\n",
        NginxServer.streamModule(),
        "pid " + tmp.resolve("t.pid") + ";",
        "events {}",
        "stream {",
        "  server { listen 127.0.0.1:1;",
        "    ssl on;",
        "    " + cert(certs.leaf()),
        "    proxy_pass 127.0.0.1:2; }",
        "}",
        ""));
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-p", tmp + "/", "-c",
        conf.toString(), "-e", tmp.resolve("t.log").toString()));
    int line = lineOf(conf, "ssl on;");
    assertThat(t.exitCode()).isNotZero();
    // nginx 1.22 knows "ssl" from its http and mail modules, not in stream; 1.25.1 and later not at all
    assertThat(t.output()).contains("[emerg] \"ssl\" directive is not allowed here in " + conf + ":" + line);

    Finding f = only(analyzeVerified(conf, LOCAL), "ssl-directive-unknown");

    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.line()).isEqualTo(line);
    assertThat(f.listen()).containsExactly("127.0.0.1:1");
    assertThat(f.message()).isEqualTo("the stream module has no \"ssl\" directive: nginx refuses to start with:"
        + " \"ssl\" directive is not allowed here in " + conf + ":" + line + "; a stream listener speaks TLS with"
        + " \"listen ... ssl\"");
    assertThat(only(analyze(conf, "1.25.1"), "ssl-directive-unknown").message()).isEqualTo("the stream module has"
        + " no \"ssl\" directive: nginx refuses to start with: unknown directive \"ssl\" in " + conf + ":" + line
        + "; a stream listener speaks TLS with \"listen ... ssl\"");
    int listenLine = lineOf(conf, "listen 127.0.0.1:1;");
    assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n"
        + "@@ -" + listenLine + ",1 +" + listenLine + ",1 @@\n"
        + "-  server { listen 127.0.0.1:1;\n+  server { listen 127.0.0.1:1 ssl;\n"
        + "@@ -" + line + ",1 +" + (line - 1) + ",0 @@\n-    ssl on;\n");
    // nginx -t did not run on the copy (it refuses the original), the analysis of the copy did
    assertThat(f.fixVerified()).isTrue();
    assertThat(f.fixVerification()).startsWith("applied to a copy and analysed again: ssl-directive-unknown is gone,"
        + " no new error; nginx -t not run: it refuses the unchanged configuration too");
  }

  /** mail had {@code ssl on} too: the IMAP listener without the flag speaks TLS at once. */
  @Test
  void sslOnInMailServer_deprecated_imapsWithoutFlag() throws IOException {
    int port = Tools.freePorts(1)[0];
    try (NginxServer nginx = PolicyMailNginxTest.start(tmp.resolve("n"),
        "server { listen 127.0.0.1:" + port + "; protocol imap;",
        "    ssl on; # imaps",
        "    " + cert(certs.leaf()) + " }")) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int line = lineOf(conf, "# imaps");
      Tools.Result r = PolicyMailNginxTest.imap(port, "-tls1_2");
      assertThat(r.output()).contains("New, TLSv1.2, Cipher is ").contains("* OK");

      List<Finding> findings = analyzeVerified(conf, LOCAL);

      Finding f = only(findings, "ssl-directive-deprecated");
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.message()).endsWith("; here it makes 127.0.0.1:" + port + " TLS");
      int listenLine = lineOf(conf, "listen 127.0.0.1:" + port);
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n"
          + "@@ -" + listenLine + ",1 +" + listenLine + ",1 @@\n"
          + "-server { listen 127.0.0.1:" + port + "; protocol imap;\n"
          + "+server { listen 127.0.0.1:" + port + " ssl; protocol imap;\n"
          + "@@ -" + line + ",1 +" + line + ",1 @@\n-    ssl on; # imaps\n+    # imaps\n");
      assertThat(f.fixVerified()).isTrue();
      assertThat(ids(findings)).contains("protocol-deprecated");

      applyAndReload(nginx, f.fix());

      assertThat(PolicyMailNginxTest.imap(port, "-tls1_2").output()).contains("New, TLSv1.2, Cipher is ")
          .contains("* OK");
    }
  }
}
