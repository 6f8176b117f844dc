package dev.tlsdoctor.explain;

import dev.tlsdoctor.kb.FailureClass;
import java.util.List;
import java.util.Map;

/**
 * What the person who holds a client's message can do on the client's side, for the TLS stack that printed it:
 * how that stack is told to trust a CA, which protocol versions and suites it offers, how it sends SNI. A client's
 * message is usually read by whoever runs the client, not by the server's operator; these come before the server's
 * fixes. Facts about each stack's own settings (current as of 2026-11).
 */
public final class ClientAdvice {
  private ClientAdvice() {
  }

  /** How each stack trusts a CA that issued the server's certificate (a private CA, or a missing intermediate). */
  private static final Map<String, String> TRUST = Map.ofEntries(
      Map.entry("curl", "curl: --cacert ca.pem (or CURL_CA_BUNDLE=ca.pem); -k only to look, never to fix"),
      Map.entry("java", "Java: import the CA into a trust store (keytool -importcert -alias myca -file ca.pem"
          + " -keystore truststore.p12) and run with -Djavax.net.ssl.trustStore=truststore.p12; 'PKIX path"
          + " building failed' names exactly this"),
      Map.entry("python", "Python: ssl.create_default_context(cafile='ca.pem'), requests' verify='ca.pem', or"
          + " SSL_CERT_FILE=ca.pem; certifi's bundle does not hold private CAs"),
      Map.entry("go", "Go: SSL_CERT_FILE=ca.pem (or SSL_CERT_DIR), or tls.Config{RootCAs: pool} with"
          + " pool.AppendCertsFromPEM"),
      Map.entry("node", "Node.js: NODE_EXTRA_CA_CERTS=ca.pem, or the ca option of tls.connect/https.request;"
          + " 'unable to verify the first certificate' usually means the server does not send its intermediate"),
      Map.entry("dotnet", ".NET: add the CA to the machine's trust store (Windows certificate store, or"
          + " /usr/local/share/ca-certificates + update-ca-certificates on Linux)"),
      Map.entry("schannel", "Windows (Schannel): import the CA into Trusted Root Certification Authorities"
          + " (certlm.msc, or Import-Certificate -CertStoreLocation Cert:\\LocalMachine\\Root)"),
      Map.entry("gnutls", "GnuTLS (git, apt, wget): the system bundle (update-ca-certificates), or"
          + " GIT_SSL_CAINFO / git -c http.sslCAInfo=ca.pem / wget --ca-certificate=ca.pem"),
      Map.entry("openssl-s_client", "openssl s_client: -CAfile ca.pem (and -servername NAME, or it sends no"
          + " name)"),
      Map.entry("rustls", "rustls: add the CA to the RootCertStore the client builds (webpki-roots hold public CAs"
          + " only)"),
      Map.entry("ruby", "Ruby: SSL_CERT_FILE=ca.pem, or http.ca_file = 'ca.pem'"),
      Map.entry("browser", "browsers: a private CA goes into the OS or browser trust store; a public site must send"
          + " its intermediate (Firefox does not fetch missing intermediates)"));

