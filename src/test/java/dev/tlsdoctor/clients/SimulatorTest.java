package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulation on hand-made offers, each isolating one rule, with shipped profiles. */
class SimulatorTest {
  static final ServerOffer.Cert RSA = new ServerOffer.Cert("CN=a", "RSA", 2048, null, "SHA256withRSA", true,
      ServerOffer.Trust.TRUSTED, null);
  static final ServerOffer.Cert EC256 = new ServerOffer.Cert("CN=a", "ECDSA", 256, NamedGroup.SECP256R1,
      "SHA256withECDSA", true, ServerOffer.Trust.TRUSTED, null);

  static List<CipherSuite> suites(String... openssl) {
    return java.util.Arrays.stream(openssl).map(n -> CipherSuite.forOpensslName(n).orElseThrow()).toList();
  }

  static ServerOffer offer(EnumSet<ProtocolVersion> protocols, int level, List<CipherSuite> tls12, boolean pref,
      List<NamedGroup> groups, Integer dh, List<ServerOffer.Cert> certs, List<String> alpn) {
    Map<ProtocolVersion, List<CipherSuite>> m = new java.util.EnumMap<>(ProtocolVersion.class);
    for (ProtocolVersion v : protocols) {
      if (v != ProtocolVersion.TLSv1_3) {
        m.put(v, tls12.stream().filter(s -> s.minVersion().compareTo(v) <= 0).toList());
      }
    }
    return new ServerOffer("test", protocols, level, m, pref, suites("TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"), pref, groups, dh, certs, alpn, false, null,
        Map.of());
  }

  static Verdict run(String id, ServerOffer o) {
    return ClientSimulation.simulate(ClientDatabase.find(id).orElseThrow(), o);
  }

