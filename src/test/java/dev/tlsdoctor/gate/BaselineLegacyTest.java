package dev.tlsdoctor.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.scan.ServerProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Baselines saved by a scan that still wrote the severities high, medium and low. */
class BaselineLegacyTest {
  static final String OLD_SCAN = """
      {"target": "shop.test:443", "ip": "127.0.0.1", "port": 443, "speaksTls": false, "protocols": {},
       "findings": [
        {"id": "scan-incomplete", "severity": "high", "message": "connection refused"},
        {"id": "protocol-deprecated", "severity": "medium", "message": "TLSv1.0 is accepted: deprecated by RFC 8996"},
        {"id": "no-fallback-scsv", "severity": "low", "message": "a downgraded retry is accepted"},
        {"id": "sni-required", "severity": "info", "message": "a hello without SNI is refused"}]}
      """;

  @Test
  void parse_oldScanSeverities_readOnTheSharedScale() throws Exception {
    List<Observed> o = Baseline.parse(OLD_SCAN.getBytes(StandardCharsets.UTF_8), "old.json", Instant.EPOCH);
    assertThat(o).singleElement().extracting(Observed::findings).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.list(Observed.Found.class)).containsExactly(
            new Observed.Found("scan-incomplete", Severity.ERROR, "connection refused", null, 0),
            new Observed.Found("protocol-deprecated", Severity.WARNING, "TLSv1.0 is accepted: deprecated by RFC 8996",
                null, 0),
            new Observed.Found("no-fallback-scsv", Severity.WARNING, "a downgraded retry is accepted", null, 0));
  }

  @Test
  void scanJson_oldProfileWrittenAgain_findingsBriefWithNewNames() throws Exception {
    ServerProfile p = Json.MAPPER.readValue(OLD_SCAN, ServerProfile.class);
    String json = Json.line(p);
    assertThat(json.substring(json.indexOf("\"findings\""), json.indexOf("],", json.indexOf("\"findings\"")) + 1))
        .isEqualTo("\"findings\":[{\"id\":\"scan-incomplete\",\"severity\":\"error\",\"message\":\"connection refused\"},"
            + "{\"id\":\"protocol-deprecated\",\"severity\":\"warning\",\"message\":\"TLSv1.0 is accepted: deprecated"
            + " by RFC 8996\"},{\"id\":\"no-fallback-scsv\",\"severity\":\"warning\",\"message\":\"a downgraded retry"
            + " is accepted\"},{\"id\":\"sni-required\",\"severity\":\"info\",\"message\":\"a hello without SNI is"
            + " refused\"}]");
  }

  @Test
  void current_legacyWeakSuiteIds_onePerWeaknessOfTheSuitesNamed() {
    List<Observed.Found> old = List.of(
        new Observed.Found("weak-cipher", Severity.ERROR, "TLSv1.0 accepts TLS_RSA_WITH_RC4_128_SHA: RC4", null, 0),
        new Observed.Found("cipher-weak", Severity.WARNING, "ssl_ciphers \"X\" lets clients negotiate 2 weak"
            + " suites; weak encryption (TRIPLE_DES_EDE_CBC): DES-CBC3-SHA; no forward secrecy (RSA key exchange):"
            + " AES128-SHA", "/etc/nginx/nginx.conf", 9),
        new Observed.Found("weak-cipher", Severity.ERROR, "no suite named here", null, 0),
        new Observed.Found("expired", Severity.ERROR, "the leaf expired", null, 0));
    assertThat(Baseline.current(old)).extracting(f -> f.id() + " " + f.severity()).containsExactly(
        "cipher-rc4 error", "cipher-64bit-block warning", "weak-cipher error", "expired error");
  }
}
