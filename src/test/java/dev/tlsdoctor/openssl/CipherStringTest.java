package dev.tlsdoctor.openssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.openssl.CipherStringResult.IgnoredWord;
import dev.tlsdoctor.openssl.CipherStringResult.Reason;
import dev.tlsdoctor.openssl.CipherStringResult.Status;
import dev.tlsdoctor.tls.CipherSuite;
import org.junit.jupiter.api.Test;

/** Expected lists are what {@code openssl ciphers -s -tls1_2} of OpenSSL 3.0.19 prints for the same string. */
class CipherStringTest {
  private static CipherStringResult eval(String s) {
    return CipherString.evaluate(s);
  }

  @Test
  void default_expandsToAllMinusComplementOfDefault() {
    assertThat(eval("DEFAULT").opensslNames()).containsExactly(
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "DHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", "DHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES256-SHA256",
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "DHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA",
        "ECDHE-RSA-AES256-SHA", "DHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
        "DHE-RSA-AES128-SHA", "AES256-GCM-SHA384", "AES128-GCM-SHA256", "AES256-SHA256", "AES128-SHA256",
        "AES256-SHA", "AES128-SHA");
  }

  @Test
  void plusJoinedWords_intersect_inDefaultOrder() {
    assertThat(eval("EECDH+AESGCM:EDH+AESGCM").opensslNames()).containsExactly(
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256", "DHE-DSS-AES256-GCM-SHA384", "DHE-RSA-AES256-GCM-SHA384",
        "DHE-DSS-AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256");
  }

  @Test
  void mozillaIntermediate_keepsTheWrittenOrder() {
    String s = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
    assertThat(String.join(":", eval(s).opensslNames())).isEqualTo(s);
  }

