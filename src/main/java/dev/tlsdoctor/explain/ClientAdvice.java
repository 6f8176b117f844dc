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
          + " (gnutls-cli --priority)"));

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
      case HANDSHAKE_FAILURE_ALERT, NO_SHARED_CIPHER -> line(VERSIONS, kind, "the server refused the client's"
          + " offer (alert 40): compare the client's suites and versions with the server's (tlsdoctor scan HOST"
          + " lists them); an old client may only offer suites the server no longer has");
      case SNI_REJECTED -> List.of("the server wants a name it knows: send SNI with the server's name (connect by"
          + " name; openssl: -servername NAME; curl: --resolve NAME:443:IP)");
      case CLIENT_CERTIFICATE_REQUIRED -> List.of("the server asks for a client certificate: give the client one"
          + " (curl: --cert c.pem --key k.pem; Java: -Djavax.net.ssl.keyStore=client.p12; Go: tls.Config"
          + "{Certificates: ...}; Python: ctx.load_cert_chain('c.pem', 'k.pem'))");
      default -> List.of();
    };
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
          + "handshake (?:with )?client|\\[SSL: HTTPS?_(?:PROXY_)?REQUEST\\]|reason: HTTPS?_(?:PROXY_)?REQUEST|"
          + ":https? proxy request|:http request|SSL Error on \\d+ \\(|WRITE: \\S+ alert\\(handshake_failure\\)|"
          + "alert \\(?(?:during )?write\\)?: ?fatal[:,]? ?\\(?handshake failure|\\[SSL: (?:NO_SHARED_CIPHER|VERSION_TOO_LOW|UNSUPPORTED_PROTOCOL)\\]"
          + ".*\\(_ssl\\.c:\\d+\\)'\\)$");
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
    if (fromClient(kind) || CLIENT_SIDE.matcher(text).find()) {
      return "client";
    }
    return "unknown";
  }
}
