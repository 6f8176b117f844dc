package dev.tlsdoctor.nginx.policy;

import static dev.tlsdoctor.nginx.policy.PolicyHarness.analyze;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.finding.SuiteWeakness;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Scanner;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.scan.Target;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weak suites are judged once: {@code config} on a real nginx's file and {@code scan} of that nginx report the same
 * weaknesses, with the same ids and severities, naming the same suites.
 */
class SuiteWeaknessAgreementNginxTest {
  static final TestCerts certs = PolicyHarness.certs();

  @TempDir
  Path tmp;

  @Test
  void weakCipherString_configAndScan_sameWeaknessesAndSuites() throws IOException {
    int port = Tools.freePorts(1)[0];
    String http = "server { listen 127.0.0.1:" + port + " ssl; server_name localhost;"
        + " ssl_certificate " + certs.leaf().cert() + "; ssl_certificate_key " + certs.leaf().key() + ";"
        + " ssl_protocols TLSv1.2;"
        + " ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:AECDH-AES128-SHA:NULL-SHA256:@SECLEVEL=0;"
        + " location / { return 200; } }";
    try (NginxServer nginx = NginxServer.start(Files.createDirectories(tmp.resolve("n")), http)) {
      List<Finding> config = weak(analyze(nginx.prefix().resolve("nginx.conf"),
          PolicyHarness.localVersion().toString()));
      ServerProfile scanned = new Scanner(ScanOptions.defaults()).scan(Target.parse("127.0.0.1:" + port,
          "localhost"));
      List<Finding> scan = weak(scanned.findings());

      List<String> expected = List.of("cipher-anonymous error", "cipher-null error",
          "cipher-no-forward-secrecy info");
      assertThat(verdicts(config)).containsExactlyElementsOf(expected);
      assertThat(verdicts(scan)).containsExactlyElementsOf(expected);
      assertThat(config).extracting(Finding::message).containsExactly(
          "ssl_ciphers \"ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:AECDH-AES128-SHA:NULL-SHA256:@SECLEVEL=0\" lets"
              + " clients negotiate 1 suite with anonymous (no server authentication): AECDH-AES128-SHA",
          "ssl_ciphers \"ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:AECDH-AES128-SHA:NULL-SHA256:@SECLEVEL=0\" lets"
              + " clients negotiate 1 suite with no encryption: NULL-SHA256",
          "ssl_ciphers \"ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:AECDH-AES128-SHA:NULL-SHA256:@SECLEVEL=0\" lets"
              + " clients negotiate 1 suite with no forward secrecy (RSA key exchange): AES128-SHA");
      assertThat(scan).extracting(Finding::message).containsExactly(
          "accepts 1 suite with anonymous (no server authentication): TLS_ECDH_anon_WITH_AES_128_CBC_SHA (TLSv1.2)",
          "accepts 1 suite with no encryption: TLS_RSA_WITH_NULL_SHA256 (TLSv1.2)",
          "accepts 1 suite with no forward secrecy (RSA key exchange): TLS_RSA_WITH_AES_128_CBC_SHA (TLSv1.2)");
      assertThat(config).extracting(Finding::severity).containsExactly(Severity.ERROR, Severity.ERROR,
          Severity.INFO);
    }
  }

  private static List<Finding> weak(List<Finding> findings) {
    Set<String> ids = java.util.Arrays.stream(SuiteWeakness.values()).map(SuiteWeakness::id)
        .collect(Collectors.toSet());
    return findings.stream().filter(f -> ids.contains(f.id())).toList();
  }

  private static List<String> verdicts(List<Finding> findings) {
    return findings.stream().map(f -> f.id() + " " + f.severity()).toList();
  }
}
