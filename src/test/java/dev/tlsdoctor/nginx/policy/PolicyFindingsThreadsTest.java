package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.testing.TestCerts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A configuration of {@link PolicyFindings#PARALLEL_FROM} servers or more has its certificate and upstream checks run
 * on another thread: the findings must be those of every check run one after another on one thread, in the same
 * order, with each group of checks contributing.
 */
class PolicyFindingsThreadsTest {
  private static final Clock CLOCK = Clock.systemUTC();

  @Test
  void largeConfiguration_sameFindingsAsOneThreadInOrder() throws Exception {
    TestCerts certs = PolicyHarness.certs();
    int n = PolicyFindings.PARALLEL_FROM + 37;
    StringBuilder c = new StringBuilder("http {\n  ssl_protocols TLSv1.2 TLSv1.3;\n");
    for (int i = 0; i < n; i++) {
      c.append("  server {\n    listen ").append(8443 + i % 3).append(" ssl;\n    server_name s").append(i)
          .append(".test;\n");
      switch (i % 5) {
        case 0 -> c.append("    ssl_certificate ").append(certs.leaf().cert()).append(";\n    ssl_certificate_key ")
            .append(certs.leaf().key()).append(";\n    ssl_ciphers AES128-SHA;\n");
        case 1 -> c.append("    ssl_certificate ").append(certs.expiredLeaf().cert())
            .append(";\n    ssl_certificate_key ").append(certs.expiredLeaf().key()).append(";\n");
        case 2 -> c.append("    ssl_certificate ").append(certs.leaf().cert()).append(";\n    ssl_certificate_key ")
            .append(certs.leaf().key()).append(";\n    location / { proxy_pass https://10.0.0.")
            .append(i % 250).append(":443; }\n");
        case 3 -> c.append("    ssl_certificate /nonexistent/s").append(i).append(".crt;\n    ssl_certificate_key ")
            .append("/nonexistent/s").append(i).append(".key;\n    ssl_protocols TLSv1 TLSv1.2;\n");
        default -> c.append("    ssl_certificate ").append(certs.selfSigned().cert())
            .append(";\n    ssl_certificate_key ").append(certs.selfSigned().key())
            .append(";\n    ssl_session_tickets on;\n");
      }
      c.append("  }\n");
    }
    c.append("}\n");
    byte[] dump = ("# configuration file /etc/nginx/nginx.conf:\n" + c).getBytes(StandardCharsets.UTF_8);
    TlsPolicy policy = TlsPolicy.of(NginxConfigReader.strict().readDump(dump, null), NginxVersion.parse("1.22.1"),
        OpensslBuild.OPENSSL_3_0);
    assertThat(policy.servers()).hasSize(n);
    SourceLines lines = SourceLines.fromDump(dump);

    List<Finding> parallel = PolicyFindings.units(policy, lines, CLOCK);

    List<Finding> serial = new ArrayList<>();
    Fix fix = new Fix(lines);
    new StartupChecks(policy, fix, serial).run();
    new ServerChecks(policy, fix, serial).run();
    new ProfileChecks(policy, fix, serial).run();
    new SessionChecks(policy, fix, serial).run();
    int firstGroup = serial.size();
    new CertificateChecks(policy, CLOCK, serial).run();
    new UpstreamChecks(policy, fix, CLOCK, serial).run();
    assertThat(firstGroup).isPositive();
    assertThat(serial.size()).isGreaterThan(firstGroup);
    assertThat(parallel).containsExactlyElementsOf(serial);
    Set<String> ids = new TreeSet<>();
    serial.subList(firstGroup, serial.size()).forEach(f -> ids.add(f.id()));
    assertThat(ids).contains("certificate-expired", "upstream-verify-off");
  }
}
