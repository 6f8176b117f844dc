package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.scan.AddressPolicy;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import dev.tlsdoctor.testing.AiaServer;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust per client from real scans of a real nginx with certificates made here under a private CA: untrusted by every
 * client unless the CA is given; an incomplete chain completed only by the clients that download the issuer (AIA).
 */
class ClientTrustTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static AiaServer http;
  static TestCerts certs;
  static X509Certificate root;
  static int complete;
  static int selfSigned;
  static int aia;
  static int noAia;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    int[] p = Tools.freePorts(5);
    http = AiaServer.start(p[0]);
    http.serve("/int.der", AiaServer.der(certs.intermediateCa()));
    complete = p[1];
    selfSigned = p[2];
    aia = p[3];
    noAia = p[4];
    nginx = NginxServer.start(Files.createDirectories(tmp.resolve("nginx")), String.join("\n",
        server(complete, certs.leaf()), server(selfSigned, certs.selfSigned()),
        server(aia, certs.leafWithAia("aia-ok", "intermediate-ca", http.url("/int.der"))),
        server(noAia, certs.leafWithAia("aia-none", "intermediate-ca", null))));
    try (InputStream in = Files.newInputStream(certs.rootCa())) {
      root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static String server(int port, TestCerts.Pair leaf) {
    return "server { listen 127.0.0.1:" + port + " ssl; server_name localhost; ssl_protocols TLSv1.2 TLSv1.3;"
        + " ssl_certificate " + leaf.cert() + "; ssl_certificate_key " + leaf.key() + "; }";
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    if (http != null) {
      http.close();
    }
  }

  /** The scan of {@code port}, trusting the private root when {@code given}, and every profile's verdict on it. */
  static List<Verdict> verdicts(int port, boolean given) throws InterruptedException {
    List<X509Certificate> cas = given ? List.of(root) : List.of();
    ScanOptions options = ScanOptions.defaults().withExtraCas(cas).withAiaAddresses(AddressPolicy.allowing(List.of(
        AddressPolicy.Network.parse("127.0.0.0/8"))));
    ServerProfile p = new Scanner(options).scanAll(List.of(new Target("127.0.0.1", port, "localhost")), x -> { })
        .get(0);
    return ClientSimulation.against(ScanOffer.of(p, cas).orElseThrow());
  }

  /** The ids of the clients whose handshake completes, by whether they accept the certificate. */
  static Map<Boolean, List<String>> byTrust(List<Verdict> verdicts) {
    Map<Boolean, List<String>> m = new TreeMap<>();
    for (Verdict v : verdicts) {
      if (v.handshake().ok()) {
        m.computeIfAbsent(v.trust().ok(), k -> new java.util.ArrayList<>()).add(v.id());
      }
    }
    return m;
  }

  @Test
  void privateCa_untrustedByEveryClient_unlessGiven() throws InterruptedException {
    List<Verdict> notGiven = verdicts(complete, false);
    assertThat(byTrust(notGiven).keySet()).containsExactly(false);
    Verdict java = notGiven.stream().filter(v -> v.id().equals("java-21")).findFirst().orElseThrow();
    assertThat(java.clazz()).isEqualTo("certificate-untrusted");
    assertThat(java.trust().store()).isEqualTo("java-cacerts");
    // the scan sees the private root's name only as an issuer it was not sent and does not trust
    assertThat(java.trust().reason()).startsWith("the server does not send the intermediate certificate: the issuer"
        + " of CN=tlsdoctor test intermediate CA (CN=tlsdoctor test root CA) was not sent and is not a trusted CA");

    List<Verdict> given = verdicts(complete, true);
    assertThat(byTrust(given).keySet()).containsExactly(true);
    Verdict chrome = given.get(0);
    assertThat(chrome.id()).isEqualTo("chrome-current");
    assertThat(chrome.trust().reason()).isEqualTo("trusted only with the CA given with --ca-file (the chain leads"
        + " to " + root.getSubjectX500Principal().getName() + ", a CA given with --ca-file, not to a public root):"
        + " every client must be configured with it");
  }

  @Test
  void selfSigned_untrustedEvenWithTheCaGiven() throws InterruptedException {
    assertThat(byTrust(verdicts(selfSigned, true)).keySet()).containsExactly(false);
  }

  @Test
  void incompleteChain_onlyTheClientsThatDownloadTheIssuerComplete() throws InterruptedException {
    Map<Boolean, List<String>> m = byTrust(verdicts(aia, true));
    List<String> fetching = ClientDatabase.all().stream().filter(c -> c.trust().fetchesIntermediates())
        .map(ClientProfile::id).toList();
    assertThat(m.get(true)).isNotEmpty().allMatch(fetching::contains);
    assertThat(m.get(true)).contains("chrome-current", "ie-11-win10", "safari-ios-current", "dotnet-8-linux",
        "schannel-win11");
    // Firefox ships the public CAs' intermediates only; Java, OpenSSL, curl, Go, Python, Node, Android download none
    assertThat(m.get(false)).contains("firefox-current", "firefox-esr-current", "java-21", "openssl-3.0",
        "curl-7.88-openssl", "go-1.22", "python-3.11", "node-20", "android-13-16")
        .noneMatch(fetching::contains);
    Verdict firefox = verdicts(aia, true).stream().filter(v -> v.id().equals("firefox-current")).findFirst()
        .orElseThrow();
    assertThat(firefox.trust()).isEqualTo(new Verdict.Trust(false, "the server does not send the intermediate"
        + " certificate, which leads to a private CA: this client does not download it (AIA) and only ships the"
        + " public CAs' intermediates", "mozilla", "preloaded"));

    assertThat(byTrust(verdicts(noAia, true)).keySet()).as("no AIA URL: nobody completes the chain")
        .containsExactly(false);
  }
}
