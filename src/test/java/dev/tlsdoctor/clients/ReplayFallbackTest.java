package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.scan.Connector;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.testing.VersionIntolerantProxy;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live replay of the old browsers' version fallback: against a real nginx behind a version-intolerant front end
 * (it resets every ClientHello above TLS 1.0), and against nginx itself, which refuses a retry that carries
 * TLS_FALLBACK_SCSV while it speaks a higher version.
 */
class ReplayFallbackTest {
  @TempDir
  static Path tmp;

  static NginxServer nginx;
  static int tolerantPort;
  static int chachaPort;

  @BeforeAll
  static void start() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    Path prefix = Files.createDirectories(tmp.resolve("nginx"));
    String rsa = "ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";";
    int[] ports = Tools.freePorts(2);
    tolerantPort = ports[0];
    chachaPort = ports[1];
    nginx = NginxServer.start(prefix, "server { listen 127.0.0.1:" + tolerantPort + " ssl; server_name localhost; "
        + rsa + " ssl_protocols TLSv1 TLSv1.1 TLSv1.2; ssl_ciphers AES128-SHA:@SECLEVEL=0; }\n"
        + "server { listen 127.0.0.1:" + chachaPort + " ssl; server_name localhost; " + rsa
        + " ssl_protocols TLSv1 TLSv1.1 TLSv1.2; ssl_ciphers ECDHE-RSA-CHACHA20-POLY1305:@SECLEVEL=0; }\n");
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
  }

  static Connector connector(int port) throws Exception {
    return new Connector(InetAddress.getByName("127.0.0.1"), port, Duration.ofSeconds(20), Duration.ofSeconds(5),
        Duration.ofSeconds(5), 4);
  }

  static ClientProfile profile(String id) {
    return ClientDatabase.find(id).orElseThrow();
  }

  /** What a scan of the intolerant server sees: TLS 1.0 only (each version probed with itself as the highest). */
  static ServerOffer tls10Only() {
    List<CipherSuite> aes = List.of(CipherSuite.forOpensslName("AES128-SHA").orElseThrow());
    return new ServerOffer("intolerant", EnumSet.of(ProtocolVersion.TLSv1), -1, Map.of(ProtocolVersion.TLSv1, aes),
        false, List.of(), false, List.of(NamedGroup.X25519), null, List.of(SimulatorTest.RSA), List.of(), false, null,
        Map.of());
  }

  @Test
  void intolerantServer_ie11ConnectsOnlyAfterTwoRetries_javaIsRefused_ie8FailsEvenWithSsl3() throws Exception {
    try (VersionIntolerantProxy proxy = VersionIntolerantProxy.start(tolerantPort, 0x0301)) {
      Connector c = connector(proxy.port());
      ClientProfile ie11 = profile("ie-11-win7");
      Verdict simulated = ClientSimulation.simulate(ie11, tls10Only());
      assertThat(simulated.fallback()).as("a scan cannot see the intolerance").isNull();
      Verdict v = ClientSimulation.withReplay(simulated, Replay.run(c, ie11, "localhost", simulated));
      assertThat(proxy.helloVersions()).containsExactly(0x0303, 0x0302, 0x0301);
      assertThat(v.replay().protocol()).isEqualTo("TLSv1");
      assertThat(v.replay().cipher()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
      assertThat(v.fallback().retries()).containsExactly("TLSv1.1", "TLSv1");
      assertThat(v.fallback().protocol()).isEqualTo("TLSv1");
      assertThat(v.fallback().scsv()).isFalse();
      assertThat(v.fallback().note()).isEqualTo("the server refused the first hello (reset"
          + "); the client connected only after retrying with TLS 1.0 as its highest version");
      assertThat(v.replay().agrees()).isFalse();
      assertThat(v.replay().differences()).containsExactly("the server refused the first hello: the client connects"
          + " only after falling back to TLSv1 (not simulated)");

      ClientProfile java = profile("java-8u161");
      Verdict js = ClientSimulation.simulate(java, tls10Only());
      Verdict.Replay jr = Replay.run(c, java, "localhost", js);
      assertThat(jr.protocol()).isNull();
      assertThat(jr.fallback()).isNull();
      assertThat(jr.differences()).hasSize(1);
      assertThat(jr.differences().get(0)).startsWith("the simulation expects TLSv1 with TLS_RSA_WITH_AES_128_CBC_SHA,"
          + " the server refused (");

      // IE 8 on XP (no AES, and this OpenSSL has no 3DES): its TLS 1.0 hello passes the front end and nginx refuses
      // it; the retry with SSL 3.0 is refused too, as simulated
      ClientProfile ie8 = profile("ie-8-xp");
      Verdict is = ClientSimulation.simulate(ie8, tls10Only());
      assertThat(is.fallback()).isEqualTo(new Verdict.Fallback(List.of("SSLv3"), null, false, "the retries with SSLv3"
          + " failed too"));
      Verdict.Replay ir = Replay.run(c, ie8, "localhost", is);
      assertThat(ir.protocol()).isNull();
      assertThat(ir.fallback().retries()).containsExactly("SSLv3");
      assertThat(ir.fallback().protocol()).isNull();
      assertThat(ir.agrees()).isTrue();
      assertThat(proxy.helloVersions()).containsExactly(0x0303, 0x0302, 0x0301, 0x0303, 0x0301, 0x0300);
    }
  }

  @Test
  void chrome49_retryWithFallbackScsv_nginxAnswersInappropriateFallback_asSimulated() throws Exception {
    ClientProfile chrome = profile("chrome-49-xp");
    ServerOffer offer = new ServerOffer("chacha", EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1,
        ProtocolVersion.TLSv1_2), 0, Map.of(ProtocolVersion.TLSv1_2, List.of(CipherSuite.forOpensslName(
            "ECDHE-RSA-CHACHA20-POLY1305").orElseThrow())), false, List.of(), false, List.of(NamedGroup.X25519,
            NamedGroup.SECP256R1), null, List.of(SimulatorTest.RSA), List.of(), false, null, Map.of());
    Verdict simulated = ClientSimulation.simulate(chrome, offer);
    assertThat(simulated.fallback().note()).contains("inappropriate_fallback");
    Verdict.Replay r = Replay.run(connector(chachaPort), chrome, "localhost", simulated);
    assertThat(r.protocol()).isNull();
    assertThat(r.fallback().retries()).containsExactly("TLSv1.1");
    assertThat(r.fallback().protocol()).isNull();
    assertThat(r.fallback().scsv()).isTrue();
    assertThat(r.fallback().note()).contains("inappropriate");
    assertThat(r.agrees()).isTrue();
  }
}
