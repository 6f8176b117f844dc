package dev.tlsdoctor.scan;

import dev.tlsdoctor.x509.Aia;
import dev.tlsdoctor.x509.CertificateNames;
import dev.tlsdoctor.x509.Chains;
import dev.tlsdoctor.x509.JdkRoots;
import dev.tlsdoctor.x509.NameRule;
import java.security.GeneralSecurityException;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges a served chain: {@code expired}, {@code not-yet-valid}, {@code self-signed}, {@code untrusted},
 * {@code incomplete-chain}, {@code wrong-order}, {@code hostname-mismatch}, {@code weak-key},
 * {@code weak-signature}. Trust is the JDK's trust store plus extra CAs, checked without fetching anything, as Java
 * clients do; for an incomplete chain, {@link #judge} then tells whether the issuer named by AIA would complete it
 * for a browser.
 */
public final class CertificateChecks {
  private final Set<TrustAnchor> anchors;
  private final List<X509Certificate> anchorCertificates;

  private CertificateChecks(Set<TrustAnchor> anchors) {
    this.anchors = anchors;
    this.anchorCertificates = anchors.stream().map(TrustAnchor::getTrustedCert).toList();
  }

  /** Starts reading the JDK's trust store on a background thread, for a scan about to start. */
  public static void preload() {
    JdkRoots.preload();
  }

  /** The JDK's default trust store plus {@code extra} CAs. */
  public static CertificateChecks withJdkTrust(List<X509Certificate> extra) {
    Set<TrustAnchor> a = new HashSet<>();
    JdkRoots.get().forEach(c -> a.add(new TrustAnchor(c, null)));
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
        aia = aia(Chains.ordered(chain), fetch);
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
      // a private CA's leaves seldom name their issuer: the missing certificate may be a root the clients have
      return "there is no AIA caIssuers URL to fetch it from, so every client fails: " + SERVE_IT + "; unless the"
          + " issuer is a root CA of your own that the clients trust (then the chain is complete: scan with"
          + " --ca-file ROOT to check)";
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
    String url = Aia.preferred(Aia.caIssuers(last));
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
      next = Aia.preferred(Aia.caIssuers(issuer));
    }
  }

  private static X509Certificate issuerIn(List<X509Certificate> candidates, X509Certificate c) {
    return Chains.issuerIn(candidates, c);
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
    for (X509Certificate c : chain) {
      String who = c == chain.get(0) ? "the leaf" : c.getSubjectX500Principal().getName();
      switch (Chains.Validity.of(c, now)) {
        case EXPIRED -> out.add(new Problem("expired", who + " expired on " + c.getNotAfter().toInstant()));
        case NOT_YET_VALID -> out.add(new Problem("not-yet-valid", who + " is valid from "
            + c.getNotBefore().toInstant()));
        case VALID -> {
        }
      }
    }
    List<X509Certificate> path = Chains.ordered(chain);
    if (!Chains.inOrder(chain)) {
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

  private java.util.Optional<Problem> trust(List<X509Certificate> path) {
    if (anchorCertificates.contains(path.get(0))) {
      return java.util.Optional.empty();
    }
    // a cross-signed chain is validated up to the first certificate a trusted CA issued, as clients build it
    List<X509Certificate> toCheck = new ArrayList<>(Chains.untilAnchor(path, anchorCertificates));
    X509Certificate last = toCheck.get(toCheck.size() - 1);
    if (toCheck.size() > 1 && selfSigned(last)) {
      toCheck.remove(toCheck.size() - 1);
    }
    last = path.get(path.size() - 1);
    String failure = validate(toCheck);
    if (failure == null) {
      return java.util.Optional.empty();
    }
    if (path.size() == 1 && selfSigned(last)) {
      return java.util.Optional.of(new Problem("self-signed", "the leaf is self-signed and not trusted"));
    }
    if (Chains.ending(path, c -> Chains.issuerIn(anchorCertificates, c)) == Chains.Ending.ISSUER_UNKNOWN) {
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
    return Chains.selfSigned(c);
  }

  /**
   * Whether {@code leaf} is for {@code name} by RFC 9525's rule (subjectAltName only, whole-label wildcards), the
   * strictest rule of common clients (browsers, Go, Python): the rule a scan reports by.
   */
  public static boolean matches(X509Certificate leaf, String name) {
    return NameRule.RFC_9525.matches(CertificateNames.of(leaf), name);
  }
}
