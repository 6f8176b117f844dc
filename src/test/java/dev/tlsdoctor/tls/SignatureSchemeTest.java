package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignatureSchemeTest {
  @Test
  void of_wellKnownSchemes() {
    assertThat(SignatureScheme.of(0x0804)).hasToString("rsa_pss_rsae_sha256(0x0804)");
    assertThat(SignatureScheme.of(0x0403).algorithm()).isEqualTo(SignatureScheme.Algorithm.ECDSA);
    assertThat(SignatureScheme.of(0x0807).hash()).isEqualTo("intrinsic");
    assertThat(SignatureScheme.of(0x0201).tls12Only()).isTrue();
    assertThat(SignatureScheme.of(0x0401).tls12Only()).isFalse();
    assertThat(SignatureScheme.of(0x0905).name()).isEqualTo("mldsa65");
  }

  @Test
  void forName_ianaAndOpensslSpellings() {
    assertThat(SignatureScheme.forName("RSA+SHA256")).contains(SignatureScheme.RSA_PKCS1_SHA256);
    assertThat(SignatureScheme.forName("rsa-pss+sha384")).contains(SignatureScheme.RSA_PSS_RSAE_SHA384);
    assertThat(SignatureScheme.forName("ecdsa_secp384r1_sha384")).contains(SignatureScheme.ECDSA_SECP384R1_SHA384);
    assertThat(SignatureScheme.forName("ed25519")).contains(SignatureScheme.ED25519);
    assertThat(SignatureScheme.forName("rsa_sha3_256")).isEmpty();
  }

  @Test
  void of_unknownAndGrease_keepCode() {
    assertThat(SignatureScheme.of(0x1A1A)).hasToString("GREASE(0x1A1A)");
    assertThat(SignatureScheme.of(0x0999)).hasToString("unknown(0x0999)");
    assertThat(SignatureScheme.of(0x0999).isKnown()).isFalse();
  }
}
