package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.testing.AiaServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where an AIA download may go: the caIssuers URL is chosen by the scanned server, so by default only public
 * addresses are contacted, checked after name resolution and on every redirect; {@code --aia-allow} opens networks
 * for internal PKIs. And what a hostile HTTP answer can do to the download: nothing but fail it, in our words.
 */
class AiaAddressTest {
  @TempDir
  static Path tmp;

  static TestCerts certs;
  /** On 127.0.0.1: the intermediate at /int.der, a redirect to the server on 127.0.0.2 at /elsewhere. */
  static AiaServer first;
  /** On 127.0.0.2: the intermediate too, reached only through the redirect. */
  static AiaServer second;

  static final AddressPolicy ONLY_127_0_0_1 = AddressPolicy.allowing(List.of(AddressPolicy.Network.parse(
      "127.0.0.1/32")));

  @BeforeAll
  static void start() throws IOException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    byte[] der = AiaServer.der(certs.intermediateCa());
    second = AiaServer.startOn("127.0.0.2").serve("/int.der", der);
    first = AiaServer.start(Tools.freePorts(1)[0]).serve("/int.der", der).redirect("/elsewhere",
        second.url("/int.der"));
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
  }

  private static AiaFetch.Download fetch(AddressPolicy policy, String url) {
    return new AiaFetch(true, policy, () -> Duration.ofSeconds(5)).get(url);
  }

  @Test
  void publicOnly_loopbackUrl_refusedWithoutARequest() {
    int before = first.requests();

    AiaFetch.Download d = fetch(AddressPolicy.publicOnly(), first.url("/int.der"));

    assertThat(d).isEqualTo(AiaFetch.Download.failed("not fetched: " + first.url("/int.der") + " leads to"
        + " 127.0.0.1 is loopback; only public addresses are contacted unless allowed with --aia-allow"));
    assertThat(first.requests()).isEqualTo(before);
  }

  /** Addresses a hostile certificate may name: each refused before any connection is attempted. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://169.254.169.254/latest/meta-data/ | 169.254.169.254 is link-local (cloud metadata services live here)",
      "http://10.1.2.3/ca.der                    | 10.1.2.3 is private (RFC 1918)",
      "http://172.20.0.1/ca.der                  | 172.20.0.1 is private (RFC 1918)",
      "http://192.168.1.1:8080/ca.der            | 192.168.1.1 is private (RFC 1918)",
      "http://100.64.0.1/ca.der                  | 100.64.0.1 is shared carrier-grade NAT space (RFC 6598)",
      "http://0.0.0.0/ca.der                     | 0.0.0.0 is 'this network' (RFC 791)",
      "http://[::1]/ca.der                       | ::1 is loopback",
      "http://[fe80::1]/ca.der                   | fe80::1 is link-local",
      "http://[fd12:3456::1]/ca.der              | fd12:3456::1 is unique local (RFC 4193)",
      "http://[::ffff:127.0.0.1]/ca.der          | 127.0.0.1 is loopback",
      "http://[64:ff9b::a9fe:a9fe]/ca.der        | 64:ff9b::a9fe:a9fe is link-local (cloud metadata services live"
          + " here) (embedded in an IPv6 address)",
      "http://2130706433/ca.der                  | 127.0.0.1 is loopback",
      "http://localhost:9/ca.der                 | 127.0.0.1 is loopback"})
  void publicOnly_specialAddresses_refused(String url, String why) {
    AiaFetch.Download d = fetch(AddressPolicy.publicOnly(), url);

    assertThat(d.certificates()).isEmpty();
    assertThat(d.failure()).startsWith("not fetched: " + url + " leads to ").endsWith(" is " + why.substring(
        why.indexOf(" is ") + 4) + "; only public addresses are contacted unless allowed with --aia-allow");
  }

  @Test
  void allowedNetwork_fetched() {
    AiaFetch.Download d = fetch(ONLY_127_0_0_1, first.url("/int.der"));

    assertThat(d.failure()).isNull();
    assertThat(d.certificates()).extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=tlsdoctor test intermediate CA");
  }

  @Test
  void redirectFromAnAllowedToARefusedAddress_notFollowed() {
    int before = second.requests();

    AiaFetch.Download d = fetch(ONLY_127_0_0_1, first.url("/elsewhere"));

    assertThat(d).isEqualTo(AiaFetch.Download.failed("not fetched: " + second.url("/int.der") + " leads to"
        + " 127.0.0.2 is loopback; only public addresses are contacted unless allowed with --aia-allow"));
    assertThat(second.requests()).isEqualTo(before);
  }

  @Test
  void allowPrivate_redirectFollowed() {
    AiaFetch.Download d = fetch(AddressPolicy.allowing(AddressPolicy.parseAll(List.of("private"))),
        first.url("/elsewhere"));

    assertThat(d.failure()).isNull();
    assertThat(d.certificates()).hasSize(1);
  }

  @Test
  void networkParse_badValues_namedInTheMessage() {
    assertThatThrownBy(() -> AddressPolicy.Network.parse("intranet.example"))
        .hasMessage("'intranet.example' is not a network: give an IP address or CIDR such as 10.0.0.0/8 or"
            + " fd00::/8 (names are not looked up)");
    assertThatThrownBy(() -> AddressPolicy.Network.parse("10.0.0.0/33"))
        .hasMessage("'10.0.0.0/33' is not a network: the prefix length '33' must be 0 to 32");
    assertThat(AddressPolicy.Network.parse("fd00::/8").bits()).isEqualTo(8);
  }

  /** Answers every connection with fixed bytes after reading the request's head; counts connections. */
  static final class RawHttp implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();

    RawHttp(byte[] answer, Duration trickle) throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), 0));
      Thread.ofVirtual().start(() -> {
        while (!socket.isClosed()) {
          try (Socket c = socket.accept()) {
            connections.incrementAndGet();
            readHead(c.getInputStream());
            OutputStream out = c.getOutputStream();
            if (trickle == null) {
              out.write(answer);
            } else {
              for (byte b : answer) {
                out.write(b);
                out.flush();
                Thread.sleep(trickle);
              }
              while (true) {
                out.write('0');
                out.flush();
                Thread.sleep(trickle);
              }
            }
          } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
          }
        }
      });
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/ca.der";
    }

    private static void readHead(InputStream in) throws IOException {
      int state = 0;
      for (int b; state < 4 && (b = in.read()) >= 0; ) {
        state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
            : 0;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static AiaFetch.Download fetchRaw(String answer, Duration budget) throws IOException {
    try (RawHttp server = new RawHttp(answer.getBytes(StandardCharsets.ISO_8859_1), null)) {
      return new AiaFetch(true, ONLY_127_0_0_1, () -> budget).get(server.url());
    }
  }

  /** Malformed HTTP answers: the download fails with our words, nothing the server wrote is echoed. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-5\\r\\nabc\\r\\n0\\r\\n\\r\\n"
          + "| cannot fetch URL: not a valid HTTP answer",
      "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n7fffffff\\r\\nabc\\r\\n"
          + "| cannot fetch URL: not a valid HTTP answer",
      "HTTP/1.1 302 Found\\r\\nLocation: http://exa mple/ca.der\\r\\nContent-Length: 0\\r\\n\\r\\n"
          + "| not fetched: URL redirects to an invalid location",
      "SSH-2.0-OpenSSH_9.2 secret-banner\\r\\n\\r\\n| cannot fetch URL: not a valid HTTP answer",
      "220 internal-mail.corp ESMTP Postfix\\r\\n\\r\\n| cannot fetch URL: not a valid HTTP answer",
      "HTTP/1.1 200 OK\\r\\nContent-Length: 10\\r\\n\\r\\nnot a cert| URL gave no certificate (10 bytes that are"
          + " not a certificate)"})
  void hostileAnswer_failsInOurWords(String answer, String expected) throws IOException {
    String raw = answer.replace("\\r", "\r").replace("\\n", "\n");
    try (RawHttp server = new RawHttp(raw.getBytes(StandardCharsets.ISO_8859_1), null)) {
      AiaFetch.Download d = new AiaFetch(true, ONLY_127_0_0_1, () -> Duration.ofSeconds(3)).get(server.url());

      assertThat(d).isEqualTo(AiaFetch.Download.failed(expected.replace("URL", server.url())));
    }
  }

  /** A body sent a byte at a time is cut at the download's budget, whatever its length says. */
  @Test
  void tricklingBody_cutAtTheBudget() throws IOException {
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 60000\r\n\r\n";
    try (RawHttp server = new RawHttp(head.getBytes(StandardCharsets.ISO_8859_1), Duration.ofMillis(50))) {
      long t0 = System.nanoTime();
      AiaFetch.Download d = new AiaFetch(true, ONLY_127_0_0_1, () -> Duration.ofMillis(1500)).get(server.url());
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(d).isEqualTo(AiaFetch.Download.failed("no answer from " + server.url() + " within 1.5 s"));
      assertThat(ms).isLessThanOrEqualTo(1500 + 2000);
    }
  }
}
