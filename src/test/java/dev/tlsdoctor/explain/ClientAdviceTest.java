package dev.tlsdoctor.explain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.kb.FailureClass;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What a client's holder is told to do, class by class and stack by stack. */
class ClientAdviceTest {

  /** Every class a client can see has client-side advice, for a known stack and for an unknown one. */
  @ParameterizedTest
  @EnumSource(value = FailureClass.class, names = "UNCLASSIFIED", mode = EnumSource.Mode.EXCLUDE)
  void everyClassAClientCanSeeHasAdvice(FailureClass c) {
    for (String kind : List.of("curl", "java", "python", "go", "node", "dotnet", "schannel", "gnutls",
        "openssl-s_client", "rustls", "ruby", "browser", "some-other-client")) {
      List<String> advice = ClientAdvice.of(c, kind);
      assertFalse(advice.isEmpty(), c + " for " + kind);
      advice.forEach(l -> assertTrue(l.length() > 40, c + " for " + kind + ": " + l));
    }
  }

  static Stream<Arguments> stackSpecific() {
    return Stream.of(
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "java", "keytool -importcert"),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "java", "javax.net.ssl.trustStore"),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "python", "cafile="),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "go", "SSL_CERT_FILE"),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "node", "NODE_EXTRA_CA_CERTS"),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "curl", "--cacert"),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "gnutls", "http.sslCAInfo"),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "schannel", "Trusted Root"),
        Arguments.of(FailureClass.CERTIFICATE_UNTRUSTED, "dotnet", "update-ca-certificates"),
        Arguments.of(FailureClass.HANDSHAKE_FAILURE_ALERT, "go", "GODEBUG=tlsrsakex=1"),
        Arguments.of(FailureClass.NO_SHARED_CIPHER, "java", "-Djava.security.properties"),
        Arguments.of(FailureClass.HANDSHAKE_FAILURE_ALERT, "java", "jdk.tls.disabledAlgorithms"),
        Arguments.of(FailureClass.HANDSHAKE_FAILURE_ALERT, "python", "set_ciphers"),
        Arguments.of(FailureClass.HANDSHAKE_FAILURE_ALERT, "openssl-s_client", "@SECLEVEL"),
        Arguments.of(FailureClass.HANDSHAKE_FAILURE_ALERT, "curl", "--ciphers"),
        Arguments.of(FailureClass.HANDSHAKE_FAILURE_ALERT, "dotnet", "SslProtocols"),
        Arguments.of(FailureClass.PROTOCOL_VERSION_MISMATCH, "dotnet", "SslProtocols"),
        Arguments.of(FailureClass.PROTOCOL_VERSION_MISMATCH, "java", "jdk.tls.client.protocols"),
        Arguments.of(FailureClass.PROTOCOL_VERSION_MISMATCH, "python", "minimum_version"),
        Arguments.of(FailureClass.PROTOCOL_VERSION_MISMATCH, "go", "MinVersion"),
        Arguments.of(FailureClass.PROTOCOL_VERSION_MISMATCH, "schannel", "SCHANNEL\\Protocols"),
        Arguments.of(FailureClass.SNI_REJECTED, "python", "server_hostname"),
        Arguments.of(FailureClass.SNI_REJECTED, "go", "ServerName"),
        Arguments.of(FailureClass.SNI_REJECTED, "openssl-s_client", "-servername"),
        Arguments.of(FailureClass.CERTIFICATE_EXPIRED, "python", "certifi"),
        Arguments.of(FailureClass.CERTIFICATE_EXPIRED, "java", "cacerts"),
        Arguments.of(FailureClass.KEY_SHARE_MISMATCH, "go", "GODEBUG=tlsmlkem=0"),
        Arguments.of(FailureClass.WEAK_KEY_OR_PARAMETERS, "python", "@SECLEVEL=1"),
        Arguments.of(FailureClass.NOT_TLS, "curl", "HTTPS_PROXY=http://"),
        Arguments.of(FailureClass.RENEGOTIATION_REFUSED, "python", "OP_LEGACY_SERVER_CONNECT"),
        Arguments.of(FailureClass.ALPN_MISMATCH, "go", "h2"));
  }

  /** The stack's own setting is named, not only a general line. */
  @ParameterizedTest
  @MethodSource("stackSpecific")
  void namesTheStacksOwnSetting(FailureClass c, String kind, String setting) {
    String all = String.join("\n", ClientAdvice.of(c, kind));
    assertTrue(all.contains(setting), c + " for " + kind + " should name " + setting + ":\n" + all);
  }

  /** Another stack's setting is not offered: Go's GODEBUG is not advice for a Java client. */
  @Test
  void doesNotOfferAnotherStacksSetting() {
    String java = String.join("\n", ClientAdvice.of(FailureClass.HANDSHAKE_FAILURE_ALERT, "java"));
    assertFalse(java.contains("GODEBUG"), java);
    String go = String.join("\n", ClientAdvice.of(FailureClass.CERTIFICATE_UNTRUSTED, "go"));
    assertFalse(go.contains("keytool"), go);
  }

  @Test
  void holderOfAServersMessageIsTheServer() {
    assertTrue(ClientAdvice.holder("text", "http: TLS handshake error from 10.0.0.1:5555: EOF").equals("server"));
    assertTrue(ClientAdvice.holder("curl", "curl: (60) SSL certificate problem: unable to get local issuer"
        + " certificate").equals("client"));
    // only a server asks for a certificate and fails without one; only a server has no suite in common
    org.junit.jupiter.api.Assertions.assertEquals("server", ClientAdvice.holder("openssl-error",
        "SSL_ERROR_SSL: error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE"));
    org.junit.jupiter.api.Assertions.assertEquals("server", ClientAdvice.holder("python",
        "ssl.SSLError: [SSL: NO_SHARED_CIPHER] no shared cipher (_ssl.c:661)"));
  }

  /** Embedded TLS libraries' status codes, read by their library's own text for the code. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "E (6034) esp-tls-mbedtls: mbedtls_ssl_handshake returned -0x7780|handshake-failure-alert",
      "mbedtls_ssl_handshake returned -0x2700|certificate-untrusted",
      "mbedtls_ssl_handshake returned -0x7200|not-tls",
      "mbedtls_ssl_handshake returned -0x6800|handshake-timeout",
      "ERROR: failed to connect to wolfSSL, return value = -188|certificate-untrusted",
      "wolfSSL_connect failed, err = -150|certificate-expired",
      "wolfSSL error: -322|certificate-name-mismatch",
      "wolfSSL_connect error = -326|protocol-version-mismatch",
      "wolfSSL_connect error = -501|no-shared-cipher"})
  void embeddedLibraryCodes(String message, String failureClass) {
    Explanation e = Explanation.of(message, dev.tlsdoctor.kb.KnowledgeBase.get());
    assertTrue(e.recognized(), message);
    org.junit.jupiter.api.Assertions.assertEquals(failureClass, e.match().failureClass(), message);
  }

  /**
   * OpenSSL's "unexpected eof while reading" and another library's "Error while connecting" are not nginx's action
   * text: such a message is not taken for an nginx line.
   */
  @Test
  void aWhileThatIsNotNginxsActionText() {
    dev.tlsdoctor.kb.KnowledgeBase kb = dev.tlsdoctor.kb.KnowledgeBase.get();
    for (String m : List.of("ERROR: error:0A000126:SSL routines::unexpected eof while reading",
        "40:77:4C:5E:7B:7F:00:00:error:SSL routines::unexpected eof while reading:ssl/record/rec_layer_s3.c:307:",
        "Error while connecting https: SSL_ERROR_NO_CYPHER_OVERLAP")) {
      Explanation e = Explanation.of(m, kb);
      assertFalse(e.holder().equals("nginx"), m + " => " + e.holder());
      assertTrue(e.recognized(), m);
    }
    // nginx's own action text still makes an nginx message, with OpenSSL's reason inside the parentheses
    Explanation nginx = Explanation.of("SSL_do_handshake() failed (SSL: error:0A000126:SSL routines::unexpected eof"
        + " while reading) while SSL handshaking", kb);
    org.junit.jupiter.api.Assertions.assertEquals("nginx", nginx.holder());
  }
}
