package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.logs.LogClassifier;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.PolicyFindings;
import dev.tlsdoctor.nginx.policy.SourceLines;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.openssl.OpensslBuild;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The join on lines as nginx 1.22 writes them and configurations given as nginx -T output. */
class DiagnoserTest {
  static final KnowledgeBase KB = KnowledgeBase.get();
  static final LogClassifier CLASSIFIER = new LogClassifier(KB);
  static final String FILE = "/etc/nginx/nginx.conf";

  private static Report diagnose(String config, String... lines) throws Exception {
    LogGroups groups = new LogGroups();
    long n = 0;
    for (String l : lines) {
      CLASSIFIER.classify("error.log", ++n, l).ifPresent(groups::accept);
    }
    TlsPolicy policy = null;
    List<Finding> findings = null;
    if (config != null) {
      byte[] dump = ("# configuration file " + FILE + ":\n" + config).getBytes(StandardCharsets.UTF_8);
      NginxConfig c = NginxConfigReader.strict().readDump(dump);
      policy = TlsPolicy.of(c, new NginxVersion(1, 22, 1), OpensslBuild.OPENSSL_3_0);
      findings = PolicyFindings.analyze(policy, SourceLines.fromDump(dump), Clock.systemUTC());
    }
    return new Diagnoser(KB, policy, findings).diagnose(groups, new Report.Inputs(List.of("error.log"), n, n,
        config == null ? null : FILE, "1.22.1", List.of(), List.of()));
  }

  static String line(String time, String message) {
    return "2026/11/23 " + time + " [info] 100#100: *1 " + message;
  }

  @Test
  void logsOnly_noConfiguration_causeInTheClientsNoCauseAt() throws Exception {
    Report r = diagnose(null, line("01:00:00", "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::"
        + "unsupported protocol) while SSL handshaking, client: 192.0.2.7, server: 0.0.0.0:443"));

    assertThat(r.diagnoses()).hasSize(1);
    Report.Diagnosis d = r.diagnoses().get(0);
    assertThat(d.failureClass()).isEqualTo("protocol-version-mismatch");
    assertThat(d.direction()).isEqualTo("client");
    assertThat(d.listen()).isEqualTo("0.0.0.0:443");
    assertThat(d.causeAt()).isNull();
    assertThat(d.fixWhere()).isEqualTo("client");
    assertThat(d.fix().diff()).isNull();
    assertThat(d.affected().clients()).containsExactly(new Report.ClientCount("192.0.2.7", 1));
    assertThat(r.latent()).isEmpty();
  }

  @Test
  void wildcardListen_matchesTheLoggedAddress_andTheFindingExplainsIt() throws Exception {
    String config = "events {}\nhttp {\n  server {\n    listen 443 ssl;\n    server_name www.example.test;\n"
        + "    ssl_certificate /nonexistent.crt;\n    ssl_certificate_key /nonexistent.key;\n"
        + "    ssl_protocols TLSv1 TLSv1.1;\n  }\n}\n";
    Report r = diagnose(config, line("01:00:00", "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::"
        + "unsupported protocol) while SSL handshaking, client: 192.0.2.7, server: 0.0.0.0:443"));

    Report.Diagnosis d = r.diagnoses().get(0);
    assertThat(d.listen()).isEqualTo("*:443");
    assertThat(d.serverName()).isEqualTo("www.example.test");
    assertThat(d.causeAt()).isEqualTo(new Report.CauseAt(FILE, 8, "no-usable-protocol"));
    assertThat(d.fixWhere()).isEqualTo("nginx");
    assertThat(r.latent()).extracting(Report.Diagnosis::failureClass).doesNotContain("no-usable-protocol");
  }

  @Test
  void plainHttpToTheTlsPort_theCallersFix() throws Exception {
    Report r = diagnose(null, "2026/11/23 01:00:00 [info] 100#100: *1 client sent plain HTTP request to HTTPS port"
        + " while reading client request headers, client: 192.0.2.8, server: www.example.test, request: \"GET /"
        + " HTTP/1.1\", host: \"www.example.test:443\"");

    assertThat(r.diagnoses()).extracting(Report.Diagnosis::failureClass, Report.Diagnosis::fixWhere)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("not-tls", "caller"));
  }

  @Test
  void upstreamOutsideTheConfiguration_upstreamServersFix() throws Exception {
    String config = "events {}\nhttp {\n  server {\n    listen 80;\n    server_name app.test;\n"
        + "    location / { proxy_pass https://10.0.0.5:8443; }\n  }\n}\n";
    Report r = diagnose(config, "2026/11/23 01:00:00 [error] 100#100: *1 SSL_do_handshake() failed (SSL:"
        + " error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to"
        + " upstream, client: 192.0.2.9, server: app.test, request: \"GET / HTTP/1.1\", upstream:"
        + " \"https://10.0.0.5:8443/\", host: \"app.test\"");

    Report.Diagnosis d = r.diagnoses().get(0);
    assertThat(d.direction()).isEqualTo("upstream");
    assertThat(d.failureClass()).isEqualTo("handshake-failure-alert");
    assertThat(d.serverName()).isEqualTo("app.test");
    assertThat(d.listen()).isEqualTo("*:80");
    assertThat(d.fixWhere()).isEqualTo("upstream-server");
    assertThat(d.verify()).containsExactly("openssl s_client -connect 10.0.0.5:8443 -brief   # from the nginx host,"
        + " as nginx connects");
  }

  @Test
  void scannerBurst_setApart_realClientKept() throws Exception {
    String[] reasons = {"unsupported protocol", "no shared cipher", "no suitable signature algorithm",
        "bad key share"};
    String[] codes = {"0A000102", "0A0000C1", "0A000076", "0A00006C"};
    List<String> lines = new java.util.ArrayList<>();
    lines.add(line("01:00:00", "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol)"
        + " while SSL handshaking, client: 192.0.2.7, server: 0.0.0.0:443"));
    for (int i = 0; i < 40; i++) {
      lines.add(line(String.format("01:00:%02d", 1 + i / 8), "SSL_do_handshake() failed (SSL: error:" + codes[i % 4]
          + ":SSL routines::" + reasons[i % 4] + ") while SSL handshaking, client: 198.51.100.66, server:"
          + " 0.0.0.0:443"));
    }
    Report r = diagnose(null, lines.toArray(String[]::new));

    assertThat(r.probeTraffic()).hasSize(1);
    assertThat(r.probeTraffic().get(0).client()).isEqualTo("198.51.100.66");
    // the whole burst is set apart, its first failures included (held until the address is judged)
    assertThat(r.probeTraffic().get(0).events()).isEqualTo(40);
    assertThat(r.probeTraffic().get(0).server()).isEqualTo("0.0.0.0:443");
    assertThat(r.diagnoses()).allSatisfy(d -> assertThat(d.affected().clients())
        .extracting(Report.ClientCount::ip).doesNotContain("198.51.100.66"));
    Report.Diagnosis protocol = r.diagnoses().stream().filter(d -> d.failureClass().equals(
        "protocol-version-mismatch")).findFirst().orElseThrow();
    assertThat(protocol.affected().clients()).extracting(Report.ClientCount::ip).contains("192.0.2.7");
  }
}
