package dev.tlsdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.diagnose.Report;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SARIF locations of diagnoses whose evidence is a scan's: the endpoint is no file. */
class DiagnoseSarifTest {
  @Test
  void scanOnlyLatent_noLocation_logEvidenceLocated() throws Exception {
    Report.Fix none = new Report.Fix(null, null, "look at the server");
    Report.Diagnosis scanOnly = new Report.Diagnosis(2, "expired", "client", "127.0.0.1:8443", null, "expired",
        null, "nginx", none, new Report.Affected(0, 0, List.of()), List.of(new Report.Evidence("scan",
            "127.0.0.1:8443", "expired (error): the leaf expired")), List.of(), List.of());
    Report.Diagnosis logged = new Report.Diagnosis(1, "not-tls", "client", "127.0.0.1:443", null, "plain", null,
        "caller", none, new Report.Affected(3, 0, List.of()), List.of(new Report.Evidence("scan", "127.0.0.1:443",
            "not-tls (error): plain HTTP"), new Report.Evidence("log", "logs/error.log:7", "3 event(s)")), List.of(),
        List.of());
    Report r = new Report(List.of(logged), List.of(scanOnly), List.of(), null, new Report.Inputs(List.of(), 0, 0,
        null, null, List.of("127.0.0.1:8443"), List.of()));

    JsonNode results = dev.tlsdoctor.report.Json.MAPPER.readTree(Json.pretty(Sarif.ofDiagnoses(r, "test",
        Path.of("/work")))).get("runs").get(0).get("results");

    assertThat(results.get(0).get("locations").get(0).get("physicalLocation").toString())
        .isEqualTo("{\"artifactLocation\":{\"uri\":\"logs/error.log\"},\"region\":{\"startLine\":7}}");
    assertThat(results.get(1).has("locations")).isFalse();
  }
}
