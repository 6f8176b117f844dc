package dev.tlsdoctor.x509;

import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** Certificates made with the real {@code openssl} binary for the x509 tests: ECDSA P-256 keys, two days valid. */
public final class Pki {
  private final Path dir;

  public Pki(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** A new P-256 key {@code name.key}. */
  public void key(String name) {
    Tools.openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
  }

  /** A self-signed CA {@code name.crt} with the key {@code name.key} (made when absent). */
  public X509Certificate root(String name, String subject) {
    if (!Files.exists(dir.resolve(name + ".key"))) {
      key(name);
    }
    Tools.openssl(dir, "req", "-x509", "-new", "-key", name + ".key", "-out", name + ".crt", "-subj", subject,
        "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign,cRLSign");
    return load(name + ".crt");
  }

  /**
   * {@code name.crt} for the key {@code name.key} (made when absent) with {@code subject}, issued by {@code issuer}
   * ({@code issuer.crt} and {@code issuer.key}); a CA when {@code ca}, with {@code extensions} lines.
   */
  public X509Certificate issue(String name, String subject, String issuer, boolean ca, String... extensions) {
    if (!Files.exists(dir.resolve(name + ".key"))) {
      key(name);
    }
    StringBuilder ext = new StringBuilder(ca ? "basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n"
        : "basicConstraints=CA:FALSE\n");
    ext.append("subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    for (String e : extensions) {
      ext.append(e).append('\n');
    }
    try {
      Files.writeString(dir.resolve(name + ".ext"), ext);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Tools.openssl(dir, "req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", subject);
    Tools.openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", issuer + ".crt", "-CAkey", issuer + ".key",
        "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    return load(name + ".crt");
  }

  public X509Certificate load(String file) {
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new AssertionError(file + " does not parse", e);
    }
  }
}
