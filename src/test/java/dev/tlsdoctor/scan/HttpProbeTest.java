package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HSTS check's request over this side's own TLS 1.3 client, against real servers, with the JDK's TLS client (the
 * path it replaces, and still the one for TLS 1.2) as the oracle.
 */
class HttpProbeTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static int hsts;
  static int p384;
  static int closes;
  static int ccm;
  static int clientAuth;

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(5);
    hsts = p[0];
    p384 = p[1];
    closes = p[2];
    ccm = p[3];
    clientAuth = p[4];
    String pair = " ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";";
    String header = " add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;"
        + " location / { return 200 \"ok\\n\"; } }\n";
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")),
        "server { listen 127.0.0.1:" + hsts + " ssl;" + pair + " ssl_protocols TLSv1.3;" + header
            // a key share for x25519 gets a HelloRetryRequest for secp384r1
            + "server { listen 127.0.0.1:" + p384 + " ssl;" + pair + " ssl_protocols TLSv1.3;"
            + " ssl_ecdh_curve secp384r1;" + header
            // 444: nginx closes the connection without an answer
            + "server { listen 127.0.0.1:" + closes + " ssl;" + pair + " ssl_protocols TLSv1.3;"
            + " location / { return 444; } }\n"
            // a TLS 1.3 suite neither this side's client nor the JDK's completes
            + "server { listen 127.0.0.1:" + ccm + " ssl;" + pair + " ssl_protocols TLSv1.3;"
            + " ssl_conf_command Ciphersuites TLS_AES_128_CCM_SHA256;" + header
            // a client certificate required: TLS 1.3 completes without one, then nginx answers 400
            + "server { listen 127.0.0.1:" + clientAuth + " ssl;" + pair + " ssl_protocols TLSv1.3;"
            + " ssl_verify_client on; ssl_client_certificate " + certs.rootCa() + ";" + header);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  private static Connector connector(int port) throws IOException {
    return new Connector(InetAddress.getByName("127.0.0.1"), port, Duration.ofSeconds(20), Duration.ofSeconds(5),
        Duration.ofSeconds(5), 4);
  }

  /** The status line and the HSTS header of an answer: what the check reads (Date and the rest differ by run). */
  private static List<String> read(String answer) {
    return answer.lines().filter(l -> l.startsWith("HTTP/") || l.startsWith("Strict-Transport-Security")).toList();
  }

  @Test
  void answer13_nginx_sameHeadAsTheJdksClientAndTheCheckOk() throws IOException {
    try (Connector c = connector(hsts)) {
      String answer = HttpProbe.answer13(c, "localhost");
      JdkHandshake.Result jdk = JdkHandshake.run(c, "TLSv1.3", "localhost", true);

      assertThat(jdk.failure()).isNull();
      assertThat(read(answer)).containsExactly("HTTP/1.1 200 OK",
          "Strict-Transport-Security: max-age=63072000; includeSubDomains").isEqualTo(read(jdk.afterHandshake()));
      assertThat(HttpProbe.hsts(c, "TLSv1.3", "localhost")).isEqualTo(new ServerProfile.Check("hsts", "ok",
          "Strict-Transport-Security \"max-age=63072000; includeSubDomains\""));
    }
  }

  @Test
  void answer13_helloRetryRequest_retriesWithTheGroupAsked() throws IOException {
    try (Connector c = connector(p384)) {
      assertThat(read(HttpProbe.answer13(c, null))).containsExactly("HTTP/1.1 200 OK",
          "Strict-Transport-Security: max-age=63072000; includeSubDomains");
      assertThat(c.connections()).isEqualTo(2); // the HelloRetryRequest's, then the request's
    }
  }

  @Test
  void answer13_clientCertificateRequired_emptyCertificateThenTheAnswerTheJdksPathGets() throws IOException {
    try (Connector c = connector(clientAuth)) {
      String answer = HttpProbe.answer13(c, null);
      JdkHandshake.Result jdk = JdkHandshake.run(c, "TLSv1.3", null, true);

      assertThat(read(answer)).containsExactly("HTTP/1.1 400 Bad Request",
          "Strict-Transport-Security: max-age=63072000; includeSubDomains").isEqualTo(read(jdk.afterHandshake()));
      assertThat(answer).contains("No required SSL certificate was sent");
      assertThat(HttpProbe.judge(answer)).isEqualTo(HttpProbe.judge(jdk.afterHandshake()))
          .isEqualTo(HttpProbe.hsts(c, "TLSv1.3", null));
    }
  }

  @Test
  void answer13_closedWithoutAnswer_saysClosedAsTheJdksPathDoes() throws IOException {
    try (Connector c = connector(closes)) {
      assertThat(HttpProbe.answer13(c, null)).isEqualTo("closed")
          .isEqualTo(JdkHandshake.run(c, "TLSv1.3", null, true).afterHandshake());
      assertThat(HttpProbe.hsts(c, "TLSv1.3", null)).isEqualTo(new ServerProfile.Check("hsts", "unknown",
          "the server did not answer GET / in HTTP"));
    }
  }

  @Test
  void answer13_serverThatNeverAnswers_saysQuietAfterTwoSeconds() throws Exception {
    int port = Tools.freePorts(1)[0];
    Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert",
        certs.leaf().cert().toString(), "-key", certs.leaf().key().toString(), "-tls1_3", "-quiet")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("s_server.out").toFile()).start();
    try (Connector c = connector(port)) {
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!Tools.accepts(port) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      long started = System.nanoTime();
      String answer = HttpProbe.answer13(c, null);
      long took = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer).isEqualTo("quiet");
      assertThat(took).isBetween(2_000L, 2_000L + 3_000L); // the answer's wait, within the handshake's budget
      assertThat(Files.readString(tmp.resolve("s_server.out"))).contains("GET / HTTP/1.1");
    } finally {
      server.destroyForcibly().waitFor();
    }
  }

  @Test
  void hsts_suiteThisSideLacks_fallsBackToTheJdksHandshake() throws IOException {
    try (Connector c = connector(ccm)) {
      assertThat(HttpProbe.answer13(c, null)).isNull();
      ServerProfile.Check check = HttpProbe.hsts(c, "TLSv1.3", null);
      JdkHandshake.Result jdk = JdkHandshake.run(c, "TLSv1.3", null, true);

      assertThat(jdk.failure()).isNotNull();
      assertThat(check).isEqualTo(new ServerProfile.Check("hsts", "unknown", "no complete handshake: "
          + jdk.failure()));
    }
  }
}