  /** Where each stack sets the protocol versions it offers. */
  private static final Map<String, String> VERSIONS = Map.ofEntries(
      Map.entry("curl", "curl: --tlsv1.2 sets the minimum, --tls-max the maximum; an OpenSSL 3 curl refuses TLS"
          + " 1.0/1.1 unless --ciphers 'DEFAULT:@SECLEVEL=0'"),
      Map.entry("java", "Java: -Djdk.tls.client.protocols=TLSv1.2,TLSv1.3; TLS 1.0/1.1 are disabled by"
          + " jdk.tls.disabledAlgorithms in java.security since 8u291/11.0.11"),
      Map.entry("python", "Python: ctx.minimum_version / maximum_version = ssl.TLSVersion.TLSv1_2 on an"
          + " SSLContext"),
      Map.entry("go", "Go: tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: ...}; Go clients offer TLS 1.2"
          + " and up by default since Go 1.18"),
      Map.entry("node", "Node.js: minVersion/maxVersion options, or --tls-min-v1.2 / --tls-max-v1.3"),
      Map.entry("dotnet", ".NET: SslProtocols on SslClientAuthenticationOptions or HttpClientHandler; leave it"
          + " at None (the OS default) unless a server needs otherwise"),
      Map.entry("schannel", "Windows (Schannel): the protocol keys under"
          + " HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols; Windows 7 and"
          + " 2008 R2 need the TLS 1.2 update and DefaultSecureProtocols"),
      Map.entry("openssl-s_client", "openssl: -tls1_2 / -tls1_3 to try one version; MinProtocol and"
          + " CipherString = DEFAULT@SECLEVEL=N in openssl.cnf set the defaults"),
      Map.entry("gnutls", "GnuTLS: a priority string such as NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3"
          + " (gnutls-cli --priority)"),
      Map.entry("rustls", "rustls: TLS 1.2 and 1.3 only; a server with TLS 1.0/1.1 only cannot be reached"),
      Map.entry("ruby", "Ruby: ctx.min_version = OpenSSL::SSL::TLS1_2_VERSION (and max_version) on an SSLContext"),
      Map.entry("browser", "browsers: TLS 1.0 and 1.1 are gone from current browsers (Chrome 98, Firefox 97); the"
          + " server must offer TLS 1.2"));

  /**
   * Where each stack sets the cipher suites it offers (and the security level that removes old ones): a client
   * refused with alert 40 or "no shared cipher" offers none the server accepts.
   */
  private static final Map<String, String> CIPHERS = Map.ofEntries(
      Map.entry("curl", "curl: --ciphers LIST (TLS 1.2) and --tls13-ciphers LIST; an OpenSSL 3 curl needs"
          + " --ciphers 'DEFAULT:@SECLEVEL=1' for SHA-1 or 1024-bit servers"),
      Map.entry("java", "Java: jdk.tls.disabledAlgorithms in $JAVA_HOME/conf/security/java.security (or a file passed"
          + " with -Djava.security.properties=extra.security) removes suites and algorithms; -Djdk.tls.client"
          + ".cipherSuites=... limits the offer"),
      Map.entry("python", "Python: ctx = ssl.create_default_context(); ctx.set_ciphers('DEFAULT:@SECLEVEL=1') for an"
          + " old server (OpenSSL's string; TLS 1.3 suites are not changed by it)"),
      Map.entry("go", "Go: tls.Config{CipherSuites: ...} for TLS 1.2 (TLS 1.3 suites are fixed); Go 1.22 stopped"
          + " offering RSA key exchange (GODEBUG=tlsrsakex=1 brings it back) and Go 1.23 3DES (GODEBUG=tls3des=1)"),
      Map.entry("node", "Node.js: the ciphers option of tls.connect/https.Agent, or --tls-cipher-list=LIST;"
          + " 'DEFAULT:@SECLEVEL=1' for old servers"),
      Map.entry("dotnet", ".NET: the OS decides (Windows: the cipher suite order policy, Enable-TlsCipherSuite;"
          + " Linux: OpenSSL's openssl.cnf CipherString); CipherSuitesPolicy on SslClientAuthenticationOptions on"
          + " Linux and macOS"),
      Map.entry("schannel", "Windows (Schannel): Get-TlsCipherSuite / Enable-TlsCipherSuite, or the 'SSL Cipher"
          + " Suite Order' group policy; Windows 7 lacks the ECDHE-GCM suites modern servers require"),
      Map.entry("openssl-s_client", "openssl: -cipher LIST (TLS 1.2), -ciphersuites LIST (TLS 1.3);"
          + " 'DEFAULT:@SECLEVEL=0' allows SHA-1 and short keys, to try only"),
      Map.entry("gnutls", "GnuTLS: a priority string (gnutls-cli --priority 'NORMAL:+AES-128-CBC:+RSA');"
          + " /etc/gnutls/config can change the system default"),
      Map.entry("rustls", "rustls: only ECDHE suites with AES-GCM or ChaCha20 exist; a server that offers nothing"
          + " else (static RSA, CBC) cannot be reached with rustls at all"),
      Map.entry("ruby", "Ruby: ctx.ciphers = 'DEFAULT:@SECLEVEL=1' (OpenSSL's string) on an SSLContext"),
      Map.entry("browser", "browsers: suites cannot be added; a server with only old suites (3DES, static RSA, CBC"
          + " without ECDHE) must change"));

