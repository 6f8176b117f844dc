package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.ClientHello;
import dev.tlsdoctor.tls.Hex;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped client database: size, identity, provenance, and captured profiles that match their own hellos. */
class ClientDatabaseTest {
  static final Set<String> FAMILIES = Set.of("chrome", "firefox", "safari", "edge", "ie", "android", "java",
      "openssl", "libressl", "curl", "go", "python", "node", "dotnet", "schannel", "gnutls", "googlebot",
      "thunderbird", "apple-mail", "outlook");

  @Test
  void rootStores_nameExistingProfiles_andRootsOfTheJdkStore() throws Exception {
    Set<String> ids = new HashSet<>();
    ClientDatabase.all().forEach(p -> ids.add(p.id()));
    java.security.KeyStore ks = java.security.KeyStore.getInstance(java.nio.file.Path.of(System.getProperty(
        "java.home"), "lib", "security", "cacerts").toFile(), "changeit".toCharArray());
    Set<javax.security.auth.x500.X500Principal> jdkRoots = new HashSet<>();
    for (String alias : java.util.Collections.list(ks.aliases())) {
      jdkRoots.add(((java.security.cert.X509Certificate) ks.getCertificate(alias)).getSubjectX500Principal());
    }
    assertThat(RootStores.all()).isNotEmpty().allSatisfy(r -> {
      assertThat(ids).as(r.name()).containsAll(r.missing());
      assertThat(jdkRoots).as(r.name()).contains(r.subject());
      assertThat(r.source()).contains("https://");
    });
    assertThat(RootStores.lacking("CN=ISRG Root X1, O=Internet Security Research Group, C=US", "android-7.0"))
        .map(RootStores.Root::name).contains("ISRG Root X1");
    assertThat(RootStores.lacking("CN=ISRG Root X1,O=Internet Security Research Group,C=US", "android-8-9")).isEmpty();
    assertThat(RootStores.lacking("not a name ===", "android-7.0")).isEmpty();
    assertThat(RootStores.lacking(null, "android-7.0")).isEmpty();
  }

  @Test
  void database_hasAtLeast60ProfilesWithUniqueIdsAndKnownFamilies() {
    List<ClientProfile> all = ClientDatabase.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(60);
    Set<String> ids = new HashSet<>();
    for (ClientProfile p : all) {
      assertThat(ids.add(p.id())).as("duplicate id " + p.id()).isTrue();
      assertThat(FAMILIES).as(p.id()).contains(p.family());
      assertThat(p.versions()).as(p.id()).isNotEmpty();
      assertThat(p.trust()).as(p.id()).isNotNull();
    }
  }