  @Test
  void nginxDefault_71SuitesAndNoAnonymousOrMd5() {
    CipherStringResult r = eval("HIGH:!aNULL:!MD5");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.ciphers()).hasSize(71);
    assertThat(r.ciphers()).noneMatch(c -> c.is(CipherSuite.Flag.ANONYMOUS));
    assertThat(r.opensslNames()).startsWith("ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384")
        .endsWith("AES128-SHA", "CAMELLIA128-SHA");
    assertThat(r.dropped()).extracting(d -> d.suite().opensslName()).contains("PSK-AES128-CBC-SHA");
    assertThat(r.ignored()).isEmpty();
  }

  @Test
  void securityLevel3_dropsRsaKeyExchange() {
    CipherStringResult r = eval("HIGH:!aNULL:!MD5:@SECLEVEL=3");
    assertThat(r.securityLevel()).isEqualTo(3);
    assertThat(r.ciphers()).hasSize(55);
    assertThat(r.opensslNames()).doesNotContain("AES128-SHA", "AES256-GCM-SHA384")
        .endsWith("DHE-RSA-CAMELLIA128-SHA", "DHE-DSS-CAMELLIA128-SHA");
    assertThat(r.dropped()).filteredOn(d -> d.suite().opensslName().equals("AES128-SHA")).singleElement()
        .extracting(CipherStringResult.Dropped::reason)
        .isEqualTo("security level 3 requires forward secrecy (ECDHE or DHE key exchange)");
  }

  @Test
  void strength_sortsBySymmetricKeyBitsStably() {
    assertThat(eval("ECDHE+AES128:!SHA1:@STRENGTH").opensslNames()).containsExactly(
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-CCM8",
        "ECDHE-ECDSA-AES128-CCM", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256");
    assertThat(eval("AES128-SHA:AES256-SHA:@STRENGTH").opensslNames()).containsExactly("AES256-SHA", "AES128-SHA");
  }

  @Test
  void prefixes_moveRemoveAndReadd() {
    assertThat(eval("AES128-SHA:AES256-SHA:+AES128-SHA").opensslNames()).containsExactly("AES256-SHA", "AES128-SHA");
    assertThat(eval("ALL:-ALL:AES256-SHA:ALL+kRSA+SHA1").opensslNames())
        .containsExactly("AES256-SHA", "CAMELLIA256-SHA", "AES128-SHA", "CAMELLIA128-SHA");
    assertThat(eval("CHACHA20:!DHE").opensslNames())
        .containsExactly("ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305");
    assertThat(eval("AES128-SHA:!AES128-SHA:AES128-SHA").status()).isEqualTo(Status.NO_CIPHER_MATCH);
    assertThat(eval("AES128-SHA:-AES128-SHA:AES128-SHA").opensslNames()).containsExactly("AES128-SHA");
  }

  @Test
  void versionKeyword_selectsTheVersionOpensslRecords() {
    assertThat(eval("TLSv1.0+AES").opensslNames()).containsExactly("ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA");
    assertThat(eval("TLSv1.2+AES128-SHA").status()).isEqualTo(Status.NO_CIPHER_MATCH);
  }

  @Test
  void separators_colonCommaSemicolonSpace() {
    assertThat(eval("AES128-SHA,AES256-SHA;CAMELLIA128-SHA CAMELLIA256-SHA").opensslNames())
        .containsExactly("AES128-SHA", "AES256-SHA", "CAMELLIA128-SHA", "CAMELLIA256-SHA");
  }

  @Test
  void defaultAndSuiteB_onlyAtTheStart() {
    assertThat(eval("HIGH:DEFAULT").opensslNames()).isEqualTo(eval("HIGH").opensslNames());
    assertThat(eval("HIGH:DEFAULT").ignored()).containsExactly(new IgnoredWord("DEFAULT", 5, Reason.UNKNOWN, false,
        "DEFAULT is only understood at the very start of the string"));
    assertThat(eval("DEFAULT:!AES").opensslNames()).containsExactly("ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305", "DHE-RSA-CHACHA20-POLY1305");
    assertThat(eval("SUITEB128:!ECDSA").opensslNames())
        .containsExactly("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384");
    assertThat(eval("SUITEB128:!ECDSA").ignored()).extracting(IgnoredWord::text).containsExactly(":!ECDSA");
  }

  @Test
  void unknownWords_skippedAndReported() {
    CipherStringResult r = eval("ECDHE+AESGCM:FOO:RC4-SHA:!3DES:TLS_AES_128_GCM_SHA256:high:kRSA+kDHE");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.ciphers()).hasSize(4);
    assertThat(r.ignored()).containsExactly(
        new IgnoredWord("FOO", 13, Reason.UNKNOWN, false, "FOO is not a suite or keyword OpenSSL 3.0 knows"),
        new IgnoredWord("RC4-SHA", 17, Reason.UNKNOWN, false, "RC4-SHA is compiled out of OpenSSL 3.0; only builds"
            + " with enable-weak-ssl-ciphers have RC4 and 3DES suites"),
        new IgnoredWord("!3DES", 25, Reason.MATCHES_NOTHING, true, "3DES suites are compiled out of OpenSSL 3.0;"
            + " only builds with enable-weak-ssl-ciphers have them"),
        new IgnoredWord("TLS_AES_128_GCM_SHA256", 31, Reason.UNKNOWN, false, "TLS_AES_128_GCM_SHA256 is a TLS 1.3"
            + " suite: ssl_ciphers only covers TLS 1.2 and below; TLS 1.3 suites are set with ssl_conf_command"
            + " Ciphersuites"),
        new IgnoredWord("high", 54, Reason.UNKNOWN, false, "names are case-sensitive: did you mean HIGH?"),
        new IgnoredWord("kRSA+kDHE", 59, Reason.CONTRADICTORY, false, "no suite is both kRSA and kDHE"));
  }

  @Test
  void ianaName_hintGivesOpensslName() {
    CipherStringResult r = eval("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:AES128-SHA");
    assertThat(r.ignored()).singleElement().extracting(IgnoredWord::detail).isEqualTo(
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 is the IANA name; OpenSSL calls it ECDHE-RSA-AES128-GCM-SHA256");
  }

  @Test
  void redHatProfile_ignoredWithHint() {
    assertThat(eval("PROFILE=SYSTEM:AES128-SHA").ignored()).singleElement().extracting(IgnoredWord::detail)
        .isEqualTo("PROFILE=SYSTEM is a Red Hat/Fedora addition (system crypto policy); upstream OpenSSL ignores it");
  }

  @Test
  void highPlusFips_selectsNothing() {
    CipherStringResult r = eval("HIGH+FIPS");
    assertThat(r.status()).isEqualTo(Status.NO_CIPHER_MATCH);
    assertThat(r.error()).isEqualTo("no cipher match: the string selects no TLS 1.2-and-below suite OpenSSL 3.0 has");
    assertThat(r.ignored()).singleElement().extracting(IgnoredWord::reason).isEqualTo(Reason.CONTRADICTORY);
  }

  @Test
  void onlyTls13Names_noCipherMatch() {
    CipherStringResult r = eval("TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384");
    assertThat(r.status()).isEqualTo(Status.NO_CIPHER_MATCH);
    assertThat(r.ciphers()).isEmpty();
    assertThat(r.ignored()).hasSize(2);
  }

  @Test
  void pskOnly_acceptedButNothingUsable() {
    CipherStringResult r = eval("PSK");
    assertThat(r.status()).isEqualTo(Status.NOTHING_USABLE);
    assertThat(r.configured()).isNotEmpty();
    assertThat(r.error()).isEqualTo("OpenSSL accepts the string but none of its " + r.configured().size()
        + " suites is usable: PSK and SRP suites need a PSK or SRP callback, which nginx does not set");
  }

  @Test
  void securityLevel_fromStringAndFromBuild() {
    assertThat(eval("AES128-SHA:@SECLEVEL=3").status()).isEqualTo(Status.NOTHING_USABLE);
    assertThat(eval("aNULL").status()).isEqualTo(Status.NOTHING_USABLE);
    assertThat(eval("aNULL:@SECLEVEL=0").ciphers()).hasSize(13);
    assertThat(CipherString.evaluate("AES128-SHA", OpensslBuild.OPENSSL_3_0.withDefaultSecurityLevel(3)).status())
        .isEqualTo(Status.NOTHING_USABLE);
    assertThat(eval("ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=4").dropped()).singleElement()
        .extracting(CipherStringResult.Dropped::reason)
        .isEqualTo("security level 4 requires ciphers of at least 192 bits (this one has 128)");
  }

  @Test
  void invalidCharacters_wholeStringRejected() {
    CipherStringResult r = eval("AES128-SHA:AES256-SHA*");
    assertThat(r.status()).isEqualTo(Status.INVALID);
    assertThat(r.ciphers()).isEmpty();
    assertThat(r.error()).isEqualTo("invalid command at offset 21: '*' is not allowed in a cipher string (names use"
        + " letters, digits, '-', '.' and '='; separators are ':', ',', ';' and space)");
    assertThat(eval("kRSA+").error())
        .isEqualTo("invalid command at offset 5: the string ends where a name should follow '+'");
    assertThat(eval("AES:@SECLEVEL=9").error())
        .isEqualTo("invalid command '@SECLEVEL=9' at offset 4: OpenSSL knows only @STRENGTH and @SECLEVEL=0..5");
    assertThat(eval("FOO*:AES128-SHA").status()).isEqualTo(Status.OK);
  }

  @Test
  void emptyString_noCipherMatch() {
    assertThat(eval("").status()).isEqualTo(Status.NO_CIPHER_MATCH);
    assertThat(eval(" : ").status()).isEqualTo(Status.NO_CIPHER_MATCH);
  }

  @Test
  void legacyProvider_bringsSeed() {
    OpensslBuild legacy = OpensslBuild.OPENSSL_3_0.withLegacyProvider(true);
    assertThat(CipherString.evaluate("SEED", legacy).opensslNames())
        .containsExactly("DHE-RSA-SEED-SHA", "DHE-DSS-SEED-SHA", "SEED-SHA");
    assertThat(eval("SEED").ignored()).singleElement().extracting(IgnoredWord::detail)
        .isEqualTo("SEED needs the legacy provider, which nginx does not load by default");
  }

  @Test
  void opensslBuild_otherVersions_rejectedByName() {
    assertThat(OpensslBuild.of("3.0.13")).isEqualTo(OpensslBuild.OPENSSL_3_0);
    assertThat(OpensslBuild.of("OpenSSL 3.0.2")).isEqualTo(OpensslBuild.OPENSSL_3_0);
    assertThatThrownBy(() -> OpensslBuild.of("1.1.1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OpenSSL version '1.1.1' is not emulated; only 3.0 is (1.1.1 and 1.0.2 differ in suites,"
            + " keywords and security levels)");
  }
}