  /** How each stack sends the server's name (SNI); a connection by IP address sends none. */
  private static final Map<String, String> SNI = Map.ofEntries(
      Map.entry("curl", "curl: keep the name in the URL and point it elsewhere with --resolve NAME:443:IP or"
          + " --connect-to"),
      Map.entry("java", "Java: connect by host name (an IP sends no SNI); -Djsse.enableSNIExtension must not be"
          + " false; SSLParameters.setServerNames for a different name"),
      Map.entry("python", "Python: ctx.wrap_socket(sock, server_hostname='NAME'); requests sends the URL's host"),
      Map.entry("go", "Go: tls.Config{ServerName: \"NAME\"} when dialling an IP"),
      Map.entry("node", "Node.js: the servername option of tls.connect (https sends the host header's name)"),
      Map.entry("dotnet", ".NET: TargetHost on SslClientAuthenticationOptions (AuthenticateAsClient(\"NAME\"))"),
      Map.entry("openssl-s_client", "openssl s_client: -servername NAME (3.x sends the -connect host's name"
          + " when it is not an IP)"));

  /** How each stack's trust store is brought up to date (an old store lacks new roots, keeps expired ones). */
  private static final Map<String, String> STORE_UPDATE = Map.ofEntries(
      Map.entry("curl", "curl: update the system CA bundle (ca-certificates) or point CURL_CA_BUNDLE at a current"
          + " one"),
      Map.entry("java", "Java: update the JDK (its lib/security/cacerts carries the roots), or import the current"
          + " root into the trust store the application uses"),
      Map.entry("python", "Python: pip install -U certifi (requests uses certifi's bundle), or the system bundle"
          + " for ssl's defaults"),
      Map.entry("go", "Go: Go reads the system bundle: update ca-certificates (in containers too), or SSL_CERT_FILE"),
      Map.entry("node", "Node.js: update Node (its bundled roots), or NODE_EXTRA_CA_CERTS / --use-openssl-ca for the"
          + " system's"),
      Map.entry("dotnet", ".NET: the OS store: Windows Update's root certificates, or update-ca-certificates on"
          + " Linux"),
      Map.entry("schannel", "Windows: Windows Update (automatic root update), or certutil -generateSSTFromWU"),
      Map.entry("browser", "browsers: the system clock must be right; an old OS or browser (Android 7 and older)"
          + " lacks current roots"));

  /**
   * The client-side advice for a matched entry: its class's ({@link #of(FailureClass, String)}), or, for an entry
   * whose client fix is not its class's, the entry's own.
   */
  public static List<String> of(dev.tlsdoctor.kb.KbEntry e, String kind) {
    if (e.id().equals("certificate-revoked")) {
      List<String> l = new java.util.ArrayList<>(List.of("the client found the certificate revoked, or could not"
          + " check: let it reach the CA's CRL and OCSP addresses (a firewall or a proxy often blocks them); a"
          + " certificate that is revoked needs replacing on the server"));
      if (kind.equals("schannel") || kind.equals("curl")) {
        l.add("Windows (Schannel), only where the revocation servers cannot be reached: curl --ssl-no-revoke;"
            + " git config --global http.schannelCheckRevoke false");
      }
      return List.copyOf(l);
    }
    return of(e.failureClass(), kind);
  }

