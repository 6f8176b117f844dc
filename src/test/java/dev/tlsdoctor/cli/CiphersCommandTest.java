package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CiphersCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ciphers_text_oneOpensslNamePerLine() {
    Cli.Result r = Cli.run("ciphers", "EECDH+AESGCM:EDH+AESGCM");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out().lines()).containsExactly("ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "DHE-DSS-AES256-GCM-SHA384",
        "DHE-RSA-AES256-GCM-SHA384", "DHE-DSS-AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void ciphers_ignoredWords_reportedOnStderr() {
    Cli.Result r = Cli.run("ciphers", "ECDHE-RSA-AES128-GCM-SHA256:RC4-SHA");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256\n");
    assertThat(r.err()).isEqualTo("tlsdoctor: ignored 'RC4-SHA' at offset 28: RC4-SHA is compiled out of OpenSSL 3.0;"
        + " only builds with enable-weak-ssl-ciphers have RC4 and 3DES suites\n");
  }

  @Test
  void ciphers_json_codePointsAndProperties() throws Exception {
    Cli.Result r = Cli.run("ciphers", "--format", "json", "ECDHE-RSA-AES128-GCM-SHA256:FOO");
    assertThat(r.code()).isEqualTo(0);
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("status").asText()).isEqualTo("ok");
    assertThat(j.get("openssl").get("version").asText()).isEqualTo("3.0");
    JsonNode c = j.get("ciphers").get(0);
    assertThat(c.get("name").asText()).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
    assertThat(c.get("code").asText()).isEqualTo("0xC02F");
    assertThat(c.get("iana").asText()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(c.get("kx").asText()).isEqualTo("ECDHE");
    assertThat(c.get("au").asText()).isEqualTo("RSA");
    assertThat(c.get("enc").asText()).isEqualTo("AES_128_GCM");
    assertThat(c.get("bits").asInt()).isEqualTo(128);
    assertThat(c.get("mac").asText()).isEqualTo("AEAD");
    assertThat(c.get("minVersion").asText()).isEqualTo("TLSv1.2");
    assertThat(j.get("ignored").get(0).get("text").asText()).isEqualTo("FOO");
    assertThat(j.get("ignored").get(0).get("reason").asText()).isEqualTo("unknown");
  }

  @Test
  void ciphers_selectsNothing_emptyListMessageExit1() {
    Cli.Result r = Cli.run("ciphers", "TLS_AES_128_GCM_SHA256");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).endsWith("tlsdoctor: no cipher match: the string selects no TLS 1.2-and-below suite OpenSSL"
        + " 3.0 has\n");
  }

  @Test
  void ciphers_nothingUsable_exit1() throws Exception {
    Cli.Result r = Cli.run("ciphers", "--format", "json", "AES128-SHA:@SECLEVEL=3");
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("status").asText()).isEqualTo("nothing-usable");
    assertThat(j.get("ciphers")).isEmpty();
    assertThat(j.get("dropped").get(0).get("code").asText()).isEqualTo("0x002F");
  }

  @Test
  void ciphers_invalidString_exit1() {
    Cli.Result r = Cli.run("ciphers", "AES128-SHA#");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("tlsdoctor: invalid command at offset 10: '#'");
  }

  @Test
  void ciphers_unsupportedOpensslVersion_usageError() {
    Cli.Result r = Cli.run("ciphers", "--openssl-version", "1.0.2", "HIGH");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--openssl-version: OpenSSL version '1.0.2' is not emulated; only 3.0 is");
  }

  @Test
  void ciphers_badFormat_usageError() {
    assertThat(Cli.run("ciphers", "--format", "xml", "HIGH").code()).isEqualTo(2);
    assertThat(Cli.run("ciphers", "--security-level", "7", "HIGH").code()).isEqualTo(2);
  }

  @Test
  void ciphers_help_hasExamples() {
    Cli.Result r = Cli.run("ciphers", "--help");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("Examples:").contains("tlsdoctor ciphers 'HIGH:!aNULL:!MD5'");
  }
}
