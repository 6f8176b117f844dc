package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.x509.CertificateNames;
import dev.tlsdoctor.x509.Chains;
import dev.tlsdoctor.x509.NameRule;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The checks of the certificate files {@code ssl_certificate} names. */
final class CertificateChecks {
  static final int EXPIRING_DAYS = 30;

  private final TlsPolicy policy;
  private final Issuers issuers;
  private final Clock clock;
  private final List<Finding> out;
  private final Set<Object> seen = new HashSet<>();
  /** Results per file (and per certificate and key pair): many servers share one certificate. */
  private final java.util.Map<String, Boolean> selfSigned = new java.util.HashMap<>();
  private final java.util.Map<String, Integer> brokenLink = new java.util.HashMap<>();
  private final java.util.Map<String, Optional<Boolean>> keyMatch = new java.util.HashMap<>();
  private final java.util.Map<Path, CertificateFile.KeyFile> keyFiles = new java.util.HashMap<>();

  CertificateChecks(TlsPolicy policy, Clock clock, List<Finding> out) {
    this.issuers = new Issuers(policy);
    this.policy = policy;
    this.clock = clock;
    this.out = out;
  }

  void run() {
    for (ServerPolicy s : policy.servers()) {
      List<String> listen = policy.socketsOf(s).stream().filter(ListenSocket::tls).map(ListenSocket::address)
          .toList();
      int i = 0;
      for (Setting cert : s.certificates()) {
        CertificateFile f = fileFor(s, cert);
        Setting key = i < s.keys().size() ? s.keys().get(i) : null;
        i++;
        // nginx loads the files of every server that names them, TLS or not, and refuses what is not PEM
        boolean refused = f != null && f.form() != null && f.form().refusedByNginx();
        if (refused && seen.add(List.of("not-pem", cert.source()))) {
          notPem(s, cert, f.path(), f.form(), listen);
        }
        if (key != null && !key.value().contains("$") && !key.value().startsWith("data:")) {
          CertificateFile.KeyFile k = keyFile(key);
          if (k.form() != null && k.form().refusedByNginx() && seen.add(List.of("not-pem", key.source()))) {
            notPem(s, key, k.path(), k.form(), listen);
          }
        }
        if (listen.isEmpty() || refused || f == null || !seen.add(List.of(cert.source(), s.names()))) {
          continue;
        }
        if (f.error() != null) {
          // Not an error of the configuration as such: the files may live on another machine (nginx -T input).
          out.add(new Finding("certificate-not-checked", Severity.INFO, cert.source().file(), cert.source().line(),
              listen, s.name(), "the certificate " + f.path() + " could not be read here (" + f.error()
              + "), so its checks were skipped; if nginx runs on this machine, nginx -t fails with"
              + " \"cannot load certificate\"", "nothing can be said about this certificate", null));
          continue;
        }
        check(s, cert, key, f, listen);
      }
    }
  }

  private static CertificateFile fileFor(ServerPolicy s, Setting cert) {
    for (CertificateFile f : s.certFiles()) {
      if (f.path().endsWith(cert.value())) {
        return f;
      }
    }
    return null;
  }

