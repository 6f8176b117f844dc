package dev.tlsdoctor.scan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Judges a served chain: {@code expired}, {@code not-yet-valid}, {@code self-signed}, {@code untrusted},
 * {@code incomplete-chain}, {@code wrong-order}, {@code hostname-mismatch}, {@code weak-key},
 * {@code weak-signature}. Trust is the JDK's trust store plus extra CAs, checked without fetching anything, as Java
 * clients do; for an incomplete chain, {@link #judge} then tells whether the issuer named by AIA would complete it
 * for a browser.
 */
public final class CertificateChecks {
  private final Set<TrustAnchor> anchors;

  private CertificateChecks(Set<TrustAnchor> anchors) {
    this.anchors = anchors;
  }

  /** The CAs of the JDK's default trust store, read once per process (the read may start early: {@link #preload}). */
  private static final AtomicReference<CompletableFuture<Set<TrustAnchor>>> JDK_ANCHORS = new AtomicReference<>();

  /** Starts reading the JDK's trust store on a background thread, for a scan about to start. */
  public static void preload() {
    if (JDK_ANCHORS.get() == null) {
      CompletableFuture<Set<TrustAnchor>> f = new CompletableFuture<>();
      if (JDK_ANCHORS.compareAndSet(null, f)) {
        Thread.ofPlatform().daemon().name("trust-store").start(() -> f.complete(readJdkAnchors()));
      }
    }
  }

  private static Set<TrustAnchor> jdkAnchors() {
    CompletableFuture<Set<TrustAnchor>> f = new CompletableFuture<>();
    if (JDK_ANCHORS.compareAndSet(null, f)) {
      f.complete(readJdkAnchors());
    }
    return JDK_ANCHORS.get().join();
  }

  private static Set<TrustAnchor> readJdkAnchors() {
    Set<TrustAnchor> a = new HashSet<>();
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            a.add(new TrustAnchor(c, null));
          }
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // no default trust store: only the extra CAs are trusted
    }
    return Set.copyOf(a);
  }

  /** The JDK's default trust store plus {@code extra} CAs. */
  public static CertificateChecks withJdkTrust(List<X509Certificate> extra) {
    Set<TrustAnchor> a = new HashSet<>(jdkAnchors());
    extra.forEach(c -> a.add(new TrustAnchor(c, null)));
    return new CertificateChecks(a);
  }

  /** A problem and what shows it. */
  public record Problem(String id, String detail) {
  }

  /** Downloads (caIssuers URLs) followed to complete a chain. */
  static final int MAX_AIA_HOPS = 3;

  private static final String SERVE_IT = "serve the intermediate (ssl_certificate with the full chain)";
  private static final String NON_BROWSERS = "curl, openssl, Java, Go, Python and most API clients will fail";

  /**
   * The chain as reported: its certificates, its problems and, when it is incomplete, whether the issuer named by
   * AIA completes it (downloaded through {@code fetch}); the {@code incomplete-chain} detail says which clients fail.
   */
  ServerProfile.Chain judge(String via, List<X509Certificate> chain, String name, Instant now, AiaFetch fetch) {
    List<Problem> problems = new ArrayList<>();
    ServerProfile.Aia aia = null;
    for (Problem p : check(chain, name, now)) {
      if (p.id().equals("incomplete-chain")) {
        aia = aia(ordered(chain), fetch);
        p = new Problem(p.id(), p.detail() + "; " + consequence(aia));
      }
      problems.add(p);
    }
    return new ServerProfile.Chain(via, chain.stream().map(CertificateInfo::of).toList(), List.copyOf(problems),
        aia);
  }

  private static String consequence(ServerProfile.Aia aia) {
    if (aia.completesChain()) {
      return "browsers that fetch the missing intermediate from AIA (" + aia.url() + ") will succeed; "
          + NON_BROWSERS + ": " + SERVE_IT;
    }
    if (aia.url() == null) {
      return "there is no AIA caIssuers URL to fetch it from, so every client fails: " + SERVE_IT;
    }
    if (aia.detail().startsWith("not fetched")) {
      return "browsers may fetch it from AIA (" + aia.url() + ", " + aia.detail() + "); " + NON_BROWSERS + ": "
          + SERVE_IT;
    }
    return "AIA (" + aia.url() + ") does not complete the chain (" + aia.detail() + "), so every client fails,"
        + " browsers included: " + SERVE_IT;
  }

  /** Follows the caIssuers URLs from the last certificate of {@code path} until a trusted CA issued one. */
  private ServerProfile.Aia aia(List<X509Certificate> path, AiaFetch fetch) {
    X509Certificate last = path.get(path.size() - 1);
    String url = preferred(AiaFetch.caIssuers(last));
    if (url == null) {
      return new ServerProfile.Aia(null, false, false, subject(last) + " has no AIA caIssuers URL");
    }
    if (!fetch.enabled()) {
      return new ServerProfile.Aia(url, false, false, "not fetched: --no-aia-fetch");
    }
    List<X509Certificate> extended = new ArrayList<>(path);
    List<X509Certificate> pool = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    boolean fetched = false;
    X509Certificate current = last;
    String next = url;
    int downloads = 0;
    while (true) {
      X509Certificate issuer = issuerIn(pool, current);
      if (issuer == null) {
        if (next == null) {
          return new ServerProfile.Aia(url, fetched, false, done(steps) + subject(current)
              + " has no AIA caIssuers URL");
        }
        if (downloads == MAX_AIA_HOPS) {
          return new ServerProfile.Aia(url, fetched, false, done(steps) + "gave up after " + MAX_AIA_HOPS
              + " downloads");
        }
        AiaFetch.Download d = fetch.get(next);
        downloads++;
        if (d.failure() != null) {
          return new ServerProfile.Aia(url, fetched, false, done(steps) + d.failure());
        }
        fetched = fetched || downloads == 1;
        pool.addAll(d.certificates());
        issuer = issuerIn(d.certificates(), current);
        if (issuer == null) {
          return new ServerProfile.Aia(url, fetched, false, done(steps) + next + " gave "
              + d.certificates().stream().map(CertificateChecks::subject).toList() + ", which did not issue "
              + subject(current));
        }
        steps.add(next + " gave " + subject(issuer));
      }
      extended.add(issuer);
      java.util.Optional<Problem> t = trust(extended);
      if (t.isEmpty()) {
        return new ServerProfile.Aia(url, true, true, String.join("; ", steps) + ": the chain is complete");
      }
      if (!t.get().id().equals("incomplete-chain")) {
        return new ServerProfile.Aia(url, fetched, false, done(steps) + "the chain is still not trusted: "
            + t.get().detail());
      }
      current = issuer;
      next = preferred(AiaFetch.caIssuers(issuer));
    }
  }

  /** The first http URL, else the first URL (to say its scheme is not supported); null when there is none. */
  private static String preferred(List<String> urls) {
    return urls.stream().filter(u -> u.regionMatches(true, 0, "http:", 0, 5)).findFirst()
        .orElse(urls.isEmpty() ? null : urls.get(0));
  }

  private static X509Certificate issuerIn(List<X509Certificate> candidates, X509Certificate c) {
    return candidates.stream().filter(i -> issued(i, c)).findFirst().orElse(null);
  }

  private static String done(List<String> steps) {
    return steps.isEmpty() ? "" : String.join("; ", steps) + "; ";
  }

  private static String subject(X509Certificate c) {
    return c.getSubjectX500Principal().getName();
  }

  /** The problems of {@code chain} (leaf first, as served) for a client that asked for {@code name}. */
  public List<Problem> check(List<X509Certificate> chain, String name, Instant now) {
    List<Problem> out = new ArrayList<>();
    if (chain.isEmpty()) {
      return out;
    }
    Date date = Date.from(now);
    for (X509Certificate c : chain) {
      String who = c == chain.get(0) ? "the leaf" : c.getSubjectX500Principal().getName();
      if (date.after(c.getNotAfter())) {
        out.add(new Problem("expired", who + " expired on " + c.getNotAfter().toInstant()));
      } else if (date.before(c.getNotBefore())) {
        out.add(new Problem("not-yet-valid", who + " is valid from " + c.getNotBefore().toInstant()));
      }
    }
    List<X509Certificate> path = ordered(chain);
    if (path.size() > 1 && !path.equals(chain.subList(0, path.size()))) {
      out.add(new Problem("wrong-order", "the certificates are not served leaf first, each followed by its issuer"));
    }
    trust(path).ifPresent(out::add);
    X509Certificate leaf = chain.get(0);
    if (name != null && !matches(leaf, name)) {
      out.add(new Problem("hostname-mismatch", "'" + name + "' is not among " + CertificateInfo.sans(leaf)));
    }
    for (X509Certificate c : path) {
      int bits = CertificateInfo.keyBits(c.getPublicKey());
      String type = CertificateInfo.keyType(c.getPublicKey());
      boolean weak = switch (type) {
        case "RSA", "RSA-PSS", "DSA" -> bits < 2048;
        case "ECDSA" -> bits < 224;
        default -> false;
      };
      if (weak) {
        out.add(new Problem("weak-key", c.getSubjectX500Principal().getName() + " has a " + bits + "-bit " + type
            + " key"));
      }
      String sig = c.getSigAlgName().toUpperCase(Locale.ROOT);
      if (!selfSigned(c) && (sig.contains("MD5") || sig
          .startsWith("SHA1"))) {
        out.add(new Problem("weak-signature", c.getSubjectX500Principal().getName() + " is signed with "
            + c.getSigAlgName()));
      }
    }
    return List.copyOf(out);
  }

  /** The leaf followed by each issuer found in the chain, in chain order; stops where no issuer was sent. */
  static List<X509Certificate> ordered(List<X509Certificate> chain) {
    List<X509Certificate> path = new ArrayList<>();
    Set<X509Certificate> left = new LinkedHashSet<>(chain);
    X509Certificate current = chain.get(0);
    path.add(current);
    left.remove(current);
    while (!selfSigned(current)) {
      X509Certificate issuer = null;
      for (X509Certificate c : left) {
        if (issued(c, current)) {
          issuer = c;
          break;
        }
      }
      if (issuer == null) {
        break;
      }
      path.add(issuer);
      left.remove(issuer);
      current = issuer;
    }
    return path;
  }

  private java.util.Optional<Problem> trust(List<X509Certificate> path) {
    List<X509Certificate> toCheck = new ArrayList<>(path);
    X509Certificate last = toCheck.get(toCheck.size() - 1);
    if (toCheck.size() > 1 && selfSigned(last)) {
      toCheck.remove(toCheck.size() - 1);
    }
    if (anchors.stream().anyMatch(a -> a.getTrustedCert().equals(path.get(0)))) {
      return java.util.Optional.empty();
    }
    String failure = validate(toCheck);
    if (failure == null) {
      return java.util.Optional.empty();
    }
    if (path.size() == 1 && selfSigned(last)) {
      return java.util.Optional.of(new Problem("self-signed", "the leaf is self-signed and not trusted"));
    }
    if (!selfSigned(last) && anchors.stream().noneMatch(a -> issued(a.getTrustedCert(), last))) {
      return java.util.Optional.of(new Problem("incomplete-chain", "the issuer of "
          + last.getSubjectX500Principal().getName() + " (" + last.getIssuerX500Principal().getName()
          + ") was not sent and is not a trusted CA"));
    }
    return java.util.Optional.of(new Problem("untrusted", failure));
  }

  /** Validates the path (without dates: those are checked separately); null when it chains to an anchor. */
  private String validate(List<X509Certificate> path) {
    if (anchors.isEmpty()) {
      return "no trusted CAs";
    }
    try {
      PKIXParameters p = new PKIXParameters(anchors);
      p.setRevocationEnabled(false);
      // a date at which every certificate is valid, so that expiry is reported as expiry, not as distrust
      Date d = path.stream().map(X509Certificate::getNotBefore).max(Date::compareTo).orElseThrow();
      p.setDate(new Date(d.getTime() + 1000));
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
          p);
      return null;
    } catch (CertPathValidatorException e) {
      if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
          || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
        // the certificates have no common validity period; the path chains, and the dates are reported apart
        return null;
      }
      return "no path to a trusted CA: " + e.getMessage();
    } catch (GeneralSecurityException e) {
      return "cannot validate: " + e.getMessage();
    }
  }

  static boolean selfSigned(X509Certificate c) {
    return issued(c, c);
  }

  /** True when {@code issuer} signed {@code c}. */
  static boolean issued(X509Certificate issuer, X509Certificate c) {
    if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      c.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** RFC 6125 matching against the subjectAltNames: one left-most wildcard label; IP addresses against IP entries. */
  public static boolean matches(X509Certificate leaf, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    boolean ip = Target.isIpLiteral(n);
    for (String san : CertificateInfo.sans(leaf)) {
      if (ip && san.startsWith("IP:") && sameAddress(san.substring(3), n)) {
        return true;
      }
      if (!ip && san.startsWith("DNS:")) {
        String pattern = san.substring(4).toLowerCase(Locale.ROOT);
        if (pattern.equals(n)) {
          return true;
        }
        if (pattern.startsWith("*.") && n.indexOf('.') > 0 && n.substring(n.indexOf('.')).equals(pattern
            .substring(1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
