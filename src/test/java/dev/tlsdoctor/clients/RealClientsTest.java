package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.tls.CipherSuite;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real client installed on this machine against a matrix of real nginx servers, each made to separate clients
 * (protocol ranges, RSA key exchange only, DHE only, one curve, CBC only, ChaCha20 only, ECDSA only, RSA and ECDSA
 * certificates, an SNI split, server preference, h2 with a CBC suite): what the client really negotiates, read from
 * nginx's access log ($ssl_protocol, $ssl_cipher), must equal the simulation of its profile, both from the
 * configuration and from a live scan.
 */
class RealClientsTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static TestCerts certs;
  static TlsPolicy policy;
  static final Map<String, Integer> PORTS = new LinkedHashMap<>();
  static final Map<String, ServerOffer> LIVE = new LinkedHashMap<>();

  /** The servers: name and what its server block says besides listen, certificates and the access log. */
  static final Map<String, String> SERVERS = servers();

  private static Map<String, String> servers() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("tls13-only", "ssl_protocols TLSv1.3;");
    m.put("tls12-default", "ssl_protocols TLSv1.2;");
    m.put("rsa-kx-only", "ssl_protocols TLSv1.2; ssl_ciphers AES128-GCM-SHA256:AES256-SHA;");
    m.put("dhe-only", "ssl_protocols TLSv1.2; ssl_ciphers DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384;"
        + " ssl_dhparam dh2048.pem;");
    m.put("p384-only", "ssl_protocols TLSv1.2 TLSv1.3; ssl_ecdh_curve secp384r1;");
    m.put("cbc-only", "ssl_protocols TLSv1.2; ssl_ciphers ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384;");
    m.put("chacha-only", "ssl_protocols TLSv1.2; ssl_ciphers ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-CHACHA20-POLY1305;");
    m.put("ecdsa-only", "ssl_protocols TLSv1.2 TLSv1.3; ECDSA");
    m.put("rsa-and-ecdsa", "ssl_protocols TLSv1.2; ssl_prefer_server_ciphers on;"
        + " ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256; BOTH");
    m.put("server-order", "ssl_protocols TLSv1.2; ssl_prefer_server_ciphers on;"
        + " ssl_ciphers ECDHE-RSA-AES256-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256;");
    m.put("h2-cbc", "ssl_protocols TLSv1.2; ssl_ciphers ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256;"
        + " ssl_prefer_server_ciphers on; H2");
    m.put("sni-split", "SNI");
    return m;
  }

  @BeforeAll
  static void start() throws Exception {
    certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path prefix = Files.createDirectories(tmp.resolve("nginx"));
    Tools.openssl(prefix, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out",
        "dh2048.pem");
    StringBuilder b = new StringBuilder("log_format clients '$server_port $uri $ssl_protocol $ssl_cipher';\n");
    String rsa = "ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";";
    String ec = "ssl_certificate " + certs.ecdsaLeaf().cert() + "; ssl_certificate_key " + certs.ecdsaLeaf().key()
        + ";";
    int[] ports = Tools.freePorts(SERVERS.size());
    int i = 0;
    for (Map.Entry<String, String> e : SERVERS.entrySet()) {
      int port = ports[i++];
      PORTS.put(e.getKey(), port);
      String body = e.getValue();
      String keys = body.contains("BOTH") ? rsa + " " + ec : body.contains("ECDSA") ? ec : rsa;
      String h2 = body.contains("H2") ? " http2" : "";
      body = body.replace("BOTH", "").replace("ECDSA", "").replace("H2", "");
      String log = "access_log " + prefix.resolve("access.log") + " clients; root " + prefix.resolve("html") + ";";
      if (body.equals("SNI")) {
        // the default server (no SNI, Java to "localhost") has RSA key exchange only; "localhost" has ECDHE
        b.append("server { listen 127.0.0.1:").append(port).append(" ssl default_server; server_name other.test; ")
            .append(rsa).append(" ssl_protocols TLSv1.2; ssl_ciphers AES256-GCM-SHA384; ").append(log).append(" }\n");
        b.append("server { listen 127.0.0.1:").append(port).append(" ssl; server_name localhost; ").append(rsa)
            .append(" ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256; ").append(log).append(" }\n");
      } else {
        b.append("server { listen 127.0.0.1:").append(port).append(" ssl").append(h2).append("; server_name localhost; ")
            .append(keys).append(' ').append(body).append(' ').append(log).append(" }\n");
      }
    }
    Files.createDirectories(prefix.resolve("html"));
    nginx = NginxServer.start(prefix, b.toString());
    policy = TlsPolicy.of(NginxConfigReader.strict().read(prefix.resolve("nginx.conf")), NginxVersion.parse("1.22.1"),
        new OpensslBuild("3.0", 2, false)); // Debian's OpenSSL 3.0: security level 2
    List<X509Certificate> cas = new ArrayList<>();
    try (InputStream in = new FileInputStream(certs.rootCa().toFile())) {
      cas.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    ScanOptions d = ScanOptions.defaults();
    Scanner scanner = new Scanner(new ScanOptions(Duration.ofSeconds(30), d.connectTimeout(), d.readTimeout(), 8, 4,
        cas, false, d.aiaAddresses()));
    List<Target> targets = new ArrayList<>();
    for (int port : PORTS.values()) {
      targets.add(new Target("127.0.0.1", port, "localhost"));
    }
    for (int port : PORTS.values()) {
      targets.add(new Target("127.0.0.1", port, null));
    }
    List<ServerProfile> scans = scanner.scanAll(targets, p -> { });
    int n = PORTS.size();
    int k = 0;
    for (String name : PORTS.keySet()) {
      LIVE.put(name, ScanOffer.of(scans.get(k), scans.get(n + k)).orElseThrow());
      k++;
    }
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"openssl,openssl,openssl-3.0", "curl,curl,curl-7.88-openssl", "java17,java,java-17",
      "java25,/usr/lib/jvm/temurin-25-jdk-amd64/bin/java,java-25", "python3,python3,python-3.11", "node,node,node-20",
      "gnutls,gnutls-cli,gnutls-3.7", "go,go,go-1.19", "chromium,chromium,chrome-current",
      "firefox,firefox-esr,firefox-esr-current"})
  void realClient_negotiatesWhatTheSimulationSays(String client, String binary, String id) throws Exception {
    Assumptions.assumeTrue(installed(binary), binary + " is not installed");
    if (client.equals("firefox")) {
      Assumptions.assumeTrue(installed("certutil"), "certutil (libnss3-tools) is not installed");
    }
    ClientProfile profile = ClientDatabase.find(id).orElseThrow();
    if (client.startsWith("java")) {
      profile = withoutSni(profile); // the JDK sends no server_name for "localhost" (no dot)
    }
    List<String> mismatches = new ArrayList<>();
    int connected = 0;
    Path script = Path.of("scripts/clients/run").toAbsolutePath();
    for (Map.Entry<String, Integer> e : PORTS.entrySet()) {
      String path = "/" + client + "-" + e.getKey();
      Tools.run(List.of(script.toString(), client, "https://localhost:" + e.getValue() + path,
          certs.rootCa().toString()), new byte[0], Duration.ofSeconds(60));
      String real = negotiated(path);
      connected += real.equals("fails") ? 0 : 1;
      ServerOffer config = PolicyOffer.of(policy, PolicyOffer.socket(policy, "127.0.0.1:" + e.getValue())
          .orElseThrow(), "localhost");
      String fromConfig = outcome(ClientSimulation.simulate(profile, config));
      String live = outcome(ClientSimulation.simulate(profile, LIVE.get(e.getKey())));
      if (!real.equals(fromConfig) || !real.equals(live)) {
        mismatches.add(e.getKey() + ": real " + real + ", from config " + fromConfig + ", live " + live);
      }
    }
    assertThat(mismatches).as(client + " against the servers").isEmpty();
    assertThat(connected).as("servers " + client + " connected to").isGreaterThanOrEqualTo(4);
  }

  /** {@code TLSv1.2 TLS_ECDHE_...} from the access log line of {@code path}, or {@code fails}. */
  private static String negotiated(String path) throws IOException {
    Path log = nginx.prefix().resolve("access.log");
    if (!Files.exists(log)) {
      return "fails";
    }
    for (String line : Files.readAllLines(log)) {
      String[] f = line.split(" ");
      if (f.length == 4 && f[1].equals(path)) {
        CipherSuite s = CipherSuite.forOpensslName(f[3]).or(() -> CipherSuite.forIanaName(f[3])).orElseThrow();
        return f[2] + " " + s.name();
      }
    }
    return "fails";
  }

  private static String outcome(Verdict v) {
    // trust is not what this test is about (the clients trust the test root or ignore it)
    return v.handshake().ok() ? v.handshake().protocol() + " " + v.handshake().cipher() : "fails";
  }

  static ClientProfile withoutSni(ClientProfile p) {
    return new ClientProfile(p.id(), p.name(), p.family(), p.version(), p.platform(), p.stack(), p.protocols(),
        p.cipherSuites(), p.tls13CipherSuites(), p.groups(), p.keyShares(), p.signatureAlgorithms(),
        p.signatureAlgorithmsCert(), false, p.alpn(), p.extensions(), p.limits(), p.trust(), p.http2Blocklist(),
        p.abortsOnUnrecognizedName(), p.provenance(), p.notes(), p.fallback());
  }

  private static boolean installed(String binary) {
    if (binary.startsWith("/")) {
      return Files.isExecutable(Path.of(binary));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/bin", binary));
  }
}