  /** The client-side advice for {@code c} from the stack {@code kind}; empty when there is none for it. */
  public static List<String> of(FailureClass c, String kind) {
    return switch (c) {
      case CERTIFICATE_UNTRUSTED -> line(TRUST, kind, "the client does not trust the CA that issued the server's"
          + " certificate: give it that CA (not 'verify off'); if the CA is public, the server is not sending its"
          + " intermediate, which is the server's fix");
      case PROTOCOL_VERSION_MISMATCH -> line(VERSIONS, kind, "the client and the server share no version: check"
          + " what the client offers (below) and what the server accepts (tlsdoctor scan HOST)");
      case CERTIFICATE_NAME_MISMATCH -> List.of("connect by the name the certificate is for, not by IP or an"
          + " internal alias; a client that connects by IP sends no SNI and may get the server's default"
          + " certificate (curl: --resolve NAME:443:IP https://NAME/; openssl: -servername NAME)");
      case NOT_TLS -> List.of("the other side did not speak TLS: an https:// URL to a plain-HTTP port, a proxy URL"
          + " written https:// where it should be http:// (HTTPS_PROXY=http://proxy:3128 is usual), or a port"
          + " that is not the TLS one");
      case HANDSHAKE_FAILURE_ALERT, NO_SHARED_CIPHER -> offer(kind, "the server refused the client's offer (alert"
          + " 40): compare the client's suites and versions with the server's (tlsdoctor scan HOST lists them); an"
          + " old client may only offer suites the server no longer has, and a server behind a CDN may want SNI");
      case SNI_REJECTED -> line(SNI, kind, "the server wants a name it knows: send SNI with the server's name"
          + " (connect by name, not by IP; openssl: -servername NAME; curl: --resolve NAME:443:IP)");
      case CLIENT_CERTIFICATE_REQUIRED -> List.of("the server asks for a client certificate: give the client one"
          + " (curl: --cert c.pem --key k.pem; Java: -Djavax.net.ssl.keyStore=client.p12; Go: tls.Config"
          + "{Certificates: ...}; Python: ctx.load_cert_chain('c.pem', 'k.pem'))");
      default -> more(c, kind);
    };
  }

