package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.CipherSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order the session checks offer their suites in (the servers that take the client's order: most). */
class SessionProbeTest {
  @Test
  void cheapestKeyExchangeFirst_aeadBeforeCbc() {
    List<CipherSuite> offered = List.of(CipherSuite.of(0x0033), CipherSuite.of(0x002F), CipherSuite.of(0x009E),
        CipherSuite.of(0xC013), CipherSuite.of(0xC02F), CipherSuite.of(0x009C));
    assertThat(SessionProbe.cheapestFirst(offered).stream().map(CipherSuite::code).toList())
        .containsExactly(0xC02F, 0xC013, 0x009C, 0x002F, 0x009E, 0x0033);
  }
}
