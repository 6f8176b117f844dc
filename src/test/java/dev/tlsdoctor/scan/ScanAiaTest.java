package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.report.ScanText;
import dev.tlsdoctor.testing.AiaServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incomplete chains served by real nginx, the missing issuer named by the leaf's AIA caIssuers URL and served (or
 * not) by a loopback HTTP server: whether a client that downloads it, as browsers do, completes the chain.
 */
class ScanAiaTest {
  static final String INTERMEDIATE = "CN=tlsdoctor test intermediate CA";
  static final String MISSING = "the issuer of CN=localhost (" + INTERMEDIATE + ") was not sent and is not a"
      + " trusted CA; ";
  static final String SERVE_IT = "serve the intermediate (ssl_certificate with the full chain)";
  static final String NON_BROWSERS = "curl, openssl, Java, Go, Python and most API clients will fail";

  /** The test's AIA servers are on loopback, which only an explicit allowance opens (--aia-allow 127.0.0.0/8). */
  static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.allowing(List.of(AddressPolicy.Network.parse(
      "127.0.0.0/8")));

  @TempDir
  static Path tmp;

  static TestCerts certs;
  static NginxServer nginx;
  static AiaServer http;
  /** Accepts connections (the kernel does) and never answers: nothing calls accept(). */
  static ServerSocket silent;
  static Scanner scanner;
  static String silentUrl;
  static String ldapUrl;
  static int ok;
  static int notFound;
  static int unrelated;
  static int noAia;
  static int silentAia;
  static int ldap;
  static int twoHops;
  static int redirected;