  /** The classes beyond the common ones. */
  private static List<String> more(FailureClass c, String kind) {
    return switch (c) {
      case CERTIFICATE_EXPIRED -> line(STORE_UPDATE, kind, "check the client's clock first (a wrong date makes"
          + " every certificate expired or not yet valid); if the server's certificate expired only its operator can"
          + " renew it; an expired root or intermediate in an old client's store (Let's Encrypt's DST Root CA X3 in"
          + " 2021) needs the client's trust store updated");
      case CLIENT_CERTIFICATE_INVALID -> List.of("the server rejected the client's certificate: it must be issued"
          + " by a CA the server trusts (nginx: ssl_client_certificate), be within its validity, carry the clientAuth"
          + " extended key usage, and be sent with its intermediate (curl --cert takes a file with the chain)");
      case KEY_SHARE_MISMATCH -> List.of("the client and the server share no key-exchange group: check which groups"
          + " the client offers (openssl: -groups X25519:P-256; curl: --curves X25519:P-256; Java:"
          + " -Djdk.tls.namedGroups=x25519,secp256r1; Go: tls.Config{CurvePreferences}, GODEBUG=tlsmlkem=0 turns off"
          + " Go 1.24's post-quantum share for servers and middleboxes that choke on it; Node: the ecdhCurve option)");
      case SIGNATURE_ALGORITHM_MISMATCH -> List.of("the client accepts no signature the server's certificate can"
          + " make: an old client lacking RSA-PSS or ECDSA, or a client forbidding SHA-1 (Java: jdk.certpath"
          + ".disabledAlgorithms and -Djdk.tls.client.SignatureSchemes; openssl: -sigalgs; OpenSSL 3: @SECLEVEL=1"
          + " allows SHA-1) meets a server with one certificate type; the server's fix is a second certificate");
      case WEAK_KEY_OR_PARAMETERS -> line(CIPHERS, kind, "the client refused the server's key or Diffie-Hellman"
          + " group as too weak: the fix is the server's (2048-bit DH or ECDHE, a 2048-bit RSA key); lowering the"
          + " client's security level is a stopgap for one old server only");
      case HANDSHAKE_TIMEOUT -> List.of("the handshake started and stopped: check the path (an HTTP proxy the client"
          + " must use: HTTPS_PROXY=http://proxy:3128; a firewall or DPI box; MTU: large ClientHellos with"
          + " post-quantum key shares or large certificate chains lost on tunnels) and the client's timeout"
          + " (curl --connect-timeout, Python's timeout=, Java's connect and read timeouts)");
      case PEER_CLOSED_HANDSHAKE -> List.of("the server or something between closed the connection without saying"
          + " why: try openssl s_client -connect HOST:443 -servername HOST from the client's host; a proxy the client"
          + " must go through (HTTPS_PROXY), a firewall resetting TLS, a missing SNI or an offer the server drops"
          + " silently (old versions, suites) are the usual causes");
      case INAPPROPRIATE_FALLBACK -> List.of("the client retried with a lower version after a first failure and the"
          + " server refused the downgrade: do not force lower versions; find why the first attempt failed"
          + " (curl -v, openssl s_client)");
      case RENEGOTIATION_REFUSED -> List.of("an OpenSSL 3 client refuses a server without secure renegotiation"
          + " (RFC 5746): the server needs updating; as a stopgap on the client, openssl.cnf's Options ="
          + " UnsafeLegacyServerConnect (OPENSSL_CONF=that file), Python: ctx.options |= ssl.OP_LEGACY_SERVER_CONNECT"
          + " (0x4)");
      case RECORD_LAYER_ERROR, PROTOCOL_VIOLATION -> List.of("one side sent records or messages the other cannot"
          + " read: a TLS-inspecting proxy or middlebox, a library bug or an old library; try without the proxy,"
          + " with TLS 1.2 only (curl --tls-max 1.2, openssl -tls1_2), and update the client's TLS library");
      case INTERNAL_ERROR_ALERT -> List.of("the server failed inside its own TLS code (alert 80): nothing on the"
          + " client fixes it; give the server's operator the time, the name (SNI) and the client's version");
      case ALPN_MISMATCH -> List.of("the client requires a protocol the server does not negotiate: gRPC needs h2"
          + " by ALPN end to end (a load balancer terminating TLS without ALPN breaks it); an old TLS library without"
          + " ALPN (grpcio linked to OpenSSL 1.0.1) must be updated");
      case TLS_IO_ERROR -> List.of("the handshake had finished: the connection failed while data moved (a proxy or"
          + " load balancer idle timeout, the server closing without close_notify, a reset on the path); retry, and"
          + " check keep-alive and timeout settings rather than TLS versions or suites");
      case CERTIFICATE_LOAD_ERROR -> List.of("the client could not load its own certificate or key: check the"
          + " path, the format (PEM, DER or PKCS#12: curl --cert-type P12, Java's keystore type), the password (curl"
          + " --pass, openssl -passin) and that the key belongs to the certificate (openssl x509 -noout -pubkey and"
          + " openssl pkey -pubout must print the same key)");
      default -> List.of();
    };
  }

  /** The general line, then the stack's suites and versions. */
  private static List<String> offer(String kind, String general) {
    List<String> l = new java.util.ArrayList<>(List.of(general));
    for (Map<String, String> t : List.of(CIPHERS, VERSIONS)) {
      if (t.containsKey(kind)) {
        l.add(t.get(kind));
      }
    }
    return List.copyOf(l);
  }

  private static List<String> line(Map<String, String> table, String kind, String general) {
    String specific = table.get(kind);
    return specific == null ? List.of(general) : List.of(general, specific);
  }

  /** Whether a message of {@code kind} comes from a client (not nginx, not a bare OpenSSL code). */
  public static boolean fromClient(String kind) {
    return !List.of("nginx-line", "nginx-message", "packed-code", "openssl-error", "text").contains(kind);
  }

