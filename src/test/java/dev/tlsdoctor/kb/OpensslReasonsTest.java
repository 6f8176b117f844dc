package dev.tlsdoctor.kb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpensslReasonsTest {
  private final OpensslReasons reasons = OpensslReasons.get();

  @Test
  void decode_openssl3Code_reasonAndGeneration() {
    OpensslReasons.Decoded d = reasons.decode("0A0000C1");
    assertThat(d.generation()).isEqualTo("3.x");
    assertThat(d.reason().map(OpensslReason::text)).contains("no shared cipher");
    assertThat(d.reason().map(OpensslReason::symbol)).contains("SSL_R_NO_SHARED_CIPHER");
    assertThat(d.reason().get().number()).isEqualTo(193);
  }

  @Test
  void decode_openssl102Code_functionNamed() {
    OpensslReasons.Decoded d = reasons.decode("1408A0C1");
    assertThat(d.generation()).isEqualTo("1.0.2");
    assertThat(d.function()).contains("ssl3_get_client_hello");
    assertThat(d.reason().map(OpensslReason::text)).contains("no shared cipher");
  }

  @Test
  void decode_openssl111Code_functionNamed() {
    OpensslReasons.Decoded d = reasons.decode("1417A0C1");
    assertThat(d.generation()).isEqualTo("1.1.1");
    assertThat(d.function()).contains("tls_post_process_client_hello");
  }

  @Test
  void decode_codeSharedBy102And111_bothNamed() {
    assertThat(reasons.decode("14094410").generation()).isEqualTo("1.0.2/1.1.1");
  }

  @Test
  void decode_lowerCaseWithPrefix_accepted() {
    assertThat(reasons.decode("0x0a000102").reason().map(OpensslReason::text)).contains("unsupported protocol");
  }

  @Test
  void byText_newerAlertSpellings_sameReason() {
    assertThat(reasons.byText("ssl/tls alert handshake failure").map(OpensslReason::packed3)).contains("0A000410");
    assertThat(reasons.byText("tls alert handshake failure").map(OpensslReason::packed3)).contains("0A000410");
    assertThat(OpensslReasons.generationOfSpelling("ssl/tls alert bad certificate")).contains("3.2-3.6");
  }

  @Test
  void byText_reasonNumberForm_resolved() {
    assertThat(reasons.byText("reason(1116)").map(OpensslReason::text))
        .contains("tlsv13 alert certificate required");
  }

  @org.junit.jupiter.api.Test
  void collapseSpace_sameAsTheRegularExpression() {
    java.util.Random r = new java.util.Random(7);
    String alphabet = "ab \t\n\u000b\f\r\u00a0x";
    for (int k = 0; k < 20_000; k++) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(12); i > 0; i--) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String t = sb.toString();
      org.assertj.core.api.Assertions.assertThat(OpensslReasons.collapseSpace(t)).as("%s", t.chars().boxed().toList())
          .isEqualTo(t.replaceAll("\\s+", " "));
    }
  }
}
