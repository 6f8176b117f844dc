package dev.tlsdoctor.clients;

import dev.tlsdoctor.clients.ServerOffer.Aspect;
import dev.tlsdoctor.clients.ServerOffer.Cert;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.tls.Authentication;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.SignatureScheme;
import dev.tlsdoctor.x509.NameRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, as nginx with OpenSSL 3.0 does, what one client gets from one {@link ServerOffer}: the highest common
 * protocol, the suite (by the server's order when it prefers its own, else the client's), the group and key share
 * (with a HelloRetryRequest when no share fits), the certificate and signature scheme, then the client's own limits
 * (DH and key sizes, SHA-1 signatures), HTTP/2's forbidden suites and trust.
 */
final class Simulator {
  /** OpenSSL 3.0's built-in signature scheme order (ssl/t1_lib.c tls12_sigalgs), used under server preference. */
  static final List<SignatureScheme> SERVER_SCHEMES = List.of(SignatureScheme.ECDSA_SECP256R1_SHA256,
      SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP521R1_SHA512, SignatureScheme.ED25519,
      SignatureScheme.ED448, SignatureScheme.RSA_PSS_PSS_SHA256, SignatureScheme.RSA_PSS_PSS_SHA384,
      SignatureScheme.RSA_PSS_PSS_SHA512, SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
      SignatureScheme.RSA_PSS_RSAE_SHA512, SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384,
      SignatureScheme.RSA_PKCS1_SHA512, SignatureScheme.ECDSA_SHA224, SignatureScheme.ECDSA_SHA1,
      SignatureScheme.RSA_PKCS1_SHA224, SignatureScheme.RSA_PKCS1_SHA1, SignatureScheme.DSA_SHA224,
      SignatureScheme.DSA_SHA1, SignatureScheme.DSA_SHA256, SignatureScheme.DSA_SHA384, SignatureScheme.DSA_SHA512);

  private Simulator() {
  }

  /** A failure found on the way: class, reason, the aspect whose directive blocks. */
  private record Failure(FailureClass clazz, String reason, Aspect aspect) {
  }

  private static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Failure failure;

