package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.x509.Chains;
import dev.tlsdoctor.util.BoundedRead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEM certificate file named by {@code ssl_certificate} (the leaf, then the intermediates nginx sends with it),
 * read with the JDK; {@code error} says why it could not be read (then {@code chain} is empty); {@code form} what the
 * bytes are (null when the file could not be read): nginx reads PEM only.
 */
public record CertificateFile(String path, List<X509Certificate> chain, String error, Form form) {
  private static final Pattern PKCS8 = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /**
   * What a certificate or key file holds: PEM (a {@code -----BEGIN} line: what nginx, through OpenSSL's PEM_read_bio
   * functions, reads), binary DER (one ASN.1 structure: a certificate or a key as {@code openssl ... -outform DER}
   * writes it), PKCS#12 (a {@code .p12}/{@code .pfx} bundle, also DER), or anything else.
   */
  public enum Form {
    PEM, DER, PKCS12, OTHER;

    /** Whether nginx refuses the file ("no start line"): no PEM block in it. */
    public boolean refusedByNginx() {
      return this != PEM;
    }

    /** The form of {@code bytes}. */
    static Form of(byte[] bytes) {
      if (new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
        return PEM;
      }
      Der d = new Der(bytes, 0);
      if (d.tag != 0x30 || d.end != bytes.length) {
        return OTHER;
      }
      // PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo (pkcs7-data or -signedData), ... }
      Der version = new Der(bytes, d.content);
      if (version.tag == 0x02 && version.end - version.content == 1 && bytes[version.content] == 3) {
        Der info = new Der(bytes, version.end);
        if (info.tag == 0x30) {
          Der oid = new Der(bytes, info.content);
          byte[] pkcs7 = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07};
          if (oid.tag == 0x06 && oid.end - oid.content == 9
              && java.util.Arrays.equals(bytes, oid.content, oid.content + 8, pkcs7, 0, 8)) {
            return PKCS12;
          }
        }
      }
      return DER;
    }
  }

  /** One DER element at {@code at}: its tag, where its content starts and where it ends (-1 tag when malformed). */
  private static final class Der {
    final int tag;
    final int content;
    final int end;

    Der(byte[] b, int at) {
      int t = -1;
      int c = 0;
      int e = 0;
      if (at >= 0 && at + 2 <= b.length) {
        int len = b[at + 1] & 0xFF;
        c = at + 2;
        if (len > 0x80 && len <= 0x84 && c + (len - 0x80) <= b.length) {
          int n = len - 0x80;
          long l = 0;
          for (int i = 0; i < n; i++) {
            l = (l << 8) | (b[c + i] & 0xFF);
          }
          c += n;
          len = l > Integer.MAX_VALUE ? -1 : (int) l;
        } else if (len == 0x80 || len > 0x84) {
          len = -1;
        }
        if (len >= 0 && (long) c + len <= b.length) {
          t = b[at] & 0xFF;
          e = c + len;
        }
      }
      tag = t;
      content = c;
      end = e;
    }
  }

  /** The key algorithm of a leaf certificate, as it decides which TLS 1.2 suites can be used. */
  public enum KeyType {
    RSA, ECDSA, OTHER
  }

  /**
   * A private key file named by {@code ssl_certificate_key}: its text, or why it could not be read ({@code text} is
   * then null).
   */
  public record KeyFile(String path, String text, String error, Form form) {
    /** Reads a key file of at most {@link BoundedRead.Limit#PEM}; one that is not PEM has no text. */
    public static KeyFile load(Path path) {
      try {
        byte[] bytes = BoundedRead.file(path, BoundedRead.Limit.PEM);
        Form form = Form.of(bytes);
        return form.refusedByNginx() ? new KeyFile(path.toString(), null, describe(form, "key"), form)
            : new KeyFile(path.toString(), new String(bytes, StandardCharsets.US_ASCII), null, form);
      } catch (IOException e) {
        return new KeyFile(path.toString(), null, BoundedRead.reason(e), null);
      }
    }
  }

  /** Why a file of {@code form} cannot be read as PEM. */
  static String describe(Form form, String what) {
    return switch (form) {
      case DER -> "a binary DER " + what + ", not PEM";
      case PKCS12 -> "a PKCS#12 bundle, not PEM";
      case OTHER -> "no PEM block (-----BEGIN ...) in it";
      case PEM -> "PEM";
    };
  }

  /** Reads a certificate file of at most {@link BoundedRead.Limit#PEM}; {@code error} says why it could not be. */
  public static CertificateFile load(Path path) {
    return load(path, BoundedRead.Limit.PEM);
  }

  /** Files read before, by path and bytes: {@link #loadRemembered}. */
  private static final java.util.Map<List<Object>, CertificateFile> READ =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int READ_MOST = 512;

  /**
   * {@link #load(Path)}, its certificates parsed once for the same path with the same bytes (the file is read each
   * time): a configuration is analysed again for every fix tried, each analysis reading its certificate files.
   */
  public static CertificateFile loadRemembered(Path path) {
    byte[] bytes;
    try {
      bytes = BoundedRead.file(path, BoundedRead.Limit.PEM);
    } catch (IOException e) {
      return new CertificateFile(path.toString(), List.of(), BoundedRead.reason(e), null);
    }
    List<Object> key = List.of(path.toString(), java.nio.ByteBuffer.wrap(bytes));
    CertificateFile known = READ.get(key);
    if (known != null) {
      return known;
    }
    CertificateFile f = of(path, bytes);
    if (READ.size() < READ_MOST) {
      READ.put(key, f);
    }
    return f;
  }

  /** Reads a file of certificates of at most {@code limit} bytes; {@code error} says why it could not be. */
  public static CertificateFile load(Path path, BoundedRead.Limit limit) {
    byte[] bytes;
    try {
      bytes = BoundedRead.file(path, limit);
    } catch (IOException e) {
      return new CertificateFile(path.toString(), List.of(), BoundedRead.reason(e), null);
    }
    return of(path, bytes);
  }

  private static CertificateFile of(Path path, byte[] bytes) {
    Form form = Form.of(bytes);
    if (form.refusedByNginx()) {
      // the JDK reads DER certificates too; nginx does not, so neither do we
      return new CertificateFile(path.toString(), List.of(), describe(form, "certificate"), form);
    }
    try {
      List<X509Certificate> certs = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
        certs.add((X509Certificate) c);
      }
      if (certs.isEmpty()) {
        return new CertificateFile(path.toString(), List.of(), "no PEM certificate in the file", form);
      }
      return new CertificateFile(path.toString(), List.copyOf(certs), null, form);
    } catch (CertificateException e) {
      return new CertificateFile(path.toString(), List.of(), "not a PEM certificate (" + e.getMessage() + ")", form);
    }
  }

  public Optional<X509Certificate> leaf() {
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
  }

  public KeyType keyType() {
    return leaf().map(c -> switch (c.getPublicKey().getAlgorithm()) {
      case "RSA" -> KeyType.RSA;
      case "EC" -> KeyType.ECDSA;
      default -> KeyType.OTHER;
    }).orElse(KeyType.OTHER);
  }

  /** Whether the leaf is signed by its own key (and names itself as issuer). */
  public boolean selfSigned() {
    return leaf().map(Chains::selfSigned).orElse(false);
  }

  /**
   * The index of the first certificate that is not issued by the next one in the file, or -1 when every link holds.
   * The last certificate needs no issuer in the file (a trust anchor is not sent).
   */
  public int brokenLink() {
    return Chains.brokenLink(chain);
  }

  /** Whether the last certificate of the file is issued by a CA the file does not contain (and is not a root). */
  public boolean endsBelowRoot() {
    return !chain.isEmpty() && !Chains.selfSigned(chain.get(chain.size() - 1));
  }

  /**
   * Whether the PKCS#8 PEM private key in {@code keyFile} belongs to the leaf: a signature made with it verifies with
   * the leaf's public key. Empty when the key cannot be read (unreadable file, other PEM forms, encrypted keys).
   */
  public Optional<Boolean> keyMatches(KeyFile keyFile) {
    if (leaf().isEmpty() || keyFile.text() == null) {
      return Optional.empty();
    }
    return Memo.remember(Memo.KEY_MATCHES, List.of(leaf().get(), keyFile.text()), () -> keyMatches(keyFile.text()));
  }

  private Optional<Boolean> keyMatches(String keyText) {
    KeyFile keyFile = new KeyFile(null, keyText, null, null);
    try {
      Matcher m = PKCS8.matcher(keyFile.text());
      if (!m.find()) {
        return Optional.empty();
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      PublicKey pub = leaf().get().getPublicKey();
      PrivateKey key = KeyFactory.getInstance(pub.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
      if (key instanceof java.security.interfaces.RSAPrivateCrtKey k
          && pub instanceof java.security.interfaces.RSAPublicKey p) {
        // the public half is in the private key: compared as OpenSSL's X509_check_private_key does, without the
        // signature a cold JVM is slow at
        return Optional.of(k.getModulus().equals(p.getModulus()) && k.getPublicExponent().equals(
            p.getPublicExponent()));
      }
      String alg = pub.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + pub.getAlgorithm();
      byte[] data = "tlsdoctor key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(data);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(pub);
      v.update(data);
      return Optional.of(v.verify(sig));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A key of another algorithm than the certificate's fails here too: that is a mismatch nginx also refuses,
      // but we only report what we could check.
      return e instanceof java.security.spec.InvalidKeySpecException ? Optional.of(false) : Optional.empty();
    }
  }

  /** The algorithm ({@code RSA}, {@code EC}) of the PKCS#8 PEM private key in {@code keyFile}, if it can be read. */
  public static Optional<String> keyAlgorithm(KeyFile keyFile) {
    if (keyFile.text() == null) {
      return Optional.empty();
    }
    try {
      Matcher m = PKCS8.matcher(keyFile.text());
      if (!m.find()) {
        return Optional.empty();
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      for (String alg : new String[] {"RSA", "EC"}) {
        try {
          KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
          return Optional.of(alg);
        } catch (GeneralSecurityException e) {
          // not this algorithm: try the next
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64: unknown
    }
    return Optional.empty();
  }

  /**
   * Results of the key checks, by the certificate and key text they were made on: the fixes of a configuration are
   * tried on copies of it, each analysed again, with the same certificates; a signature check is slow to start (the
   * JIT has not compiled the curve arithmetic yet). Certificates compare by their encoding, so a result is the result
   * for the same bytes. At most {@link #MOST} results are kept. (Chains remembers its issuer checks the same way.)
   */
  private static final class Memo {
    static final int MOST = 4096;
    static final Map<List<Object>, Optional<Boolean>> KEY_MATCHES = new java.util.concurrent.ConcurrentHashMap<>();

    static <T> T remember(Map<List<Object>, T> memo, List<Object> key, java.util.function.Supplier<T> compute) {
      T known = memo.get(key);
      if (known != null) {
        return known;
      }
      T value = compute.get();
      if (memo.size() < MOST) {
        memo.put(key, value);
      }
      return value;
    }
  }
}
