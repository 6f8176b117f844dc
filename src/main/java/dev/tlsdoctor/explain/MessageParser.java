package dev.tlsdoctor.explain;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.Evidence;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.OpensslError;
import dev.tlsdoctor.kb.OpensslReasons;
import dev.tlsdoctor.logs.ErrorLogLine;
import dev.tlsdoctor.logs.ErrorLogParser;
import dev.tlsdoctor.logs.LogClassifier;
import dev.tlsdoctor.tls.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes apart any TLS error message a user may paste: an nginx error.log line, a bare OpenSSL error of any
 * generation, a packed code alone, or a client's message (curl, {@code openssl s_client}, Java, Go, browsers).
 */
public final class MessageParser {
  private static final Pattern PACKED_ALONE = Pattern.compile("(?:0[xX])?([0-9A-Fa-f]{8})");
  private static final Pattern CURL = Pattern.compile("(?:curl: )?\\((\\d{1,3})\\) .*", Pattern.DOTALL);
  private static final Pattern S_CLIENT_ERROR = Pattern.compile("(?m)^[0-9A-Fa-f]{6,16}:error:[0-9A-Fa-f]{8}:");
  private static final Pattern BROWSER = Pattern.compile("\\b(?:NET::)?(ERR_[A-Z_]+|SSL_ERROR_[A-Z_]+|SEC_ERROR_[A-Z_]+"
      + "|MOZILLA_PKIX_ERROR_[A-Z_]+)\\b");
  private static final Pattern[] VERIFY = {
      Pattern.compile("verify error: ?\\((\\d+):([^)]*)\\)"),               // nginx
      Pattern.compile("verify error:num=(\\d+):([^\\r\\n]*)"),              // openssl s_client
      Pattern.compile("Verify return code: (\\d+) \\(([^)]*)\\)"),          // openssl s_client summary
      Pattern.compile("SSL certificate problem: ([^\\r\\n]*)"),              // curl (60)
      Pattern.compile("certificate verify failed: ([^(\\r\\n`'\"]*[^ (\\r\\n`'\"])"), // Python ssl
      Pattern.compile("(?:^|: )(?:verify error|X509_V_ERR)[: ]+(\\d+)?:?([a-z][^\\r\\n]*)")};
  /** Python's ssl module: {@code [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)}. */
  private static final Pattern PYTHON = Pattern.compile("\\[SSL: ([A-Z0-9_]+)\\] ([a-z0-9 /]+?)(?=:| \\(_ssl|$)");
  /** {@code alert number 40}, {@code alert 40}; Schannel's events: {@code The TLS protocol defined fatal alert code is 40}. */
  private static final Pattern ALERT_NUMBER = Pattern.compile(
      "(?i)(?:alert|defined fatal error) (?:number |code )?(?:is )?(\\d{1,3})\\b");
  private static final Pattern JAVA_ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");
  private static final Pattern GO_ALERT = Pattern.compile("remote error: (?:tls: )?([A-Za-z ]+)");
  /** Go's texts for received alerts ({@code remote error: tls: ...}) where they differ from the IANA names. */
  private static final String[][] GO_ALERTS = {
      {"unknown certificate authority", "48"}, {"protocol version not supported", "70"},
      {"expired certificate", "45"}, {"revoked certificate", "44"}, {"unknown certificate", "46"},
      {"error decoding message", "50"}, {"error decrypting message", "51"}, {"insufficient security level", "71"},
      {"handshake failure", "40"}, {"bad certificate", "42"}, {"unsupported certificate", "43"},
      {"internal error", "80"}, {"unrecognized name", "112"}, {"certificate required", "116"},
      {"no application protocol", "120"}, {"access denied", "49"}, {"illegal parameter", "47"},
      {"unexpected message", "10"}, {"bad record MAC", "20"}, {"inappropriate fallback", "86"},
      {"unsupported extension", "110"}, {"missing extension", "109"}, {"unknown PSK identity", "115"}};
  /** javax.net.debug: {@code WRITE: TLS12 alert(handshake_failure)}, {@code RECV TLSv1.2 ALERT:  fatal, handshake_failure}. */
  private static final Pattern JAVA_DEBUG_ALERT =
      Pattern.compile("(?:\\balert\\(|ALERT: +fatal, |Alert: fatal, )([a-z_]+)");
  private static final Pattern S_CLIENT_ALERT = Pattern.compile("SSL3? alert (?:read|write):fatal:([a-z ]+)");
  /** curl -v: {@code * TLSv1.3 (IN), TLS alert, unrecognized name (624):}, the number being 256 * level + alert. */
  private static final Pattern CURL_TRACE_ALERT =
      Pattern.compile("\\((?:IN|OUT)\\), TLS alert, [^()\\r\\n]*\\((\\d{1,4})\\)");
  /**
   * OpenSSL's info callback as stunnel, eggdrop and other servers log it: {@code TLS alert (write): fatal: handshake
   * failure}, {@code TLS: alert during write: fatal (handshake failure)}, {@code SSL3 alert write:fatal:unknown CA};
   * Erlang's {@code generated CLIENT ALERT: Fatal - Unknown CA}; Dovecot's {@code SSL alert: where=0x4008, ret=552:
   * fatal handshake failure}.
   */
  private static final Pattern INFO_ALERT = Pattern.compile(
      "(?i)(?:alert \\(?(?:during )?(?:read|write)\\)?: ?fatal[:,]? ?\\(?|ALERT: Fatal - |SSL alert: where=0x[0-9a-f]+, "
          + "ret=\\d+: fatal |alert,? level: fatal, description: )([a-z][a-z ]*[a-z])");
  /**
   * rustls: {@code received fatal alert: HandshakeFailure}, and its log of the alert it sends: {@code Sending fatal
   * alert BadCertificate}; the alert's name in CamelCase.
   */
  private static final Pattern RUSTLS_ALERT = Pattern.compile("(?:received|[Ss]ending) fatal alert:? ([A-Z][A-Za-z]+)");
  /** gnutls-cli: {@code *** Received alert [40]: Handshake failed}. */
  private static final Pattern GNUTLS_ALERT_NUMBER = Pattern.compile("Received alert \\[(\\d{1,3})\\]");
  /**
   * GnuTLS's alert texts ({@code gnutls_alert_get_name}) as git, apt, wget, Emacs and curl-gnutls print them after
   * {@code gnutls_handshake() failed:} or {@code Received alert:}, longest first.
   */
  private static final String[][] GNUTLS_ALERTS = {
      {"No supported application protocol could be negotiated", "120"},
      {"The server name sent was not recognized", "112"},
      {"Could not retrieve the specified certificate", "111"},
      {"An unsupported extension was sent", "110"},
      {"No renegotiation is allowed", "100"},
      {"Certificate is not supported", "43"},
      {"Certificate was revoked", "44"},
      {"Certificate is required", "116"},
      {"Error in protocol version", "70"},
      {"Inappropriate fallback", "86"},
      {"Insufficient security", "71"},
      {"Certificate is expired", "45"},
      {"Unexpected message", "10"},
      {"Unknown certificate", "46"},
      {"Access was denied", "49"},
      {"Certificate is bad", "42"},
      {"Handshake failed", "40"},
      {"Illegal parameter", "47"},
      {"Bad record MAC", "20"},
      {"Internal error", "80"},
      {"CA is unknown", "48"},
      {"Decode error", "50"},
      {"Decrypt error", "51"}};
  private static final Pattern GNUTLS_ALERT_CONTEXT = Pattern.compile(
      "(?:gnutls_handshake\\(\\) failed: |Received alert(?: \\[\\d+\\])?: +|GnuTLS: )(.+)");

