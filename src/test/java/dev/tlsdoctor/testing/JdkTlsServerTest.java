package dev.tlsdoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSSE test server itself: serves TLS and HTTP, explains a failed start, leaves nothing running. */
class JdkTlsServerTest {
  @TempDir
  Path tmp;

  @Test
  void servesTheConfiguredSuiteAndAnHttpAnswer_closeKillsTheChild() throws IOException {
    TestCerts certs = TestCerts.create(Files.createDirectories(tmp.resolve("certs")));
    ProcessHandle child;
    int port;
    try (JdkTlsServer server = JdkTlsServer.start(tmp, certs.leaf(), List.of("TLSv1.2"),
        List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), true)) {
      child = server.process().toHandle();
      port = server.port();

      Tools.Result r = Tools.opensslClient(port, "GET / HTTP/1.0\r\n\r\n", "-servername", "localhost", "-ign_eof");

      assertThat(r.stdout()).as(r.output()).contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256")
          .contains("HTTP/1.1 200 OK");
    }
    assertThat(child.isAlive()).isFalse();
    assertThat(Tools.accepts(port)).isFalse();
    // the legacy settings were the child's only
    assertThat(Security.getProperty("jdk.tls.disabledAlgorithms")).contains("SSLv3");
  }

  @Test
  void anUnknownSuiteFailsTheStartWithTheChildsStandardError() {
    assertThatThrownBy(() -> JdkTlsServer.start(tmp, TestCerts.create(tmp).leaf(), List.of("TLSv1.2"),
        List.of("TLS_NO_SUCH_SUITE"), true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the JDK TLS server exited")
        .hasMessageContaining("TLS_NO_SUCH_SUITE");
  }
}
