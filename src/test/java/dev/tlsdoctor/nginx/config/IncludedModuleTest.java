package dev.tlsdoctor.nginx.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which module's block a file given alone was written for (a conf.d file), or none (a main configuration). */
class IncludedModuleTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
      events {} http { server { listen 80; } }                                     | none
      worker_processes 1;                                                          | none
      server { listen 443 ssl; server_name a; }                                     | http
      upstream u { server 10.0.0.1; } server { listen 443 ssl; location / { } }     | http
      server { listen 443; ssl_preread on; proxy_pass $backend; }                   | stream
      server { listen 5000 ssl; proxy_pass 10.0.0.1:5000; }                         | stream
      server { listen 5000 ssl; proxy_pass https://10.0.0.1:5000; }                 | http
      auth_http 127.0.0.1:9000/auth; server { listen 993 ssl; protocol imap; }      | mail
      server { listen 25; protocol smtp; }                                          | mail
      stream { server { listen 1; } }                                               | none
      """)
  void module(String text, String expected) throws ConfigException {
    NginxConfig c = NginxConfigReader.strict().readFiles(Map.of("/etc/nginx/conf.d/x.conf",
        text.getBytes(StandardCharsets.UTF_8)), null);
    assertThat(c.readInside().orElse(null)).isEqualTo(expected);
    if (expected != null) {
      assertThat(c.directives()).hasSize(1);
      assertThat(c.directives().get(0).name()).isEqualTo(expected);
      assertThat(c.contexts(expected, "server")).isNotEmpty();
    }
  }
}
