package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.host.LocalNginx;
import dev.tlsdoctor.host.LocalNginxTest;
import dev.tlsdoctor.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
  static final String DHE_ONLY = String.join("\n",
      "events {}",
      "http {",
      "    server {",
      "        listen 443 ssl;",
      "        server_name www.example.test;",
      "        ssl_certificate /nonexistent/site.crt;",
      "        ssl_certificate_key /nonexistent/site.key;",
      "        ssl_protocols TLSv1.2;",
      "        ssl_ciphers DHE-RSA-AES128-GCM-SHA256;",
      "    }",
      "}",
      "");
  static final String CLEAN = DHE_ONLY.replace("DHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256");

  @TempDir
  Path tmp;

  @Test
  void findings_textAndExit1(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("nginx.conf"), DHE_ONLY);
    Cli.Result r = Cli.run("config", "--nginx-version", "1.28.0", conf.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("nginx 1.28.0 (--nginx-version), OpenSSL 3.0: 3 findings\n\n"
        + "ERROR no-usable-cipher  " + conf
        + ":9  listen *:443  server_name \"www.example.test\"\n");
    assertThat(r.out()).contains("it selects only DHE suites and no ssl_dhparam is set")
        .contains("    +        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:")
        .contains("  ssl_protocols          TLSv1.2  (" + conf + ":8)");
  }

  @Test
  void json_findingsAndServers() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), DHE_ONLY);
    Cli.Result r = Cli.run("config", "--format", "json", "--nginx-version", "1.28.0", conf.toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.get("findings")).hasSize(3);
    assertThat(j.get("findings").get(2).get("id").asText()).isEqualTo("certificate-not-checked");
    assertThat(j.get("findings").get(2).get("severity").asText()).isEqualTo("info");
    assertThat(j.get("findings").get(2).get("line").asInt()).isEqualTo(6);
    assertThat(j.get("findings").get(1).get("message").asText()).isEqualTo("meets no Mozilla profile of guidelines"
        + " 5.8 and 6.0 (old or custom); for intermediate it needs TLSv1.3 and a usable TLS 1.2 suite of the"
        + " intermediate list");
    JsonNode f = j.get("findings").get(0);
    assertThat(f.get("id").asText()).isEqualTo("no-usable-cipher");
    assertThat(f.get("severity").asText()).isEqualTo("error");
    assertThat(f.get("line").asInt()).isEqualTo(9);
    assertThat(f.get("listen").get(0).asText()).isEqualTo("*:443");
    JsonNode s = j.get("servers").get(0);
    assertThat(s.get("serverName").get(0).asText()).isEqualTo("www.example.test");
    assertThat(s.get("cipherSuites").get(0).asText()).isEqualTo("DHE-RSA-AES128-GCM-SHA256");
    assertThat(s.get("clients").get(0).get("tls12Suites")).isEmpty();
    assertThat(s.get("ecdhCurve").get("from").asText()).isEqualTo("default");
  }

  @Test
  void clean_exit0() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), CLEAN);
    Cli.Result r = Cli.run("config", "--nginx-version", "1.28.0", conf.toString());
    assertThat(r.code()).as(r.out()).isZero();
  }

  @Test
  void stdinDump_sameFindingsAsFile() throws Exception {
    String dump = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
        + "# configuration file /etc/nginx/nginx.conf:\n" + DHE_ONLY + "\n";
    Cli.Result r = Cli.runWithStdin(dump, "config", "--format", "json", "--nginx-version", "1.28.0", "-");
    assertThat(r.code()).isEqualTo(1);
    JsonNode f = Json.MAPPER.readTree(r.out()).get("findings").get(0);
    assertThat(f.get("file").asText()).isEqualTo("/etc/nginx/nginx.conf");
    assertThat(f.get("line").asInt()).isEqualTo(9);
    assertThat(f.get("fix").asText()).startsWith("--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n"
        + "@@ -9,1 +9,1 @@\n-        ssl_ciphers DHE-RSA-AES128-GCM-SHA256;\n");
  }

  /** A TLS listener whose server has no certificate: nginx does not start; exit 1, no remark about its ciphers. */
  @Test
  void tlsServerWithoutCertificate_errorExit1_noCipherRemarks() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), "events {}\nhttp {\n    server {\n"
        + "        listen 443 ssl;\n        server_name www.example.test;\n    }\n}\n");
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", conf.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("\nERROR no-certificate  " + conf + ":3  listen *:443  server_name"
        + " \"www.example.test\"\n")
        .contains(": nginx refuses to start with: no \"ssl_certificate\" is defined for the \"listen ... ssl\""
            + " directive in " + conf + ":3\n")
        .doesNotContain("cipher-no-forward-secrecy").doesNotContain("mozilla-profile");
  }

  /** A socket made TLS by "ssl on" says so in the text and in JSON; from 1.25.1 it is not TLS (and an error). */
  @Test
  void sslDirective_textAndJsonNameIt() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), CLEAN.replace("listen 443 ssl;", "listen 443;\n"
        + "        ssl on;"));
    Cli.Result r = Cli.run("config", "--nginx-version", "1.22.1", conf.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("\nWARNING ssl-directive-deprecated  " + conf + ":5  listen *:443  server_name"
        + " \"www.example.test\"\n")
        .contains("\n  listen *:443 ssl (by \"ssl on\" of " + conf + ":5) (default server)\n");
    JsonNode s = Json.MAPPER.readTree(Cli.run("config", "--format", "json", "--nginx-version", "1.22.1",
        conf.toString()).out()).get("servers").get(0);
    assertThat(s.get("listen").get(0).get("ssl").asBoolean()).isTrue();
    assertThat(s.get("listen").get(0).get("sslDirective").asBoolean()).isTrue();
    assertThat(s.get("ssl").get("from").asText()).isEqualTo(conf + ":5");
    Cli.Result later = Cli.run("config", "--nginx-version", "1.25.1", conf.toString());
    assertThat(later.out()).contains("\nERROR ssl-directive-unknown  " + conf + ":5  listen *:443")
        .contains("\n  listen *:443 (default server)\n");
  }

  @Test
  void noVersionGiven_localNginxUsed() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), CLEAN);
    Cli.Result r = Cli.run("config", conf.toString());
    String local = dev.tlsdoctor.testing.Tools.run(java.util.List.of(
        dev.tlsdoctor.testing.Tools.require("nginx").toString(), "-v")).output();
    String version = dev.tlsdoctor.nginx.policy.NginxVersion.fromVersionOutput(local).orElseThrow().toString();
    assertThat(r.out()).startsWith("nginx " + version + " (local nginx -v), OpenSSL 3.0:");
  }

  @Test
  void slowNginxOnPath_configFinishesAtTheTimeoutWithANote() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), CLEAN);
    Path bin = LocalNginxTest.sleepingNginx(tmp.resolve("bin"), tmp.resolve("sleep.pid")).getParent();
    ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "config", conf.toString())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    long start = System.nanoTime();
    Process p = pb.start();
    boolean ended = p.waitFor(LocalNginx.TIMEOUT.toSeconds() + 20, java.util.concurrent.TimeUnit.SECONDS);
    java.time.Duration elapsed = java.time.Duration.ofNanos(System.nanoTime() - start);
    if (!ended) {
      p.destroyForcibly();
    }
    // the fake sleeps 30 s; the margin is for starting a JVM on a busy machine
    assertThat(elapsed).isLessThanOrEqualTo(LocalNginx.TIMEOUT.plusSeconds(20));
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(tmp.resolve("err"))).isEqualTo("tlsdoctor: config: note: '" + bin + "/nginx -v'"
        + " did not answer within 3 s and was stopped; using the defaults of nginx "
        + dev.tlsdoctor.nginx.policy.NginxVersion.CURRENT_STABLE + ", the current stable (--nginx-version"
        + " chooses)\n");
    assertThat(Files.readString(tmp.resolve("out"))).startsWith("nginx "
        + dev.tlsdoctor.nginx.policy.NginxVersion.CURRENT_STABLE + " (local nginx -v gave no version: current"
        + " stable), OpenSSL 3.0: ");
  }

  @Test
  void unreadableConfig_exit3WithPosition() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), "events {}\nhttp {\n  server {\n");
    Cli.Result r = Cli.run("config", conf.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).startsWith(conf + ":4:1: unexpected end of file");
  }

  @Test
  void missingFile_jsonAndSarif_errorOnStderrOnlyExit3() {
    Path missing = tmp.resolve("nosuch.conf");
    for (String format : new String[] {"text", "json", "sarif"}) {
      Cli.Result r = Cli.run("config", "--format", format, "--nginx-version", "1.28.0", missing.toString());
      assertThat(r.code()).as(format).isEqualTo(3);
      assertThat(r.out()).as(format).isEmpty();
      assertThat(r.err()).as(format).isEqualTo(missing + ": open() \"" + missing
          + "\" failed (2: No such file or directory)\n");
    }
  }

  @Test
  void mainFileDeviceFifoOrEndlessStdin_exit3NamingIt() throws Exception {
    Path fifo = dev.tlsdoctor.testing.SpecialFiles.fifo(tmp.resolve("nginx.pipe"));
    Cli.Result zero = Cli.run("config", "--format", "json", "--nginx-version", "1.28.0", "/dev/zero");
    assertThat(zero.code()).isEqualTo(3);
    assertThat(zero.out()).isEmpty();
    assertThat(zero.err()).isEqualTo("/dev/zero: \"/dev/zero\" is a character device, not a regular file\n");
    Cli.Result pipe = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> Cli.run("config", "--nginx-version", "1.28.0", fifo.toString()));
    assertThat(pipe.code()).isEqualTo(3);
    assertThat(pipe.err()).isEqualTo(fifo + ": \"" + fifo + "\" is a FIFO, not a regular file\n");
    java.io.InputStream endless = new java.io.InputStream() {
      @Override
      public int read() {
        return '#';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) '#');
        return len;
      }
    };
    Cli.Result stdin = Cli.runWithStdin(endless, "config", "--nginx-version", "1.28.0", "-");
    assertThat(stdin.code()).isEqualTo(3);
    assertThat(stdin.out()).isEmpty();
    assertThat(stdin.err()).isEqualTo("standard input: larger than 64 MiB, the limit for nginx -T output\n");
  }

  @Test
  void savedDumpLargerThanAConfigFile_readUpToTheDumpLimit() throws Exception {
    String pad = "#".repeat(1023) + "\n";
    StringBuilder b = new StringBuilder("# configuration file /etc/nginx/nginx.conf:\n").append(DHE_ONLY);
    b.append(pad.repeat(17 << 10)); // 17 MiB of comments: over the limit of a configuration file
    Path dump = Files.writeString(tmp.resolve("nginx-T.txt"), b);
    Cli.Result r = Cli.run("config", "--format", "json", "--nginx-version", "1.28.0", dump.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    Path conf = Files.writeString(tmp.resolve("big.conf"), DHE_ONLY + pad.repeat(17 << 10));
    Cli.Result big = Cli.run("config", "--nginx-version", "1.28.0", conf.toString());
    assertThat(big.code()).isEqualTo(3);
    assertThat(big.err()).isEqualTo(conf + ": \"" + conf + "\" is larger than 16 MiB, the limit for a configuration"
        + " file\n");
  }

  @Test
  void directiveFilesDevZero_findingsNotCrash() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), DHE_ONLY
        .replace("/nonexistent/site.crt", "/dev/zero").replace("/nonexistent/site.key", "/dev/zero")
        .replace("        ssl_protocols TLSv1.2;\n", "        ssl_protocols TLSv1.2;\n"
            + "        ssl_trusted_certificate /dev/zero;\n        ssl_client_certificate /dev/zero;\n"
            + "        ssl_dhparam /dev/zero;\n"));
    Cli.Result r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> Cli.run("config", "--format", "json", "--nginx-version", "1.28.0", conf.toString()));
    assertThat(r.code()).as(r.err()).isZero(); // info findings only: ssl_dhparam makes the DHE suite usable
    assertThat(r.err()).isEmpty();
    java.util.List<JsonNode> notChecked = new java.util.ArrayList<>();
    Json.MAPPER.readTree(r.out()).get("findings").forEach(f -> {
      if (f.get("id").asText().equals("certificate-not-checked")) {
        notChecked.add(f);
      }
    });
    assertThat(notChecked).hasSize(1);
    assertThat(notChecked.get(0).get("line").asInt()).isEqualTo(6);
    assertThat(notChecked.get(0).get("message").asText()).isEqualTo("the certificate /dev/zero could not be read"
        + " here (a character device, not a regular file), so its checks were skipped; if nginx runs on this"
        + " machine, nginx -t fails with \"cannot load certificate\"");
  }

  @Test
  void badOptions_exit2() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), CLEAN);
    assertThat(Cli.run("config", "--format", "xml", conf.toString()).code()).isEqualTo(2);
    Cli.Result r = Cli.run("config", "--openssl-version", "1.1.1", conf.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("OpenSSL version '1.1.1' is not emulated");
    assertThat(Cli.run("config", "--nginx-version", "latest", conf.toString()).err())
        .contains("nginx version 'latest' is not of the form 1.26.2");
    Cli.Result huge = Cli.run("config", "--nginx-version", "99999999999.1", conf.toString());
    assertThat(huge.code()).isEqualTo(2);
    assertThat(huge.err()).startsWith("nginx version '99999999999.1' is not of the form 1.26.2\n");
  }

  @Test
  void sarif_oneResultPerFindingWithFileAndLine() throws Exception {
    Path conf = Files.writeString(tmp.resolve("nginx.conf"), DHE_ONLY);
    Cli.Result r = Cli.run("config", "--format", "sarif", "--nginx-version", "1.28.0", conf.toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = j.get("runs").get(0);
    assertThat(run.get("tool").get("driver").get("name").asText()).isEqualTo("tlsdoctor");
    assertThat(run.get("tool").get("driver").get("rules")).extracting(n -> n.get("id").asText())
        .containsExactly("no-usable-cipher", "mozilla-profile", "certificate-not-checked");
    JsonNode first = run.get("results").get(0);
    assertThat(first.get("ruleId").asText()).isEqualTo("no-usable-cipher");
    assertThat(first.get("level").asText()).isEqualTo("error");
    JsonNode loc = first.get("locations").get(0).get("physicalLocation");
    assertThat(loc.get("artifactLocation").get("uri").asText()).isEqualTo(conf.toUri().toString());
    assertThat(loc.get("region").get("startLine").asInt()).isEqualTo(9);
    assertThat(run.get("results").get(1).get("level").asText()).isEqualTo("note");
    // the same order of keys in every run (Map.of's changed from one JVM to the next)
    assertThat(Json.line(run.get("tool").get("driver").get("rules").get(0).fieldNames()))
        .isEqualTo("[\"id\",\"shortDescription\"]");
    assertThat(Json.line(first.get("properties").fieldNames())).isEqualTo("[\"fix\",\"listen\",\"serverName\"]");
    assertThat(Json.line(loc.fieldNames())).isEqualTo("[\"artifactLocation\",\"region\"]");
  }

  @Test
  void outOfMemory_exit70_notTheExitCodeOfFindings() throws Exception {
    StringBuilder big = new StringBuilder("# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n");
    for (int i = 0; i < 40_000; i++) {
      big.append("server { listen 443 ssl; server_name s").append(i).append(".test; location / { root /srv; } }\n");
    }
    Path large = Files.writeString(tmp.resolve("large.txt"), big.append("}\n"));
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx24m", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "config", "--nginx-version", "1.26.2",
        large.toString());
    Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out").toFile())
        .redirectError(tmp.resolve("err").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(70);
    assertThat(Files.readString(tmp.resolve("err"))).isEqualTo("tlsdoctor: out of memory: the input needs a larger"
        + " Java heap (TLSDOCTOR_JAVA_OPTS=-Xmx4g gives the launcher more)\n");
  }
}