  @BeforeAll
  static void start() throws IOException, CertificateException {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path dir = certs.dir();
    int[] p = Tools.freePorts(10);
    http = AiaServer.start(p[0]);
    silent = new ServerSocket();
    silent.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), p[1]));
    silentUrl = "http://127.0.0.1:" + p[1] + "/int.der";
    ldapUrl = "ldap://127.0.0.1/cn=tlsdoctor%20test%20intermediate%20CA?cACertificate";
    ok = p[2];
    notFound = p[3];
    unrelated = p[4];
    noAia = p[5];
    silentAia = p[6];
    ldap = p[7];
    twoHops = p[8];
    redirected = p[9];
    // root -> hop A -> hop B -> leaf: B is at b.der, A in a PKCS#7 bundle named by B's AIA
    certs.caWithAia("hop-a", "tlsdoctor hop A CA", "root-ca", null);
    certs.caWithAia("hop-b", "tlsdoctor hop B CA", "hop-a", http.url("/a.p7c"));
    Tools.openssl(dir, "crl2pkcs7", "-nocrl", "-certfile", "hop-a.crt", "-outform", "DER", "-out", "a.p7c");
    http.serve("/int.der", AiaServer.der(certs.intermediateCa()))
        .serve("/int.pem", Files.readAllBytes(certs.intermediateCa()))
        .redirect("/old/int.cer", "/int.pem")
        .serve("/unrelated.der", AiaServer.der(certs.unrelatedCa()))
        .serve("/b.der", AiaServer.der(dir.resolve("hop-b.crt")))
        .serve("/a.p7c", Files.readAllBytes(dir.resolve("a.p7c")));
    String servers = String.join("\n",
        server(ok, certs.leafWithAia("aia-ok", "intermediate-ca", http.url("/int.der"))),
        server(notFound, certs.leafWithAia("aia-404", "intermediate-ca", http.url("/missing.der"))),
        server(unrelated, certs.leafWithAia("aia-unrelated", "intermediate-ca", http.url("/unrelated.der"))),
        server(noAia, certs.leafWithAia("aia-none", "intermediate-ca", null)),
        server(silentAia, certs.leafWithAia("aia-silent", "intermediate-ca", silentUrl)),
        server(ldap, certs.leafWithAia("aia-ldap", "intermediate-ca", ldapUrl)),
        server(twoHops, certs.leafWithAia("aia-hops", "hop-b", http.url("/b.der"))),
        server(redirected, certs.leafWithAia("aia-redirect", "intermediate-ca", http.url("/old/int.cer"))));
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), servers);
    scanner = new Scanner(ScanOptions.defaults().withExtraCas(List.of(ScanNginxTest.load(certs.rootCa())))
        .withAiaAddresses(LOOPBACK_ALLOWED));
  }

  private static String server(int port, TestCerts.Pair leaf) {
    return "server { listen 127.0.0.1:" + port + " ssl; ssl_protocols TLSv1.2 TLSv1.3; ssl_certificate "
        + leaf.cert() + "; ssl_certificate_key " + leaf.key() + "; location / { return 200 \"ok\\n\"; } }";
  }

  @AfterAll
  static void stop() throws IOException {
    if (nginx != null) {
      nginx.close();
    }
    if (http != null) {
      http.close();
    }
    if (silent != null) {
      silent.close();
    }
  }

  private static ServerProfile.Chain onlyChain(ServerProfile p) {
    assertThat(p.error()).isNull();
    assertThat(p.certificates()).hasSize(1);
    ServerProfile.Chain c = p.certificates().get(0);
    assertThat(c.via()).isEqualTo("TLSv1.2 ECDSA suites");
    assertThat(c.certificates()).extracting(CertificateInfo::subject).containsExactly("CN=localhost");
    return c;
  }

  @Test
  void aiaServesTheIntermediate_completesChain_browsersSucceedOthersFail() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + ok, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    String url = http.url("/int.der");
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(url, true, true, url + " gave " + INTERMEDIATE
        + ": the chain is complete"));
    String detail = MISSING + "browsers that fetch the missing intermediate from AIA (" + url + ") will succeed; "
        + NON_BROWSERS + ": " + SERVE_IT;
    assertThat(c.problems()).containsExactly(new CertificateChecks.Problem("incomplete-chain", detail));
    assertThat(p.certificateProblems()).containsExactly("incomplete-chain");
    assertThat(p.findings()).containsExactly(Finding.of("incomplete-chain", Severity.ERROR,
        detail + " (TLSv1.2 ECDSA suites)"));
    assertThat(ScanText.render(p)).contains("  via TLSv1.2 ECDSA suites: incomplete-chain\n    CN=localhost, issued by "
        + INTERMEDIATE + ", ECDSA 256, SHA256withECDSA, until ").contains("\n    AIA: completes the chain (" + url
        + "): " + url + " gave " + INTERMEDIATE + ": the chain is complete\n");
  }

  @Test
  void aiaUrlAnswers404_doesNotComplete_everyClientFails() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + notFound, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    String url = http.url("/missing.der");
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(url, false, false, "HTTP 404 from " + url));
    assertThat(c.problems()).containsExactly(new CertificateChecks.Problem("incomplete-chain", MISSING
        + "AIA (" + url + ") does not complete the chain (HTTP 404 from " + url + "), so every client"
        + " fails, browsers included: " + SERVE_IT));
  }

  @Test
  void aiaServesAnUnrelatedCertificate_doesNotComplete() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + unrelated, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    String url = http.url("/unrelated.der");
    String why = url + " gave [CN=tlsdoctor unrelated CA], which did not issue CN=localhost";
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(url, true, false, why));
    assertThat(c.problems()).extracting(CertificateChecks.Problem::detail).containsExactly(MISSING + "AIA (" + url
        + ") does not complete the chain (" + why + "), so every client fails, browsers included: " + SERVE_IT);
  }

  @Test
  void noAiaExtension_aiaSaysSo_everyClientFails() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + noAia, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(null, false, false, "CN=localhost has no AIA caIssuers URL"));
    assertThat(c.problems()).extracting(CertificateChecks.Problem::detail).containsExactly(MISSING
        + "there is no AIA caIssuers URL to fetch it from, so every client fails: " + SERVE_IT + "; unless the"
        + " issuer is a root CA of your own that the clients trust (then the chain is complete: scan with --ca-file"
        + " ROOT to check)");
  }

  @Test
  void aiaFetchOff_nothingDownloaded_notFetchedDetail() {
    int before = http.requests();
    Scanner off = new Scanner(ScanOptions.defaults().withExtraCas(rootCa()).withAiaFetch(false));

    ServerProfile p = off.scan(Target.parse("127.0.0.1:" + ok, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    String url = http.url("/int.der");
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(url, false, false, "not fetched: --no-aia-fetch"));
    assertThat(c.problems()).extracting(CertificateChecks.Problem::detail).containsExactly(MISSING
        + "browsers may fetch it from AIA (" + url + ", not fetched: --no-aia-fetch); " + NON_BROWSERS + ": "
        + SERVE_IT);
    assertThat(http.requests()).isEqualTo(before);
    assertThat(ScanText.render(p)).contains("\n    AIA: not downloaded (" + url + "): not fetched: --no-aia-fetch\n");
  }

  @Test
  void noAiaFetchFlag_jsonAiaNotFetched() throws IOException {
    int before = http.requests();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = dev.tlsdoctor.cli.Main.run(new String[] {"scan", "--format", "json", "--no-aia-fetch", "--ca-file",
        certs.rootCa().toString(), "--sni", "localhost", "127.0.0.1:" + ok}, new PrintWriter(out, true),
        new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isEqualTo(1);
    var aia = dev.tlsdoctor.report.Json.MAPPER.readTree(out.toString()).get("certificates").get(0).get("aia");
    assertThat(aia.toString()).isEqualTo("{\"url\":\"" + http.url("/int.der") + "\",\"fetched\":false,"
        + "\"completesChain\":false,\"detail\":\"not fetched: --no-aia-fetch\"}");
    assertThat(http.requests()).isEqualTo(before);
  }

  @Test
  void scanHelp_describesNoAiaFetch() {
    StringWriter out = new StringWriter();

    int code = dev.tlsdoctor.cli.Main.run(new String[] {"scan", "--help"}, new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true));

    assertThat(code).isZero();
    assertThat(out.toString().replaceAll("\\s+", " ")).contains("--no-aia-fetch When a chain lacks an"
        + " intermediate, do not download it from the caIssuers URL of its Authority Information Access");
  }

  @Test
  void aiaServerNeverAnswers_timeoutDetail_scanFinishes() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + silentAia, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    String why = "no answer from " + silentUrl + " within 3.0 s";
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(silentUrl, false, false, why));
    assertThat(c.problems()).extracting(CertificateChecks.Problem::detail).containsExactly(MISSING + "AIA ("
        + silentUrl + ") does not complete the chain (" + why + "), so every client fails, browsers included: "
        + SERVE_IT);
    assertThat(p.millis()).isBetween(3000L, ScanOptions.DEFAULT_TIMEOUT.toMillis());
  }

  @Test
  void silentAiaServer_downloadCutAtTheScanDeadline() {
    AiaFetch fetch = new AiaFetch(true, LOOPBACK_ALLOWED, () -> Duration.ofMillis(400));
    long start = System.nanoTime();

    AiaFetch.Download d = fetch.get(silentUrl);

    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(d).isEqualTo(AiaFetch.Download.failed("no answer from " + silentUrl + " within 0.4 s"));
    assertThat(millis).isBetween(350L, 2000L);
    AiaFetch late = new AiaFetch(true, LOOPBACK_ALLOWED, () -> {
      throw new Connector.DeadlineExceeded("the deadline passed");
    });
    assertThat(late.get(silentUrl)).isEqualTo(AiaFetch.Download.failed("not fetched: the scan's deadline passed"));
  }

  @Test
  void ldapAiaUrl_notFetchedUnsupportedScheme() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + ldap, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(ldapUrl, false, false,
        "not fetched: unsupported scheme ldap"));
    assertThat(c.problems()).extracting(CertificateChecks.Problem::detail).containsExactly(MISSING
        + "browsers may fetch it from AIA (" + ldapUrl + ", not fetched: unsupported scheme ldap); " + NON_BROWSERS
        + ": " + SERVE_IT);
  }

  @Test
  void twoMissingCas_secondFromPkcs7BundleNamedByTheFirst_completesChain() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + twoHops, "localhost"));

    assertThat(p.certificates()).hasSize(1);
    ServerProfile.Chain c = p.certificates().get(0);
    String b = http.url("/b.der");
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(b, true, true, b + " gave CN=tlsdoctor hop B CA; "
        + http.url("/a.p7c") + " gave CN=tlsdoctor hop A CA: the chain is complete"));
    assertThat(c.problems()).extracting(CertificateChecks.Problem::detail).containsExactly(
        "the issuer of CN=localhost (CN=tlsdoctor hop B CA) was not sent and is not a trusted CA; browsers that"
            + " fetch the missing intermediate from AIA (" + b + ") will succeed; " + NON_BROWSERS + ": "
            + SERVE_IT);
  }

  @Test
  void redirectToPem_followed_completesChain() {
    ServerProfile p = scanner.scan(Target.parse("127.0.0.1:" + redirected, "localhost"));

    ServerProfile.Chain c = onlyChain(p);
    String url = http.url("/old/int.cer");
    assertThat(c.aia()).isEqualTo(new ServerProfile.Aia(url, true, true, url + " gave " + INTERMEDIATE
        + ": the chain is complete"));
  }

  @Test
  void downloadLargerThan64KiB_refused() {
    http.serve("/big.der", new byte[70 * 1024]);
    AiaFetch fetch = new AiaFetch(true, LOOPBACK_ALLOWED, () -> Duration.ofSeconds(5));

    assertThat(fetch.get(http.url("/big.der"))).isEqualTo(AiaFetch.Download.failed(http.url("/big.der")
        + " answered more than 64 KiB"));
  }

  @Test
  void caIssuersUrlsReadFromTheExtension() throws IOException, CertificateException {
    assertThat(dev.tlsdoctor.x509.Aia.caIssuers(ScanNginxTest.load(certs.dir().resolve("aia-ok.crt"))))
        .containsExactly(http.url("/int.der"));
    assertThat(dev.tlsdoctor.x509.Aia.caIssuers(ScanNginxTest.load(certs.dir().resolve("leaf.crt")))).isEmpty();
  }

  private static List<java.security.cert.X509Certificate> rootCa() {
    try {
      return List.of(ScanNginxTest.load(certs.rootCa()));
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
