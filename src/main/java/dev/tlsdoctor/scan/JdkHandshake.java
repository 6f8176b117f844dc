package dev.tlsdoctor.scan;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * A complete handshake by the JDK's own TLS client, for what our hellos cannot see: the certificate chain of a TLS
 * 1.3 server (encrypted on the wire) and whether a server insists on a client certificate. Trusts every server
 * certificate (it only reads them) and never presents one, but records whether one was asked for and from which CAs.
 */
final class JdkHandshake {
  /**
   * The answer. {@code failure} is null when the handshake completed; {@code afterHandshake} says what the server did
   * once it was complete when asked to ({@code alert ...}, {@code closed}, {@code quiet}); {@code statusResponses}:
   * how many OCSP responses the server stapled (0 when status_request was not sent).
   */
  record Result(List<X509Certificate> chain, String protocol, boolean certificateRequested,
      List<X500Principal> acceptedIssuers, String failure, String afterHandshake, String applicationProtocol,
      int statusResponses) {
  }

  /**
   * The JDK's switch for the status_request extension of its clients. {@code SSLContextImpl} reads it once per
   * context, in its constructor (that is, in {@link SSLContext#getInstance}): {@code true} when unset (JDK 17 and
   * later), an exception for values other than true and false.
   */
  static final String STATUS_REQUEST_PROPERTY = "jdk.tls.client.enableStatusRequestExtension";
  private static final Object STATUS_REQUEST_LOCK = new Object();

  private JdkHandshake() {
  }

  /**
   * Handshakes at {@code protocol} (e.g. {@code TLSv1.3}); with {@code listen}, then sends {@code GET /} and reads
   * the start of the answer: a TLS 1.3 server reports a missing client certificate only after the handshake, and
   * nginx with {@code ssl_verify_client on} never fails the handshake: it answers 400 "No required SSL certificate
   * was sent".
   */
  static Result run(Connector c, String protocol, String sni, boolean listen) {
    return c.withSocket(budget(c, listen), raw -> handshake(raw, protocol, sni, listen, null, null, false));
  }

  /**
   * Handshakes at {@code protocol} with status_request (OCSP stapling, RFC 6066) offered; the result counts the
   * stapled responses. In TLS 1.3 they travel inside the encrypted Certificate message, where only a complete
   * handshake sees them.
   */
  static Result withStatusRequest(Connector c, String protocol, String sni) {
    return c.withSocket(budget(c, false), raw -> handshake(raw, protocol, sni, false, null, null, true));
  }

  /**
   * Handshakes at {@code protocol} offering only these signature schemes (JDK names such as
   * {@code ecdsa_secp256r1_sha256}), which makes a server with several certificates present the matching one.
   */
  static Result withSignatureSchemes(Connector c, String protocol, String sni, String... schemes) {
    return c.withSocket(budget(c, false), raw -> handshake(raw, protocol, sni, false, null, schemes, false));
  }

  /** Handshakes at {@code protocol} offering one application protocol; the result names what the server chose. */
  static Result alpn(Connector c, String protocol, String sni, String applicationProtocol) {
    return c.withSocket(budget(c, false), raw -> handshake(raw, protocol, sni, false, applicationProtocol, null,
        false));
  }

  /** How long after it connected one JDK handshake may take, the request after it included ({@code listen}). */
  private static Duration budget(Connector c, boolean listen) {
    return listen ? c.readTimeout().plus(LISTEN) : c.readTimeout();
  }

  /**
   * The groups a JDK handshake offers. The JDK's first flight carries a key share for each of the first two kinds of
   * group in this order (x25519's kind, then another): x25519 and the cheaper of secp256r1 and ffdhe2048. A first
   * P-256 key builds the JDK's P-256 tables (about 0.15 s of CPU in a cold process); an ffdhe2048 share is a
   * 2048-bit exponentiation each time. So secp256r1 once the tables are ready ({@code Chains.preload}, which the
   * commands that analyse a configuration's certificates start), ffdhe2048 before. A scan makes few JDK handshakes
   * (its own clients do the rest), so it starts no warm-up of its own.
   * Any other group the server wants costs a HelloRetryRequest.
   */
  private static final String[] GROUPS = {"x25519", "secp256r1", "ffdhe2048", "secp384r1", "secp521r1", "x448",
      "ffdhe3072", "ffdhe4096"};
  private static final String[] GROUPS_BEFORE_P256 = {"x25519", "ffdhe2048", "secp256r1", "secp384r1", "secp521r1",
      "x448", "ffdhe3072", "ffdhe4096"};

  /** How long the answer to the request after a handshake is waited for. */
  private static final Duration LISTEN = Duration.ofSeconds(2);