  /**
   * Texts only a TLS server writes: OpenSSL's server-side functions, accept calls, Go's and Java's server messages,
   * a server naming the client it lost.
   */
  private static final java.util.regex.Pattern SERVER_SIDE = java.util.regex.Pattern.compile(
      "(?i)SSL_accept|get_client_hello|process_client_hello|post_process_client_hello|tls_parse_ctos|"
          + "TLS handshake error from|no cipher suites in common|client offered only|HTTPS_CLIENT_ERROR|"
          + "\\bClient \\(?'?[0-9a-f.:]+'?,? ?\\d*\\)? lost|imap-login|pop3-login|accepting connection|"
          + "Invalid character found in method name|tls_choose_sigalg|read(?:ing)? (?:the )?request|"
          + "handshake (?:with )?client|rejected connection from|in server context|get_client_certificate|"
          + "process_client_certificate|(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[A-Za-z][\\w.-]*):\\d{1,5} VERIFY ERROR: depth=|"
          + "PEER_DID_NOT_RETURN_A_CERTIFICATE|peer did not return a certificate|"
          + "\\[client [^\\]]+\\] |\\[SSL: NO_SHARED_CIPHER\\]|\\[SSL: HTTPS?_(?:PROXY_)?REQUEST\\]|reason: HTTPS?_(?:PROXY_)?REQUEST|"
          + ":https? proxy request|:http request|SSL Error on \\d+ \\(|WRITE: \\S+ alert\\(handshake_failure\\)|"
          + "alert \\(?(?:during )?write\\)?: ?fatal[:,]? ?\\(?handshake failure|\\[SSL: (?:NO_SHARED_CIPHER|VERSION_TOO_LOW|UNSUPPORTED_PROTOCOL)\\]"
          + ".*\\(_ssl\\.c:\\d+\\)'\\)$");
  /**
   * A received alert that refuses a certificate (bad_certificate 42, certificate_unknown 46, unknown_ca 48), in the
   * words of a stack that both clients and servers use: it is sent by whichever side verified a certificate - a
   * client refusing the server's (the common case, so the message is then a server's) or a server refusing a
   * client's. Without a side's own words, the message does not say who printed it.
   */
  private static final java.util.regex.Pattern RECEIVED_CERTIFICATE_ALERT = java.util.regex.Pattern.compile(
      "(?i)(?:received fatal alert|remote error|received (?:a )?(?:fatal )?alert)[:\\s'\"]*(?:tls:\\s*)?"
          + "(?:bad[ _]certificate|certificate[ _]unknown|unknown (?:certificate|ca)\\b)"
          + "|(?:SSLV3|TLSV1)_ALERT_(?:BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNKNOWN_CA)"
          + "|(?:sslv3|tlsv1) alert (?:bad certificate|certificate unknown|unknown ca)");
  /** Kinds whose stack is used by TLS servers as much as by clients (a curl, wget or browser message is a client's). */
  private static final List<String> EITHER_SIDE_KINDS = List.of("java", "go", "python", "node", "rustls", "dotnet",
      "ruby", "openssl-error", "text");

  /** OpenSSL's client-side functions: a client printed the error. */
  private static final java.util.regex.Pattern CLIENT_SIDE = java.util.regex.Pattern.compile(
      "(?i)get_server_hello|process_server_|tls_parse_stoc|CONNECT_CR_|ssl3_get_server_certificate|"
          + "SSL_connect|tls_construct_client|choose_client_version");

  /**
   * Who holds a message: {@code nginx} (its error log), {@code client} (a TLS client printed it), {@code server} (a
   * TLS server other than nginx printed it) or {@code unknown}.
   */
  public static String holder(String kind, String text) {
    if (kind.startsWith("nginx")) {
      return "nginx";
    }
    if (SERVER_SIDE.matcher(text).find()) {
      return "server";
    }
    if (EITHER_SIDE_KINDS.contains(kind) && RECEIVED_CERTIFICATE_ALERT.matcher(text).find()
        && !CLIENT_SIDE.matcher(text).find()) {
      return "unknown";
    }
    if (fromClient(kind) || CLIENT_SIDE.matcher(text).find()) {
      return "client";
    }
    return "unknown";
  }
}