  @Test
  void everyProfile_citesDatedSources() {
    for (ClientProfile p : ClientDatabase.all()) {
      assertThat(p.provenance().kind()).as(p.id()).isIn("captured", "documented");
      assertThat(p.provenance().sources()).as(p.id()).isNotEmpty();
      for (ClientProfile.Source s : p.provenance().sources()) {
        assertThat(s.date()).as(p.id() + " " + s.title()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(s.url()).as(p.id()).startsWith("https://");
      }
    }
  }

  @Test
  void capturedProfiles_areWhatTheirRecordedHelloOffers() {
    int captured = 0;
    for (ClientProfile p : ClientDatabase.all()) {
      if (!p.provenance().kind().equals("captured")) {
        continue;
      }
      captured++;
      ClientHello hello = ClientHello.parse(java.util.Arrays.copyOfRange(
          Hex.decode(p.provenance().capture().clientHello()), 4, Hex.decode(p.provenance().capture().clientHello())
              .length));
      ClientProfile again = ClientCapture.profile(p, hello, "", "");
      assertThat(again.protocols()).as(p.id()).isEqualTo(p.protocols());
      assertThat(again.cipherSuites()).as(p.id()).isEqualTo(p.cipherSuites());
      assertThat(again.tls13CipherSuites()).as(p.id()).isEqualTo(p.tls13CipherSuites());
      assertThat(again.groups()).as(p.id()).isEqualTo(p.groups());
      assertThat(again.keyShares()).as(p.id()).isEqualTo(p.keyShares());
      assertThat(again.signatureAlgorithms()).as(p.id()).isEqualTo(p.signatureAlgorithms());
      assertThat(again.alpn()).as(p.id()).isEqualTo(p.alpn());
    }
    assertThat(captured).isEqualTo(10);
  }
  @Test
  void documentedProfiles_sayWhatWasCheckedAgainstWhichSource() {
    int documented = 0;
    int checkedAgainstASource = 0;
    for (ClientProfile p : ClientDatabase.all()) {
      if (!p.provenance().kind().equals("documented")) {
        continue;
      }
      documented++;
      ClientProfile.Verification v = p.provenance().verification();
      assertThat(v).as(p.id()).isNotNull();
      assertThat(v.date()).as(p.id()).matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(v.checks()).as(p.id()).isNotEmpty();
      for (ClientProfile.Check c : v.checks()) {
        assertThat(c.result()).as(p.id()).isIn("verified", "corrected", "unverified");
        assertThat(c.fields()).as(p.id()).isNotEmpty();
        assertThat(c.note()).as(p.id() + " " + c.fields()).isNotBlank();
        if (!c.result().equals("unverified")) {
          assertThat(c.source()).as(p.id() + " " + c.fields()).startsWith("https://");
        }
        if (c.source() != null) {
          checkedAgainstASource++;
        }
      }
    }
    assertThat(documented).isEqualTo(53);
    assertThat(checkedAgainstASource).isEqualTo(278);
  }

  @Test
  void checkedProfiles_holdWhatTheirSourcesSay() {
    // OpenJDK 8u's CipherSuite enum has two TLS 1.3 suites and no ChaCha20
    assertThat(byId("java-8u341").tls13CipherSuites()).containsExactly("TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256");
    assertThat(byId("java-8u341").cipherSuites()).hasSize(42).startsWith("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").endsWith("TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA");
    // SSLv3 was disabled by default only in 7u75/8u31/6u91 (January 2015): 7u25 and 6u45 still offer it
    assertThat(byId("java-7u25").protocols()).containsExactly("SSLv3", "TLSv1");
    assertThat(byId("java-6u45").protocols()).containsExactly("SSLv3", "TLSv1");
    assertThat(byId("java-8u161").protocols()).containsExactly("TLSv1", "TLSv1.1", "TLSv1.2");
    // jdk8u161-b14: SunJCE's DHKeyPairGenerator takes primes up to 8192 bits; the old JSSE's 49 default suites
    assertThat(byId("java-8u161").limits().maxDhBits()).isEqualTo(8192);
    assertThat(byId("java-8u161").cipherSuites()).hasSize(49).startsWith("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")
        .endsWith("TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA");
    // jdk-11.0.11+9: status_request on by default for clients, no RFC 5077 session_ticket extension yet
    assertThat(byId("java-11.0.11").extensions().statusRequest()).isTrue();
    assertThat(byId("java-11.0.11").extensions().sessionTicket()).isFalse();
    // Conscrypt's default order with AES instructions (android-7.0.0_r1 .. android-16.0.0_r1); BoringSSL at
    // android-7.0.0_r1 sends SHA-512 first and no RSA-PSS, and Conscrypt restricts it to P-256
    for (String id : new String[] {"android-7.0", "android-8-9", "android-10-12", "android-13-16"}) {
      assertThat(byId(id).cipherSuites()).as(id).startsWith("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    }
    assertThat(byId("android-7.0").signatureAlgorithms()).startsWith("rsa_pkcs1_sha512", "ecdsa_secp521r1_sha512")
        .doesNotContain("rsa_pss_rsae_sha256");
    assertThat(byId("android-7.0").groups()).containsExactly("secp256r1");
    // Conscrypt at android-5.0.0_r1 and android-6.0.0_r1 never asks for OCSP stapling
    assertThat(byId("android-5").extensions().statusRequest()).isFalse();
    assertThat(byId("android-6").extensions().statusRequest()).isFalse();
    assertThat(byId("android-6").cipherSuites()).startsWith("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
        .endsWith("TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_RC4_128_SHA");
    // jdk7u80-b15: no DH constraint in java.security (DHKeyPairGenerator's 512-1024 bits), RSA keySize < 1024
    assertThat(byId("java-7u80").limits().minDhBits()).isEqualTo(512);
    assertThat(byId("java-7u80").limits().minRsaBits()).isEqualTo(1024);
    // Conscrypt's ChainStrengthAnalyzer blacklists SHA-1 signatures only from android-10.0.0_r1
    assertThat(byId("android-8-9").limits().requiresSha2()).isFalse();
    assertThat(byId("android-7.0").limits().requiresSha2()).isFalse();
    assertThat(byId("android-10-12").limits().requiresSha2()).isTrue();
    assertThat(byId("android-7.0").limits().maxDhBits()).isEqualTo(4096);
    // JDK 21 GA: TLS_ECDH_* disabled (JDK 20), TLS_RSA_* and SHA-1 handshake signatures not yet (JDK 24/25, 21.0.10)
    ClientProfile java21 = byId("java-21");
    assertThat(java21.cipherSuites()).noneMatch(s -> s.startsWith("TLS_ECDH_"));
    assertThat(java21.cipherSuites()).filteredOn(s -> s.startsWith("TLS_RSA_")).hasSize(6);
    assertThat(java21.signatureAlgorithms()).contains("rsa_pkcs1_sha1", "ecdsa_sha1", "dsa_sha1");
    // Go: tlsrsakex changed in 1.22, tls3des in 1.23; no session_ticket without a ClientSessionCache
    assertThat(byId("go-1.21").cipherSuites()).contains("TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    assertThat(byId("go-1.22").cipherSuites()).noneMatch(s -> s.startsWith("TLS_RSA_"))
        .contains("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA");
    assertThat(byId("go-1.24").cipherSuites()).noneMatch(s -> s.contains("3DES") || s.startsWith("TLS_RSA_"));
    for (String go : List.of("go-1.19", "go-1.21", "go-1.22", "go-1.24")) {
      assertThat(byId(go).extensions().sessionTicket()).as(go).isFalse();
    }
    assertThat(byId("go-1.24").groups()).containsExactly("X25519MLKEM768", "x25519", "secp256r1", "secp384r1",
        "secp521r1");
    // OpenSSL 3.5's TLS_DEFAULT_GROUP_LIST
    assertThat(byId("openssl-3.5").groups()).containsExactly("X25519MLKEM768", "x25519", "secp256r1", "x448",
        "secp384r1", "secp521r1", "ffdhe2048", "ffdhe3072");
    assertThat(byId("openssl-3.5").keyShares()).containsExactly("X25519MLKEM768", "x25519");
    // Microsoft's Schannel pages: Windows 7 and 8.1 start with ECDHE-RSA CBC and end with 3DES and RC4; the
    // Windows 7 client speaks SSL 3.0 and TLS 1.0 unless the registry enables more; Windows 11 ends with 3DES
    for (String id : List.of("schannel-win7", "schannel-2012r2", "dotnet-framework-win7")) {
      assertThat(byId(id).cipherSuites()).as(id).hasSize(28).startsWith("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384")
          .endsWith("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_RC4_128_SHA",
              "TLS_RSA_WITH_RC4_128_MD5");
      assertThat(byId(id).groups()).as(id).containsExactly("secp256r1", "secp384r1");
    }
    assertThat(byId("ie-11-win7").cipherSuites()).hasSize(26).noneMatch(s -> s.contains("RC4"));
    assertThat(byId("schannel-win7").protocols()).containsExactly("SSLv3", "TLSv1");
    assertThat(byId("schannel-2012r2").protocols()).containsExactly("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2");
    assertThat(byId("schannel-win11").cipherSuites()).hasSize(21).endsWith("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    assertThat(byId("edge-18").cipherSuites()).isEqualTo(byId("schannel-win11").cipherSuites());
    // Android's SSLSocket table: export and DES suites enabled up to API 19, SSLv3 up to 22, RC4 up to 23
    assertThat(byId("android-4.4").cipherSuites()).contains("TLS_RSA_EXPORT_WITH_RC4_40_MD5", "TLS_RSA_WITH_DES_CBC_SHA",
        "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA").hasSize(34);
    assertThat(byId("android-5").protocols()).containsExactly("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2");
    assertThat(byId("android-5").cipherSuites()).contains("TLS_DHE_DSS_WITH_AES_128_CBC_SHA")
        .doesNotContain("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    assertThat(byId("android-6").cipherSuites()).contains("TLS_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA");
    assertThat(byId("android-7.0").cipherSuites()).noneMatch(s -> s.contains("RC4") || s.contains("3DES"));
    // OpenSSL 1.0.2s's client curve list (eccurves_auto): P-256 first, brainpool, then the >= 283-bit binary curves
    assertThat(byId("openssl-1.0.2").groups()).hasSize(13).startsWith("secp256r1", "secp521r1", "brainpoolP512r1")
        .endsWith("sect283k1", "sect283r1");
    // LibreSSL 3.3.6: eccurves_client_default and tls12_sigalgs
    assertThat(byId("libressl-3.3").groups()).containsExactly("x25519", "secp256r1", "secp384r1", "secp521r1");
    assertThat(byId("libressl-3.3").signatureAlgorithms()).startsWith("rsa_pss_rsae_sha512", "rsa_pkcs1_sha512",
        "ecdsa_secp521r1_sha512").endsWith("rsa_pkcs1_sha1", "ecdsa_sha1").hasSize(11);
    // LibreSSL 3.3.6 built from its tag: no extended master secret; without AES-NI (arm64) ChaCha20 first, 3DES last
    assertThat(byId("libressl-3.3").extensions().extendedMasterSecret()).isFalse();
    assertThat(byId("libressl-3.3").cipherSuites()).hasSize(45)
        .startsWith("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256").endsWith("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    // OpenSSL built from its release tags: DEFAULT without export suites since 0.9.8zf, IDEA in, 3DES after RC4
    // (112 strength bits) since 1.0.1u/1.0.2i, static-DH suites in 1.0.2, SSL 3.0 still enabled, DH >= 1024 bits
    assertThat(byId("openssl-0.9.8").cipherSuites()).hasSize(15).noneMatch(s -> s.contains("EXPORT"))
        .contains("TLS_RSA_WITH_IDEA_CBC_SHA");
    assertThat(byId("openssl-1.0.1").cipherSuites()).hasSize(65).endsWith("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    assertThat(byId("openssl-1.0.2").cipherSuites()).hasSize(85).contains("TLS_DH_RSA_WITH_AES_128_GCM_SHA256")
        .endsWith("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    for (String id : List.of("openssl-1.0.1", "openssl-1.0.2")) {
      assertThat(byId(id).protocols()).as(id).containsExactly("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2");
      assertThat(byId(id).limits().minDhBits()).as(id).isEqualTo(1024);
    }
    // OpenSSL 1.1.1w's tls12_sigalgs; 3.5.0 at security level 2: TLS 1.2-1.3 only, ML-DSA signature schemes first
    assertThat(byId("openssl-1.1.1").signatureAlgorithms()).containsSubsequence("ecdsa_sha224", "ecdsa_sha1",
        "rsa_pkcs1_sha224");
    assertThat(byId("openssl-3.5").protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(byId("openssl-3.5").signatureAlgorithms()).startsWith("mldsa65", "mldsa87", "mldsa44").hasSize(26);
    // RHEL 9 crypto-policies: LEGACY keeps TLS 1.2 and 2048 bits; DEFAULT drops HMAC-SHA384 CBC suites
    assertThat(byId("rhel-9-legacy").protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(byId("rhel-9-legacy").limits().minRsaBits()).isEqualTo(2048);
    assertThat(byId("rhel-9-default").cipherSuites()).hasSize(31).noneMatch(s -> s.endsWith("CBC_SHA384"));
    assertThat(byId("rhel-9-default").tls13CipherSuites()).endsWith("TLS_AES_128_CCM_SHA256");
    assertThat(byId("rhel-9-future").extensions().sessionTicket()).isFalse();
  }

  private static ClientProfile byId(String id) {
    return ClientDatabase.find(id).orElseThrow();
  }

  @Test
  void fallbackProfiles_nameVersionsTheyHave() {
    List<String> withFallback = new java.util.ArrayList<>();
    for (ClientProfile p : ClientDatabase.all()) {
      for (var v : p.fallbackVersions()) {
        assertThat(p.versions()).as(p.id()).contains(v);
        assertThat(v).as(p.id()).isLessThan(java.util.Collections.max(p.versions()));
      }
      if (p.fallback() != null) {
        withFallback.add(p.id());
      }
    }
    assertThat(withFallback).containsExactlyInAnyOrder("chrome-49-xp", "ie-11-win10", "ie-11-win7", "ie-11-win81",
        "ie-8-xp");
  }
}
