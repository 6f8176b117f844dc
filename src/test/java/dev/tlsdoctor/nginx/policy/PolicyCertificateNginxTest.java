package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.lineOf;
import static dev.tlsdoctor.nginx.policy.PolicyHarness.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.x509.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate findings: the files the configuration names, read with the JDK, against what clients of nginx see. */
class PolicyCertificateNginxTest {
  static final String LOCAL = PolicyServerNginxTest.LOCAL;
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  static String cert(TestCerts.Pair p) {
    return PolicyServerNginxTest.cert(p);
  }

  @Test
  void expiredCertificate_clientsRefuseIt() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name expired.test;\n    "
        + cert(certs.expiredLeaf()) + " }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-expired");
      assertThat(f.line()).isEqualTo(lineOf(conf, "expired-leaf-chain.crt"));
      assertThat(f.message()).endsWith("expired on 2021-01-01T00:00:00Z");
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "expired.test", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("certificate has expired");
    }
  }

  @Test
  void leafWithoutIntermediate_incompleteChain_unableToGetIssuer() throws Exception {
    Path leafOnly = tmp.resolve("leaf-only.crt");
    String pem = Files.readString(certs.leaf().cert());
    Files.writeString(leafOnly, pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 26));
    Path reversed = tmp.resolve("reversed.crt");
    int split = pem.indexOf("-----END CERTIFICATE-----") + 26;
    Files.writeString(reversed, pem.substring(split).strip() + "\n" + pem.substring(0, split));
    int[] p = Tools.freePorts(2);
    String http = String.join("\n",
        "server { listen 127.0.0.1:" + p[0] + " ssl; server_name localhost;",
        "    ssl_certificate " + leafOnly + "; ssl_certificate_key " + certs.leaf().key() + "; }");
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-incomplete-chain");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.line()).isEqualTo(lineOf(conf, "leaf-only.crt"));
      Tools.Result r = Tools.opensslClient(p[0], "", "-servername", "localhost", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("unable to get local issuer certificate");
    }
    // the intermediate first: nginx pairs the leaf's RSA key with nothing and starts anyway
    Tools.Result t = PolicyHarness.nginxTest(tmp, "server { listen 127.0.0.1:1 ssl; ssl_certificate " + reversed
        + "; ssl_certificate_key " + certs.leaf().key() + "; }");
    assertThat(t.exitCode()).as(t.output()).isZero();
    List<Finding> fs = analyze(tmp.resolve("test.conf"), LOCAL);
    assertThat(only(fs, "certificate-incomplete-chain").severity()).isEqualTo(Severity.ERROR);
    assertThat(only(fs, "certificate-key-mismatch").line()).isEqualTo(5);
  }

  /**
   * A leaf issued directly by a root CA, served alone, is a complete chain: a client that trusts the root verifies it.
   * The root is found next to the certificate file (or in a CA file of the configuration): no finding. Where the
   * issuer is found nowhere, the warning stays and says that the chain may be complete.
   */
  @Test
  void leafIssuedDirectlyByRoot_completeChain_noIncompleteChainFinding() throws Exception {
    TestCerts.Pair rootIssued = certs.leafIssuedByRoot("root-issued");
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n    ssl_certificate "
        + rootIssued.cert() + "; ssl_certificate_key " + rootIssued.key() + "; }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      // the oracle: a client that trusts the root builds the chain from the leaf alone
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.stdout()).contains("Verify return code: 0 (ok)");

      List<Finding> findings = analyze(conf, LOCAL);

      // the root, root-ca.crt, lies next to the file
      assertThat(PolicyHarness.ids(findings)).doesNotContain("certificate-incomplete-chain");
      assertThat(findings).filteredOn(f -> f.id().startsWith("certificate-")).isEmpty();
    }
    // the same leaf where no CA is in reach: the issuer cannot be told from an intermediate
    Path alone = Files.createDirectories(tmp.resolve("alone"));
    Path leaf = Files.copy(rootIssued.cert(), alone.resolve("site.crt"));
    Files.copy(rootIssued.key(), alone.resolve("site.key"));
    String server = "server { listen 127.0.0.1:1 ssl; server_name localhost;\n  ssl_certificate " + leaf
        + "; ssl_certificate_key " + alone.resolve("site.key") + ";";
    Tools.Result t = PolicyHarness.nginxTest(tmp, server + " }");
    assertThat(t.exitCode()).as(t.output()).isZero();
    Path conf = tmp.resolve("test.conf");
    Finding f = only(analyze(conf, LOCAL), "certificate-incomplete-chain");
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_certificate " + leaf));
    assertThat(f.message()).isEqualTo(leaf + " holds only the leaf; its issuer (CN=tlsdoctor test root CA) is not"
        + " sent and was found neither in the CA files of this configuration, nor next to the file, nor among the"
        + " system's trusted roots: the chain is complete only if it is a root CA the clients trust (a private CA"
        + " that issues leaves itself); an intermediate must be appended to " + leaf);
    // the root named by the configuration (here as the CA of client certificates): complete
    PolicyHarness.nginxTest(tmp, server + "\n  ssl_client_certificate " + certs.rootCa() + "; }");
    assertThat(PolicyHarness.ids(analyze(conf, LOCAL))).doesNotContain("certificate-incomplete-chain");
  }

  /** A leaf alone whose issuer, found next to it, is an intermediate: incomplete, and clients fail. */
  @Test
  void leafAloneIssuedByIntermediateFoundNextToIt_incompleteChain_namesTheIntermediate() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("site"));
    String pem = Files.readString(certs.leaf().cert());
    Path leaf = Files.writeString(dir.resolve("site.crt"), pem.substring(0,
        pem.indexOf("-----END CERTIFICATE-----") + 26));
    Path intermediate = Files.copy(certs.intermediateCa(), dir.resolve("intermediate.pem"));
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n    ssl_certificate " + leaf
        + "; ssl_certificate_key " + certs.leaf().key() + "; }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-incomplete-chain");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_certificate " + leaf));
      assertThat(f.message()).isEqualTo(leaf + " holds only the leaf; its issuer (CN=tlsdoctor test intermediate"
          + " CA) is an intermediate CA (found in " + intermediate + "), not a root, and is not sent: append it to "
          + leaf);
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost", "-CAfile",
          certs.rootCa().toString(), "-verify_return_error");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("unable to get local issuer certificate");
    }
  }

  @Test
  void keyOfAnotherType_keyMismatch_nginxStartsButHandshakesFail() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.ecdsaLeaf().key()
        + "; }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-key-mismatch");
      assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_certificate_key"));
      assertThat(f.message()).contains("(an EC key for an RSA certificate)");
      Tools.Result r = Tools.opensslClient(port, "", "-servername", "localhost");
      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("alert handshake failure");
    }
  }

  @Test
  void keyOfAnotherCertificate_keyMismatch_nginxRefusesToStart() throws Exception {
    Tools.openssl(tmp, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.key");
    Tools.Result t = PolicyHarness.nginxTest(tmp, "server { listen 127.0.0.1:1 ssl;\n"
        + "  ssl_certificate " + certs.leaf().cert() + ";\n  ssl_certificate_key " + tmp.resolve("other.key")
        + ";\n}");
    assertThat(t.exitCode()).isNotZero();
    assertThat(t.output()).contains("key values mismatch");
    Finding f = only(analyze(tmp.resolve("test.conf"), LOCAL), "certificate-key-mismatch");
    assertThat(f.line()).isEqualTo(lineOf(tmp.resolve("test.conf"), "ssl_certificate_key"));
    assertThat(f.message()).endsWith(": nginx refuses to start (\"key values mismatch\")");
  }

  @Test
  void serverNameNotInCertificate_nameMismatch_curlRefuses() throws Exception {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name other.test good.test;\n    "
        + cert(certs.leaf()) + " location / { return 200; } }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-name-mismatch");
      assertThat(f.line()).isEqualTo(lineOf(conf, "/leaf-chain.crt"));
      assertThat(f.message()).contains("does not cover server_name other.test (it is for localhost, good.test,"
          + " 127.0.0.1)");
      Tools.Result r = Tools.curlAs("other.test", port, "--cacert", certs.rootCa().toString());
      assertThat(r.stdout()).isEqualTo("000");
      assertThat(r.stderr()).contains("other.test");
      assertThat(Tools.curlAs("good.test", port, "--cacert", certs.rootCa().toString()).stdout()).isEqualTo("200");
    }
  }

  /**
   * A certificate without subjectAltName, its name only in the CN: OpenSSL's X509_check_host (curl, openssl
   * s_client -verify_hostname) accepts it, with the CN fallback; OpenSSL with the subject check turned off (what
   * RFC 9525 and browsers do, and Python with hostname_checks_common_name off) refuses it. The finding says which.
   */
  @Test
  void nameOnlyInTheCommonName_nameMismatchForBrowsers_curlAccepts() throws Exception {
    Pki pki = new Pki(certs.dir());
    pki.issue("cn-only", "/CN=legacy.test", "intermediate-ca", false);
    Path chain = tmp.resolve("cn-only-chain.crt");
    Files.writeString(chain, Files.readString(certs.dir().resolve("cn-only.crt"))
        + Files.readString(certs.dir().resolve("intermediate-ca.crt")));
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name legacy.test;\n    ssl_certificate "
        + chain + "; ssl_certificate_key " + certs.dir().resolve("cn-only.key") + "; location / { return 200; } }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      Path conf = nginx.prefix().resolve("nginx.conf");
      Finding f = only(analyze(conf, LOCAL), "certificate-name-mismatch");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).isEqualTo("server_name legacy.test is only in the subject CN of " + chain + ", which"
          + " has no subjectAltName DNS name: browsers (Chrome 58+, current Firefox, Safari since iOS 13) and Go"
          + " ignore the CN (RFC 9525); OpenSSL, curl, Python and Java fall back to it");
      assertThat(f.affected()).isEqualTo("browsers and Go clients asking for legacy.test: \"certificate name"
          + " mismatch\"");
      assertThat(Tools.curlAs("legacy.test", port, "--cacert", certs.rootCa().toString()).stdout())
          .isEqualTo("200");
      Tools.Result strict = Tools.run(List.of("python3", "-c", "import socket, ssl, sys\n"
          + "c = ssl.create_default_context(cafile=sys.argv[1])\nc.hostname_checks_common_name = False\n"
          + "try:\n  c.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[2])), 5),"
          + " server_hostname='legacy.test')\n  print('connected')\n"
          + "except ssl.SSLCertVerificationError as e:\n  print(e.verify_message)\n",
          certs.rootCa().toString(), String.valueOf(port)));
      assertThat(strict.stdout().strip()).isEqualTo("Hostname mismatch, certificate is not valid for 'legacy.test'.");
    }
  }

  /** nginx -t of {@code http} in test.conf must fail; the text of its [emerg] line after "[emerg] ". */
  private String refused(String http) throws Exception {
    Tools.Result t = PolicyHarness.nginxTest(tmp, http);
    assertThat(t.exitCode()).as(t.output()).isNotZero();
    String emerg = t.output().lines().filter(l -> l.contains("[emerg] ")).findFirst().orElseThrow();
    return emerg.substring(emerg.indexOf("[emerg] ") + 8);
  }

  /**
   * A DER certificate is read by the JDK but not by nginx, which loads the certificates of every server naming
   * them, TLS or not. The finding quotes nginx and gives the conversion, which makes nginx -t pass.
   */
  @Test
  void derCertificate_notPem_nginxRefusesEvenForAPlainServer() throws Exception {
    Path der = tmp.resolve("site.der");
    Tools.openssl(tmp, "x509", "-in", certs.leaf().cert().toString(), "-outform", "DER", "-out", der.toString());
    String http = "ssl_certificate " + der + ";\nssl_certificate_key " + certs.leaf().key() + ";\n"
        + "server { listen 127.0.0.1:1; server_name localhost; }";
    String said = refused(http);
    assertThat(said).isEqualTo("cannot load certificate \"" + der + "\": PEM_read_bio_X509_AUX() failed (SSL:"
        + " error:0480006C:PEM routines::no start line:Expecting: TRUSTED CERTIFICATE)");
    Path conf = tmp.resolve("test.conf");

    List<Finding> findings = analyze(conf, LOCAL);

    Finding f = only(findings, "certificate-not-pem");
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.file()).isEqualTo(conf.toString());
    assertThat(f.line()).isEqualTo(lineOf(conf, "ssl_certificate " + der));
    assertThat(f.listen()).isEmpty();
    assertThat(f.serverName()).isEqualTo("localhost");
    String pem = tmp.resolve("site.pem").toString();
    assertThat(f.message()).isEqualTo("ssl_certificate " + der + " is a binary DER certificate, not PEM: nginx reads"
        + " PEM only and refuses to start with: " + said + "; convert it with: openssl x509 -inform DER -in " + der
        + " -out " + pem + ", then name " + pem + " in ssl_certificate");
    assertThat(f.affected()).isEqualTo("every client: nginx does not start");
    assertThat(f.fix()).isNull();
    // the command given converts it, and nginx takes the result
    Tools.openssl(tmp, "x509", "-inform", "DER", "-in", der.toString(), "-out", pem);
    Files.writeString(conf, Files.readString(conf).replace(der.toString(), pem));
    Tools.Result t = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-p", tmp + "/", "-c",
        conf.toString(), "-e", tmp.resolve("t.log").toString()));
    assertThat(t.exitCode()).as(t.output()).isZero();
    assertThat(PolicyHarness.ids(analyze(conf, LOCAL))).doesNotContain("certificate-not-pem");
  }

  @Test
  void derKeyAndPkcs12Certificate_notPem_nginxRefusesEach() throws Exception {
    Path derKey = tmp.resolve("site.key.der");
    Tools.openssl(tmp, "pkey", "-in", certs.leaf().key().toString(), "-outform", "DER", "-out", derKey.toString());
    String keySaid = refused("server { listen 127.0.0.1:1 ssl; server_name localhost;\n  ssl_certificate "
        + certs.leaf().cert() + ";\n  ssl_certificate_key " + derKey + "; }");
    Path conf = tmp.resolve("test.conf");
    Finding k = only(analyze(conf, LOCAL), "certificate-not-pem");
    assertThat(k.line()).isEqualTo(lineOf(conf, "ssl_certificate_key"));
    assertThat(k.listen()).containsExactly("127.0.0.1:1");
    assertThat(k.message()).isEqualTo("ssl_certificate_key " + derKey + " is a binary DER key, not PEM: nginx reads"
        + " PEM only and refuses to start with: " + keySaid + "; convert it with: openssl pkey -inform DER -in "
        + derKey + " -out " + tmp.resolve("site.key.pem") + ", then name " + tmp.resolve("site.key.pem")
        + " in ssl_certificate_key");
    assertThat(keySaid).startsWith("cannot load certificate key \"" + derKey + "\": PEM_read_bio_PrivateKey()"
        + " failed");

    Path p12 = tmp.resolve("site.p12");
    Tools.openssl(tmp, "pkcs12", "-export", "-in", certs.leaf().cert().toString(), "-inkey",
        certs.leaf().key().toString(), "-passout", "pass:", "-out", p12.toString());
    String said = refused("server { listen 127.0.0.1:1 ssl; server_name localhost;\n  ssl_certificate " + p12
        + ";\n  ssl_certificate_key " + p12 + "; }");
    List<Finding> both = analyze(conf, LOCAL).stream().filter(f -> f.id().equals("certificate-not-pem")).toList();
    assertThat(both).extracting(Finding::line).containsExactly(lineOf(conf, "ssl_certificate "),
        lineOf(conf, "ssl_certificate_key"));
    assertThat(both.get(0).message()).isEqualTo("ssl_certificate " + p12 + " is a PKCS#12 bundle, not PEM: nginx"
        + " reads PEM only and refuses to start with: " + said + "; convert it with: openssl pkcs12 -in " + p12
        + " -nokeys -out " + tmp.resolve("site.pem") + " (the certificates; -nocerts -nodes gives the key), then"
        + " name " + tmp.resolve("site.pem") + " in ssl_certificate");
    assertThat(both.get(1).message()).contains("; convert it with: openssl pkcs12 -in " + p12 + " -nocerts -nodes"
        + " -out " + tmp.resolve("site.key.pem") + ", then name ");
    // a file nginx refuses is not checked further (no expiry, chain or key remarks on what nginx never loads)
    assertThat(PolicyHarness.ids(analyze(conf, LOCAL))).doesNotContain("certificate-not-checked",
        "certificate-incomplete-chain", "certificate-key-mismatch");
  }

  @Test
  void derTrustedCertificate_notPem_nginxRefuses() throws Exception {
    Path der = tmp.resolve("ca.der");
    Tools.openssl(tmp, "x509", "-in", certs.rootCa().toString(), "-outform", "DER", "-out", der.toString());
    String said = refused("server { listen 127.0.0.1:1;\n  location / { proxy_pass https://127.0.0.1:2;"
        + " proxy_ssl_verify on;\n    proxy_ssl_trusted_certificate " + der + "; } }");
    assertThat(said).isEqualTo("SSL_CTX_load_verify_locations(\"" + der + "\") failed (SSL: error:05800088:x509"
        + " certificate routines::no certificate or crl found)");
    Path conf = tmp.resolve("test.conf");
    Finding f = only(analyze(conf, LOCAL), "certificate-not-pem");
    assertThat(f.line()).isEqualTo(lineOf(conf, "proxy_ssl_trusted_certificate"));
    assertThat(f.message()).isEqualTo("proxy_ssl_trusted_certificate " + der + " is a binary DER certificate, not"
        + " PEM: nginx reads PEM only and refuses to start with: " + said + "; convert it with: openssl x509 -inform"
        + " DER -in " + der + " -out " + tmp.resolve("ca.pem") + ", then name " + tmp.resolve("ca.pem") + " in"
        + " proxy_ssl_trusted_certificate");
  }

  @Test
  void certificateEndingIn20Days_expiring() throws Exception {
    Path conf = tmp.resolve("nginx.conf");
    Files.writeString(conf, "events {}\nhttp { server { listen 443 ssl; server_name localhost;\n"
        + cert(certs.leaf()) + " } }\n");
    TlsPolicy p = TlsPolicy.of(NginxConfigReader.strict().read(conf), NginxVersion.parse("1.28.0"),
        OpensslBuild.OPENSSL_3_0);
    java.time.Instant end = p.servers().get(0).certFiles().get(0).leaf().orElseThrow().getNotAfter().toInstant();
    Clock clock = Clock.fixed(end.minus(Duration.ofDays(20)), ZoneOffset.UTC);
    List<Finding> fs = PolicyFindings.analyze(p, SourceLines.fromDisk(), clock);
    Finding f = only(fs, "certificate-expiring");
    assertThat(f.line()).isEqualTo(3);
    assertThat(f.message()).endsWith("in 20 days");
    assertThat(PolicyFindings.analyze(p, SourceLines.fromDisk(), Clock.systemUTC()))
        .filteredOn(Finding::isProblem).isEmpty();
  }
}
