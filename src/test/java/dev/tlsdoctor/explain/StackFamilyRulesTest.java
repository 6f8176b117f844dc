package dev.tlsdoctor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.kb.KnowledgeBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Families of client and server messages, each read by one rule of the stack's own form: GnuTLS's premature
 * termination outside the handshake, Go's x509 texts without their usual words, mbedTLS's alert trace, CryptoAPI's
 * chain status flags, .NET's received alerts in both wordings, database clients whose server has no TLS, a failing
 * SSL_read/SSL_write named by the program, the transport's errno carried as a BoringSSL error, Apache's mod_ssl
 * filters, rustls's decryption failure, Toit's unknown root.
 */
class StackFamilyRulesTest {
  private final KnowledgeBase kb = KnowledgeBase.get();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // GnuTLS -110: after the handshake unless the message says the handshake
      "Error: GnuTLS:-110, The TLS connection was non-properly terminated.|tls-io-error",
      "imap: read failed: The TLS connection was non-properly terminated.|tls-io-error",
      "gnutls_handshake() failed: The TLS connection was non-properly terminated.|peer-closed-handshake",
      "Could not handshake: The TLS connection was non-properly terminated.|peer-closed-handshake",
      // Go's x509 errors without the prefix or with the certificate word misspelt; the IP-address host error cut short
      "dial tcp: tls: certifcate signed by unknown authority|certificate-untrusted",
      "Get \"https://10.1.2.3/\": x509: cannot validate certificate for 10.1.2.3|certificate-name-mismatch",
      // mbedTLS's (PolarSSL's) debug trace of a received alert
      "ssl_tls.c:4095: is a fatal alert message (msg 70)|protocol-version-mismatch",
      "ssl_msg.c:4795: got an alert message, type: [2:48]|certificate-untrusted",
      // CryptoAPI's chain status flags
      "CertGetCertificateChain trust error CERT_TRUST_IS_NOT_TIME_VALID|certificate-expired",
      "CertGetCertificateChain trust error CERT_TRUST_IS_UNTRUSTED_ROOT|certificate-untrusted",
      "chain status: CERT_TRUST_IS_REVOKED|certificate-untrusted",
      "chain status: CERT_TRUST_IS_PARTIAL_CHAIN|certificate-untrusted",
      // .NET's received alert, both wordings
      "Authentication failed because the remote party has sent TLS alert HandshakeFailure.|handshake-failure-alert",
      "Authentication failed because the remote party sent a TLS alert: 'ProtocolVersion'.|protocol-version-mismatch",
      // a database server that offers no TLS
      "FATAL: server does not support SSL, but SSL was required|not-tls",
      "ERROR 2026 (HY000): SSL connection error: SSL is required but the server doesn't support it|not-tls",
      // the failing call named, no reason: after the handshake
      "SSLSocket error (1) in SSL_write for socket 7 rc -1 errno 32 Broken pipe|tls-io-error",
      "Write error: ssl=0x7a3b2c1d00: I/O error during system call, Broken pipe|tls-io-error",
      // the transport's errno as a BoringSSL system-library error while connecting
      "reset reason: connection failure, transport failure reason: TLS error: 33554464:system library:"
          + "OPENSSL_internal:Broken pipe|peer-closed-handshake",
      // Apache's mod_ssl filters, rustls's own decryption failure, Toit's unknown root
      "(70014)End of file found: [client 192.0.2.5:51234] AH01991: SSL input filter read failed.|tls-io-error",
      "[client 192.0.2.5:51234] AH01993: SSL output filter write failed.|tls-io-error",
      "TLS error: cannot decrypt peer's message|record-layer-error",
      "Site relies on unknown root certificate: 'C=US, O=Example, CN=Example Root'|certificate-untrusted",
  })
  void eachFamilyIsReadByItsForm(String message, String failureClass) {
    Explanation e = Explanation.of(message, kb);
    assertTrue(e.recognized(), message);
    assertEquals(failureClass, e.match().failureClass(), message);
  }

  /** The OpenSSL reasons and alerts the rules must not override: a reason or an alert still classes the message. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "SSLSocket error (1) in SSL_read: error:0A000418:SSL routines::tlsv1 alert unknown ca|certificate-untrusted",
      "GnuTLS:-110 Received alert [40]: Handshake failed|handshake-failure-alert",
  })
  void aReasonOrAnAlertStillDecides(String message, String failureClass) {
    assertEquals(failureClass, Explanation.of(message, kb).match().failureClass(), message);
  }
}
