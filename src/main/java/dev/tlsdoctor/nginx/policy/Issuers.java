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
 * {@code ssl_certificate} files), the system's CA bundle (read once, each certificate decoded only when its subject
 * is the name looked for) and the JDK's trusted roots (read once, only when the bundle has no match), and the
 * certificate files next to the file ({@value #SIBLINGS} at most, of the usual names; read once per directory and
 * modification time, as every fix verification analyses the configuration again).
 */
public final class Issuers {
  static final int SIBLINGS = 64;
  private static final List<String> SUFFIXES = List.of(".crt", ".pem", ".cer", ".ca-bundle");
  private static final List<String> SYSTEM_BUNDLES = List.of("/etc/ssl/certs/ca-certificates.crt",
      "/etc/pki/tls/certs/ca-bundle.crt");
  private static Bundle bundle;
  private static List<Source> jdkRoots;
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
      f = bundle().find(c);
    }
    if (f == null) {
      f = find(c, jdkRoots());
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

  /**
   * Reads the system's CA bundle and the JDK's trusted roots on a thread of its own, for a command that is about to
   * analyse a configuration: the first certificate check then finds them read.
   */
  public static void preload() {
    Thread.ofPlatform().daemon().name("issuers-preload").start(() -> {
      bundle();
      jdkRoots();
    });
  }

  /**
   * The system's CA bundle, indexed by subject: its PEM blocks are decoded to DER and only the subject name is read
   * from each; a certificate is decoded whole when its subject is the issuer looked for.
   */
  private static final class Bundle {
    private final String where;
    private final Map<javax.security.auth.x500.X500Principal, List<byte[]>> bySubject;
    private final Map<byte[], X509Certificate> decoded = new java.util.IdentityHashMap<>();

    Bundle(String where, Map<javax.security.auth.x500.X500Principal, List<byte[]>> bySubject) {
      this.where = where;
      this.bySubject = bySubject;
    }

    synchronized Found find(X509Certificate c) {
      for (byte[] der : bySubject.getOrDefault(c.getIssuerX500Principal(), List.of())) {
        X509Certificate ca = decoded.computeIfAbsent(der, Bundle::decode);
        if (ca != null && !ca.equals(c) && dev.tlsdoctor.x509.Chains.issuedBy(c, ca)) {
          return new Found(ca, where);
        }
      }
      return null;
    }

    private static X509Certificate decode(byte[] der) {
      try {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(der));
      } catch (java.security.cert.CertificateException | RuntimeException e) {
        return null; // a block that is not a certificate issues nothing
      }
    }
  }

  /** The first system CA bundle found, read once (empty when there is none). */
  private static synchronized Bundle bundle() {
    if (bundle == null) {
      Map<javax.security.auth.x500.X500Principal, List<byte[]>> index = new java.util.HashMap<>();
      String where = "";
      for (String b : SYSTEM_BUNDLES) {
        byte[] text;
        try {
          if (!Files.isRegularFile(Path.of(b))) {
            continue;
          }
          text = BoundedRead.file(Path.of(b), BoundedRead.Limit.CA_BUNDLE);
        } catch (IOException | RuntimeException e) {
          continue;
        }
        where = b;
        for (byte[] der : pemBlocks(new String(text, java.nio.charset.StandardCharsets.US_ASCII))) {
          javax.security.auth.x500.X500Principal subject = subject(der);
          if (subject != null) {
            index.computeIfAbsent(subject, k -> new ArrayList<>(1)).add(der);
          }
        }
        break;
      }
      bundle = new Bundle(where, index);
    }
    return bundle;
  }

  /** The DER of each {@code CERTIFICATE} block of a PEM text; blocks without base64 in them are left out. */
  static List<byte[]> pemBlocks(String pem) {
    List<byte[]> out = new ArrayList<>();
    String begin = "-----BEGIN CERTIFICATE-----";
    String end = "-----END CERTIFICATE-----";
    for (int at = pem.indexOf(begin); at >= 0; at = pem.indexOf(begin, at)) {
      int stop = pem.indexOf(end, at + begin.length());
      if (stop < 0) {
        break;
      }
      try {
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.substring(at + begin.length(), stop));
        if (der.length > 0) {
          out.add(der);
        }
      } catch (IllegalArgumentException e) {
        // not base64: not a certificate
      }
      at = stop + end.length();
    }
    return out;
  }

  /**
   * The subject of a DER certificate, read without decoding the rest: {@code Certificate ::= SEQUENCE {
   * tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject, ... } ...}}
   * (RFC 5280 section 4.1). Null when the bytes are not shaped so.
   */
  static javax.security.auth.x500.X500Principal subject(byte[] der) {
    try {
      int[] at = {0};
      enter(der, at, 0x30); // Certificate
      enter(der, at, 0x30); // tbsCertificate
      if ((der[at[0]] & 0xFF) == 0xA0) {
        skip(der, at); // version
      }
      for (int i = 0; i < 4; i++) {
        skip(der, at); // serialNumber, signature, issuer, validity
      }
      int start = at[0];
      skip(der, at);
      if ((der[start] & 0xFF) != 0x30) {
        return null;
      }
      return new javax.security.auth.x500.X500Principal(java.util.Arrays.copyOfRange(der, start, at[0]));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Reads a tag and length at {@code at[0]}, which must be {@code tag}, and moves into its contents. */
  private static void enter(byte[] der, int[] at, int tag) {
    if ((der[at[0]] & 0xFF) != tag) {
      throw new IllegalArgumentException("tag");
    }
    at[0]++;
    length(der, at);
  }

  /** Moves past the element at {@code at[0]}. */
  private static void skip(byte[] der, int[] at) {
    at[0]++;
    int n = length(der, at);
    if (n < 0 || at[0] + n > der.length) {
      throw new IllegalArgumentException("length");
    }
    at[0] += n;
  }

  /** A DER length (definite form, up to four bytes) at {@code at[0]}; moves past it. */
  private static int length(byte[] der, int[] at) {
    int first = der[at[0]++] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    int bytes = first & 0x7F;
    if (bytes == 0 || bytes > 4) {
      throw new IllegalArgumentException("length");
    }
    int n = 0;
    for (int i = 0; i < bytes; i++) {
      n = (n << 8) | (der[at[0]++] & 0xFF);
    }
    return n;
  }

  /** The JDK's trusted roots, read once. */
  private static synchronized List<Source> jdkRoots() {
    if (jdkRoots == null) {
      X509TrustManager x = jdkTrust();
      jdkRoots = x == null ? List.of()
          : List.of(new Source("the JDK's trusted roots", List.of(x.getAcceptedIssuers())));
    }
    return jdkRoots;
  }

  private static X509TrustManager jdkTrust;
  private static boolean jdkTrustRead;

  /** The JDK's default trust manager (its public CAs), read once; null when the JDK has none. */
  static synchronized X509TrustManager jdkTrust() {
    if (!jdkTrustRead) {
      jdkTrustRead = true;
      try {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            jdkTrust = x;
            break;
          }
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // no JDK store: the bundle alone
      }
    }
    return jdkTrust;
  }
}
