package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.policy.NginxVersion;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.scan.Target;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which listen sockets {@code --scan-listens} scans once for several: those whose servers are the same. */
class ScansTest {
  private static TlsPolicy policy(String http) throws Exception {
    String dump = "# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n" + http + "\n}\n";
    return TlsPolicy.of(NginxConfigReader.strict().readDump(dump.getBytes(StandardCharsets.UTF_8)),
        NginxVersion.parse("1.22.1"), OpensslBuild.OPENSSL_3_0);
  }

  private static String server(String listens, String name, String more) {
    return "server {\n" + listens + "    server_name " + name + ";\n    ssl_certificate /c/a.crt;\n"
        + "    ssl_certificate_key /c/a.key;\n" + more + "    location / { return 200; }\n}\n";
  }

  private static Map<String, String> same(String http) throws Exception {
    return Scans.sameServers(policy(http)).entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().display(), e -> e.getValue().display()));
  }

  @Test
  void oneServerOnTwoSockets_theSecondIsTheFirst() throws Exception {
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n    listen 127.0.0.2:8443 ssl;\n    listen 8444 ssl;\n",
        "a.test", ""))).isEqualTo(Map.of("127.0.0.2:8443", "127.0.0.1:8443", "127.0.0.1:8444", "127.0.0.1:8443"));
  }

  @Test
  void blocksThatDifferOnlyInTheirListenAddresses_same() throws Exception {
    String more = "    ssl_protocols TLSv1.2 TLSv1.3;\n";
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n", "a.test", more)
        + server("    listen 127.0.0.1:9443 ssl;\n", "a.test", more)
        + server("    listen 127.0.0.1:10443 ssl;\n", "a.test", more)))
        .isEqualTo(Map.of("127.0.0.1:9443", "127.0.0.1:8443", "127.0.0.1:10443", "127.0.0.1:8443"));
  }

  @Test
  void anyOtherDifference_scannedApart() throws Exception {
    // a directive, a value, a name, the listen's own parameters, the servers' order: each socket is its own
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n", "a.test", "")
        + server("    listen 127.0.0.1:9443 ssl;\n", "a.test", "    ssl_ciphers HIGH;\n"))).isEmpty();
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n", "a.test", "    ssl_ciphers HIGH;\n")
        + server("    listen 127.0.0.1:9443 ssl;\n", "a.test", "    ssl_ciphers HIGH:!SHA1;\n"))).isEmpty();
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n", "a.test", "")
        + server("    listen 127.0.0.1:9443 ssl;\n", "b.test", ""))).isEmpty();
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n", "a.test", "")
        + server("    listen 127.0.0.1:9443 ssl proxy_protocol;\n", "a.test", ""))).isEmpty();
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n", "a.test", "")
        + server("    listen 127.0.0.1:8443 ssl;\n", "b.test", "")
        + server("    listen 127.0.0.1:9443 ssl;\n", "b.test", "")
        + server("    listen 127.0.0.1:9443 ssl;\n", "a.test", ""))).isEmpty();
    // the same two servers in the same order on both: the same
    assertThat(same(server("    listen 127.0.0.1:8443 ssl;\n    listen 127.0.0.1:9443 ssl;\n", "a.test", "")
        + server("    listen 127.0.0.1:8443 ssl;\n    listen 127.0.0.1:9443 ssl;\n", "b.test", "")))
        .isEqualTo(Map.of("127.0.0.1:9443", "127.0.0.1:8443"));
  }

  @Test
  void onlyTheSocketsThatAreScanned() throws Exception {
    assertThat(same(server("    listen 127.0.0.1:8443;\n    listen 127.0.0.1:9443;\n", "a.test", ""))).isEmpty();
    assertThat(Scans.listenTargets(policy(server("    listen 127.0.0.1:8443 ssl;\n    listen 127.0.0.1:9443 ssl;\n",
        "a.test", "")))).containsExactly(Target.parse("127.0.0.1:8443", "a.test"),
        Target.parse("127.0.0.1:9443", "a.test"));
  }
}
