package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Names from /etc/hosts and literals only: a test sends nothing to a name server. */
class ResolverTest {
  @Test
  void literalAddressAndLocalhost_resolved() throws Exception {
    assertThat(Resolver.resolve("127.0.0.1", Duration.ofSeconds(2)).getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(Resolver.resolve("::1", Duration.ofSeconds(2)).isLoopbackAddress()).isTrue();
    assertThat(Resolver.resolve("localhost", Duration.ofSeconds(5)).isLoopbackAddress()).isTrue();
  }
}
