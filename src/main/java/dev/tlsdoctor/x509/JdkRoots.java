package dev.tlsdoctor.x509;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CAs of the JDK's default trust store (its {@code cacerts}, or {@code javax.net.ssl.trustStore}), read once per
 * process: what the scan trusts besides {@code --ca-file}, and where the configuration checks look for the issuer of
 * a certificate file's last certificate.
 */
public final class JdkRoots {
  private static final AtomicReference<CompletableFuture<List<X509Certificate>>> ROOTS = new AtomicReference<>();

  private JdkRoots() {
  }

  /** Starts reading the store on a background thread, for work about to need it. */
  public static void preload() {
    if (ROOTS.get() == null) {
      CompletableFuture<List<X509Certificate>> f = new CompletableFuture<>();
      if (ROOTS.compareAndSet(null, f)) {
        Thread.ofPlatform().daemon().name("trust-store").start(() -> f.complete(read()));
      }
    }
  }

  /** The CAs; empty when the JDK has no usable default store. */
  public static List<X509Certificate> get() {
    CompletableFuture<List<X509Certificate>> f = new CompletableFuture<>();
    if (ROOTS.compareAndSet(null, f)) {
      f.complete(read());
    }
    return ROOTS.get().join();
  }

  private static List<X509Certificate> read() {
    List<X509Certificate> out = new ArrayList<>();
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          out.addAll(List.of(x.getAcceptedIssuers()));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // no default trust store: nothing is trusted by default
    }
    return List.copyOf(out);
  }
}