    Failed(FailureClass c, String reason, Aspect aspect) {
      super(reason, null, false, false);
      this.failure = new Failure(c, reason, aspect);
    }
  }

  /**
   * The client against the offer; when the server refuses its first hello and it is a client that falls back, its
   * retries with lower versions as well (each a new connection, as the browsers made them), until one connects.
   */
  static Verdict simulate(ClientProfile c, ServerOffer offer) {
    Verdict first = once(c, offer);
    List<ProtocolVersion> steps = c.fallbackVersions();
    // a retry follows the server's refusal; not the client's own (DH size, HTTP/2's suites, trust)
    if (first.handshake().protocol() != null || steps.isEmpty() || offer.forClient(c.sni()).rejects()) {
      return first;
    }
    boolean scsv = c.fallback().scsv();
    List<String> tried = new ArrayList<>();
    for (ProtocolVersion step : steps) {
      tried.add(step.opensslName());
      ServerOffer o = offer.forClient(c.sni());
      if (scsv && o.protocols().stream().anyMatch(p -> p.compareTo(step) > 0)) {
        // RFC 7507, in OpenSSL since 1.0.1j: the server speaks a higher version than the retry, so it refuses
        return first.withFallback(new Verdict.Fallback(List.copyOf(tried), null, true, "the retry with "
            + step.displayName() + " and TLS_FALLBACK_SCSV is refused (inappropriate_fallback): the server speaks "
            + range(o.protocols())));
      }
      ClientProfile retry = c.retriedWith(step);
      if (retry.protocols().isEmpty()) {
        continue;
      }
      Verdict v = once(retry, offer);
      if (v.handshake().ok()) {
        return v.withFallback(new Verdict.Fallback(List.copyOf(tried), v.handshake().protocol(), scsv,
            "the first hello failed (" + first.reason() + "); the client connected only after retrying with "
            + step.displayName() + " as its highest version"));
      }
    }
    return first.withFallback(new Verdict.Fallback(List.copyOf(tried), null, scsv, "the retries with "
        + String.join(", ", tried) + " failed too"));
  }

  private static Verdict once(ClientProfile c, ServerOffer offer) {
    ServerOffer o = offer.forClient(c.sni());
    try {
      return connect(c, o);
    } catch (Failed f) {
      Failure x = f.failure;
      return new Verdict(c.id(), c.name(), c.family(), c.version(), c.platform(), Verdict.Handshake.FAILED,
          new Verdict.Trust(null, "no handshake"), false, x.clazz().id(), x.reason(), o.sources().get(x.aspect()),
          null, null);
    }
  }

  private static Verdict connect(ClientProfile c, ServerOffer o) throws Failed {
    if (o.rejects()) {
      throw new Failed(FailureClass.SNI_REJECTED, c.sni() ? "the server refuses the handshake for this name"
          + " (ssl_reject_handshake)" : "the client sends no server name and the default server refuses the"
          + " handshake (ssl_reject_handshake)", Aspect.REJECT);
    }
    ProtocolVersion v = protocol(c, o);
    Handshake h = v == ProtocolVersion.TLSv1_3 ? tls13(c, o) : tls12(c, o, v);
    String alpn;
    try {
      limits(c, o, h);
      alpn = alpn(c, o, v, h.suite);
    } catch (Failed f) {
      // the server answered; the client refuses what it got: the server's choice is kept for comparison
      Failure x = f.failure;
      return new Verdict(c.id(), c.name(), c.family(), c.version(), c.platform(), new Verdict.Handshake(false,
          v.opensslName(), h.suite.name(), h.group == null ? null : h.group.name(), h.cert == null ? null
          : h.cert.keyType() + " " + h.cert.keyBits(), h.helloRetry, null), new Verdict.Trust(null,
          "no handshake"), false, x.clazz().id(), x.reason(), o.sources().get(x.aspect()), null, null);
    }
    Verdict.Handshake hs = new Verdict.Handshake(true, v.opensslName(), h.suite.name(),
        h.group == null ? null : h.group.name(), h.cert == null ? null : h.cert.keyType() + " " + h.cert.keyBits(),
        h.helloRetry, alpn);
    Verdict.Trust trust = trust(c, h.cert, c.sni());
    boolean connects = !Boolean.FALSE.equals(trust.ok());
    FailureClass clazz = connects ? null : trustClass(h.cert, trust);
    return new Verdict(c.id(), c.name(), c.family(), c.version(), c.platform(), hs, trust, connects,
        clazz == null ? null : clazz.id(), connects ? null : trust.reason(),
        connects ? null : o.sources().get(Aspect.CERTIFICATE), null, null);
  }

  /** The negotiated parts: suite, group (null for RSA key exchange), certificate, HRR. */
  private record Handshake(CipherSuite suite, NamedGroup group, Cert cert, boolean helloRetry) {
  }

  private static ProtocolVersion protocol(ClientProfile c, ServerOffer o) throws Failed {
    Set<ProtocolVersion> server = EnumSet.noneOf(ProtocolVersion.class);
    server.addAll(o.protocols());
    Set<ProtocolVersion> client = c.versions();
    ProtocolVersion best = null;
    for (ProtocolVersion p : client) {
      if (server.contains(p) && (best == null || p.compareTo(best) > 0)) {
        best = p;
      }
    }
    if (best == null) {
      throw new Failed(FailureClass.PROTOCOL_VERSION_MISMATCH, "the client speaks " + range(client)
          + ", the server " + (server.isEmpty() ? "no version" : range(server)), Aspect.PROTOCOLS);
    }
    if (best.compareTo(ProtocolVersion.TLSv1_2) < 0 && o.securityLevel() >= 1) {
      // measured with OpenSSL 3.0: the version is agreed, then tls_choose_sigalg finds no signature (SHA-1 and
      // MD5-SHA1 rate below level 1), even for RSA key exchange, and the server sends internal_error
      // a client that could speak TLS 1.2 is blocked by the server's protocol list; an older one by the level
      boolean newer = client.stream().anyMatch(p -> p.compareTo(ProtocolVersion.TLSv1_2) >= 0);
      throw new Failed(FailureClass.INTERNAL_ERROR_ALERT, (newer ? "the highest version both speak is "
          + best.displayName() + " (the server enables nothing newer)" : "the client's best version is "
          + best.displayName()) + ", which OpenSSL 3.0 at security level " + o.securityLevel() + " cannot sign"
          + " for (\"no suitable signature algorithm\"; TLS 1.0 and 1.1 need security level 0): the server answers"
          + " internal_error", newer ? Aspect.PROTOCOLS : Aspect.CIPHERS);
    }
    Integer clientLevel = c.limits().opensslSecurityLevel();
    if (best.compareTo(ProtocolVersion.TLSv1_2) < 0 && clientLevel != null && clientLevel >= 1) {
      throw new Failed(FailureClass.PROTOCOL_VERSION_MISMATCH, "the server's best version is " + best.displayName()
          + ", which the client (OpenSSL 3 at security level " + clientLevel + ") refuses: SHA-1 signatures",
          Aspect.PROTOCOLS);
    }
    return best;
  }

  static String range(Set<ProtocolVersion> s) {
    List<ProtocolVersion> l = new ArrayList<>(s);
    l.sort(null);
    String lo = l.get(0).displayName();
    String hi = l.get(l.size() - 1).displayName();
    String prefix = lo.substring(0, lo.indexOf(' ') + 1);
    return lo.equals(hi) ? lo + " only" : lo + "-" + (hi.startsWith(prefix) ? hi.substring(prefix.length()) : hi);
  }

  private static Handshake tls13(ClientProfile c, ServerOffer o) throws Failed {
    List<CipherSuite> client = c.tls13Suites();
    CipherSuite suite = pick(client, o.tls13Suites(), o.tls13ServerPreference());
    if (suite == null) {
      throw new Failed(FailureClass.NO_SHARED_CIPHER, "no TLS 1.3 suite in common: the client offers "
          + names(client) + ", the server " + names(o.tls13Suites()), Aspect.CIPHERSUITES);
    }
    List<NamedGroup> groups = c.namedGroups();
    NamedGroup share = null;
    for (NamedGroup g : c.namedKeyShares()) {
      if (o.groups().contains(g)) {
        share = g; // OpenSSL 3.0 takes the first of the client's shares that it supports
        break;
      }
    }
    boolean hrr = false;
    if (share == null) {
      share = pick(groups, o.groups(), o.serverPreference());
      hrr = share != null;
    }
    if (share == null) {
      throw new Failed(FailureClass.KEY_SHARE_MISMATCH, "no key-exchange group in common for TLS 1.3: the client"
          + " offers " + groupNames(groups) + ", the server " + groupNames(o.groups()) + " (OpenSSL 3.0 does not"
          + " fall back to TLS 1.2)", Aspect.GROUPS);
    }
    Cert cert = tls13Certificate(c, o);
    return new Handshake(suite, share, cert, hrr);
  }

  /** The certificate OpenSSL 3.0 signs with in TLS 1.3: the first shared signature scheme it has a key for. */
  private static Cert tls13Certificate(ClientProfile c, ServerOffer o) throws Failed {
    List<SignatureScheme> client = c.schemes();
    List<SignatureScheme> order = o.serverPreference() ? SERVER_SCHEMES.stream().filter(client::contains).toList()
        : client.stream().filter(SERVER_SCHEMES::contains).toList();
    for (SignatureScheme s : order) {
      if (s.tls12Only()) {
        continue;
      }
      for (Cert cert : o.certificates()) {
        if (signs(cert, s, true)) {
          return cert;
        }
      }
    }
    throw new Failed(FailureClass.SIGNATURE_ALGORITHM_MISMATCH, "no signature scheme the client offers ("
        + String.join(", ", client.stream().map(SignatureScheme::name).toList()) + ") fits the server's "
        + certNames(o), Aspect.CERTIFICATE);
  }

  /** Whether {@code cert}'s key can make signature {@code s} (in TLS 1.3 an ECDSA scheme names the curve). */
  static boolean signs(Cert cert, SignatureScheme s, boolean tls13) {
    return switch (cert.keyType()) {
      case "RSA" -> s.algorithm() == SignatureScheme.Algorithm.RSA_PSS_RSAE
          || !tls13 && s.algorithm() == SignatureScheme.Algorithm.RSA_PKCS1;
      case "RSA-PSS" -> s.algorithm() == SignatureScheme.Algorithm.RSA_PSS_PSS;
      case "ECDSA" -> s.algorithm() == SignatureScheme.Algorithm.ECDSA
          && (!tls13 || curveOf(s) == null || curveOf(s).equals(cert.curve()));
      case "Ed25519" -> s.equals(SignatureScheme.ED25519);
      case "Ed448" -> s.equals(SignatureScheme.ED448);
      case "DSA" -> !tls13 && s.algorithm() == SignatureScheme.Algorithm.DSA;
      default -> false;
    };
  }

  private static NamedGroup curveOf(SignatureScheme s) {
    if (s.equals(SignatureScheme.ECDSA_SECP256R1_SHA256)) {
      return NamedGroup.SECP256R1;
    }
    if (s.equals(SignatureScheme.ECDSA_SECP384R1_SHA384)) {
      return NamedGroup.SECP384R1;
    }
    if (s.equals(SignatureScheme.ECDSA_SECP521R1_SHA512)) {
      return NamedGroup.SECP521R1;
    }
    return null;
  }

  private static Handshake tls12(ClientProfile c, ServerOffer o, ProtocolVersion v) throws Failed {
    List<CipherSuite> server = o.suites().getOrDefault(v, List.of());
    List<CipherSuite> client = c.suites();
    List<CipherSuite> common = o.serverPreference() ? server.stream().filter(client::contains).toList()
        : client.stream().filter(server::contains).toList();
    if (common.isEmpty()) {
      throw new Failed(FailureClass.NO_SHARED_CIPHER, "no " + v.displayName() + " suite in common: the client offers "
          + describe(client) + "; the server " + describe(server), Aspect.CIPHERS);
    }
    // the reason given is that of the first suite the server has a certificate for (else the first suite's): a
    // missing ECDSA certificate explains less than the curve an RSA suite lacked
    Failure first = null;
    Failure withCertificate = null;
    for (CipherSuite s : common) {
      try {
        return usable(c, o, v, s);
      } catch (Failed f) {
        first = first == null ? f.failure : first;
        if (withCertificate == null && f.failure.aspect() != Aspect.CERTIFICATE) {
          withCertificate = f.failure;
        }
      }
    }
    Failure x = withCertificate != null ? withCertificate : first;
    throw new Failed(x.clazz(), x.reason(), x.aspect());
  }

  /** The handshake with suite {@code s}, or why OpenSSL skips it. */
  private static Handshake usable(ClientProfile c, ServerOffer o, ProtocolVersion v, CipherSuite s) throws Failed {
    Cert cert = switch (s.authentication()) {
      case RSA -> o.certificate("RSA").orElse(null);
      case ECDSA -> o.certificate("ECDSA").orElse(null);
      case DSS -> o.certificate("DSA").orElse(null);
      default -> null;
    };
    if (cert == null && s.authentication() != Authentication.NULL) {
      throw new Failed(FailureClass.NO_SHARED_CIPHER, "the suites in common need " + (s.authentication() == Authentication.RSA ? "an RSA"
          : s.authentication() == Authentication.ECDSA ? "an ECDSA" : "a " + s.authentication())
          + " certificate; the server has " + certNames(o), Aspect.CERTIFICATE);
    }
    List<NamedGroup> clientGroups = c.namedGroups();
    if (cert != null && cert.keyType().equals("ECDSA") && !clientGroups.isEmpty()
        && !clientGroups.contains(cert.curve())) {
      throw new Failed(FailureClass.NO_SHARED_CIPHER, "the ECDSA certificate's curve " + name(cert.curve())
          + " is not among the client's curves " + groupNames(clientGroups), Aspect.CERTIFICATE);
    }
    NamedGroup group = null;
    if (s.keyExchange() == KeyExchange.ECDHE) {
      List<NamedGroup> ec = o.groups().stream().filter(Simulator::elliptic).toList();
      group = clientGroups.isEmpty() ? (ec.isEmpty() ? null : ec.get(0)) : pick(clientGroups, ec,
          o.serverPreference());
      if (group == null) {
        throw new Failed(FailureClass.KEY_SHARE_MISMATCH, "no curve in common for ECDHE: the client offers "
            + groupNames(clientGroups.stream().filter(Simulator::elliptic).toList()) + ", the server "
            + groupNames(ec), Aspect.GROUPS);
      }
    } else if (s.keyExchange() == KeyExchange.DHE) {
      if (o.dhBits() == null) {
        throw new Failed(FailureClass.NO_SHARED_CIPHER, "the suites in common are DHE and the server has no DH"
            + " parameters (ssl_dhparam)", Aspect.DHPARAM);
      }
    } else if (s.keyExchange() != KeyExchange.RSA) {
      throw new Failed(FailureClass.NO_SHARED_CIPHER, "suite " + s.name() + " needs a key exchange nginx does not"
          + " set up", Aspect.CIPHERS);
    }
    if (s.keyExchange() != KeyExchange.RSA && cert != null) {
      signature12(c, o, v, cert);
    }
    return new Handshake(s, group, cert, false);
  }

  /** A TLS 1.2-and-below ServerKeyExchange needs a signature the client accepts and the security level allows. */
  private static void signature12(ClientProfile c, ServerOffer o, ProtocolVersion v, Cert cert) throws Failed {
    if (v.compareTo(ProtocolVersion.TLSv1_2) < 0) {
      return; // MD5-SHA1 / SHA-1 by the protocol; the security level already decided whether the version is allowed
    }
    List<SignatureScheme> client = c.schemes();
    if (client.isEmpty()) {
      // no signature_algorithms: SHA-1 for the certificate's type (RFC 5246 section 7.4.1.4.1)
      if (o.securityLevel() >= 1) {
        throw new Failed(FailureClass.SIGNATURE_ALGORITHM_MISMATCH, "the client sends no signature_algorithms, so"
            + " only SHA-1 signatures, which OpenSSL 3.0 refuses at security level " + o.securityLevel(),
            Aspect.CIPHERS);
      }
      return;
    }
    for (SignatureScheme s : client) {
      if (signs(cert, s, false) && (o.securityLevel() < 1 || !"SHA1".equals(s.hash()) && !"MD5".equals(s.hash()))) {
        return;
      }
    }
    throw new Failed(FailureClass.SIGNATURE_ALGORITHM_MISMATCH, "no signature scheme the client offers fits the"
        + " server's " + cert.keyType() + " key", Aspect.CERTIFICATE);
  }

  /** The client's own checks of what the server sent. */
  private static void limits(ClientProfile c, ServerOffer o, Handshake h) throws Failed {
    ClientProfile.Limits l = c.limits();
    if (h.suite.keyExchange() == KeyExchange.DHE && o.dhBits() != null) {
      if (l.minDhBits() != null && o.dhBits() < l.minDhBits()) {
        throw new Failed(FailureClass.WEAK_KEY_OR_PARAMETERS, "the client refuses the server's " + o.dhBits()
            + "-bit DH group (it needs at least " + l.minDhBits() + ")", Aspect.DHPARAM);
      }
      if (l.maxDhBits() != null && o.dhBits() > l.maxDhBits()) {
        throw new Failed(FailureClass.WEAK_KEY_OR_PARAMETERS, "the client cannot use the server's " + o.dhBits()
            + "-bit DH group (at most " + l.maxDhBits() + " bits)", Aspect.DHPARAM);
      }
    }
    Cert cert = h.cert;
    if (cert == null) {
      return;
    }
    if (cert.keyType().startsWith("RSA") && l.minRsaBits() != null && cert.keyBits() < l.minRsaBits()) {
      throw new Failed(FailureClass.WEAK_KEY_OR_PARAMETERS, "the client refuses the " + cert.keyBits()
          + "-bit RSA key (it needs at least " + l.minRsaBits() + ")", Aspect.CERTIFICATE);
    }
    if (cert.keyType().equals("ECDSA") && l.minEcdsaBits() != null && cert.keyBits() < l.minEcdsaBits()) {
      throw new Failed(FailureClass.WEAK_KEY_OR_PARAMETERS, "the client refuses the " + cert.keyBits()
          + "-bit ECDSA key (it needs at least " + l.minEcdsaBits() + ")", Aspect.CERTIFICATE);
    }
    if (l.requiresSha2() && cert.sha1Signed()) {
      throw new Failed(FailureClass.WEAK_KEY_OR_PARAMETERS, "the client refuses certificates signed with SHA-1"
          + " (" + cert.signatureAlgorithm() + ")", Aspect.CERTIFICATE);
    }
  }

  /** The ALPN protocol selected; fails a browser that gets h2 with a suite HTTP/2 forbids. */
  private static String alpn(ClientProfile c, ServerOffer o, ProtocolVersion v, CipherSuite s) throws Failed {
    String chosen = null;
    for (String p : o.alpn()) {
      if (c.alpn().contains(p)) {
        chosen = p; // nginx selects by its own order (h2 before http/1.1)
        break;
      }
    }
    if ("h2".equals(chosen) && v != ProtocolVersion.TLSv1_3 && c.http2Blocklist() && !http2Allowed(s)) {
      throw new Failed(FailureClass.ALPN_MISMATCH, "the server selects h2 with " + s.name() + ", a suite HTTP/2"
          + " forbids (RFC 7540 section 9.2.2): the client closes the connection with INADEQUATE_SECURITY",
          Aspect.CIPHERS);
    }
    return chosen;
  }

  /** RFC 7540 section 9.2.2 and Appendix A: TLS 1.2 with an ephemeral key exchange and an AEAD cipher. */
  static boolean http2Allowed(CipherSuite s) {
    return s.is(CipherSuite.Flag.AEAD)
        && (s.keyExchange() == KeyExchange.ECDHE || s.keyExchange() == KeyExchange.DHE);
  }

  /**
   * Whether the client accepts the certificate, judged with its own store and its own way of completing a chain the
   * server sent incomplete: downloading the issuer from AIA (Chrome, Edge, IE, Safari, Schannel, .NET), the public
   * CAs' intermediates it ships (Firefox), or nothing (OpenSSL, curl, Python, Go, Java, Node, Android's own stack).
   */
  private static Verdict.Trust trust(ClientProfile c, Cert cert, boolean sni) {
    if (cert == null) {
      return new Verdict.Trust(null, "no certificate");
    }
    ClientProfile.Trust t = c.trust();
    NameRule rule = NameRules.of(c);
    String store = t == null ? null : t.store();
    String intermediates = t == null ? null : t.fetchesIntermediates() ? "aia" : t.preloadedIntermediates()
        ? "preloaded" : "none";
    Verdict.Trust v = switch (cert.trust()) {
      case TRUSTED -> nameCheck(cert, rule, sni);
      case PRIVATE -> nameCheck(cert, rule, sni).ok() ? new Verdict.Trust(true, "trusted only with the CA given with"
          + " --ca-file (" + (cert.trustDetail() == null ? "a private CA" : cert.trustDetail()) + "): every client"
          + " must be configured with it") : nameCheck(cert, rule, sni);
      case INCOMPLETE_AIA -> "aia".equals(intermediates) ? nameCheck(cert, rule, sni)
          : "preloaded".equals(intermediates) ? preloaded(cert, rule, sni)
          : new Verdict.Trust(false, "the server does not send the intermediate certificate and this client does not"
              + " download it (AIA)");
      case INCOMPLETE_AIA_PRIVATE -> "aia".equals(intermediates) ? nameCheck(cert, rule, sni)
          : new Verdict.Trust(false, "the server does not send the intermediate certificate, which leads to a private"
              + " CA: this client does not download it (AIA)" + ("preloaded".equals(intermediates) ? " and only ships"
              + " the public CAs' intermediates" : ""));
      case INCOMPLETE -> new Verdict.Trust(false, "the server does not send the intermediate certificate"
          + (cert.trustDetail() == null ? "" : ": " + cert.trustDetail()));
      case UNTRUSTED -> new Verdict.Trust(false, "the chain does not lead to a root in the "
          + (store == null ? "client's" : store) + " store" + (cert.trustDetail() == null ? "" : ": "
          + cert.trustDetail()));
      case EXPIRED -> new Verdict.Trust(false, "the certificate has expired" + detail(cert));
      case NOT_YET_VALID -> new Verdict.Trust(false, "the certificate is not yet valid" + detail(cert));
      case UNKNOWN -> Boolean.FALSE.equals(cert.nameMatches(rule)) ? nameCheck(cert, rule, sni)
          : new Verdict.Trust(null, cert.trustDetail() == null ? "not judged" : cert.trustDetail());
    };
    // a store without the root refuses what the others accept, and what is not judged offline (a configuration)
    if (!Boolean.FALSE.equals(v.ok()) && cert.trust() != ServerOffer.Trust.PRIVATE) {
      Optional<RootStores.Root> lacking = RootStores.lacking(cert.root(), c.id());
      if (lacking.isPresent()) {
        v = new Verdict.Trust(false, "the chain leads to " + lacking.get().name() + ", a root this client's store"
            + " does not hold (it is in " + lacking.get().since() + ")");
      }
    }
    return new Verdict.Trust(v.ok(), v.reason(), store, intermediates);
  }

  /** A client with preloaded intermediates: a public CA's intermediate (the AIA one led to a public root) is known. */
  private static Verdict.Trust preloaded(Cert cert, NameRule rule, boolean sni) {
    Verdict.Trust named = nameCheck(cert, rule, sni);
    return !Boolean.TRUE.equals(named.ok()) ? named : new Verdict.Trust(true, "the server does not send the"
        + " intermediate certificate; the client completes the chain with the public CAs' intermediates it ships"
        + " (it does not download it)");
  }

  private static String detail(Cert cert) {
    return cert.trustDetail() == null ? "" : " (" + cert.trustDetail() + ")";
  }

  private static Verdict.Trust nameCheck(Cert cert, NameRule rule, boolean sni) {
    if (Boolean.FALSE.equals(cert.nameMatches(rule))) {
      return new Verdict.Trust(false, "the certificate does not cover the name asked for"
          + (sni ? "" : " (the client sends no server name and gets the default certificate)"));
    }
    return new Verdict.Trust(true, null);
  }

  private static FailureClass trustClass(Cert cert, Verdict.Trust t) {
    if (cert.trust() == ServerOffer.Trust.EXPIRED || cert.trust() == ServerOffer.Trust.NOT_YET_VALID) {
      return FailureClass.CERTIFICATE_EXPIRED;
    }
    return t.reason() != null && t.reason().startsWith("the certificate does not cover")
        ? FailureClass.CERTIFICATE_NAME_MISMATCH : FailureClass.CERTIFICATE_UNTRUSTED;
  }

  /** The first of {@code preferred} that {@code other} has: server order or client order. */
  private static <T> T pick(List<T> client, List<T> server, boolean serverOrder) {
    List<T> first = serverOrder ? server : client;
    List<T> second = serverOrder ? client : server;
    for (T t : first) {
      if (second.contains(t)) {
        return t;
      }
    }
    return null;
  }

  static boolean elliptic(NamedGroup g) {
    return g.kind() == NamedGroup.Kind.EC_PRIME || g.kind() == NamedGroup.Kind.MONTGOMERY
        || g.kind() == NamedGroup.Kind.EC_BINARY;
  }

  private static String names(List<CipherSuite> l) {
    return l.isEmpty() ? "none" : String.join(", ", l.stream().map(CipherSuite::name).toList());
  }

  /** A suite list in a few words: its size and its first suites. */
  private static String describe(List<CipherSuite> l) {
    if (l.isEmpty()) {
      return "none";
    }
    List<String> n = l.stream().limit(3).map(CipherSuite::opensslName).map(x -> x == null ? "?" : x).toList();
    return l.size() + " suite" + (l.size() == 1 ? "" : "s") + " (" + String.join(", ", n)
        + (l.size() > 3 ? ", ..." : "") + ")";
  }

  private static String groupNames(List<NamedGroup> l) {
    return l.isEmpty() ? "none" : String.join(", ", l.stream().map(Simulator::name).toList());
  }

  private static String name(NamedGroup g) {
    return g == null ? "unknown" : g.name();
  }

  private static String certNames(ServerOffer o) {
    return o.certificates().isEmpty() ? "no certificate" : String.join(" and ",
        o.certificates().stream().map(c -> c.keyType() + (c.curve() == null ? " " + c.keyBits() : " " + name(c.curve()))
            + " certificate").toList());
  }

  static Optional<CipherSuite> suite(String name) {
    return CipherSuite.forIanaName(name).or(() -> CipherSuite.forOpensslName(name));
  }
}
