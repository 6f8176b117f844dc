package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtocolVersionTest {
  @Test
  void fromWire_knownValues() {
    assertThat(ProtocolVersion.fromWire(0x0303)).isEqualTo(ProtocolVersion.TLSv1_2);
    assertThat(ProtocolVersion.fromWire(0x0304)).isEqualTo(ProtocolVersion.TLSv1_3);
    assertThat(ProtocolVersion.fromWire(0x0002)).isEqualTo(ProtocolVersion.SSLv2);
    assertThat(ProtocolVersion.TLSv1.wire()).isEqualTo(0x0301);
  }

  @Test
  void fromWire_unknownValue_throwsNamingIt() {
    assertThatThrownBy(() -> ProtocolVersion.fromWire(0x7F1C)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unexpected protocol version: 0x7F1C");
    assertThat(ProtocolVersion.forWire(0xFEFD)).isEmpty();
  }

  @Test
  void fromName_opensslNginxAndHumanSpellings() {
    assertThat(ProtocolVersion.fromName("TLSv1.2")).isEqualTo(ProtocolVersion.TLSv1_2);
    assertThat(ProtocolVersion.fromName("tlsv1.1")).isEqualTo(ProtocolVersion.TLSv1_1);
    assertThat(ProtocolVersion.fromName("TLSv1")).isEqualTo(ProtocolVersion.TLSv1);
    assertThat(ProtocolVersion.fromName("TLSv1.0")).isEqualTo(ProtocolVersion.TLSv1);
    assertThat(ProtocolVersion.fromName("TLS 1.3")).isEqualTo(ProtocolVersion.TLSv1_3);
    assertThat(ProtocolVersion.fromName("SSLv3")).isEqualTo(ProtocolVersion.SSLv3);
    assertThatThrownBy(() -> ProtocolVersion.fromName("TLSv1.4")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unexpected protocol version: 'TLSv1.4'");
  }

  @Test
  void names_andOrder() {
    assertThat(ProtocolVersion.TLSv1_3.opensslName()).isEqualTo("TLSv1.3");
    assertThat(ProtocolVersion.TLSv1_1.nginxName()).isEqualTo("TLSv1.1");
    assertThat(ProtocolVersion.TLSv1_2.displayName()).isEqualTo("TLS 1.2");
    assertThat(ProtocolVersion.TLSv1_3.isAtLeast(ProtocolVersion.TLSv1_2)).isTrue();
    assertThat(ProtocolVersion.SSLv3.isAtLeast(ProtocolVersion.TLSv1)).isFalse();
  }
}
