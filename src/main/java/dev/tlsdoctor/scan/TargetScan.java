package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.Authentication;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.Tls12Client;
import dev.tlsdoctor.tls.TlsDecodeException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The scan of one target: the probes in order, each after what it depends on, everything learnt kept so that a
 * deadline still leaves a partial profile.
 */
final class TargetScan {
  /** A name no server is configured for, to see what a server does with a name it does not know. */
  static final String WRONG_NAME = "no-such-name.tlsdoctor.invalid";
  /** What nginx answers a request without a client certificate under {@code ssl_verify_client on}. */
  static final String NGINX_NO_CERT = "No required SSL certificate was sent";

  /**
   * Signature schemes (JDK names) that make a TLS 1.3 server present its ECDSA, RSA, EdDSA certificate: that type's
   * schemes first, the others after them, as the JDK applies the same list to the signatures inside the chain (an
   * RSA leaf signed by an ECDSA CA).
   */
  private static final List<String[]> TLS13_KEY_TYPES = List.of(
      new String[] {"ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512"},
      new String[] {"rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
          "rsa_pss_pss_sha256", "rsa_pss_pss_sha384", "rsa_pss_pss_sha512", "rsa_pkcs1_sha256", "rsa_pkcs1_sha384",
          "rsa_pkcs1_sha512", "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512"},
      new String[] {"ed25519", "ed448", "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384",
          "rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"});

  private final Target target;
  private final ScanOptions options;
  private final Supplier<CertificateChecks> checks;
  private final AiaFetch aia;
  /**
   * A name's probe on a socket whose default server is scanned in full: only what a server name changes in nginx
   * (the certificates and the client certificate request), after the versions needed to ask for them.
   */
  private final boolean nameOnly;
  private final long start = System.nanoTime();
  private Connector connector;

  private String ip;
  private boolean speaksTls;
  private String plaintext;
  private String error;
  private final Map<ProtocolVersion, ProtocolProbe.Result> protocols = new LinkedHashMap<>();
  private final Map<ProtocolVersion, SuiteProbe.Result> suites = new LinkedHashMap<>();
  private List<NamedGroup> groups;
  private Integer dhBits;
  private final List<ServerProfile.Chain> chains = new ArrayList<>();
  private ServerProfile.ClientAuth clientAuth;
  private ServerProfile.Sni sni;
  private ServerProfile.Alpn alpn;
  private Boolean ocsp;
  private Boolean renegotiation;
  private Boolean fallback;
  /**
   * The weaknesses probed (Heartbleed, the early ChangeCipherSpec, compression, ROBOT, POODLE against TLS, HSTS,
   * early data) and the session resumption found, by id.
   */
  private final Map<String, ServerProfile.Check> probed = new java.util.concurrent.ConcurrentHashMap<>();

  /** Why the JDK's TLS 1.3 handshakes that read the certificates failed, when all of them did. */
  private volatile List<String> tls13Failures;

  TargetScan(Target target, ScanOptions options, Supplier<CertificateChecks> checks) {
    this(target, options, checks, false);
  }

  TargetScan(Target target, ScanOptions options, Supplier<CertificateChecks> checks, boolean nameOnly) {
    this.target = target;
    this.options = options;
    this.checks = checks;
    this.nameOnly = nameOnly;
    this.aia = new AiaFetch(options.aiaFetch(), options.aiaAddresses(), () -> connector.remaining());
  }

