package dev.tlsdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.cli.Main;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.testing.Tools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code diagnose --demo}: a real nginx with planted faults, real clients, diagnosed live, and nothing left behind —
 * after a normal run and after SIGTERM (what Ctrl-C's shutdown does) in the middle of one. Without nginx: a clear
 * message.
 */
class DemoTest {
  private static final Pattern PREFIX = Pattern.compile("configuration in (\\S+)");

  private static String path() {
    return Tools.require("nginx").getParent() + ":" + System.getenv("PATH");
  }

  @Test
  void demo_diagnosesEachPlantedFault_andRemovesItsFiles() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Demo d = Demo.run(path(), new PrintWriter(err, true));
    Path prefix;
    try (d) {
      prefix = d.config().getParent();
      int code = Main.run(new String[] {"diagnose", "--format", "json", "--config", d.config().toString(), "--log",
          d.errorLog().toString(), "--nginx-version", "1.22.1"}, new PrintWriter(out, true),
          new PrintWriter(err, true));
      assertThat(code).as(err.toString()).isEqualTo(1);
    }
    assertThat(prefix).doesNotExist();
    JsonNode r = Json.MAPPER.readTree(out.toString());
    List<String> got = StreamSupport.stream(r.get("diagnoses").spliterator(), false)
        .filter(x -> !x.get("fixWhere").asText().equals("network")) // clients that gave up are the network's
        .map(x -> x.get("class").asText() + " " + x.get("direction").asText() + " " + x.get("fixWhere").asText()
            + " " + (x.get("causeAt").isNull() ? "-" : x.get("causeAt").get("directive").asText()))
        .toList();
    assertThat(got).containsExactly(
        "signature-algorithm-mismatch client nginx no-usable-protocol",
        "protocol-version-mismatch upstream nginx upstream-protocol-mismatch",
        "no-shared-cipher client nginx no-usable-cipher",
        "not-tls client caller -");
  }

  @Test
  void demoCommand_text_thenNothingLeft() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"diagnose", "--demo", "--nginx-version", "1.22.1"}, new PrintWriter(out, true),
        new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isEqualTo(1);
    Matcher m = PREFIX.matcher(err.toString());
    assertThat(m.find()).isTrue();
    assertThat(Path.of(m.group(1))).doesNotExist();
    assertThat(out.toString()).contains("\n#1 signature-algorithm-mismatch (client)  listen 127.0.0.1:");
  }

  @Test
  void sigtermDuringTheDemo_nginxStoppedAndFilesRemoved() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "diagnose", "--demo");
    pb.environment().put("PATH", path());
    Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Path prefix = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher m = PREFIX.matcher(line);
        if (m.find()) {
          prefix = Path.of(m.group(1));
        }
        if (line.contains(" listens on 127.0.0.1:")) {
          break; // nginx runs, the clients are about to start
        }
      }
      assertThat(prefix).isNotNull();
      long nginxPid = Long.parseLong(Files.readString(prefix.resolve("nginx.pid")).strip());
      p.destroy(); // SIGTERM, as the shell's Ctrl-C ends the JVM through its shutdown hooks
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(prefix).doesNotExist();
      for (int i = 0; i < 50 && ProcessHandle.of(nginxPid).map(ProcessHandle::isAlive).orElse(false); i++) {
        Thread.sleep(100);
      }
      assertThat(ProcessHandle.of(nginxPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void withoutNginx_clearMessage_nothingCreated() {
    assertThatThrownBy(() -> Demo.run("/nonexistent", List.of(), new PrintWriter(new StringWriter())))
        .isInstanceOf(Demo.Missing.class)
        .hasMessage("--demo runs a real nginx with planted faults and needs nginx, openssl and curl; missing: nginx,"
            + " openssl, curl (e.g. apt-get install nginx openssl curl). Without nginx, the bundled example shows the"
            + " same: tlsdoctor diagnose --config examples/diagnose/nginx.conf --log examples/diagnose/error.log");
  }
}
