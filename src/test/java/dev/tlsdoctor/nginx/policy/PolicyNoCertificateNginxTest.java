package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
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
 * TLS servers without a certificate: nginx 1.22 refuses to start, and {@code nginx -t} names the place; the
 * no-certificate finding stands at that place and quotes nginx's words exactly. A default server with
 * {@code ssl_reject_handshake on} needs none (nginx 1.19.4 and later), but then every other server of its socket does.
 */
class PolicyNoCertificateNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();
  static final String ASK = "not offered as a diff: the certificate and key are files only you can name; add"
      + " ssl_certificate FILE; and ssl_certificate_key FILE; to this server (or to the ";

  @TempDir
  Path tmp;

  /** nginx -t of {@code text} written to test.conf; the text of its [emerg] line after "[emerg] ". */
  private String refused(String text) throws IOException {
    Path conf = tmp.resolve("test.conf");
    Files.writeString(conf, text);
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-p", tmp + "/", "-c",
        conf.toString(), "-e", tmp.resolve("t.log").toString()));
    assertThat(t.exitCode()).as(t.output()).isNotZero();
    String emerg = t.output().lines().filter(l -> l.contains("[emerg] ")).findFirst().orElseThrow();
    return emerg.substring(emerg.indexOf("[emerg] ") + 8);
  }

  private String conf(String top, String body) {
    return top + "\npid " + tmp.resolve("t.pid") + ";\nevents {}\n" + body + "\n";
  }

  @Test
  void defaultServerWithoutCertificate_nginxRefuses_noCertificateError_noCipherRemarks() throws IOException {
    String said = refused(conf("", "http {\n  server { listen 127.0.0.1:1 ssl; server_name localhost; }\n}"));
    Path conf = tmp.resolve("test.conf");
    int line = lineOf(conf, "server_name localhost");
    assertThat(said).isEqualTo("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in " + conf
        + ":" + line);

    List<Finding> findings = analyze(conf, LOCAL);

    Finding f = only(findings, "no-certificate");
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.file()).isEqualTo(conf.toString());
    assertThat(f.line()).isEqualTo(line);
    assertThat(f.listen()).containsExactly("127.0.0.1:1");
    assertThat(f.serverName()).isEqualTo("localhost");
    assertThat(f.message()).isEqualTo("the server \"localhost\" (" + conf + ":" + line + ") has no ssl_certificate,"
        + " in it or inherited, and it is the default server of the TLS socket 127.0.0.1:1: nginx refuses to start"
        + " with: " + said);
    assertThat(f.affected()).isEqualTo("every client: nginx does not start");
    assertThat(f.fix()).isNull();
    assertThat(f.fixVerification()).isEqualTo(ASK + "http {} block), or, if it is a catch-all that should refuse"
        + " unknown names, ssl_reject_handshake on; (nginx 1.19.4 and later)");
    // no remark that presupposes a key: there is none
    assertThat(ids(findings)).doesNotContain("cipher-no-forward-secrecy", "mozilla-profile", "no-usable-cipher",
        "groups-restrictive");
  }

  @Test
  void defaultServerRejectingHandshakes_needsNoCertificate_noFinding() throws IOException {
    Path conf = tmp.resolve("test.conf");
    Files.writeString(conf, conf("", "http {\n  ssl_protocols TLSv1.2 TLSv1.3;\n"
        + "  server { listen 127.0.0.1:1 ssl default_server; ssl_reject_handshake on; } # catch-all\n"
        + "  server { listen 127.0.0.1:1 ssl; server_name good.test; " + PolicyServerNginxTest.cert(certs.leaf())
        + " }\n}"));
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-p", tmp + "/", "-c",
        conf.toString(), "-e", tmp.resolve("t.log").toString()));
    assertThat(t.exitCode()).as(t.output()).isZero();

    List<Finding> findings = analyze(conf, LOCAL);

    assertThat(findings).filteredOn(Finding::isProblem).isEmpty();
    assertThat(findings).filteredOn(f -> f.line() == lineOf(conf, "# catch-all")).isEmpty();
  }

  @Test
  void rejectingDefaultServer_otherServerWithoutCertificate_nginxRefusesNamingIt() throws IOException {
    String said = refused(conf("", "http {\n"
        + "  server { listen 127.0.0.1:1 ssl default_server; ssl_reject_handshake on; }\n"
        + "  server { listen 127.0.0.1:1 ssl; server_name other.test; } # no certificate\n}"));
    Path conf = tmp.resolve("test.conf");
    int line = lineOf(conf, "# no certificate");
    assertThat(said).isEqualTo("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in " + conf
        + ":" + line);

    List<Finding> findings = analyze(conf, LOCAL);

    Finding f = only(findings, "no-certificate");
    assertThat(f.line()).isEqualTo(line);
    assertThat(f.serverName()).isEqualTo("other.test");
    assertThat(f.message()).isEqualTo("the server \"other.test\" (" + conf + ":" + line + ") has no"
        + " ssl_certificate, in it or inherited, and it is a server of the TLS socket 127.0.0.1:1, whose default"
        + " server (" + conf + ":" + lineOf(conf, "ssl_reject_handshake on") + ") has ssl_reject_handshake on and"
        + " no certificate, so nginx wants one in every other server: nginx refuses to start with: " + said);
    // it does not get the default server's context: nginx never runs with it
    assertThat(ids(findings)).doesNotContain("default-server-policy-gap");
  }

  @Test
  void sslOnWithoutCertificate_nginxRefusesNamingTheDirective() throws IOException {
    String said = refused(conf("", "http {\n  server { listen 127.0.0.1:1; server_name localhost;\n"
        + "    ssl on; }\n}"));
    Path conf = tmp.resolve("test.conf");
    int line = lineOf(conf, "ssl on;");
    assertThat(said).isEqualTo("no \"ssl_certificate\" is defined for the \"ssl\" directive in " + conf + ":"
        + line);

    List<Finding> findings = analyze(conf, LOCAL);

    Finding f = only(findings, "no-certificate");
    assertThat(f.line()).isEqualTo(line);
    assertThat(f.message()).isEqualTo("the server \"localhost\" (" + conf + ":" + lineOf(conf, "server_name")
        + ") has no ssl_certificate, in it or inherited, and \"ssl on\" (" + conf + ":" + line + ") applies to it:"
        + " nginx refuses to start with: " + said);
    assertThat(only(findings, "ssl-directive-deprecated").line()).isEqualTo(line);
  }

  @Test
  void streamListenerWithoutCertificate_nginxRefusesNamingTheListen() throws IOException {
    String said = refused(conf(NginxServer.streamModule(), "stream {\n  server {\n    listen 127.0.0.1:1 ssl;\n"
        + "    proxy_pass 127.0.0.1:2; }\n}"));
    Path conf = tmp.resolve("test.conf");
    int line = lineOf(conf, "listen 127.0.0.1:1 ssl");
    assertThat(said).isEqualTo("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in " + conf
        + ":" + line);

    Finding f = only(analyze(conf, LOCAL), "no-certificate");

    assertThat(f.line()).isEqualTo(line);
    assertThat(f.message()).isEqualTo("the stream server at " + conf + ":" + lineOf(conf, "server {") + " has no"
        + " ssl_certificate, in it or inherited, and it listens with ssl: nginx refuses to start with: " + said);
    assertThat(f.fixVerification()).isEqualTo(ASK + "stream {} block)");
  }

  @Test
  void mailStarttlsWithoutCertificate_nginxRefusesNamingStarttls() throws IOException {
    String said = refused(conf(NginxServer.mailModule(), "mail {\n  auth_http 127.0.0.1:1/auth;\n"
        + "  server { listen 127.0.0.1:1; protocol imap;\n    starttls on; }\n}"));
    Path conf = tmp.resolve("test.conf");
    int line = lineOf(conf, "starttls on;");
    assertThat(said).isEqualTo("no \"ssl_certificate\" is defined for the \"starttls\" directive in " + conf + ":"
        + line);

    Finding f = only(analyze(conf, LOCAL), "no-certificate");

    assertThat(f.line()).isEqualTo(line);
    assertThat(f.message()).isEqualTo("the mail server at " + conf + ":" + lineOf(conf, "server {") + " has no"
        + " ssl_certificate, in it or inherited, and it offers STARTTLS (starttls on, " + conf + ":" + line + "):"
        + " nginx refuses to start with: " + said);
  }
}
