package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamedGroupTest {
  @Test
  void of_wellKnownGroups() {
    assertThat(NamedGroup.of(0x001D)).isEqualTo(NamedGroup.X25519).hasToString("x25519(0x001D)");
    assertThat(NamedGroup.of(23).name()).isEqualTo("secp256r1");
    assertThat(NamedGroup.of(0x0100).kind()).isEqualTo(NamedGroup.Kind.FFDHE);
    assertThat(NamedGroup.of(0x11EC).name()).isEqualTo("X25519MLKEM768");
    assertThat(NamedGroup.of(0x11EB).name()).isEqualTo("SecP256r1MLKEM768");
    assertThat(NamedGroup.of(0x11ED).name()).isEqualTo("SecP384r1MLKEM1024");
    assertThat(NamedGroup.of(0x0201).name()).isEqualTo("MLKEM768");
    assertThat(NamedGroup.of(0x11EC).isPostQuantum()).isTrue();
    assertThat(NamedGroup.of(0x6399).isPostQuantum()).isFalse();
    assertThat(NamedGroup.of(31).name()).isEqualTo("brainpoolP256r1tls13");
  }

  @Test
  void forName_opensslNamesAndAliases() {
    assertThat(NamedGroup.forName("prime256v1")).contains(NamedGroup.SECP256R1);
    assertThat(NamedGroup.forName("P-256")).contains(NamedGroup.SECP256R1);
    assertThat(NamedGroup.forName("secp256r1")).contains(NamedGroup.SECP256R1);
    assertThat(NamedGroup.forName("X25519")).contains(NamedGroup.X25519);
    assertThat(NamedGroup.forName("x448")).contains(NamedGroup.X448);
    assertThat(NamedGroup.forName("ffdhe8192")).contains(NamedGroup.FFDHE8192);
    assertThat(NamedGroup.forName("x25519mlkem768")).contains(NamedGroup.X25519MLKEM768);
    assertThat(NamedGroup.forName("curve9999")).isEmpty();
  }

  @Test
  void of_unknownAndGrease_keepCode() {
    assertThat(NamedGroup.of(0x0A0A)).hasToString("GREASE(0x0A0A)");
    assertThat(NamedGroup.of(0x0A0A).isKnown()).isFalse();
    assertThat(NamedGroup.of(0x4242)).hasToString("unknown(0x4242)");
    assertThatThrownBy(() -> NamedGroup.of(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("named group out of range 0x0000-0xFFFF: -1");
  }
}
