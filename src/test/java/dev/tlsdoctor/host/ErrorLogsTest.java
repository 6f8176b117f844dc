package dev.tlsdoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.nginx.config.NginxConfigReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorLogsTest {
  private static java.util.List<String> named(String dump) throws Exception {
    return ErrorLogs.named(NginxConfigReader.strict().readDump(dump.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void named_everyFileAtEveryLevel_withRotatedSiblings_notStreams() throws Exception {
    assertThat(named("""
        # configuration file /etc/nginx/nginx.conf:
        error_log /var/log/nginx/main.log warn;
        error_log stderr;
        error_log syslog:server=127.0.0.1 info;
        error_log memory:32m debug;
        events {}
        http {
            error_log /var/log/nginx/http.log info;
            server { listen 80; error_log /var/log/nginx/main.log; error_log relative.log; }
        }
        """)).containsExactly("/var/log/nginx/main.log*", "/var/log/nginx/http.log*");
  }

  @Test
  void named_noneNamed_nginxDefault() throws Exception {
    assertThat(named("# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {}\n"))
        .containsExactly("/var/log/nginx/error.log*");
  }
}