  private void check(ServerPolicy s, Setting cert, Setting key, CertificateFile f, List<String> listen) {
    X509Certificate leaf = f.leaf().orElseThrow();
    String file = cert.source().file();
    int line = cert.source().line();
    Instant now = clock.instant();
    Instant end = leaf.getNotAfter().toInstant();
    String subject = leaf.getSubjectX500Principal().getName();
    if (now.isAfter(end)) {
      out.add(new Finding("certificate-expired", Severity.ERROR, file, line, listen, s.name(),
          "the certificate " + f.path() + " (" + subject + ") expired on " + end,
          "every client that checks certificates: \"certificate has expired\"", null));
    } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
      out.add(new Finding("certificate-expired", Severity.ERROR, file, line, listen, s.name(),
          "the certificate " + f.path() + " (" + subject + ") is not valid before " + leaf.getNotBefore()
              .toInstant(), "every client that checks certificates: \"certificate is not yet valid\"", null));
    } else if (Duration.between(now, end).toDays() < EXPIRING_DAYS) {
      out.add(new Finding("certificate-expiring", Severity.WARNING, file, line, listen, s.name(),
          "the certificate " + f.path() + " expires on " + end + ", in " + Duration.between(now, end).toDays()
              + " days", "every client once it has expired", null));
    }
    if (selfSigned.computeIfAbsent(f.path(), x -> f.selfSigned())) {
      out.add(new Finding("certificate-self-signed", Severity.WARNING, file, line, listen, s.name(),
          "the certificate " + f.path() + " is self-signed (" + subject + ")",
          "every client that has not pinned it: \"self-signed certificate\"", null));
    } else if (brokenLink.computeIfAbsent(f.path(), x -> f.brokenLink()) >= 0) {
      int b = brokenLink.get(f.path());
      out.add(new Finding("certificate-incomplete-chain", Severity.ERROR, file, line, listen, s.name(),
          "certificate " + (b + 1) + " of " + f.path() + " is not issued by certificate " + (b + 2)
              + " (the leaf must come first, then each issuer)",
          "clients that do not fetch or reorder intermediates: \"unable to get local issuer certificate\"",
          null));
    } else {
      incomplete(s, f, file, line, listen);
    }
    if (key != null && !key.value().contains("$")) {
      checkKey(s, key, f, listen);
    }
    nameMismatch(s, f, leaf, file, line, listen);
  }

  /**
   * The server names the certificate does not cover for every client: by RFC 9525's rule (subjectAltName only), as
   * browsers and Go check; a name only the subject CN holds is covered for OpenSSL-based clients and Java alone.
   */
  private void nameMismatch(ServerPolicy s, CertificateFile f, X509Certificate leaf, String file, int line,
      List<String> listen) {
    Identifiers ids = identifiers.computeIfAbsent(leaf, Identifiers::of); // servers share certificates
    CertificateNames certNames = ids.names();
    List<String> strict = ids.strict();
    List<String> lenient = ids.lenient();
    List<String> missing = new ArrayList<>();
    List<String> onlyCn = new ArrayList<>();
    for (String n : s.names()) {
      if (n.isEmpty() || n.equals("_") || n.startsWith("~") || n.contains("$")) {
        continue;
      }
      if (!covered(n, strict, NameRule.RFC_9525)) {
        (covered(n, lenient, NameRule.OPENSSL) ? onlyCn : missing).add(n);
      }
    }
    if (missing.isEmpty() && onlyCn.isEmpty()) {
      return;
    }
    String cn = "server_name " + String.join(", ", onlyCn) + (onlyCn.size() == 1 ? " is" : " are") + " only in the"
        + " subject CN of " + f.path() + ", which has no subjectAltName DNS name: browsers (Chrome 58+, current"
        + " Firefox, Safari since iOS 13) and Go ignore the CN (RFC 9525); OpenSSL, curl, Python and Java fall back"
        + " to it";
    String message = missing.isEmpty() ? cn : "the certificate " + f.path() + " does not cover server_name "
        + String.join(", ", missing) + " (it is for " + String.join(", ", certNames.shown()) + ")"
        + (onlyCn.isEmpty() ? "" : "; " + cn);
    String affected = missing.isEmpty() ? "browsers and Go clients asking for " + String.join(", ", onlyCn)
        + ": \"certificate name mismatch\"" : "clients asking for " + String.join(", ", missing)
        + ": \"certificate name mismatch\"" + (onlyCn.isEmpty() ? "" : "; browsers and Go clients asking for "
        + String.join(", ", onlyCn));
    out.add(new Finding("certificate-name-mismatch", Severity.WARNING, file, line, listen, s.name(), message,
        affected, null));
  }

  /** A leaf's names, and the identifiers each rule compares a server name with. */
  private record Identifiers(CertificateNames names, List<String> strict, List<String> lenient) {
    static Identifiers of(X509Certificate leaf) {
      CertificateNames n = CertificateNames.of(leaf);
      return new Identifiers(n, identifiers(n, NameRule.RFC_9525), identifiers(n, NameRule.OPENSSL));
    }
  }

  private final java.util.Map<X509Certificate, Identifiers> identifiers = new java.util.IdentityHashMap<>();

  /** The identifiers {@code rule} compares a server name with: DNS names (or CNs), and IP addresses. */
  private static List<String> identifiers(CertificateNames names, NameRule rule) {
    List<String> out = new ArrayList<>(names.dnsIdentifiers(rule));
    out.addAll(names.ipAddresses());
    return out;
  }

  /**
   * The file ends with a certificate that is not a root: complete when its issuer is a root CA (never sent; a client
   * that trusts it builds the chain), incomplete when the issuer is an intermediate. The issuer is looked for where
   * {@link Issuers} looks; a leaf alone whose issuer is nowhere to be found is reported as before, saying so.
   */
  private void incomplete(ServerPolicy s, CertificateFile f, String file, int line, List<String> listen) {
    X509Certificate last = f.chain().get(f.chain().size() - 1);
    Issuers.Found[] found = {null};
    Chains.Ending ending = Chains.ending(f.chain(), c -> {
      found[0] = issuers.issuerOf(c, Path.of(f.path()));
      return found[0] == null ? null : found[0].certificate();
    });
    if (ending == Chains.Ending.AT_ROOT) {
      return; // a root, or issued by a root CA: complete for every client that trusts that root
    }
    Issuers.Found issuer = found[0];
    String name = last.getIssuerX500Principal().getName();
    String affected = "clients that do not have the intermediate: \"unable to get local issuer certificate\""
        + " (curl, Java, Android, Go, Python)";
    String which = f.chain().size() == 1 ? f.path() + " holds only the leaf; its issuer (" + name + ")"
        : "the last certificate of " + f.path() + " (certificate " + f.chain().size() + ") is issued by " + name
            + ", which";
    if (issuer != null) {
      out.add(new Finding("certificate-incomplete-chain", Severity.WARNING, file, line, listen, s.name(),
          which + " is an intermediate CA (found in " + issuer.where() + "), not a root, and is not sent: append it"
              + " to " + f.path(), affected, null));
    } else if (f.chain().size() == 1) {
      out.add(new Finding("certificate-incomplete-chain", Severity.WARNING, file, line, listen, s.name(),
          which + " is not sent and was found neither in the CA files of this configuration, nor next to the file,"
              + " nor among the system's trusted roots: the chain is complete only if it is a root CA the clients"
              + " trust (a private CA that issues leaves itself); an intermediate must be appended to " + f.path(),
          affected, null));
    }
  }

  /**
   * Whether the key file belongs to the certificate; a key file that cannot be read here (missing, not a regular
   * file, too large) is said at its directive, as its check is skipped.
   */
  private void checkKey(ServerPolicy s, Setting key, CertificateFile f, List<String> listen) {
    CertificateFile.KeyFile k = keyFile(key);
    if (k.form() != null && k.form().refusedByNginx()) {
      return; // certificate-not-pem says it
    }
    if (k.error() != null) {
      if (seen.add(List.of(key.source(), s.names()))) {
        out.add(new Finding("certificate-not-checked", Severity.INFO, key.source().file(), key.source().line(),
            listen, s.name(), "the private key " + k.path() + " could not be read here (" + k.error() + "), so"
            + " whether it belongs to the certificate " + f.path() + " was not checked; if nginx runs on this"
            + " machine, nginx -t fails with \"cannot load certificate key\"", "nothing can be said about this key",
            null));
      }
      return;
    }
    if (keyMatch.computeIfAbsent(f.path() + "\n" + k.path(), x -> f.keyMatches(k)).orElse(true) == Boolean.FALSE) {
      X509Certificate leaf = f.leaf().orElseThrow();
      String certAlg = leaf.getPublicKey().getAlgorithm();
      String keyAlg = CertificateFile.keyAlgorithm(k).orElse(certAlg);
      boolean sameType = keyAlg.equals(certAlg);
      out.add(new Finding("certificate-key-mismatch", Severity.ERROR, key.source().file(), key.source().line(),
          listen, s.name(), "the private key " + key.value() + " does not belong to the certificate " + f.path()
          + (sameType ? ": nginx refuses to start (\"key values mismatch\")"
              : " (an " + keyAlg + " key for an " + certAlg + " certificate): nginx starts, but holds no key for"
              + " this certificate, so handshakes fail with a handshake failure alert"),
          sameType ? "every client: the server does not start" : "every client of this server", null));
    }
  }

  private CertificateFile.KeyFile keyFile(Setting key) {
    return keyFiles.computeIfAbsent(policy.prefix().resolve(key.value()), CertificateFile.KeyFile::load);
  }

  /**
   * A certificate or key file that is not PEM: nginx refuses to start, in OpenSSL 3.0's words; the message gives
   * the command that converts it.
   */
  private void notPem(ServerPolicy s, Setting directive, String path, CertificateFile.Form form,
      List<String> listen) {
    boolean isKey = directive.source().name().endsWith("_key");
    String name = directive.source().name();
    out.add(new Finding("certificate-not-pem", Severity.ERROR, directive.source().file(), directive.source().line(),
        listen, s.name(), notPemMessage(name, path, form, isKey), "every client: nginx does not start",
        null).verified(null, null, "not offered as a diff: convert the file first (the command above), then name"
            + " the PEM file in " + name));
  }

  /**
   * What nginx (with OpenSSL 3.0) says of a file of {@code form} named by {@code directive}, and how to convert it;
   * {@code isKey} for a private key.
   */
  static String notPemMessage(String directive, String path, CertificateFile.Form form, boolean isKey) {
    String pem = pemName(path, isKey);
    String nginx = directive.endsWith("trusted_certificate") || directive.equals("ssl_client_certificate")
        ? "SSL_CTX_load_verify_locations(\"" + path + "\") failed (SSL: error:05800088:x509 certificate"
            + " routines::no certificate or crl found)"
        : isKey ? "cannot load certificate key \"" + path + "\": PEM_read_bio_PrivateKey() failed (SSL:"
            + " error:1E08010C:DECODER routines::unsupported:No supported data to decode. Input type: PEM)"
        : "cannot load certificate \"" + path + "\": PEM_read_bio_X509_AUX() failed (SSL: error:0480006C:PEM"
            + " routines::no start line:Expecting: TRUSTED CERTIFICATE)";
    String convert = switch (form) {
      case DER -> isKey ? "openssl pkey -inform DER -in " + path + " -out " + pem
          : "openssl x509 -inform DER -in " + path + " -out " + pem;
      case PKCS12 -> isKey ? "openssl pkcs12 -in " + path + " -nocerts -nodes -out " + pem
          : "openssl pkcs12 -in " + path + " -nokeys -out " + pem;
      default -> null;
    };
    return directive + " " + path + " is " + CertificateFile.describe(form, isKey ? "key" : "certificate")
        + ": nginx reads PEM only and refuses to start with: " + nginx
        + (convert == null ? "" : "; convert it with: " + convert + (form == CertificateFile.Form.PKCS12 && !isKey
            ? " (the certificates; -nocerts -nodes gives the key)" : "") + ", then name " + pem + " in "
            + directive);
  }

  /**
   * {@code site.der} → {@code site.pem}; a key: {@code site.key.der} → {@code site.key.pem}, {@code site.p12} →
   * {@code site.key.pem} (so that a PKCS#12 bundle's certificates and key go to two files).
   */
  private static String pemName(String path, boolean isKey) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    String stem = dot > slash + 1 ? path.substring(0, dot) : path;
    String pem = stem + (isKey && !stem.endsWith("key") ? ".key" : "") + ".pem";
    return pem.equals(path) ? stem + ".converted.pem" : pem;
  }

  /**
   * Whether a certificate with the identifiers {@code certNames} serves the nginx server name {@code n} for a client
   * that matches names by {@code rule}. {@code *.x} server names need a {@code *.x} certificate; {@code .x} needs x
   * and *.x; {@code mail.*} depends on the client's domain and is not judged.
   */
  static boolean covered(String n, List<String> certNames, NameRule rule) {
    String name = n.toLowerCase(Locale.ROOT);
    if (name.startsWith(".")) {
      return covered(name.substring(1), certNames, rule) && covered("*" + name, certNames, rule);
    }
    if (name.endsWith(".*")) {
      return true; // mail.* depends on the client's domain: cannot be judged here
    }
    if (name.startsWith("*.")) {
      return certNames.contains(name);
    }
    return certNames.stream().anyMatch(c -> rule.matchesPattern(c, name));
  }
}