  ServerProfile run() {
    try {
      InetAddress address = Resolver.resolve(target.host(), Connector.min(options.connectTimeout(),
          options.timeout()));
      ip = ipText(address);
      // the deadline counts from the start of this target's scan, name resolution included
      connector = new Connector(address, target.port(), start + options.timeout().toNanos(),
          options.connectTimeout(), options.readTimeout(), options.connectionsPerTarget());
      try {
        probe();
      } finally {
        connector.close();
      }
    } catch (UnknownHostException e) {
      error = e.getMessage() != null && e.getMessage().startsWith("no answer") ? "cannot resolve " + target.host()
          + ": " + e.getMessage() : "cannot resolve " + target.host();
    } catch (Connector.DeadlineExceeded e) {
      error = String.format(java.util.Locale.ROOT, "the deadline of %.1f s passed; the results are partial",
          options.timeout().toMillis() / 1000.0);
    } catch (Connector.ConnectFailed e) {
      error = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    return profile();
  }

  /**
   * Detection, then every version at once, then everything else at once: each probe needs only the versions, so the
   * round trips in sequence are those of the longest probe, not the sum of all.
   */
  private void probe() throws InterruptedException {
    TlsDetection.Result d = TlsDetection.run(connector, target.sni());
    speaksTls = d.speaksTls();
    if (!speaksTls) {
      plaintext = d.plaintext();
      error = "not TLS: " + d.reason();
      return;
    }
    try (ExecutorService early = Tasks.perTask()) {
      probe(nameOnly ? Early.NONE : Early.start(early, connector, d.chosen(), target.sni()));
    }
  }

  /**
   * The probes the detection's answer already calls for, started beside the versions' probes rather than after them:
   * the suites of TLS 1.3 and 1.2 (the enumeration takes the most round trips in sequence), the HSTS check and TLS
   * 1.3 resumption (handshakes that take the most processor time). Each is used only when the versions' probes
   * confirm what it assumed; TLS 1.2 is assumed from a server that picked TLS 1.3, as nearly all do.
   */
  private record Early(Map<ProtocolVersion, Future<SuiteProbe.Result>> suites, String hstsProtocol,
                       Future<ServerProfile.Check> hsts, Future<List<ServerProfile.Check>> resumption13) {
    static final Early NONE = new Early(Map.of(), null, null, null);

    static Early start(ExecutorService pool, Connector c, ProtocolVersion chosen, String sni) {
      if (chosen != ProtocolVersion.TLSv1_3 && chosen != ProtocolVersion.TLSv1_2) {
        return NONE;
      }
      Map<ProtocolVersion, Future<SuiteProbe.Result>> suites = new LinkedHashMap<>();
      for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1_3, ProtocolVersion.TLSv1_2)) {
        if (chosen.isAtLeast(v)) {
          suites.put(v, pool.submit(() -> SuiteProbe.run(c, v, sni)));
        }
      }
      String best = chosen.opensslName();
      return new Early(suites, best, pool.submit(() -> HttpProbe.hsts(c, best, sni)),
          chosen == ProtocolVersion.TLSv1_3 ? pool.submit(() -> SessionProbe.tls13(c, sni)) : null);
    }
  }

  private void probe(Early head) throws InterruptedException {
    try (ExecutorService pool = Tasks.perTask()) {
      List<Future<ProtocolProbe.Result>> fs = new ArrayList<>();
      for (ProtocolVersion v : ProtocolVersion.values()) {
        fs.add(pool.submit(() -> {
          ProtocolProbe.Result r = ProtocolProbe.run(connector, v, target.sni());
          if (r.accepted()) {
            // a server that completes a hello gets the probes that follow: connect them ahead of need
            connector.keepWarm(Math.max(1, options.connectionsPerTarget() / 2));
          }
          return r;
        }));
      }
      for (Future<ProtocolProbe.Result> f : fs) {
        ProtocolProbe.Result r = Tasks.get(f);
        protocols.put(r.version(), r);
      }
    }
    if (neverAnswered()) {
      // what it accepts is unknown, not "nothing": no verdict on versions, no further probes that would only wait
      error = String.format(java.util.Locale.ROOT, "no complete answer: every TLS hello timed out after %.1f s"
          + " (the server sent nothing, or too little too slowly)", options.readTimeout().toMillis() / 1000.0);
      return;
    }
    if (target.sni() == null && protocols.values().stream().noneMatch(ProtocolProbe.Result::accepted)
        && protocols.values().stream().anyMatch(r -> r.reason() != null && r.reason().isAlert(112))) {
      // refused for want of a name, not for the versions: what they are is unknown without one
      error = "every hello without SNI was refused with unrecognized_name(112) (nginx: ssl_reject_handshake on):"
          + " what the server accepts with a name is unknown; give the name with --sni NAME";
      return;
    }
    ProtocolVersion legacy = bestLegacy();
    if (nameOnly) {
      try (ExecutorService pool = Tasks.perTask()) {
        Future<?> certs = pool.submit(() -> {
          certificates(pool, legacy);
          return null;
        });
        Future<?> auth = pool.submit(task(() -> clientAuth(legacy)));
        Tasks.get(certs);
        Tasks.get(auth);
      }
      return;
    }
    try (ExecutorService pool = Tasks.perTask()) {
      List<Future<?>> fs = new ArrayList<>();
      Map<ProtocolVersion, Future<SuiteProbe.Result>> ss = new LinkedHashMap<>();
      for (ProtocolVersion v : ProtocolVersion.values()) {
        if (v.isAtLeast(ProtocolVersion.SSLv3) && accepted(v)) {
          Future<SuiteProbe.Result> started = head.suites().get(v);
          ss.put(v, started != null ? started : pool.submit(() -> SuiteProbe.run(connector, v, target.sni())));
        }
      }
      Future<GroupProbe.Groups> g13 = pool.submit(() -> accepted(ProtocolVersion.TLSv1_3)
          ? GroupProbe.tls13(connector, target.sni()) : GroupProbe.Groups.NONE);
      Future<GroupProbe.Groups> g12 = pool.submit(() -> legacy != null
          ? GroupProbe.legacy(connector, legacy, target.sni()) : GroupProbe.Groups.NONE);
      Future<Integer> dh = pool.submit(() -> legacy != null ? GroupProbe.dhBits(connector, legacy, target.sni())
          : null);
      fs.add(pool.submit(() -> {
        certificates(pool, legacy);
        return null;
      }));
      fs.add(pool.submit(() -> {
        sniCheck(pool);
        return null;
      }));
      fs.add(pool.submit(task(() -> clientAuth(legacy))));
      if (legacy != null) {
        List<CipherSuite> all = ScanHellos.candidates(legacy);
        fs.add(pool.submit(() -> alpn = ExtrasProbe.alpn(connector, legacy, all, target.sni())));
        fs.add(pool.submit(task(() -> ocsp = ExtrasProbe.ocspStapling(connector, legacy, all, target.sni()))));
        renegotiation = ExtrasProbe.secureRenegotiation(protocols.get(legacy).flight());
        fs.add(pool.submit(task(() -> probed.put("heartbleed", WeaknessProbe.heartbleed(connector, legacy,
            target.sni())))));
        fs.add(pool.submit(task(() -> probed.put("ccs-injection", WeaknessProbe.earlyCcs(connector, legacy,
            target.sni())))));
        fs.add(pool.submit(task(() -> probed.put("compression", WeaknessProbe.compression(connector, legacy,
            target.sni())))));
        if (legacy.isAtLeast(ProtocolVersion.TLSv1)) {
          fs.add(pool.submit(task(() -> probed.put("robot", uninterrupted(() -> PaddingProbe.robot(connector,
              legacy, target.sni()))))));
        }
        if (Tls12Client.speaks(legacy)) {
          // at the best version below TLS 1.3 the server accepts: TLS 1.0 or 1.1 when that is all it has
          fs.add(pool.submit(task(() -> probed.put("poodle-tls", PaddingProbe.poodleTls(connector, legacy,
              target.sni())))));
          fs.add(pool.submit(task(() -> uninterrupted(() -> SessionProbe.legacy(connector, legacy, target.sni()))
              .forEach(c -> probed.put(c.id(), c)))));
        } else {
          probed.put("poodle-tls", new ServerProfile.Check("poodle-tls", ServerProfile.Check.UNKNOWN, "tested at"
              + " TLS 1.0 to 1.2, which the server refuses (SSL 3.0 is POODLE itself)"));
        }
        ProtocolVersion lower = lowerThan(legacy);
        if (lower != null) {
          fs.add(pool.submit(task(() -> fallback = ExtrasProbe.fallbackScsv(connector, lower, target.sni()))));
        }
      } else {
        fs.add(pool.submit(() -> alpn = alpn13()));
        if (accepted(ProtocolVersion.TLSv1_3)) {
          fs.add(pool.submit(task(() -> ocsp = ExtrasProbe.ocspStapling13(connector, target.sni()).stapled())));
        }
      }
      Future<List<ServerProfile.Check>> resumption13 = !accepted(ProtocolVersion.TLSv1_3) ? null
          : head.resumption13() != null ? head.resumption13()
          : pool.submit(() -> SessionProbe.tls13(connector, target.sni()));
      String best = accepted(ProtocolVersion.TLSv1_3) ? "TLSv1.3" : legacy == ProtocolVersion.TLSv1_2 ? "TLSv1.2"
          : null;
      Future<ServerProfile.Check> hsts = best == null ? null : best.equals(head.hstsProtocol()) ? head.hsts()
          : pool.submit(() -> HttpProbe.hsts(connector, best, target.sni()));
      for (Map.Entry<ProtocolVersion, Future<SuiteProbe.Result>> e : ss.entrySet()) {
        suites.put(e.getKey(), Tasks.get(e.getValue()));
      }
      GroupProbe.Groups tls13 = Tasks.get(g13);
      GroupProbe.Groups tls12 = Tasks.get(g12);
      List<NamedGroup> all = new ArrayList<>(tls13.groups());
      tls12.groups().stream().filter(g -> !all.contains(g)).forEach(all::add);
      groups = List.copyOf(all);
      dhBits = Tasks.get(dh);
      for (Future<?> f : fs) {
        Tasks.get(f);
      }
      if (resumption13 != null) {
        Tasks.get(resumption13).forEach(c -> probed.put(c.id(), c));
      }
      if (hsts != null) {
        probed.put("hsts", Tasks.get(hsts));
      }
    }
  }

  /** What a probe that waits for probes of its own answers; interrupted, the scan of this target stops. */
  private interface Waiting<T> {
    T get() throws InterruptedException;
  }

  private static <T> T uninterrupted(Waiting<T> w) {
    try {
      return w.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Connector.DeadlineExceeded("interrupted");
    }
  }

  private static Callable<Void> task(Runnable r) {
    return () -> {
      r.run();
      return null;
    };
  }

  /** True when no version was accepted and every TLS hello (SSL 3.0 and later) ended in a timeout. */
  private boolean neverAnswered() {
    return protocols.values().stream().noneMatch(ProtocolProbe.Result::accepted)
        && protocols.values().stream().filter(r -> r.version().isAtLeast(ProtocolVersion.SSLv3))
            .allMatch(r -> r.reason() != null && r.reason().kind().equals("timeout"));
  }

  private boolean accepted(ProtocolVersion v) {
    ProtocolProbe.Result r = protocols.get(v);
    return r != null && r.accepted();
  }

  /** The best version below TLS 1.3 the server accepts (SSL 3.0 to TLS 1.2), whose flights are in the clear. */
  private ProtocolVersion bestLegacy() {
    for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1,
        ProtocolVersion.SSLv3)) {
      if (accepted(v)) {
        return v;
      }
    }
    return null;
  }

  private ProtocolVersion lowerThan(ProtocolVersion v) {
    for (ProtocolVersion w : List.of(ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1, ProtocolVersion.SSLv3)) {
      if (w.compareTo(v) < 0 && accepted(w)) {
        return w;
      }
    }
    return null;
  }

  /**
   * One chain per key type (TLS 1.2 and below: the suites of each type offered at once); the JDK's handshake, once
   * per key type, for TLS 1.3 only.
   */
  private void certificates(ExecutorService pool, ProtocolVersion legacy) throws InterruptedException {
    List<Future<ServerProfile.Chain>> fs = new ArrayList<>();
    if (legacy != null) {
      for (Authentication a : List.of(Authentication.ECDSA, Authentication.RSA, Authentication.DSS)) {
        List<CipherSuite> withKey = ScanHellos.candidates(legacy).stream().filter(s -> s.authentication() == a)
            .toList();
        fs.add(pool.submit(() -> {
          ServerFlight f = connector.exchange(ScanHellos.legacy(legacy, withKey, target.sni()).build().toRecords());
          if (f.serverHello().isEmpty() || f.version().filter(legacy::equals).isEmpty()) {
            return null;
          }
          String via = legacy.opensslName() + " " + a + " suites" + forName();
          Served served = Served.of(f);
          return served.malformed() != null ? malformed(via, served.malformed())
              : served.chain().isEmpty() ? null : chain(via, served.chain());
        }));
      }
    } else if (accepted(ProtocolVersion.TLSv1_3)) {
      // the certificate follows the signature schemes offered: ask for each key type
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (String[] schemes : TLS13_KEY_TYPES) {
        fs.add(pool.submit(() -> {
          JdkHandshake.Result r = JdkHandshake.withSignatureSchemes(connector, "TLSv1.3", target.sni(), schemes);
          if (r.chain().isEmpty() && r.failure() != null) {
            failures.add(r.failure());
          }
          return r.chain().isEmpty() ? null : chain("TLSv1.3 handshake ("
              + CertificateInfo.keyType(r.chain().get(0).getPublicKey()) + ")" + forName(), r.chain());
        }));
      }
      tls13Failures = failures;
    }
    List<ServerProfile.Chain> found = new ArrayList<>();
    List<String> leaves = new ArrayList<>();
    for (Future<ServerProfile.Chain> f : fs) {
      ServerProfile.Chain c = Tasks.get(f);
      if (c != null && !leaves.contains(leafKey(c))) {
        leaves.add(leafKey(c));
        found.add(c);
      }
    }
    if (found.isEmpty() && tls13Failures != null && !tls13Failures.isEmpty()) {
      // the server took the TLS 1.3 hello, then no handshake completed: what clients meet, and no certificate read
      found.add(new ServerProfile.Chain("TLSv1.3 handshake", List.of(), List.of(new CertificateChecks.Problem(
          "handshake-incomplete", "TLS 1.3 is accepted, but no complete handshake was possible ("
              + tls13Failures.get(0) + "); the certificate could not be read")), null));
    }
    synchronized (chains) {
      chains.addAll(found);
    }
  }

  /** For a name's probe, which name the chain was served for. */
  private String forName() {
    return nameOnly ? " for " + target.sni() : "";
  }

  private static String leafKey(ServerProfile.Chain c) {
    return c.certificates().isEmpty() ? "malformed: " + c.problems() : c.certificates().get(0).sha256();
  }

  /**
   * The certificates of a server's Certificate message, or why they cannot be decoded: bytes that are not X.509 are
   * something the server sent, so a finding about it, never a failure of the scan.
   */
  record Served(List<X509Certificate> chain, String malformed) {
    static Served of(ServerFlight f) {
      try {
        // no P-256 warm-up for an ECDSA chain here: its three operations on a thread of their own cost a scan more
        // processor time than the chain's checks save by finding the tables ready (0.72 s against 0.81 s a scan)
        return new Served(f.certificate().map(m -> m.x509()).orElse(List.of()), null);
      } catch (TlsDecodeException e) {
        return new Served(List.of(), e.getMessage().lines().findFirst().orElse("not X.509"));
      }
    }
  }

  /** The chain of a server whose certificate cannot be decoded: no certificates, one problem that says why. */
  private static ServerProfile.Chain malformed(String via, String why) {
    return new ServerProfile.Chain(via, List.of(), List.of(new CertificateChecks.Problem("malformed-certificate",
        "the server sent a certificate that cannot be decoded: " + why)), null);
  }

  private ServerProfile.Chain chain(String via, List<X509Certificate> chain) {
    String name = target.sni() != null ? target.sni() : target.host();
    return checks.get().judge(via, chain, name, Instant.now(), aia);
  }

  /** The leaf served for {@code name} (null: no SNI), or why there is none. */
  private record Leaf(X509Certificate cert, String refusal) {
  }

  private Leaf leaf(String name) {
    ProtocolVersion legacy = bestLegacy();
    if (legacy != null) {
      ServerFlight f = connector.exchange(ScanHellos.broad(legacy, name));
      Served served = Served.of(f);
      if (served.malformed() != null) {
        return new Leaf(null, "malformed certificate: " + served.malformed());
      }
      return served.chain().isEmpty() ? new Leaf(null, Reason.of(f).toString()) : new Leaf(served.chain().get(0),
          null);
    }
    ServerFlight f = connector.exchange(ScanHellos.broad(ProtocolVersion.TLSv1_3, name));
    if (!f.isComplete()) {
      return new Leaf(null, Reason.of(f).toString());
    }
    JdkHandshake.Result r = JdkHandshake.run(connector, "TLSv1.3", name, false);
    return r.chain().isEmpty() ? new Leaf(null, "JDK handshake failed: " + r.failure()) : new Leaf(r.chain().get(0),
        null);
  }

  private void sniCheck(ExecutorService pool) throws InterruptedException {
    if (target.sni() == null) {
      sni = new ServerProfile.Sni(null, null, null, "not tested: no name to send (give --sni)", null);
      return;
    }
    Future<Leaf> withName = pool.submit(() -> leaf(target.sni()));
    Future<Leaf> withoutName = pool.submit(() -> leaf(null));
    Future<Leaf> wrongName = pool.submit(() -> leaf(WRONG_NAME));
    Leaf with = Tasks.get(withName);
    Leaf without = Tasks.get(withoutName);
    Leaf wrong = Tasks.get(wrongName);
    Boolean differs = with.cert() == null || without.cert() == null ? null : !with.cert().equals(without.cert());
    sni = new ServerProfile.Sni(target.sni(), without.cert() == null, differs, describe(with, without),
        describe(with, wrong));
  }

  private static String describe(Leaf with, Leaf other) {
    if (other.cert() == null) {
      return "refused: " + other.refusal();
    }
    if (with.cert() == null) {
      return "accepted";
    }
    return with.cert().equals(other.cert()) ? "same certificate" : "different certificate: "
        + other.cert().getSubjectX500Principal().getName();
  }

  private void clientAuth(ProtocolVersion legacy) {
    if (legacy != null && protocols.get(legacy).flight().certificateRequest().isEmpty()) {
      // in the clear below TLS 1.3: a server that asks for no certificate at TLS 1.2 asks for none at all
      clientAuth = new ServerProfile.ClientAuth("none", List.of(), null);
      return;
    }
    String protocol = legacy == ProtocolVersion.TLSv1_2 ? "TLSv1.2" : accepted(ProtocolVersion.TLSv1_3)
        ? "TLSv1.3" : null;
    if (protocol == null) {
      clientAuth = new ServerProfile.ClientAuth("unknown", List.of(), "needs TLS 1.2 or 1.3");
      return;
    }
    JdkHandshake.Result r = JdkHandshake.run(connector, protocol, target.sni(), true);
    List<String> cas = r.acceptedIssuers().stream().map(p -> p.getName()).toList();
    if (!r.certificateRequested()) {
      clientAuth = r.failure() == null ? new ServerProfile.ClientAuth("none", List.of(), null)
          : new ServerProfile.ClientAuth("unknown", List.of(), "handshake failed: " + r.failure());
      return;
    }
    // asked, and we sent none: a server that insists fails the handshake (TLS 1.2), alerts right after it (TLS 1.3)
    // or, nginx, answers the request with 400 "No required SSL certificate was sent"
    String after = r.afterHandshake();
    if (r.failure() != null) {
      clientAuth = new ServerProfile.ClientAuth("required", cas, "without a certificate: " + r.failure());
    } else if (after.contains(NGINX_NO_CERT)) {
      clientAuth = new ServerProfile.ClientAuth("required", cas, "without a certificate: "
          + after.lines().findFirst().orElse("") + " (" + NGINX_NO_CERT + ")");
    } else if (!after.startsWith("HTTP/") && !after.equals("quiet")) {
      clientAuth = new ServerProfile.ClientAuth("required", cas, "without a certificate: "
          + after.lines().findFirst().orElse(""));
    } else {
      clientAuth = new ServerProfile.ClientAuth("optional", cas, null);
    }
  }

  private ServerProfile.Alpn alpn13() throws InterruptedException {
    // the selected protocol is in the encrypted extensions: the JDK's handshake reads it, one per protocol
    List<String> protos = List.of("h2", "http/1.1");
    List<JdkHandshake.Result> results = new ArrayList<>();
    try (ExecutorService pool = Tasks.perTask()) {
      List<Future<JdkHandshake.Result>> fs = new ArrayList<>();
      for (String proto : protos) {
        fs.add(pool.submit(() -> JdkHandshake.alpn(connector, "TLSv1.3", target.sni(), proto)));
      }
      for (Future<JdkHandshake.Result> f : fs) {
        results.add(Tasks.get(f));
      }
    }
    List<String> ok = new ArrayList<>();
    String reason = null;
    for (int i = 0; i < protos.size(); i++) {
      JdkHandshake.Result r = results.get(i);
      if (protos.get(i).equals(r.applicationProtocol())) {
        ok.add(protos.get(i));
      } else {
        reason = r.failure() != null ? r.failure() : "the server ignored ALPN";
      }
    }
    return new ServerProfile.Alpn(List.copyOf(ok), ok.isEmpty() ? reason : null);
  }

  private ServerProfile profile() {
    Map<ProtocolVersion, Boolean> protos = new LinkedHashMap<>();
    Map<ProtocolVersion, String> reasons = new LinkedHashMap<>();
    Map<ProtocolVersion, List<ServerProfile.Suite>> suiteMap = new LinkedHashMap<>();
    Map<ProtocolVersion, Boolean> preference = new LinkedHashMap<>();
    for (ProtocolVersion v : ProtocolVersion.values()) {
      ProtocolProbe.Result r = protocols.get(v);
      if (r != null) {
        protos.put(v, r.accepted());
        if (!r.accepted()) {
          reasons.put(v, r.reason().toString());
        }
      }
      SuiteProbe.Result s = suites.get(v);
      if (s != null) {
        suiteMap.put(v, s.suites().stream().map(ServerProfile.Suite::of).toList());
        preference.put(v, s.serverPreference());
      }
    }
    List<ServerProfile.Chain> cs;
    synchronized (chains) {
      cs = List.copyOf(chains);
    }
    List<String> problems = cs.stream().flatMap(c -> c.problems().stream()).map(CertificateChecks.Problem::id)
        .distinct().toList();
    ServerProfile.Sni sniResult = sni != null ? sni : new ServerProfile.Sni(target.sni(), null, null, null, null);
    String label = nameOnly ? target.display() + " (" + target.sni() + ")" : target.display();
    ServerProfile partial = new ServerProfile(label, ip, target.port(), sniResult, speaksTls, plaintext,
        error, protos, reasons, suiteMap, preference,
        groups == null ? null : groups.stream().map(TargetScan::groupName).toList(), dhBits, cs, problems,
        clientAuth, alpn, ocsp, renegotiation, fallback, checksFound(), null, List.of(), List.of(),
        connector == null ? 0 : connector.connections(), (System.nanoTime() - start) / 1_000_000);
    ServerProfile p = Findings.withFindings(partial);
    if (!nameOnly) {
      return p;
    }
    // the socket's own scan reports what the name does not change (versions, suites, weaknesses): the name's
    // certificates, its client certificate request, and an incomplete probe
    List<dev.tlsdoctor.finding.Finding> own = p.findings().stream().filter(f -> problems.contains(f.id())
        || f.id().equals("client-certificate-required") || f.id().equals("scan-incomplete")
        || f.id().equals("not-tls")).toList();
    return new ServerProfile(p.target(), p.ip(), p.port(), p.sni(), p.speaksTls(), p.plaintext(), p.error(),
        p.protocols(), p.protocolReasons(), p.cipherSuites(), p.serverPreference(), p.groups(), p.dhBits(),
        p.certificates(), p.certificateProblems(), p.clientAuth(), p.alpn(), p.ocspStapling(),
        p.secureRenegotiation(), p.fallbackScsv(), p.checks(), null, List.of(), own, p.connections(), p.millis());
  }

  /** The probed checks in a fixed order (null before any probe ran). */
  private List<ServerProfile.Check> checksFound() {
    if (!speaksTls || protocols.isEmpty() || nameOnly) {
      return null;
    }
    List<ServerProfile.Check> out = new ArrayList<>();
    for (String id : List.of("heartbleed", "ccs-injection", "compression", "robot", "poodle-tls", "hsts",
        SessionProbe.ID, SessionProbe.TICKET, SessionProbe.TLS13, SessionProbe.EARLY_DATA)) {
      if (probed.containsKey(id)) {
        out.add(probed.get(id));
      }
    }
    return out;
  }

  /** The address as people write it: IPv6 in the short form of RFC 5952 ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
  static String ipText(InetAddress a) {
    if (!(a instanceof java.net.Inet6Address)) {
      return a.getHostAddress();
    }
    String[] parts = a.getHostAddress().replaceAll("%.*", "").split(":");
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < parts.length; ) {
      int j = i;
      while (j < parts.length && parts[j].equals("0")) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return String.join(":", parts);
    }
    return String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart)) + "::"
        + String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
  }

  private static String groupName(NamedGroup g) {
    return g.opensslName() != null ? g.opensslName() : g.name();
  }
}
