package dev.tlsdoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx test harness itself: loopback only, start-up failures explained, nothing left running. */
class NginxServerTest {
  @TempDir
  Path tmp;

  @Test
  void refusesToListenAnywhereButLoopback() {
    assertThatThrownBy(() -> NginxServer.listenPorts("server { listen 8080; }"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'8080'");
    assertThatThrownBy(() -> NginxServer.listenPorts("server { listen 0.0.0.0:8443 ssl; }"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0.0.0:8443");
    assertThat(NginxServer.listenPorts("server { listen 127.0.0.1:8443 ssl default_server; }\n"
        + "server { listen 127.0.0.1:8080; }")).containsExactly(8443, 8080);
  }

  @Test
  void aConfigurationNginxRejectsFailsWithItsMessage() throws IOException {
    int port = Tools.freePorts(1)[0];
    Path prefix = Files.createDirectories(tmp.resolve("bad"));
    assertThatThrownBy(() -> NginxServer.start(prefix,
        "server { listen 127.0.0.1:" + port + "; no_such_directive on; }"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("nginx exited")
        .hasMessageContaining("unknown directive \"no_such_directive\"");
    assertThat(Tools.accepts(port)).isFalse();
  }

  @Test
  @SuppressWarnings("try") // the server is started for its side effect and closed by try-with-resources
  void closeStopsMasterAndWorkers() throws IOException {
    int port = Tools.freePorts(1)[0];
    Path prefix = Files.createDirectories(tmp.resolve("ok"));
    List<ProcessHandle> processes;
    try (NginxServer nginx = NginxServer.start(prefix,
        "server { listen 127.0.0.1:" + port + "; location / { return 204; } }")) {
      long master = Long.parseLong(Files.readString(prefix.resolve("nginx.pid")).trim());
      ProcessHandle m = ProcessHandle.of(master).orElseThrow();
      processes = new java.util.ArrayList<>(m.descendants().toList());
      processes.add(m);
      assertThat(processes).hasSizeGreaterThanOrEqualTo(2); // the master and its worker
      assertThat(Tools.curl("http://127.0.0.1:" + port + "/").stdout()).isEqualTo("204");
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(Tools.accepts(port)).isFalse();
  }

  @Test
  void aWindowHoldsExactlyTheLinesWrittenMeanwhile() throws IOException {
    Path prefix = Files.createDirectories(tmp.resolve("window"));
    try (NginxServer nginx = NginxServer.start(prefix, "")) {
      List<String> first = nginx.linesDuring(() -> Tools.httpGet(nginx.controlPort(), "/first"));
      List<String> second = nginx.linesDuring(() -> { });
      List<String> third = nginx.linesDuring(() -> Tools.httpGet(nginx.controlPort(), "/third"));
      assertThat(first).singleElement().asString().contains("/first\" failed (2: No such file or directory)");
      assertThat(second).isEmpty();
      assertThat(third).singleElement().asString().contains("/third\" failed");
    }
  }
}
