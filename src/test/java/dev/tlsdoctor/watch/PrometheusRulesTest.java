package dev.tlsdoctor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example alerting rules in {@code examples/prometheus/}, checked and unit-tested by Prometheus's own
 * {@code promtool}: the spike of a class, a new class, a certificate about to expire, each with series that must
 * alert and series that must not.
 */
class PrometheusRulesTest {
  private static final Path DIR = Path.of("examples/prometheus").toAbsolutePath();

  private static Tools.Result promtool(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(Tools.require("promtool").toString()));
    cmd.addAll(List.of(args));
    return Tools.run(cmd, new byte[0], Duration.ofSeconds(60), DIR);
  }

  @Test
  void checkRules_threeRules() {
    Tools.Result r = promtool("check", "rules", "tlsdoctor-alerts.yml");

    assertThat(r.exitCode()).as(r.output()).isEqualTo(0);
    assertThat(r.output()).isEqualTo("Checking tlsdoctor-alerts.yml\n  SUCCESS: 3 rules found\n\n");
  }

  @Test
  void testRules_everyCasePasses() {
    Tools.Result r = promtool("test", "rules", "tlsdoctor-alerts.test.yml");

    assertThat(r.exitCode()).as(r.output()).isEqualTo(0);
    assertThat(r.output()).isEqualTo("Unit Testing:  tlsdoctor-alerts.test.yml\n  SUCCESS\n\n");
  }
}
