package dev.tlsdoctor.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.report.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeverityTest {
  @Test
  void json_lowerCaseNames_readBack() throws Exception {
    assertThat(Json.line(List.of(Severity.ERROR, Severity.WARNING, Severity.INFO)))
        .isEqualTo("[\"error\",\"warning\",\"info\"]");
    assertThat(Json.MAPPER.readValue("\"warning\"", Severity.class)).isEqualTo(Severity.WARNING);
  }

  @Test
  void parse_scanScaleOfOldBaselines_mapsOntoShared() {
    assertThat(List.of("high", "medium", "low", "info").stream().map(Severity::parse))
        .containsExactly(Severity.ERROR, Severity.WARNING, Severity.WARNING, Severity.INFO);
  }

  @Test
  void parse_unknownName_throwsNamingIt() {
    assertThatThrownBy(() -> Severity.parse("critical")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unexpected severity: critical (expected error, warning or info)");
  }

  @Test
  void order_worstFirst() {
    assertThat(Severity.ERROR.atLeast(Severity.WARNING)).isTrue();
    assertThat(Severity.INFO.atLeast(Severity.WARNING)).isFalse();
    assertThat(Severity.INFO.isProblem()).isFalse();
    assertThat(Finding.of("x", Severity.WARNING, "m").rank()).isEqualTo(1);
  }

  @Test
  void configFinding_json_allFieldsInOrder() {
    Finding f = new Finding("cipher-weak", Severity.WARNING, "/etc/nginx/nginx.conf", 12, List.of("*:443"), "a.test",
        "m", "who", null);
    assertThat(Json.line(f)).isEqualTo("{\"id\":\"cipher-weak\",\"severity\":\"warning\",\"file\":"
        + "\"/etc/nginx/nginx.conf\",\"line\":12,\"listen\":[\"*:443\"],\"serverName\":\"a.test\",\"message\":\"m\","
        + "\"affected\":\"who\",\"fix\":null,\"fixVerified\":null,\"fixVerification\":null}");
  }
}