  @Test
  void p384Only_tls13ClientsGetAHelloRetryRequest_android70Fails() {
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3), 2,
        suites("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"), false, List.of(NamedGroup.SECP384R1),
        null, List.of(RSA), List.of("http/1.1"));
    Verdict chrome = run("chrome-current", o);
    assertThat(chrome.connects()).isTrue();
    assertThat(chrome.handshake()).isEqualTo(new Verdict.Handshake(true, "TLSv1.3", "TLS_AES_128_GCM_SHA256",
        "secp384r1", "RSA 2048", true, "http/1.1"));
    Verdict android = run("android-7.0", o);
    assertThat(android.connects()).isFalse();
    assertThat(android.clazz()).isEqualTo("key-share-mismatch");
    assertThat(android.reason()).isEqualTo("no curve in common for ECDHE: the client offers secp256r1, the server"
        + " secp384r1");
  }

  @Test
  void serverPreference_takesTheServersFirstSuite_clientOrderOtherwise() {
    List<CipherSuite> list = suites("ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256");
    ServerOffer server = offer(EnumSet.of(ProtocolVersion.TLSv1_2), 2, list, true, List.of(NamedGroup.X25519), null,
        List.of(RSA), List.of());
    ServerOffer client = offer(EnumSet.of(ProtocolVersion.TLSv1_2), 2, list, false, List.of(NamedGroup.X25519), null,
        List.of(RSA), List.of());
    assertThat(run("java-17", server).handshake().cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    // Chrome lists AES-128-GCM first
    assertThat(run("chrome-current", client).handshake().cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(run("chrome-current", server).handshake().cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  }

  @Test
  void java6_cannotUseA2048BitDhGroup() {
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_2), 0,
        suites("DHE-RSA-AES128-SHA"), false, List.of(NamedGroup.X25519), 2048, List.of(RSA), List.of());
    Verdict v = run("java-6u45", o);
    assertThat(v.clazz()).isEqualTo("weak-key-or-parameters");
    assertThat(v.reason()).isEqualTo("the client cannot use the server's 2048-bit DH group (at most 1024 bits)");
    assertThat(v.handshake().protocol()).isEqualTo("TLSv1");
  }

  @Test
  void tls10AtSecurityLevel1_theServerAnswersInternalError() {
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_2), 1, suites("AES128-SHA"),
        false, List.of(NamedGroup.X25519), null, List.of(RSA), List.of());
    Verdict v = run("java-7u25", o);
    assertThat(v.clazz()).isEqualTo("internal-error-alert");
    assertThat(run("java-8u161", o).handshake().protocol()).isEqualTo("TLSv1.2");
  }

  @Test
  void h2WithACbcSuite_browsersFail_curlConnects() {
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1_2), 2, suites("ECDHE-RSA-AES128-SHA"), false,
        List.of(NamedGroup.X25519), null, List.of(RSA), List.of("h2", "http/1.1"));
    Verdict chrome = run("chrome-current", o);
    assertThat(chrome.clazz()).isEqualTo("alpn-mismatch");
    assertThat(chrome.handshake().cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    Verdict curl = run("curl-7.88-openssl", o);
    assertThat(curl.connects()).isTrue();
    assertThat(curl.handshake().alpn()).isEqualTo("h2");
  }

  @Test
  void incompleteChain_browsersFetchTheIntermediate_javaDoesNot() {
    ServerOffer.Cert aia = new ServerOffer.Cert("CN=a", "RSA", 2048, null, "SHA256withRSA", true,
        ServerOffer.Trust.INCOMPLETE_AIA, "intermediate missing");
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3), 2,
        suites("ECDHE-RSA-AES128-GCM-SHA256"), false, List.of(NamedGroup.X25519), null, List.of(aia), List.of());
    assertThat(run("chrome-current", o).connects()).isTrue();
    Verdict java = run("java-17", o);
    assertThat(java.connects()).isFalse();
    assertThat(java.clazz()).isEqualTo("certificate-untrusted");
    assertThat(java.handshake().ok()).isTrue();
  }

  @Test
  void chainToARootOldStoresLack_isRefusedByThem_only() {
    ServerOffer.Cert le = new ServerOffer.Cert("CN=a", "RSA", 2048, null, "SHA256withRSA", true,
        ServerOffer.Trust.TRUSTED, null, null, "CN=ISRG Root X1, O=Internet Security Research Group, C=US");
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3), 0,
        suites("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "AES128-SHA"), false,
        List.of(NamedGroup.X25519, NamedGroup.SECP256R1), null, List.of(le), List.of());
    Verdict android7 = run("android-7.0", o);
    assertThat(android7.handshake().ok()).isTrue();
    assertThat(android7.connects()).isFalse();
    assertThat(android7.clazz()).isEqualTo("certificate-untrusted");
    assertThat(android7.trust().reason()).isEqualTo("the chain leads to ISRG Root X1, a root this client's store does"
        + " not hold (it is in Android 7.1.1, Java 8u141 and 7u151, Firefox 50, iOS 10, macOS 10.12.1, Windows XP SP3"
        + " and later with automatic root updates)");
    Verdict java7 = run("java-7u80", o);
    assertThat(java7.handshake().protocol()).isEqualTo("TLSv1");
    assertThat(java7.clazz()).isEqualTo("certificate-untrusted");
    assertThat(run("android-8-9", o).connects()).isTrue();
    assertThat(run("java-8u161", o).connects()).isTrue();
    assertThat(run("firefox-52-esr-xp", o).trust().ok()).isTrue();
    // the same root given as a private CA (--ca-file): the user says the clients hold it
    ServerOffer.Cert given = new ServerOffer.Cert("CN=a", "RSA", 2048, null, "SHA256withRSA", true,
        ServerOffer.Trust.PRIVATE, "given", null, "CN=ISRG Root X1,O=Internet Security Research Group,C=US");
    ServerOffer p = offer(EnumSet.of(ProtocolVersion.TLSv1_2), 2, suites("ECDHE-RSA-AES128-GCM-SHA256"), false,
        List.of(NamedGroup.SECP256R1), null, List.of(given), List.of());
    assertThat(run("android-7.0", p).connects()).isTrue();
  }

  @Test
  void ecdsaCertificate_tls13ChoosesItBySignatureScheme_andIe8HasNoSuite() {
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3), 2,
        suites("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"), false, List.of(NamedGroup.X25519,
            NamedGroup.SECP256R1), null, List.of(RSA, EC256), List.of());
    assertThat(run("firefox-esr-current", o).handshake().certificate()).isEqualTo("ECDSA 256");
    assertThat(run("android-8-9", o).handshake().cipher()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    Verdict ie = run("ie-8-xp", o);
    assertThat(ie.clazz()).isEqualTo("protocol-version-mismatch");
    assertThat(ie.reason()).isEqualTo("the client speaks SSL 3.0-TLS 1.0, the server TLS 1.2-1.3");
  }

  @Test
  void noSniClient_getsTheDefaultServer() {
    ServerOffer def = new ServerOffer("default", EnumSet.of(ProtocolVersion.TLSv1_2), 2, Map.of(), false, List.of(),
        false, List.of(), null, List.of(RSA), List.of(), true, null, Map.of(ServerOffer.Aspect.REJECT,
            new ServerOffer.Source("/etc/nginx/nginx.conf", 12, "ssl_reject_handshake on")));
    ServerOffer named = offer(EnumSet.of(ProtocolVersion.TLSv1_2), 2, suites("AES128-SHA"), false, List.of(), null,
        List.of(RSA), List.of());
    ServerOffer o = new ServerOffer("a", named.protocols(), 2, named.suites(), false, List.of(), false, List.of(),
        null, List.of(RSA), List.of(), false, def, Map.of());
    Verdict ie = run("ie-8-xp", o);
    assertThat(ie.clazz()).isEqualTo("sni-rejected");
    assertThat(ie.blockedBy()).isEqualTo(new ServerOffer.Source("/etc/nginx/nginx.conf", 12,
        "ssl_reject_handshake on"));
  }
  /** A server (seen by a scan) whose TLS 1.2 suites no old client has, while TLS 1.0 offers one they all have. */
  static ServerOffer tls12SuitesOnlyNewClientsHave() {
    Map<ProtocolVersion, List<CipherSuite>> m = new java.util.EnumMap<>(ProtocolVersion.class);
    m.put(ProtocolVersion.TLSv1_2, suites("ECDHE-RSA-CHACHA20-POLY1305"));
    m.put(ProtocolVersion.TLSv1, suites("AES128-SHA"));
    return new ServerOffer("test", EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_2), -1, m, false,
        List.of(), false, List.of(NamedGroup.X25519, NamedGroup.SECP256R1), null, List.of(RSA), List.of(), false, null,
        Map.of());
  }

  @Test
  void fallback_ie11ConnectsOnlyAfterRetryingWithTls10_javaHasNoRetry_chrome49IsRefusedForItsScsv() {
    ServerOffer o = tls12SuitesOnlyNewClientsHave();
    Verdict ie = run("ie-11-win7", o);
    assertThat(ie.connects()).isTrue();
    assertThat(ie.handshake().protocol()).isEqualTo("TLSv1");
    assertThat(ie.handshake().cipher()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
    // the retry with TLS 1.1 as its highest version already negotiates TLS 1.0
    assertThat(ie.fallback().retries()).containsExactly("TLSv1.1");
    assertThat(ie.fallback().protocol()).isEqualTo("TLSv1");
    assertThat(ie.fallback().scsv()).isFalse();
    assertThat(ie.fallback().note()).startsWith("the first hello failed (").endsWith("the client connected only"
        + " after retrying with TLS 1.1 as its highest version");

    Verdict java = run("java-8u161", o);
    assertThat(java.connects()).isFalse();
    assertThat(java.fallback()).isNull();
    assertThat(java.handshake().ok()).isFalse();

    // Chrome 49 (no ChaCha20 at RFC 7905's code points) retries with TLS 1.1 and TLS_FALLBACK_SCSV: a server that
    // speaks TLS 1.2 refuses it
    Verdict chrome = run("chrome-49-xp", o);
    assertThat(chrome.connects()).isFalse();
    assertThat(chrome.fallback()).isEqualTo(new Verdict.Fallback(List.of("TLSv1.1"), null, true, "the retry with"
        + " TLS 1.1 and TLS_FALLBACK_SCSV is refused (inappropriate_fallback): the server speaks TLS 1.0-1.2"));
    assertThat(chrome.clazz()).isEqualTo(java.clazz());
    assertThat(chrome.reason()).startsWith("no TLS 1.2 suite in common: the client offers 13 suites");
  }

  @Test
  void fallback_notTriedWhenTheFirstHelloConnects_orForATrustFailure() {
    ServerOffer o = offer(EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_2), 0, suites("AES128-SHA"), false,
        List.of(NamedGroup.X25519), null, List.of(new ServerOffer.Cert("CN=a", "RSA", 2048, null, "SHA256withRSA",
            true, ServerOffer.Trust.UNTRUSTED, "self-signed")), List.of());
    Verdict ie = run("ie-11-win7", o);
    assertThat(ie.handshake().protocol()).isEqualTo("TLSv1.2");
    assertThat(ie.clazz()).isEqualTo("certificate-untrusted");
    assertThat(ie.fallback()).isNull();
    assertThat(ie.trust()).isEqualTo(new Verdict.Trust(false, "the chain does not lead to a root in the microsoft"
        + " store: self-signed", "microsoft", "aia"));
  }

  static ServerOffer withCert(ServerOffer.Trust trust, String detail) {
    return offer(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3), 2,
        suites("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA"), false, List.of(NamedGroup.X25519,
            NamedGroup.SECP256R1), null, List.of(new ServerOffer.Cert("CN=a", "RSA", 2048, null, "SHA256withRSA",
            true, trust, detail)), List.of());
  }

  @Test
  void incompleteChain_eachClientCompletesItItsOwnWay() {
    ServerOffer o = withCert(ServerOffer.Trust.INCOMPLETE_AIA, "intermediate missing");
    Verdict firefox = run("firefox-current", o);
    assertThat(firefox.connects()).isTrue();
    assertThat(firefox.trust().intermediates()).isEqualTo("preloaded");
    assertThat(firefox.trust().store()).isEqualTo("mozilla");
    assertThat(firefox.trust().reason()).contains("intermediates it ships");
    Verdict firefox52 = run("firefox-52-esr-xp", o);
    assertThat(firefox52.connects()).isFalse();
    assertThat(firefox52.clazz()).isEqualTo("certificate-untrusted");
    assertThat(firefox52.trust().reason()).isEqualTo("the server does not send the intermediate certificate and this"
        + " client does not download it (AIA)");
    assertThat(run("dotnet-8-linux", o).trust()).isEqualTo(new Verdict.Trust(true, null, "system", "aia"));
    assertThat(run("safari-ios-current", o).connects()).isTrue();
    for (String id : List.of("openssl-3.0", "curl-7.88-openssl", "python-3.11", "go-1.22", "java-21", "node-20",
        "android-13-16")) {
      assertThat(run(id, o).connects()).as(id).isFalse();
    }
    ServerOffer none = withCert(ServerOffer.Trust.INCOMPLETE, "no AIA URL");
    assertThat(ClientSimulation.against(none).stream().filter(Verdict::connects).map(Verdict::id).toList())
        .as("no client completes a chain without an AIA URL").isEmpty();
  }

  @Test
  void privateCa_untrustedByEveryClient_unlessGiven() {
    List<Verdict> untrusted = ClientSimulation.against(withCert(ServerOffer.Trust.UNTRUSTED, "private CA"));
    assertThat(untrusted.stream().filter(v -> v.handshake().ok() && v.connects()).map(Verdict::id).toList())
        .isEmpty();
    Verdict chrome = ClientSimulation.simulate(ClientDatabase.find("chrome-current").orElseThrow(),
        withCert(ServerOffer.Trust.PRIVATE, "the chain leads to CN=Test Root, a CA given with --ca-file"));
    assertThat(chrome.connects()).isTrue();
    assertThat(chrome.trust().ok()).isTrue();
    assertThat(chrome.trust().reason()).isEqualTo("trusted only with the CA given with --ca-file (the chain leads to"
        + " CN=Test Root, a CA given with --ca-file): every client must be configured with it");
  }
}
