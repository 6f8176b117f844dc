import java.io.InputStream;
import java.net.URL;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * GET URL with the JDK's HttpsURLConnection and its default TLS settings. With a CA file, that CA is the only trust
 * anchor; without, any certificate is accepted (neither changes the ClientHello). Prints the negotiated protocol and
 * suite, or the exception.
 */
public class JavaClient {
  public static void main(String[] args) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    TrustManager[] tms;
    if (args.length > 1) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      try (InputStream in = new java.io.FileInputStream(args[1])) {
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(ks);
      tms = f.getTrustManagers();
    } else {
      tms = new TrustManager[] {new X509TrustManager() {
        public void checkClientTrusted(X509Certificate[] c, String a) { }
        public void checkServerTrusted(X509Certificate[] c, String a) { }
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
      }};
    }
    ctx.init(null, tms, null);
    HttpsURLConnection c = (HttpsURLConnection) new URL(args[0]).openConnection();
    c.setSSLSocketFactory(ctx.getSocketFactory());
    if (args.length <= 1) {
      c.setHostnameVerifier((h, s) -> true);
    }
    c.setConnectTimeout(10000);
    c.setReadTimeout(10000);
    try {
      c.getInputStream().readAllBytes();
      System.out.println(c.getCipherSuite());
    } catch (Exception e) {
      System.out.println("failed: " + e);
    }
  }
}
