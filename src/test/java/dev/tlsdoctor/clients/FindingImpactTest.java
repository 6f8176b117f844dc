package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.PolicyFindings;
import dev.tlsdoctor.nginx.policy.SourceLines;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The groups-restrictive finding's "affects" comes from the simulation, not from a guessed list of clients. */
class FindingImpactTest {
  @TempDir
  Path tmp;

  private Finding groupsFinding(String curve, String ciphers) throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs-" + curve)));
    Path conf = tmp.resolve(curve + ".conf");
    Files.writeString(conf, "events {}\nhttp {\n  server {\n    listen 443 ssl;\n    server_name a.test;\n"
        + "    ssl_certificate " + certs.leaf().cert() + ";\n    ssl_certificate_key " + certs.leaf().key() + ";\n"
        + "    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_ecdh_curve " + curve + ";\n" + (ciphers == null ? "" : "    ssl_ciphers " + ciphers + ";\n")
        + "  }\n}\n");
    TlsPolicy policy = TlsPolicy.of(NginxConfigReader.strict().read(conf), NginxVersion.parse("1.22.1"),
        new OpensslBuild("3.0", 2, false));
    List<Finding> found = FindingImpact.apply(policy, PolicyFindings.analyze(policy, SourceLines.fromDisk(),
        Clock.systemUTC()));
    return found.stream().filter(f -> f.id().equals("groups-restrictive")).findFirst().orElseThrow();
  }

  @Test
  void p384Only_noClientFails_tls13OnesNeedAHelloRetryRequest() throws Exception {
    Finding f = groupsFinding("secp384r1", null);
    assertThat(f.affected()).startsWith("no client fails on the groups (0 of 63 simulated client profiles); ")
        .contains(" connect after a HelloRetryRequest (one more round trip): Chromium 156 (Debian 12), ");
  }

  @Test
  void p521OnlyWithEcdheSuites_clientsWithoutP521Fail() throws Exception {
    Finding f = groupsFinding("secp521r1", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384");
    // TLS 1.3 clients without P-521 fail too: OpenSSL 3.0 does not fall back to TLS 1.2 without a shared group
    // (LibreSSL 3.3.6 offers P-521: eccurves_client_default in its t1_lib.c)
    assertThat(f.affected()).startsWith("15 of 63 simulated client profiles fail on the groups (key-share-mismatch):"
        + " Chromium 156 (Debian 12), Chrome 49 on Windows XP SP3, ").contains(" and 7 more; 28 connect after a HelloRetryRequest (one more round trip): Firefox");
  }
}