  /**
   * {@code sni} as the JDK sends it: without a final dot (the same name, which the JDK refuses); a name the JDK's
   * rules for a host name refuse (an underscore, an address) goes out as its bytes, as the scan's own hellos send it.
   */
  static javax.net.ssl.SNIServerName serverName(String sni) {
    String name = sni.endsWith(".") ? sni.substring(0, sni.length() - 1) : sni;
    try {
      return new SNIHostName(name);
    } catch (IllegalArgumentException e) {
      return new javax.net.ssl.SNIServerName(javax.net.ssl.StandardConstants.SNI_HOST_NAME,
          name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
      };
    }
  }

  private static Result handshake(Socket raw, String protocol, String sni, boolean listen, String alpn,
      String[] schemes, boolean statusRequest) throws IOException {
    RecordingKeyManager km = new RecordingKeyManager();
    SSLContext ctx;
    try {
      ctx = statusRequest ? statusRequestContext() : SSLContext.getInstance("TLS");
      ctx.init(new javax.net.ssl.KeyManager[] {km}, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS context", e);
    }
    String host = raw.getInetAddress().getHostAddress();
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, raw.getPort(), false)) {
      SSLParameters p = s.getSSLParameters();
      p.setProtocols(new String[] {protocol});
      p.setServerNames(sni == null ? List.of() : List.of(serverName(sni)));
      p.setEndpointIdentificationAlgorithm(null);
      p.setNamedGroups(dev.tlsdoctor.x509.Chains.p256Ready() ? GROUPS : GROUPS_BEFORE_P256); // see GROUPS
      if (schemes != null) {
        p.setSignatureSchemes(schemes);
      }
      if (alpn != null) {
        p.setApplicationProtocols(new String[] {alpn});
      }
      s.setSSLParameters(p);
      List<X509Certificate> chain = List.of();
      try {
        s.startHandshake();
        chain = x509(s.getSession().getPeerCertificates());
      } catch (IOException e) {
        // an alert, and also a reset or a timeout in the middle of the handshake: this probe's answer, not the scan's
        String failure = raw.isClosed() ? "timed out: no complete handshake in the time allowed"
            + " (the server sent too little, too slowly)" : message(e);
        return new Result(chain, protocol, km.requested, km.issuers, failure, null, null, 0);
      }
      String after = null;
      if (listen) {
        after = listen(raw, s, sni != null ? sni : host);
      }
      int stapled = s.getSession() instanceof ExtendedSSLSession x ? x.getStatusResponses().size() : 0;
      return new Result(chain, s.getSession().getProtocol(), km.requested, km.issuers, null, after,
          s.getApplicationProtocol(), stapled);
    }
  }

  /**
   * A context whose client offers status_request whatever {@link #STATUS_REQUEST_PROPERTY} says: when it is not
   * {@code true} already, it is {@code true} only while this context is made, then restored (another context made by
   * another thread meanwhile may offer status_request too, which changes nothing it reads).
   */
  private static SSLContext statusRequestContext() throws GeneralSecurityException {
    synchronized (STATUS_REQUEST_LOCK) {
      String before = System.getProperty(STATUS_REQUEST_PROPERTY);
      if (before == null || before.equalsIgnoreCase("true")) {
        return SSLContext.getInstance("TLS");
      }
      System.setProperty(STATUS_REQUEST_PROPERTY, "true");
      try {
        return SSLContext.getInstance("TLS");
      } finally {
        System.setProperty(STATUS_REQUEST_PROPERTY, before);
      }
    }
  }

  /** Sends a request and reads the first line of the answer, or how the server ended the connection instead. */
  private static String listen(Socket raw, SSLSocket s, String host) throws IOException {
    s.setSoTimeout(Math.min(s.getSoTimeout(), (int) LISTEN.toMillis()));
    try {
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      byte[] b = s.getInputStream().readNBytes(4096);
      String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
      return b.length == 0 ? "closed" : text;
    } catch (SocketTimeoutException e) {
      return "quiet";
    } catch (IOException e) {
      // closed under the read by the connection's budget: the server kept trickling, it never answered in full
      return raw.isClosed() ? "quiet" : message(e);
    }
  }

  private static String message(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static List<X509Certificate> x509(Certificate[] certs) {
    return Arrays.stream(certs).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
  }

  /** Accepts any server certificate: the scan reads chains, it judges them elsewhere. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }
  }

  /** Has no certificate to offer; remembers that the server asked for one and which CAs it named. */
  private static final class RecordingKeyManager extends X509ExtendedKeyManager {
    volatile boolean requested;
    volatile List<X500Principal> issuers = List.of();

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      requested = true;
      List<X500Principal> names = new ArrayList<>();
      if (issuers != null) {
        for (Principal p : issuers) {
          names.add(p instanceof X500Principal x ? x : new X500Principal(p.getName()));
        }
      }
      this.issuers = List.copyOf(names);
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return chooseClientAlias(keyType, issuers, (Socket) null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return null;
    }
  }
}
