package dev.tlsdoctor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tlsdoctor.kb.KnowledgeBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who holds a message that reports a received alert refusing a certificate, and a server log's client field. */
class ReceivedCertificateAlertHolderTest {
  private final KnowledgeBase kb = KnowledgeBase.get();

  /**
   * A received alert refusing a certificate is sent by whichever side verified one: in a stack both sides use, and
   * without a side's own words, the message does not say who printed it; curl's and OpenSSL's client functions do.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown|unknown",
      "javax.net.ssl.SSLException: Received fatal alert: bad_certificate|unknown",
      "remote error: tls: unknown certificate authority|unknown",
      "ssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1000)|unknown",
      "curl: (35) error:0A000418:SSL routines::tlsv1 alert unknown ca|client",
      "error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate SSL_connect|client",
      "http: TLS handshake error from 10.0.0.1:5555: remote error: tls: bad certificate|server",
      "[client 192.0.2.5:51234] AH01991: SSL input filter read failed.|server",
  })
  void whoHoldsAReceivedCertificateAlert(String message, String holder) {
    assertEquals(holder, Explanation.of(message, kb).holder(), message);
  }
}
