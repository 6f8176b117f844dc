package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.util.BoundedRead;
import dev.tlsdoctor.x509.Chains;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Where the issuer of a certificate that a certificate file does not hold can be found, to tell a complete chain (the
 * last certificate is issued by a root CA, which is never sent) from an incomplete one (by an intermediate the
 * clients may not have). Looked up, in order: the CA files of the configuration ({@code ssl_trusted_certificate},
 * {@code ssl_client_certificate}, {@code *_ssl_trusted_certificate}, and the chains of the other
 * {@code ssl_certificate} files), the system's CA bundle and the JDK's trusted roots (read once), and the
 * certificate files next to the file ({@value #SIBLINGS} at most, of the usual names; read once per directory and
 * modification time, as every fix verification analyses the configuration again).
 */
final class Issuers {
  static final int SIBLINGS = 64;
  private static final List<String> SUFFIXES = List.of(".crt", ".pem", ".cer", ".ca-bundle");
  private static final List<String> SYSTEM_BUNDLES = List.of("/etc/ssl/certs/ca-certificates.crt",
      "/etc/pki/tls/certs/ca-bundle.crt");
  private static List<Source> system;
  private static final Map<Path, Listing> LISTINGS = new java.util.concurrent.ConcurrentHashMap<>();

  private record Listing(java.nio.file.attribute.FileTime modified, List<Source> sources) {
  }

  /** A certificate and the file (or store) it was found in. */
  record Found(X509Certificate certificate, String where) {
    boolean root() {
      return Chains.selfSigned(certificate);
    }
  }

  private record Source(String where, List<X509Certificate> certificates) {
  }

  private final TlsPolicy policy;
  private List<Source> configured;

  Issuers(TlsPolicy policy) {
    this.policy = policy;
  }

  /** The certificate that issued {@code c} (name and signature), or null when none is found. */
  Found issuerOf(X509Certificate c, Path file) {
    Found f = find(c, configured());
    if (f == null) {
      f = find(c, system());
    }
    if (f == null && file != null && file.getParent() != null) {
      f = find(c, siblings(file.getParent()));
    }
    return f;
  }

  /** The certificates next to a file, read again only when the directory changed. */
  private static List<Source> siblings(Path dir) {
    java.nio.file.attribute.FileTime modified;
    try {
      modified = Files.getLastModifiedTime(dir);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    Listing l = LISTINGS.get(dir);
    if (l == null || !l.modified().equals(modified)) {
      if (LISTINGS.size() > 4096) {
        LISTINGS.clear();
      }
      l = new Listing(modified, read(dir));
      LISTINGS.put(dir, l);
    }
    return l.sources();
  }

  private static Found find(X509Certificate c, List<Source> sources) {
    for (Source s : sources) {
      for (X509Certificate ca : s.certificates()) {
        if (!ca.equals(c) && Chains.issuedBy(c, ca)) {
          return new Found(ca, s.where());
        }
      }
    }
    return null;
  }

  private List<Source> configured() {
    if (configured == null) {
      Map<Path, CertificateFile> files = new LinkedHashMap<>();
      for (ServerPolicy s : policy.servers()) {
        for (Setting t : List.of(s.trustedCertificate(), s.clientCertificate())) {
          add(files, t.value());
        }
        for (CertificateFile f : s.certFiles()) {
          files.putIfAbsent(Path.of(f.path()), f);
        }
      }
      for (UpstreamPolicy u : policy.upstreams()) {
        add(files, u.trustedCertificate().value());
      }
      List<Source> out = new ArrayList<>();
      files.forEach((p, f) -> out.add(new Source(p.toString(), f.chain())));
      configured = out;
    }
    return configured;
  }

  private void add(Map<Path, CertificateFile> files, String value) {
    if (!value.isEmpty() && !value.contains("$") && !value.startsWith("data:")) {
      files.computeIfAbsent(policy.prefix().resolve(value), p -> CertificateFile.load(p,
          BoundedRead.Limit.CA_BUNDLE));
    }
  }

  /** The certificates in the files of {@code dir} with the usual names, the system's CA directory excepted. */
  private static List<Source> read(Path dir) {
    List<Source> out = new ArrayList<>();
    if (dir.equals(Path.of("/etc/ssl/certs")) || !Files.isDirectory(dir)) {
      return out; // the system bundle is read as such
    }
    List<Path> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      int seen = 0;
      for (Path p : ds) {
        if (++seen > 16 * SIBLINGS) {
          break;
        }
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (SUFFIXES.stream().anyMatch(n::endsWith) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          names.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    names.sort(null);
    for (Path p : names.subList(0, Math.min(SIBLINGS, names.size()))) {
      CertificateFile f = CertificateFile.load(p);
      if (f.error() == null) {
        out.add(new Source(p.toString(), f.chain()));
      }
    }
    return out;
  }

  /** The system's CA bundle and the JDK's trusted roots, read once. */
  private static synchronized List<Source> system() {
    if (system == null) {
      List<Source> out = new ArrayList<>();
      for (String b : SYSTEM_BUNDLES) {
        if (Files.isRegularFile(Path.of(b))) {
          CertificateFile f = CertificateFile.load(Path.of(b), BoundedRead.Limit.CA_BUNDLE);
          if (f.error() == null) {
            out.add(new Source(b, f.chain()));
            break;
          }
        }
      }
      try {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            out.add(new Source("the JDK's trusted roots", List.of(x.getAcceptedIssuers())));
          }
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // no JDK store: the bundle alone
      }
      system = List.copyOf(out);
    }
    return system;
  }
}
