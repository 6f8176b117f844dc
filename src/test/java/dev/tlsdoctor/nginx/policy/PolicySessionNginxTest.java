package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyzeVerified;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.applyAndReload;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.ids;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * Resumption against a real nginx 1.22: it hands TLS 1.2 clients session tickets under a key it never rotates, and
 * with {@code ssl_early_data on} it answers the same 0-RTT request as often as it is replayed.
 */
class PolicySessionNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  @Test
  void sessionTicketsOnWithoutRotation_info_verifiedFixStopsTickets() throws IOException {
    assumeTrue(!NginxVersion.parse(LOCAL).isAtLeast(NginxVersion.TICKET_KEY_ROTATION),
        "nginx " + LOCAL + " rotates ticket keys");
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n"
        + "    " + PolicyServerNginxTest.cert(certs.leaf()) + "\n"
        + "    ssl_protocols TLSv1.2 TLSv1.3; location / { return 200; } }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int line = lineOf(conf, "listen 127.0.0.1:" + port);
      // nginx hands a TLS 1.2 client a ticket
      Tools.Result before = Tools.opensslClient(port, "", "-tls1_2", "-servername", "localhost");
      assertThat(before.stdout()).contains("TLS session ticket lifetime hint: 300 (seconds)");

      Finding f = only(analyzeVerified(conf, LOCAL), "session-tickets-unrotated");

      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.file()).isEqualTo(conf.toString());
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.listen()).containsExactly("127.0.0.1:" + port);
      assertThat(f.serverName()).isEqualTo("localhost");
      assertThat(f.message()).isEqualTo("ssl_session_tickets is \"on\" (default) and no ssl_session_ticket_key is"
          + " set: nginx " + LOCAL + " makes one ticket key when it reads the configuration and keeps it until it is"
          + " reloaded (automatic rotation came in 1.23.2); a TLS 1.2 ticket carries the session's master secret"
          + " under that key, so whoever reads the key from the server's memory can decrypt every recorded session"
          + " it covers: forward secrecy only reaches as far as the key lives; the fix switches tickets off, as"
          + " Mozilla's configuration generator does for nginx before 1.23.2 (sessions are still resumed from"
          + " ssl_session_cache); else rotate ssl_session_ticket_key files");
      assertThat(f.affected()).isEqualTo("TLS 1.2 clients that resume sessions (most browsers and libraries): their"
          + " recorded traffic, if the key leaks");
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + line + ",1 +" + line + ",1 @@\n"
          + "-server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n"
          + "+server { ssl_session_tickets off; listen 127.0.0.1:" + port + " ssl; server_name localhost;\n");
      assertThat(f.fixVerified()).isTrue();
      // from 1.23.2 a shared cache rotates the keys: no finding with one, a cache as the fix without
      assertThat(only(analyze(conf, "1.23.2"), "session-tickets-unrotated").fix())
          .contains("+server { ssl_session_cache shared:SSL:10m; listen 127.0.0.1:" + port);

      applyAndReload(nginx, f.fix());

      Tools.Result after = Tools.opensslClient(port, "", "-tls1_2", "-servername", "localhost");
      assertThat(after.exitCode()).as(after.output()).isZero();
      assertThat(after.stdout()).doesNotContain("TLS session ticket");
      assertThat(ids(analyze(conf, LOCAL))).doesNotContain("session-tickets-unrotated");
    }
  }

  @Test
  void sharedCacheFrom1232_orTicketKey_noFinding() throws IOException {
    Path conf = tmp.resolve("nginx.conf");
    String server = "server { listen 443 ssl; server_name localhost; " + PolicyServerNginxTest.cert(certs.leaf())
        + " ssl_protocols TLSv1.2 TLSv1.3; }";
    Files.writeString(conf, "events {}\nhttp {\n  ssl_session_cache shared:SSL:1m;\n  " + server + "\n}\n");
    assertThat(ids(analyze(conf, "1.23.2"))).doesNotContain("session-tickets-unrotated");
    assertThat(ids(analyze(conf, "1.22.1"))).contains("session-tickets-unrotated");
    Files.writeString(conf, "events {}\nhttp {\n  ssl_session_ticket_key " + tmp.resolve("ticket.key") + ";\n  "
        + server + "\n}\n");
    assertThat(ids(analyze(conf, "1.22.1"))).doesNotContain("session-tickets-unrotated");
    // TLS 1.3 only: a ticket does not reveal the session it came from
    Files.writeString(conf, "events {}\nhttp {\n  " + server.replace("TLSv1.2 TLSv1.3", "TLSv1.3") + "\n}\n");
    assertThat(ids(analyze(conf, "1.22.1"))).doesNotContain("session-tickets-unrotated");
  }

  /** nginx answers the same 0-RTT request each time it is replayed. */
  @Test
  void earlyDataOn_replayedRequestAnsweredTwice_warning_fixSwitchesItOff() throws IOException {
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[1] + "; location / { return 200 \"backend\\n\"; } }",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name localhost;",
        "    " + PolicyServerNginxTest.cert(certs.leaf()),
        "    ssl_protocols TLSv1.2 TLSv1.3;",
        "    ssl_early_data on;",
        "    location / { proxy_pass http://127.0.0.1:" + p[1] + "; } }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      int line = lineOf(conf, "ssl_early_data on;");
      // a session to resume, then the same request in 0-RTT data twice, as an attacker replays it
      String request = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      Path early = Files.writeString(tmp.resolve("request.txt"), request);
      Path session = tmp.resolve("session.pem");
      Tools.Result first = Tools.opensslClient(p[0], request, "-tls1_3", "-servername", "localhost", "-sess_out",
          session.toString(), "-ign_eof");
      assertThat(first.stdout()).contains("HTTP/1.1 200");
      for (int i = 0; i < 2; i++) {
        Tools.Result replay = Tools.opensslClient(p[0], "", "-tls1_3", "-servername", "localhost", "-sess_in",
            session.toString(), "-early_data", early.toString(), "-ign_eof");
        assertThat(replay.stdout()).as(replay.output()).contains("Early data was accepted").contains("HTTP/1.1 200");
      }

      Finding f = only(analyzeVerified(conf, LOCAL), "early-data-replay");

      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.line()).isEqualTo(line);
      assertThat(f.listen()).containsExactly("127.0.0.1:" + p[0]);
      assertThat(f.serverName()).isEqualTo("localhost");
      assertThat(f.message()).isEqualTo("ssl_early_data \"on\" (" + conf + ":" + line + ") lets TLS 1.3 clients send"
          + " requests in 0-RTT data, which anyone who recorded them can send again (nginx does not refuse"
          + " replays); proxy_pass http://127.0.0.1:" + p[1] + " (" + conf + ":" + lineOf(conf, "proxy_pass") + ")"
          + " does not pass $ssl_early_data on, so no backend can answer 425 Too Early to a request that must not"
          + " run twice: add proxy_set_header Early-Data $ssl_early_data; to each proxy_pass (and refuse unsafe"
          + " early requests there), or switch it off");
      assertThat(f.fix()).isEqualTo("--- a" + conf + "\n+++ b" + conf + "\n@@ -" + line + ",1 +" + line + ",1 @@\n"
          + "-    ssl_early_data on;\n+    ssl_early_data off;\n");
      assertThat(f.fixVerified()).isTrue();
      // the backend told which requests came early: no finding
      Path told = tmp.resolve("told.conf");
      Files.writeString(told, Files.readString(conf).replace("location / { proxy_pass", "location / {"
          + " proxy_set_header Early-Data $ssl_early_data; proxy_pass"));
      assertThat(ids(analyze(told, LOCAL))).doesNotContain("early-data-replay");

      applyAndReload(nginx, f.fix());

      // the request sent early is dropped now (a client sends it again after the handshake)
      Tools.Result refused = Tools.opensslClient(p[0], "", "-tls1_3", "-servername", "localhost", "-sess_in",
          session.toString(), "-early_data", early.toString());
      assertThat(refused.stdout()).as(refused.output()).containsPattern("Early data was (rejected|not sent)")
          .doesNotContain("HTTP/1.1 200");
    }
  }
}