  /**
   * Schannel's and the Windows certificate chain engine's status codes (winerror.h) by their hexadecimal value:
   * programs print the number, sometimes only the number ({@code Win32 (SChannel) Native Error Code: 0x80090302}).
   */
  private static final java.util.Map<String, String> WIN32 = java.util.Map.ofEntries(
      java.util.Map.entry("80090302", "SEC_E_UNSUPPORTED_FUNCTION"),
      java.util.Map.entry("80090322", "SEC_E_WRONG_PRINCIPAL"),
      java.util.Map.entry("80090325", "SEC_E_UNTRUSTED_ROOT"),
      java.util.Map.entry("80090326", "SEC_E_ILLEGAL_MESSAGE"), java.util.Map.entry("80090308", "SEC_E_INVALID_TOKEN"),
      java.util.Map.entry("80090327", "SEC_E_CERT_UNKNOWN"),
      java.util.Map.entry("80090328", "SEC_E_CERT_EXPIRED"),
      java.util.Map.entry("80090331", "SEC_E_ALGORITHM_MISMATCH"),
      java.util.Map.entry("800B0101", "CERT_E_EXPIRED"),
      java.util.Map.entry("800B0109", "CERT_E_UNTRUSTEDROOT"),
      java.util.Map.entry("800B010A", "CERT_E_CHAINING"),
      java.util.Map.entry("800B010F", "CERT_E_CN_NO_MATCH"),
      java.util.Map.entry("80092010", "CRYPT_E_REVOKED"),
      java.util.Map.entry("80092012", "CRYPT_E_NO_REVOCATION_CHECK"),
      java.util.Map.entry("80092013", "CRYPT_E_REVOCATION_OFFLINE"));
  private static final Pattern WIN32_CODE =
      Pattern.compile("(?i)0x(80090[0-9a-f]{3}|800b01[0-9a-f]{2}|800920[0-9a-f]{2})\\b");
  /** A handshake named as the moment of failure, in the words servers and clients log it (curl's 35 is one). */
  private static final Pattern IN_HANDSHAKE = Pattern.compile(
      "(?i)curl: \\(35\\)|(?:during|in|while) (?:the )?(?:ssl |tls |https )?handshak|(?:ssl|tls|https) handshake (?:to \\S+ )?"
          + "(?:\\(for #\\d+\\) )?(?:failed|aborted|error|eof)|(?:ssl|tls) handshaking: |SSL_do_handshake\\(\\) failed"
          + "|bad handshake|\\bnegotiation failed: ");
  /** The peer reset or closed the connection, as the operating system or the library words it. */
  private static final Pattern PEER_GONE = Pattern.compile(
      "(?i)connection reset by peer|ECONNRESET|\\bWSAECONNRESET\\b|forcibly closed by the remote host"
          + "|unexpected EOF|\\bEOF\\b|broken pipe|System\\.IO\\.IOException|\\(104,|connection closed\\b|end of file found");
  /**
   * A verification result in a program's own words: wget's {@code The certificate of 'HOST' has expired.} (also
   * {@code is not trusted}, {@code hasn't got a known issuer}, {@code doesn't have a known issuer}, {@code is not
   * yet activated}) and Python's {@code hostname 'x' doesn't match 'y'}.
   */
  private static final Pattern OWN_WORDS_VERIFY = Pattern.compile(
      "certificate of '[^']*' (has expired|is not yet activated|is not trusted|hasn't got a known issuer"
          + "|doesn't have a known issuer)|hostname '[^']*' (doesn't match) ");
  /**
   * .NET's report of a received alert, the alert in PascalCase: {@code the remote party sent a TLS alert:
   * 'HandshakeFailure'} (.NET 5 and later) or {@code the remote party has sent TLS alert ProtocolVersion} (the wording
   * of the change that introduced it).
   */
  private static final Pattern DOTNET_ALERT = Pattern.compile("sent (?:a )?TLS alert:? '?([A-Z][A-Za-z]+)'?");
  /**
   * mbedTLS's (PolarSSL's) debug trace of a received alert: {@code is a fatal alert message (msg 40)} or {@code got an
   * alert message, type: [2:40]} (level 2, fatal).
   */
  private static final Pattern MBEDTLS_ALERT = Pattern.compile(
      "(?:is a fatal alert message \\(msg |got an alert message, type: \\[2:)(\\d{1,3})\\b");
  /**
   * Windows CryptoAPI's chain status flags (wincrypt.h, {@code CERT_TRUST_IS_UNTRUSTED_ROOT} ...) that Schannel
   * callers print after CertGetCertificateChain, and the verification result each one is.
   */
  private static final Pattern CERT_TRUST = Pattern.compile("\\bCERT_TRUST_([A-Z_]+)");
  private static final java.util.Map<String, String> CERT_TRUST_RESULTS = java.util.Map.ofEntries(
      java.util.Map.entry("IS_NOT_TIME_VALID", "certificate has expired"),
      java.util.Map.entry("IS_REVOKED", "certificate revoked"),
      java.util.Map.entry("REVOCATION_STATUS_UNKNOWN", "unable to get certificate CRL"),
      java.util.Map.entry("IS_OFFLINE_REVOCATION", "unable to get certificate CRL"),
      java.util.Map.entry("IS_NOT_SIGNATURE_VALID", "certificate signature failure"),
      java.util.Map.entry("IS_NOT_VALID_FOR_USAGE", "unsupported certificate purpose"),
      java.util.Map.entry("IS_UNTRUSTED_ROOT", "certificate not trusted"),
      java.util.Map.entry("IS_EXPLICIT_DISTRUST", "certificate not trusted"),
      java.util.Map.entry("IS_PARTIAL_CHAIN", "unable to get local issuer certificate"),
      java.util.Map.entry("IS_CYCLIC", "unable to get local issuer certificate"));
  /**
   * GnuTLS's GNUTLS_E_PREMATURE_TERMINATION (-110), the peer's close without close_notify. It is a handshake
   * failure only where the message says the handshake; gnutls_record_recv, which reads the data after it, reports
   * it most often.
   */
  private static final Pattern GNUTLS_PREMATURE = Pattern.compile("(?i)non-properly terminated|GnuTLS:? ?-110\\b");
  /**
   * A program naming the OpenSSL call that failed after the handshake, without a reason: Paho MQTT's {@code
   * SSLSocket error (5) in SSL_read}, Conscrypt's (Android's) {@code Read error: ssl=0x...: Failure in SSL library}.
   */
  private static final Pattern READ_WRITE_CALL = Pattern.compile(
      "\\bin SSL_(?:read|write)\\b|\\b(?:Read|Write) error: ssl=0x[0-9a-fA-F]+");
  /**
   * The transport's error carried as an OpenSSL/BoringSSL "system library" error (Envoy: {@code TLS error:
   * 33554536:system library:OPENSSL_internal:Connection reset by peer}) while the connection was being set up.
   */
  private static final Pattern CONNECT_FAILURE = Pattern.compile("(?i)connection failure|TLS error: \\d+:system library");
  /**
   * curl's exit code 56 (CURLE_RECV_ERROR): receiving failed after the handshake; curl's {@code OpenSSL SSL_read:}
   * says the same without the code (git: {@code RPC failed; curl 56 OpenSSL SSL_read: ...}).
   */
  private static final Pattern CURL_RECV =
      Pattern.compile("curl: \\(56\\)|\\bcurl 56 |^\\(56, '|\\[Errno 56\\]|OpenSSL SSL_read: ");
  /**
   * Erlang/OTP's ssl application: {@code {tls_alert,{unknown_ca,...}}}, Elixir's {@code {:tls_alert, 'handshake
   * failure'}}, {@code ssl_alert.erl:97:Fatal error: handshake failure}.
   */
  private static final Pattern ERLANG_ALERT = Pattern.compile(
      "tls_alert,\\s*\\{?\\s*['\"]?([a-z][a-z_ ]*[a-z])|ssl_alert\\.erl:\\d+:Fatal error: ([a-z][a-z ]*[a-z])");
  /**
   * Erlang/OTP's reason for a certificate it rejected ({@code Handshake Failure - {bad_cert,hostname_check_failed}}),
   * said as OpenSSL's verification result.
   */
  private static final Pattern ERLANG_BAD_CERT = Pattern.compile("\\{bad_cert,\\s*\\{?([a-z_]+)");
  /**
   * Apple's Secure Transport status codes (SecureTransport.h) as CFNetwork prints them ({@code kCFStreamErrorDomainSSL,
   * -9802}, {@code _kCFStreamErrorCodeKey=-9813}), by their symbol, which the knowledge base knows; the
   * {@code errSSLPeer...} codes are the peer's alerts ({@link #SECURE_TRANSPORT_ALERTS}).
   */
  private static final java.util.Map<Integer, String> SECURE_TRANSPORT = java.util.Map.ofEntries(
      java.util.Map.entry(-9801, "errSSLNegotiation"), java.util.Map.entry(-9802, "errSSLFatalAlert"),
      java.util.Map.entry(-9806, "errSSLClosedAbort"), java.util.Map.entry(-9807, "errSSLXCertChainInvalid"),
      java.util.Map.entry(-9812, "errSSLUnknownRootCert"), java.util.Map.entry(-9813, "errSSLNoRootCert"),
      java.util.Map.entry(-9814, "errSSLCertExpired"), java.util.Map.entry(-9815, "errSSLCertNotYetValid"),
      java.util.Map.entry(-9816, "errSSLClosedNoNotify"), java.util.Map.entry(-9843, "errSSLHostNameMismatch"),
      java.util.Map.entry(-9858, "errSSLHandshakeFail"));
  /** Secure Transport's errSSLPeer... codes: the peer's alert, by number. */
  private static final java.util.Map<Integer, Integer> SECURE_TRANSPORT_ALERTS = java.util.Map.ofEntries(
      java.util.Map.entry(-9819, 10), java.util.Map.entry(-9820, 20), java.util.Map.entry(-9824, 40),
      java.util.Map.entry(-9825, 42), java.util.Map.entry(-9826, 43), java.util.Map.entry(-9827, 44),
      java.util.Map.entry(-9828, 45), java.util.Map.entry(-9829, 46), java.util.Map.entry(-9830, 47),
      java.util.Map.entry(-9831, 48), java.util.Map.entry(-9832, 49), java.util.Map.entry(-9833, 50),
      java.util.Map.entry(-9834, 51), java.util.Map.entry(-9836, 70), java.util.Map.entry(-9837, 71),
      java.util.Map.entry(-9838, 80), java.util.Map.entry(-9840, 100));
  private static final Pattern SECURE_TRANSPORT_CODE = Pattern.compile(
      "(?:kCFStreamErrorDomainSSL, |_kCFStreamErrorCodeKey=|SSLErrorOriginalValue=|Err\\(|\\[3:|failed to connect 3:"
          + "|Trust evaluation failed\\(|NSOSStatusErrorDomain Code=)"
          + "(-98\\d\\d)\\b");
  /**
   * Embedded TLS libraries' status codes as their users print them ({@code mbedtls_ssl_handshake returned -0x7780},
   * {@code failed to connect to wolfSSL, return value = -188}), by the library's own text for the code (mbedTLS's
   * {@code mbedtls_strerror}, wolfSSL's {@code wolfSSL_ERR_reason_error_string}), which the knowledge base knows. The
   * code is looked for within 200 characters of the library's name: a long text naming it often stays linear.
   */
  private static final Pattern MBEDTLS_CODE = Pattern.compile("(?i)mbedtls[^\\n]{0,200}?(-0x[0-9a-f]{4})\\b");
  private static final java.util.Map<String, String> MBEDTLS = java.util.Map.of(
      "-0x7780", "A fatal alert message was received from our peer",
      "-0x2700", "Certificate verification failed, e.g. CRL, CA or signature check failed",
      "-0x7200", "An invalid SSL record was received",
      "-0x7280", "The connection indicated an EOF",
      "-0x7880", "The connection indicated an EOF",
      "-0x6800", "handshake timed out",
      "-0x7380", "no shared cipher");
  private static final Pattern WOLFSSL_CODE = Pattern.compile("(?i)wolfssl[^\\n]{0,200}?[=:(] ?(-\\d{3})\\b");
  private static final java.util.Map<String, String> WOLFSSL = java.util.Map.of(
      "-188", "ASN no signer error to confirm failure",
      "-150", "certificate has expired",
      "-322", "hostname mismatch",
      "-313", "revcd alert fatal error",
      "-326", "unsupported protocol",
      "-501", "can't match cipher suite");
  /**
   * Foundation's URL-loading errors about certificates ({@code NSURLErrorDomain Code=-1202}, {@code -1202: the
   * certificate for this server is invalid}), whatever language the description is in: the result as OpenSSL says it.
   */
  private static final Pattern NSURL_CODE = Pattern.compile(
      "(?:NSURLErrorDomain Code=|finished with error \\[|^\\W{0,3})(-120[1-6])\\b");
  private static final java.util.Map<String, String> NSURL_CERT = java.util.Map.of(
      "-1201", "certificate has expired", "-1202", "certificate not trusted",
      "-1203", "unable to get local issuer certificate", "-1204", "certificate is not yet valid",
      "-1205", "NSURLErrorClientCertificateRejected", "-1206", "NSURLErrorClientCertificateRequired");
  /**
   * Bytes of a TLS record printed by a plain-text reader: a ClientHello's record header ({@code \x16\x03\x01}) read by
   * an HTTP server, or a lone alert byte (a quoted backslash, u0015) as the first byte of a reply a plain-text client read.
   */
  private static final Pattern TLS_HELLO_BYTES = Pattern.compile("\\\\x16\\\\x03\\\\x0[0-4]|\\\\u0016\\\\u0003");
  private static final Pattern TLS_ALERT_BYTE = Pattern.compile("\"(?:\\\\u0015|\\\\x15)\"");
  /**
   * OpenVPN's server prefixes what it logs of a client with the client's address: {@code 192.0.2.1:45962 VERIFY ERROR:
   * depth=0, error=...} is the client's certificate failing the server's verification.
   */
  private static final Pattern OPENVPN_CLIENT_VERIFY = Pattern.compile(
      "(?:^|\\s)(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:]+\\]|[A-Za-z][\\w.-]*):\\d{1,5} VERIFY ERROR: depth=\\d+, error=");
  /** OkHttp: {@code Hostname example.com not verified:} (the certificate's names follow). */
  private static final Pattern OKHTTP_HOSTNAME = Pattern.compile("\\bHostname \\S+ not verified");
  /** A line break or tab written as an escape ({@code \\n}, {@code \\r\\n}, {@code \\t}) in a copied string. */
  private static final Pattern ESCAPED_BREAK = Pattern.compile("\\\\r\\\\n|\\\\[nrt](?![A-Za-z0-9])");
  /**
   * Firefox's texts for some error codes in other languages (resource {@code firefox-l10n.tsv}): each clause of a text
   * (between colons and full stops) that no other code's text of the same language has, with its code.
   */
  private static final List<String[]> FIREFOX_L10N = firefoxL10n();

