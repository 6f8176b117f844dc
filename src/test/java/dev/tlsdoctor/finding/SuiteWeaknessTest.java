package dev.tlsdoctor.finding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.CipherSuite;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuiteWeaknessTest {
  private static Optional<SuiteWeakness> of(String opensslName) {
    return SuiteWeakness.of(CipherSuite.forOpensslName(opensslName).orElseThrow(() -> new AssertionError(
        opensslName)));
  }

  @Test
  void of_eachWeakness_firstThatApplies() {
    assertThat(of("AECDH-AES128-SHA")).contains(SuiteWeakness.ANONYMOUS);
    assertThat(of("ADH-DES-CBC3-SHA")).contains(SuiteWeakness.ANONYMOUS);
    assertThat(of("NULL-SHA256")).contains(SuiteWeakness.NULL_ENCRYPTION);
    assertThat(of("EXP-RC4-MD5")).contains(SuiteWeakness.EXPORT);
    assertThat(of("RC4-MD5")).contains(SuiteWeakness.RC4);
    assertThat(of("DES-CBC-SHA")).contains(SuiteWeakness.SHORT_KEY);
    assertThat(of("DES-CBC3-SHA")).contains(SuiteWeakness.BLOCK_64);
    assertThat(of("ECDHE-RSA-DES-CBC3-SHA")).contains(SuiteWeakness.BLOCK_64);
    assertThat(of("IDEA-CBC-SHA")).contains(SuiteWeakness.BLOCK_64);
    assertThat(of("AES128-SHA")).contains(SuiteWeakness.NO_FORWARD_SECRECY);
    assertThat(of("AES256-GCM-SHA384")).contains(SuiteWeakness.NO_FORWARD_SECRECY);
  }

  @Test
  void of_strongAndTls13Suites_none() {
    assertThat(of("ECDHE-RSA-AES128-GCM-SHA256")).isEmpty();
    assertThat(of("ECDHE-ECDSA-AES128-SHA")).isEmpty(); // CBC alone is no weakness
    assertThat(of("DHE-RSA-CHACHA20-POLY1305")).isEmpty();
    assertThat(SuiteWeakness.of(CipherSuite.forIanaName("TLS_AES_128_GCM_SHA256").orElseThrow())).isEmpty();
    assertThat(SuiteWeakness.of(null)).isEmpty();
  }

  @Test
  void idsAndSeverities_oneEachWorstFirst() {
    assertThat(java.util.Arrays.stream(SuiteWeakness.values()).map(w -> w.id() + " " + w.severity()))
        .containsExactly("cipher-anonymous error", "cipher-null error", "cipher-export error", "cipher-rc4 error",
            "cipher-short-key error", "cipher-64bit-block warning", "cipher-md5 warning",
            "cipher-no-forward-secrecy info");
  }

  @Test
  void names_legacyIdsStandForEveryWeakness() {
    assertThat(SuiteWeakness.names("cipher-weak", "cipher-rc4")).isTrue();
    assertThat(SuiteWeakness.names("weak-cipher", "cipher-no-forward-secrecy")).isTrue();
    assertThat(SuiteWeakness.names("cipher-weak", "protocol-deprecated")).isFalse();
    assertThat(SuiteWeakness.names("cipher-rc4", "cipher-null")).isFalse();
    assertThat(SuiteWeakness.names("protocol-deprecated", "protocol-deprecated")).isTrue();
  }
}
