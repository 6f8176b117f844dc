package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "explain";
    all[1] = "--format";
    all[2] = "json";
    System.arraycopy(args, 0, all, 3, args.length);
    Cli.Result r = Cli.run(all);
    return JSON.readTree(r.out());
  }

  @Test
  void explain_nginxLine_fieldsAndEntry() throws Exception {
    JsonNode x = json("2026/06/27 11:51:44 [info] 2841#2843: *934 SSL_do_handshake() failed (SSL: "
        + "error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.45, server: "
        + "0.0.0.0:443");
    JsonNode p = x.get("parsed");
    assertThat(p.get("kind").asText()).isEqualTo("nginx-line");
    assertThat(p.get("direction").asText()).isEqualTo("client");
    assertThat(p.get("client").asText()).isEqualTo("192.0.2.45");
    assertThat(p.get("server").asText()).isEqualTo("0.0.0.0:443");
    assertThat(p.get("reason").asText()).isEqualTo("no shared cipher");
    assertThat(p.get("code").asText()).isEqualTo("0A0000C1");
    assertThat(p.get("symbol").asText()).isEqualTo("SSL_R_NO_SHARED_CIPHER");
    assertThat(p.get("generation").asText()).isEqualTo("3.x");
    assertThat(x.get("recognized").asBoolean()).isTrue();
    assertThat(x.get("entry").get("id").asText()).isEqualTo("no-shared-cipher");
    assertThat(x.get("entry").get("class").asText()).isEqualTo("no-shared-cipher");
  }

  @Test
  void explain_openssl111Error_generationFunctionAndAlert() throws Exception {
    JsonNode x = json("error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:SSL alert number 40");
    JsonNode p = x.get("parsed");
    assertThat(p.get("kind").asText()).isEqualTo("openssl-error");
    assertThat(p.get("generation").asText()).isEqualTo("1.0.2/1.1.1");
    assertThat(p.get("function").asText()).isEqualTo("ssl3_read_bytes");
    assertThat(p.get("alert").asText()).isEqualTo("handshake_failure(40)");
    assertThat(x.get("match").get("class").asText()).isEqualTo("handshake-failure-alert");
  }

  @Test
  void explain_packedCodeAlone_decoded() throws Exception {
    JsonNode x = json("0A0000C1");
    assertThat(x.get("parsed").get("kind").asText()).isEqualTo("packed-code");
    assertThat(x.get("parsed").get("reason").asText()).isEqualTo("no shared cipher");
    assertThat(x.get("match").get("class").asText()).isEqualTo("no-shared-cipher");
  }

  @Test
  void explain_javaAlert_classFromAlertName() throws Exception {
    JsonNode x = json("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure");
    assertThat(x.get("parsed").get("kind").asText()).isEqualTo("java");
    assertThat(x.get("parsed").get("alert").asText()).isEqualTo("handshake_failure(40)");
    assertThat(x.get("match").get("class").asText()).isEqualTo("handshake-failure-alert");
  }

  @Test
  void explain_javaNoAppropriateProtocol_protocolVersionMismatch() throws Exception {
    JsonNode x = json("javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher "
        + "suites are inappropriate)");
    assertThat(x.get("match").get("class").asText()).isEqualTo("protocol-version-mismatch");
  }

  @Test
  void explain_curlWithOpenssl3Error_reasonDecides() throws Exception {
    JsonNode x = json("curl: (35) error:0A00042E:SSL routines::tlsv1 alert protocol version");
    assertThat(x.get("parsed").get("kind").asText()).isEqualTo("curl");
    assertThat(x.get("match").get("class").asText()).isEqualTo("protocol-version-mismatch");
  }

  @Test
  void explain_unknownMessage_exit1WithClosestEntries() {
    Cli.Result r = Cli.run("explain", "--no-color", "the flux capacitor cipher overheated");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("This message is not in the knowledge base.").contains("Closest entries: ");
  }

  @Test
  void explain_noMessage_usageError() {
    Cli.Result r = Cli.run("explain");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("give a message to explain");
  }

  @Test
  void explain_stdin_multiLineSClientOutput() {
    Cli.Result r = Cli.runWithStdin("CONNECTED(00000003)\n"
        + "40B7C8F7E67F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:"
        + "../ssl/record/rec_layer_s3.c:1584:SSL alert number 40\n---\nno peer certificate available\n",
        "explain", "--format", "json", "-");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("\"kind\" : \"openssl-s_client\"").contains("\"class\" : \"handshake-failure-alert\"");
  }

  @Test
  void explain_text_showsFixesAndDeadEnds() {
    Cli.Result r = Cli.run("explain", "--no-color", "0A0000C1");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("no-shared-cipher - No cipher suite in common").contains("Does not help")
        .contains("Fix (nginx as server)").contains("Reproduce").contains("$ ");
  }

  @Test
  void explain_goRemoteError_ownAlertNamesUnderstood() throws Exception {
    JsonNode x = json("Get \"https://api.example/\": remote error: tls: unknown certificate authority");
    assertThat(x.get("parsed").get("kind").asText()).isEqualTo("go");
    assertThat(x.get("parsed").get("alert").asText()).isEqualTo("unknown_ca(48)");
    assertThat(x.get("match").get("class").asText()).isEqualTo("certificate-untrusted");
  }

  @Test
  void explain_pythonSslError_reasonAndVerifyResult() throws Exception {
    JsonNode x = json("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
        + "certificate has expired (_ssl.c:1006)");
    assertThat(x.get("parsed").get("kind").asText()).isEqualTo("python");
    assertThat(x.get("parsed").get("verify").asText()).isEqualTo("certificate has expired");
    assertThat(x.get("match").get("class").asText()).isEqualTo("certificate-expired");
  }

  /** A client's message is answered for whoever runs the client: that stack's own fix first. */
  @Test
  void clientMessage_clientSideFirst_nginxLineWithout() {
    Cli.Result java = Cli.run("explain", "--no-color", "javax.net.ssl.SSLHandshakeException: PKIX path building"
        + " failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification"
        + " path to requested target");
    String out = java.out();
    assertThat(out).contains("\nOn the client (this message comes from java)\n"
        + "  - the client does not trust the CA that issued the server's certificate: give it that CA (not 'verify"
        + " off'); if the CA is public, the server is not sending its intermediate, which is the server's fix\n"
        + "  - Java: import the CA into a trust store (keytool -importcert");
    assertThat(out.indexOf("On the client")).isLessThan(out.indexOf("Fix (nginx as server)"));

    Cli.Result nginx = Cli.run("explain", "--no-color", "2026/06/27 11:51:44 [info] 2841#2843: *934"
        + " SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking,"
        + " client: 192.0.2.45, server: 0.0.0.0:443");
    assertThat(nginx.out()).doesNotContain("On the client");
  }
}