  private static List<String[]> firefoxL10n() {
    List<String[]> rows = new java.util.ArrayList<>();
    try (java.io.InputStream in = MessageParser.class.getResourceAsStream("/tlsdoctor/kb/firefox-l10n.tsv")) {
      if (in == null) {
        throw new IllegalStateException("firefox-l10n.tsv is missing from the build");
      }
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split("\t");
        if (!line.startsWith("#") && f.length == 3 && !f[0].equals("lang")) {
          rows.add(f);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // a clause shared by two codes of one language ("secure communication is not possible") names neither
    java.util.Map<String, java.util.Set<String>> codes = new java.util.HashMap<>();
    List<String[]> clauses = new java.util.ArrayList<>();
    for (String[] r : rows) {
      for (String c : r[2].split("[:：。]|\\.(?:\\s|$)")) {
        String clause = c.strip();
        if (clause.codePointCount(0, clause.length()) >= 8) {
          codes.computeIfAbsent(r[0] + "\u0000" + clause, k -> new java.util.HashSet<>()).add(r[1]);
          clauses.add(new String[] {clause, r[1], r[0]});
        }
      }
    }
    return clauses.stream().filter(c -> codes.get(c[2] + "\u0000" + c[0]).size() == 1)
        .map(c -> new String[] {c[0], c[1]}).toList();
  }

  /** A tool's trace of a fatal alert by its name: {@code fatal decode_error 02 32}. */
  private static final Pattern FATAL_ALERT = Pattern.compile("\\bfatal ([a-z]+_[a-z_]+)\\b");
  /** Haskell tls's alert: {@code Alert [(AlertLevel_Fatal,BadRecordMac)]}. */
  private static final Pattern HASKELL_ALERT = Pattern.compile("AlertLevel_Fatal,\\s*([A-Z][A-Za-z]+)\\)");
  /**
   * A TLS alert carried as a QUIC error (RFC 9000 section 20.1: CRYPTO_ERROR 0x100 + the alert), or printed as its two
   * bytes, level 1 or 2 and the description ({@code ALERT MESSAGE 0x02 0x50}).
   */
  private static final Pattern ALERT_BYTES = Pattern.compile(
      "(?i)CRYPTO_ERROR \\(0x1([0-9a-f]{2})\\)|alert(?: message)?:? 0x0[12],? 0x([0-9a-f]{2})\\b");
  /** The OpenSSL functions (1.0.x, LibreSSL) of a client waiting for the server's hello. */
  private static final Pattern HELLO_STATE = Pattern.compile("(?i)SRVR_HELLO|GET_SERVER_HELLO|CONNECT_CR_SRVR");
  /** A verification failure given only as OpenSSL's number: {@code certificate verification failed; 19}. */
  private static final Pattern VERIFY_NUMBER = Pattern.compile("(?i)certificate verification failed; (\\d{1,2})\\b");
  /** OpenSSL's verification results by number (X509_V_ERR_*), the common ones. */
  private static final java.util.Map<String, String> VERIFY_TEXTS = java.util.Map.of(
      "2", "unable to get issuer certificate", "9", "certificate is not yet valid", "10", "certificate has expired",
      "18", "self-signed certificate", "19", "self-signed certificate in certificate chain",
      "20", "unable to get local issuer certificate", "21", "unable to verify the first certificate",
      "62", "hostname mismatch");
  /** Go's text for an alert it has no name for: {@code remote error: tls: alert(86)}. */
  private static final Pattern GO_ALERT_NUMBER = Pattern.compile("remote error: (?:tls: )?alert\\((\\d{1,3})\\)");
  /**
   * rustls's certificate errors ({@code invalid peer certificate: UnknownIssuer}, {@code
   * InvalidCertificate(Expired)}), said as OpenSSL's verification results.
   */
  private static final Pattern RUSTLS_CERT = Pattern.compile(
      "(?:invalid (?:peer )?certificate: |InvalidCertificate\\()(UnknownIssuer|Expired|NotValidYet|NotValidForName|"
          + "BadSignature|Revoked|UnknownRevocationStatus|InvalidPurpose|BadEncoding)\\b");
  /** The detail of Java's CertificateExpiredException / CertificateNotYetValidException: {@code NotAfter: DATE}. */
  private static final Pattern JAVA_VALIDITY = Pattern.compile("(?:^|Exception: )(NotAfter|NotBefore): \\w{3} \\w{3} \\d");
  /** Chromium's log of a failed handshake: {@code handshake failed; returned -1, SSL error code 1, net_error -101}. */
  private static final Pattern CHROMIUM_NET_ERROR = Pattern.compile("handshake failed;.*\\bnet_error (-\\d{3})\\b");
  /**
   * Chromium's net error numbers (net_error_list.h) of TLS and certificate failures: by their symbol, or for a closed,
   * reset or timed-out connection by what it means during the handshake.
   */
  private static final java.util.Map<String, String> CHROMIUM_NET_ERRORS = java.util.Map.ofEntries(
      java.util.Map.entry("-100", "connection closed by the peer during the handshake"),
      java.util.Map.entry("-101", "connection closed by the peer during the handshake"),
      java.util.Map.entry("-107", "ERR_SSL_PROTOCOL_ERROR"), java.util.Map.entry("-110",
          "ERR_SSL_CLIENT_AUTH_CERT_NEEDED"), java.util.Map.entry("-113", "ERR_SSL_VERSION_OR_CIPHER_MISMATCH"),
      java.util.Map.entry("-117", "ERR_BAD_SSL_CLIENT_AUTH_CERT"), java.util.Map.entry("-118",
          "handshake timed out"), java.util.Map.entry("-129", "ERR_SSL_WEAK_SERVER_EPHEMERAL_DH_KEY"),
      java.util.Map.entry("-200", "ERR_CERT_COMMON_NAME_INVALID"), java.util.Map.entry("-201", "ERR_CERT_DATE_INVALID"),
      java.util.Map.entry("-202", "ERR_CERT_AUTHORITY_INVALID"), java.util.Map.entry("-206", "ERR_CERT_REVOKED"),
      java.util.Map.entry("-208", "ERR_CERT_WEAK_SIGNATURE_ALGORITHM"));
  /** A browser's code written out in words: {@code Sec error revoked certificate}, {@code ssl error bad cert domain}. */
  private static final Pattern SPELLED_CODE = Pattern.compile("(?i)^\\W*((?:sec|ssl) error|err ssl|err cert)((?: [a-z0-9]+)+)\\W*$");
  /**
   * A " while " that is not nginx's action text: OpenSSL's own reason ("unexpected eof while reading"), or an action
   * holding another library's error code ("Error while connecting https: SSL_ERROR_NO_CYPHER_OVERLAP").
   */
  private static final Pattern OPENSSL_WHILE = Pattern.compile("(?i)unexpected eof while reading");
  private static final Pattern NOT_NGINX_ACTION = Pattern.compile("SSL_ERROR_|\\berror:|\\bERR_[A-Z]");
  /** An nginx action text: words, names and addresses, never a stack trace or the next sentence of prose. */
  private static final Pattern NGINX_ACTION = Pattern.compile("[A-Za-z0-9 /_()\"'.:*\\[\\]-]{1,100}");

  private MessageParser() {
  }

  /**
   * Words the message implies without printing them, added to the text the knowledge base reads: the symbol of a
   * Windows status code printed as a number, and curl's receive error (exit code 56, after the handshake) when no
   * OpenSSL reason or alert says more.
   */
  private static String implied(String t, List<OpensslError> errors, Optional<Alert> alert) {
    StringBuilder sb = new StringBuilder();
    Matcher w = WIN32_CODE.matcher(t);
    while (w.find()) {
      String symbol = WIN32.get(w.group(1).toUpperCase(java.util.Locale.ROOT));
      if (symbol != null && !t.contains(symbol)) {
        sb.append('\n').append(symbol);
      }
    }
    boolean alertRead = alert.isPresent() || errors.stream().anyMatch(e -> e.reason().contains(" alert "));
    if (!alertRead && (errors.isEmpty() || t.contains("SSL_read: ")) && CURL_RECV.matcher(t).find()) {
      // after the handshake, whatever reason the TLS library gives; an alert read then is the peer's verdict (a
      // TLS 1.3 server refusing the client's certificate), which its own entry explains
      sb.append("\nCURLE_RECV_ERROR");
    }
    Matcher st = SECURE_TRANSPORT_CODE.matcher(t);
    if (st.find()) {
      String words = SECURE_TRANSPORT.get(Integer.parseInt(st.group(1)));
      if (words != null) {
        sb.append('\n').append(words);
      }
    }
    for (var library : List.of(java.util.Map.entry(MBEDTLS_CODE, MBEDTLS),
        java.util.Map.entry(WOLFSSL_CODE, WOLFSSL))) {
      Matcher m = library.getKey().matcher(t);
      String text = m.find() ? library.getValue().get(m.group(1).toLowerCase(java.util.Locale.ROOT)) : null;
      if (text != null) {
        sb.append('\n').append(text);
      }
    }
    Matcher nsurl = NSURL_CODE.matcher(t);
    if (nsurl.find()) {
      sb.append('\n').append(NSURL_CERT.get(nsurl.group(1)));
    }
    if (TLS_HELLO_BYTES.matcher(t).find()) {
      sb.append("\nTLS handshake bytes read by a plain-text server");
    } else if (TLS_ALERT_BYTE.matcher(t).find()) {
      sb.append("\na TLS alert read as a plain-text reply");
    }
    if (OPENVPN_CLIENT_VERIFY.matcher(t).find()) {
      sb.append("\na client's certificate failed the server's verification");
    }
    if (OKHTTP_HOSTNAME.matcher(t).find()) {
      sb.append("\nhostname mismatch");
    }
    Matcher badCert = ERLANG_BAD_CERT.matcher(t);
    if (badCert.find()) {
      sb.append('\n').append(switch (badCert.group(1)) {
        case "hostname_check_failed" -> "hostname mismatch";
        case "cert_expired" -> "certificate has expired";
        case "unknown_ca", "selfsigned_peer", "invalid_issuer", "unknown_issuer" -> "unable to get local issuer"
            + " certificate";
        default -> "";
      });
    }
    Matcher rustls = RUSTLS_CERT.matcher(t);
    if (rustls.find()) {
      sb.append('\n').append(switch (rustls.group(1)) {
        case "UnknownIssuer" -> "unable to get local issuer certificate";
        case "Expired" -> "certificate has expired";
        case "NotValidYet" -> "certificate is not yet valid";
        case "NotValidForName" -> "hostname mismatch";
        case "BadSignature" -> "certificate signature failure";
        case "Revoked" -> "certificate revoked";
        case "UnknownRevocationStatus" -> "unable to get certificate CRL";
        case "InvalidPurpose" -> "unsupported certificate purpose";
        default -> "certificate verify failed";
      });
    }
    for (String[] localized : FIREFOX_L10N) {
      if (t.contains(localized[0]) && sb.indexOf(localized[1]) < 0 && !t.contains(localized[1])) {
        sb.append('\n').append(localized[1]);
      }
    }
    for (OpensslError e : errors) {
      if (e.reason().equalsIgnoreCase("ssl handshake failure") && HELLO_STATE.matcher(e.function()).find()) {
        // LibreSSL and OpenSSL 1.0.x waiting for the server's hello: the connection ended there, no alert
        sb.append("\nconnection closed by the peer during the handshake");
        break;
      }
    }
    Matcher number = VERIFY_NUMBER.matcher(t);
    if (number.find() && VERIFY_TEXTS.containsKey(number.group(1))) {
      sb.append('\n').append(VERIFY_TEXTS.get(number.group(1)));
    }
    Matcher dates = JAVA_VALIDITY.matcher(t);
    if (dates.find()) {
      sb.append('\n').append(dates.group(1).equals("NotAfter") ? "certificate has expired" : "certificate is not yet valid");
    }
    Matcher net = CHROMIUM_NET_ERROR.matcher(t);
    if (net.find() && CHROMIUM_NET_ERRORS.containsKey(net.group(1))) {
      sb.append('\n').append(CHROMIUM_NET_ERRORS.get(net.group(1)));
    }
    Matcher spelled = SPELLED_CODE.matcher(t.strip());
    if (spelled.find()) {
      sb.append('\n').append((spelled.group(1) + spelled.group(2)).toUpperCase(java.util.Locale.ROOT).replace(' ', '_'));
    }
    if (t.contains("Read error at byte")) {
      // wget reading a response: the handshake is over, whatever the TLS library's words (GnuTLS's "non-properly
      // terminated" is also said of a handshake)
      sb.append("\nthe connection ended after the handshake, while data was read");
    }
    if (errors.isEmpty() && alert.isEmpty() && IN_HANDSHAKE.matcher(t).find() && PEER_GONE.matcher(t).find()) {
      sb.append("\nconnection closed by the peer during the handshake");
    }
    boolean sayHandshake = IN_HANDSHAKE.matcher(t).find() || t.toLowerCase(java.util.Locale.ROOT).contains("handshak");
    if (alert.isEmpty() && GNUTLS_PREMATURE.matcher(t).find()) {
      sb.append(sayHandshake ? "\nconnection closed by the peer during the handshake"
          : "\nthe connection ended after the handshake, while data was read");
    }
    if (errors.isEmpty() && alert.isEmpty() && !sayHandshake && READ_WRITE_CALL.matcher(t).find()) {
      sb.append("\nthe connection ended after the handshake, while data was read");
    }
    if (alert.isEmpty() && CONNECT_FAILURE.matcher(t).find() && errors.stream().anyMatch(e ->
        e.library().equalsIgnoreCase("system library") && PEER_GONE.matcher(e.reason()).find())) {
      sb.append("\nconnection closed by the peer during the handshake");
    }
    Matcher trust = CERT_TRUST.matcher(t);
    while (trust.find()) {
      String result = CERT_TRUST_RESULTS.get(trust.group(1));
      if (result != null && sb.indexOf(result) < 0) {
        sb.append('\n').append(result);
      }
    }
    Matcher own = OWN_WORDS_VERIFY.matcher(t);
    if (own.find()) {
      // wget (GnuTLS) and Python put a verification result in their own words: say it as OpenSSL does
      String r = own.group(1) != null ? own.group(1) : own.group(2);
      sb.append('\n').append(switch (r) {
        case "has expired" -> "certificate has expired";
        case "is not yet activated" -> "certificate is not yet valid";
        case "is not trusted" -> "certificate not trusted";
        case "doesn't match" -> "hostname mismatch";
        default -> "unable to get local issuer certificate"; // no known issuer
      });
    }
    return sb.toString();
  }

  public static ParsedMessage parse(String input) {
    // a message copied out of JSON or a quoted string keeps its line breaks as the two characters \n: break there
    String t = ESCAPED_BREAK.matcher(input).replaceAll("\n").strip();
    if (ErrorLogParser.prefixStart(t) >= 0) {
      ErrorLogLine l = ErrorLogParser.parse(t);
      Evidence base = LogClassifier.evidence(l);
      // The same evidence the log reader uses, so that explain and logs agree on every line.
      return new ParsedMessage("nginx-line", Optional.of(l), l.sslErrors(), generation(l.sslErrors()),
          base.alert().map(Alert::of), verifyCode(t), base.verify(),
          LogClassifier.direction(l, FailureClass.UNCLASSIFIED), base);
    }
    Matcher packed = PACKED_ALONE.matcher(t);
    if (packed.matches() && !WIN32_CODE.matcher(t).find()) {
      OpensslReasons.Decoded d = OpensslReasons.get().decode(packed.group(1));
      List<OpensslError> errors = d.reason().isPresent()
          ? List.of(new OpensslError(d.packed(), d.library(), d.function().orElse(""), d.reason().get().text(), ""))
          : List.of(new OpensslError(d.packed(), d.library(), d.function().orElse(""), "", ""));
      Evidence ev = new Evidence("", "", errors, "", Optional.empty(), "");
      return new ParsedMessage("packed-code", Optional.empty(), errors, d.generation(), Optional.empty(), -1, "",
          Direction.UNKNOWN, ev);
    }
    List<OpensslError> errors = new ArrayList<>(OpensslError.findAll(t));
    Matcher py = PYTHON.matcher(t);
    if (errors.isEmpty() && py.find()) {
      String code = OpensslReasons.get().byText(py.group(2)).map(r -> r.packed3()).orElse("");
      errors.add(new OpensslError(code, "SSL", "", py.group(2), ""));
    }
    ErrorLogLine l = ErrorLogParser.parseFragment(t);
    // a stack trace or a sentence may hold " while " (".NET: An error occurred while sending the request. --->")
    boolean nginxLike = NGINX_ACTION.matcher(l.action()).matches() && !l.action().contains(". ")
        && OPENSSL_WHILE.matcher(t).replaceAll("").contains(" while ") && !NOT_NGINX_ACTION.matcher(l.action()).find()
        || !l.client().isEmpty() || l.pid() >= 0 || !l.level().isEmpty() && l.connection() >= 0;
    String verify = "";
    int verifyCode = -1;
    for (Pattern p : VERIFY) {
      Matcher m = p.matcher(t);
      if (m.find()) {
        verify = m.group(m.groupCount()).strip();
        if (m.groupCount() == 2 && m.group(1) != null) {
          verifyCode = Integer.parseInt(m.group(1));
        }
        break;
      }
    }
    Optional<Alert> alert = alert(t, errors);
    Matcher fatal = FATAL_ALERT.matcher(t);
    if (fatal.find() && Alert.byName(fatal.group(1)).isPresent()
        && errors.stream().allMatch(e -> e.reason().equalsIgnoreCase("unexpected eof while reading"))) {
      // a fatal alert named, then the connection's end read as an EOF: the alert is why it ended
      alert = Alert.byName(fatal.group(1));
      errors.clear();
    }
    String kind = kind(t, errors, nginxLike);
    Evidence ev = new Evidence(l.message(), l.action(), errors, verify, alert.map(Alert::code),
        t + implied(t, errors, alert));
    Direction dir = nginxLike ? LogClassifier.direction(l, FailureClass.UNCLASSIFIED) : Direction.UNKNOWN;
    return new ParsedMessage(kind, nginxLike ? Optional.of(l) : Optional.empty(), errors, generation(errors), alert,
        verifyCode, verify, dir, ev);
  }

  private static String kind(String t, List<OpensslError> errors, boolean nginxLike) {
    if (nginxLike) {
      return "nginx-message";
    }
    if (CURL.matcher(t).matches() || t.startsWith("curl:")) {
      return "curl";
    }
    if (PYTHON.matcher(t).find()) {
      return "python";
    }
    if (t.contains("javax.net.ssl") || t.contains("SSLHandshakeException") || JAVA_ALERT.matcher(t).find()
        || t.contains("No appropriate protocol") || t.contains("PKIX path")) {
      return "java";
    }
    if (GO_ALERT.matcher(t).find() || t.startsWith("tls: ") || t.contains("x509: ") || t.contains(" tls: ")) {
      return "go";
    }
    if (t.contains("gnutls") || t.contains("GnuTLS") || t.contains("CAfile:")) {
      return "gnutls";
    }
    if (t.contains("schannel") || t.contains("SEC_E_") || t.contains("InitializeSecurityContext")
        || t.contains("0x8009")) {
      return "schannel";
    }
    if (t.contains("System.") || t.contains("transport stream") || t.contains("RemoteCertificate")) {
      return "dotnet";
    }
    if (t.contains("rustls") || t.contains("invalid peer certificate") || t.contains("WebPKIError")
        || RUSTLS_ALERT.matcher(t).find()) {
      return "rustls";
    }
    if (t.contains("SSL_connect returned=") || t.contains("OpenSSL::SSL")) {
      return "ruby";
    }
    if (t.contains("TLSSocket") || t.contains("ERR_TLS_") || t.contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE")
        || t.contains("socket disconnected before secure TLS") || t.contains("unable to verify the first certificate")
        || t.contains("EPROTO")) {
      return "node";
    }
    if (S_CLIENT_ERROR.matcher(t).find() || t.contains("verify error:num=") || t.contains("Verify return code")
        || S_CLIENT_ALERT.matcher(t).find()) {
      return "openssl-s_client";
    }
    if (BROWSER.matcher(t).find()) {
      return "browser";
    }
    if (!errors.isEmpty()) {
      return "openssl-error";
    }
    return "text";
  }

  private static Optional<Alert> alert(String t, List<OpensslError> errors) {
    for (int i = errors.size() - 1; i >= 0; i--) {
      Optional<Integer> a = errors.get(i).alertNumber();
      if (a.isPresent()) {
        return Optional.of(Alert.of(a.get()));
      }
    }
    Matcher trace = CURL_TRACE_ALERT.matcher(t);
    if (trace.find()) {
      return Optional.of(Alert.of(Integer.parseInt(trace.group(1)) & 0xFF));
    }
    Matcher st = SECURE_TRANSPORT_CODE.matcher(t);
    if (st.find() && SECURE_TRANSPORT_ALERTS.containsKey(Integer.parseInt(st.group(1)))) {
      return Optional.of(Alert.of(SECURE_TRANSPORT_ALERTS.get(Integer.parseInt(st.group(1)))));
    }
    Matcher erlang = ERLANG_ALERT.matcher(t);
    if (erlang.find()) {
      Optional<Alert> a = Alert.byName(erlang.group(1) != null ? erlang.group(1) : erlang.group(2));
      if (a.isPresent()) {
        return a;
      }
    }
    for (Pattern camel : new Pattern[] {RUSTLS_ALERT, DOTNET_ALERT, HASKELL_ALERT}) {
      Matcher m = camel.matcher(t);
      if (m.find()) {
        Optional<Alert> a = Alert.byName(m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(
            java.util.Locale.ROOT));
        if (a.isPresent()) {
          return a;
        }
      }
    }
    Matcher mbedtls = MBEDTLS_ALERT.matcher(t);
    if (mbedtls.find() && Integer.parseInt(mbedtls.group(1)) <= 255) {
      return Optional.of(Alert.of(Integer.parseInt(mbedtls.group(1))));
    }
    Matcher gnutlsNumber = GNUTLS_ALERT_NUMBER.matcher(t);
    if (gnutlsNumber.find()) {
      return Optional.of(Alert.of(Integer.parseInt(gnutlsNumber.group(1))));
    }
    Matcher gnutls = GNUTLS_ALERT_CONTEXT.matcher(t);
    while (gnutls.find()) {
      for (String[] a : GNUTLS_ALERTS) {
        if (gnutls.group(1).startsWith(a[0])) {
          return Optional.of(Alert.of(Integer.parseInt(a[1])));
        }
      }
    }
    Matcher bytes = ALERT_BYTES.matcher(t);
    if (bytes.find()) {
      return Optional.of(Alert.of(Integer.parseInt(bytes.group(1) != null ? bytes.group(1) : bytes.group(2), 16)));
    }
    Matcher goNumber = GO_ALERT_NUMBER.matcher(t);
    if (goNumber.find() && Integer.parseInt(goNumber.group(1)) <= 255) {
      return Optional.of(Alert.of(Integer.parseInt(goNumber.group(1))));
    }
    Matcher go = GO_ALERT.matcher(t);
    if (go.find()) {
      for (String[] a : GO_ALERTS) {
        if (go.group(1).startsWith(a[0])) {
          return Optional.of(Alert.of(Integer.parseInt(a[1])));
        }
      }
    }
    for (Pattern p : new Pattern[] {JAVA_ALERT, GO_ALERT, S_CLIENT_ALERT, JAVA_DEBUG_ALERT, INFO_ALERT}) {
      Matcher m = p.matcher(t);
      if (m.find()) {
        Optional<Alert> a = Alert.byName(m.group(1));
        if (a.isPresent()) {
          return a;
        }
      }
    }
    Matcher m = ALERT_NUMBER.matcher(t);
    if (m.find()) {
      int code = Integer.parseInt(m.group(1));
      if (code <= 255) {
        return Optional.of(Alert.of(code));
      }
    }
    return Optional.empty();
  }

  private static int verifyCode(String t) {
    Matcher m = VERIFY[0].matcher(t);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String generation(List<OpensslError> errors) {
    return errors.isEmpty() ? "" : LogClassifier.generation(errors.get(errors.size() - 1));
  }
}
