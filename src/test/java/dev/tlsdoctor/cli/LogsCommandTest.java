package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {
  static final String NO_CIPHER = "2026/06/27 11:51:44 [info] 2841#2843: *934 SSL_do_handshake() failed (SSL: "
      + "error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.45, server: "
      + "0.0.0.0:443";
  static final String UPSTREAM_EXPIRED = "2026/06/27 11:52:10 [error] 2841#2843: *940 upstream SSL certificate "
      + "verify error: (10:certificate has expired) while SSL handshaking to upstream, client: 192.0.2.50, server: "
      + "app.example, request: \"GET /api HTTP/1.1\", upstream: \"https://10.0.0.7:8443/api\", host: \"app.example\"";
  static final String NOT_FOUND = "2026/06/27 11:53:00 [error] 2841#2843: *941 open() \"/srv/www/x\" failed (2: No "
      + "such file or directory), client: 192.0.2.51, server: app.example, request: \"GET /x HTTP/1.1\", host: "
      + "\"app.example\"";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path log(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  @Test
  void logs_noArguments_usageErrorExit2() {
    Cli.Result r = Cli.run("logs");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required parameter: 'FILE|GLOB|-'");
  }

  @Test
  void logs_missingFileAndDirectory_namedAndExit3_otherFileStillRead() throws IOException {
    Path ok = log("error.log", NO_CIPHER);
    Cli.Result r = Cli.run("logs", "--format", "json", dir.resolve("gone.log").toString(), dir.toString(),
        ok.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("tlsdoctor: logs: " + dir.resolve("gone.log") + ": no such file")
        .contains("tlsdoctor: logs: " + dir + ": is a directory");
    assertThat(r.out()).contains("\"tlsEvents\" : 1").contains("\"error\" : \"no such file\"");
    Cli.Result text = Cli.run("logs", "--no-color", dir.resolve("gone.log").toString(), ok.toString());
    assertThat(text.code()).isEqualTo(3);
    // errors on standard error in every format, the report on standard output
    assertThat(text.err()).isEqualTo("tlsdoctor: logs: " + dir.resolve("gone.log") + ": no such file\n");
    assertThat(text.out()).doesNotContain("no such file");
  }

  @Test
  void logs_unclosedBracketMissing_noSuchFileExit3NoStackTrace() throws IOException {
    String missing = dir.resolve("nosuch[.log").toString();
    Cli.Result json = Cli.run("logs", "--format", "json", missing);
    assertThat(json.code()).isEqualTo(3);
    assertThat(json.err()).isEqualTo("tlsdoctor: logs: " + missing + ": no such file\n");
    assertThat(JSON.readTree(json.out()).get("inputs").get(0).get("error").asText()).isEqualTo("no such file");
    Cli.Result text = Cli.run("logs", "--no-color", missing);
    assertThat(text.code()).isEqualTo(3);
    assertThat(text.err()).isEqualTo("tlsdoctor: logs: " + missing + ": no such file\n");
    assertThat(text.out()).doesNotContain("no such file");
  }

  @Test
  void logs_badFormatAndBadTime_usageErrorsNamingTheValue() throws IOException {
    Path ok = log("error.log", NO_CIPHER);
    Cli.Result f = Cli.run("logs", "--format", "xml", ok.toString());
    assertThat(f.code()).isEqualTo(2);
    assertThat(f.err()).contains("--format: 'xml' is not one of: text, json");
    Cli.Result t = Cli.run("logs", "--since", "yesterday", ok.toString());
    assertThat(t.code()).isEqualTo(2);
    assertThat(t.err()).contains("--since: time 'yesterday' is not understood");
  }

  @Test
  void logs_json_exactSummary() throws IOException {
    Path f = log("error.log", NOT_FOUND, NO_CIPHER, UPSTREAM_EXPIRED, NO_CIPHER.replace("192.0.2.45", "192.0.2.46"));
    Cli.Result r = Cli.run("logs", "--format", "json", f.toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("lines").asLong()).isEqualTo(4);
    assertThat(j.get("tlsEvents").asLong()).isEqualTo(3);
    assertThat(j.get("otherLines").asLong()).isEqualTo(1);
    JsonNode first = j.get("classes").get(0);
    assertThat(first.get("class").asText()).isEqualTo("no-shared-cipher");
    assertThat(first.get("direction").asText()).isEqualTo("client");
    assertThat(first.get("count").asLong()).isEqualTo(2);
    assertThat(first.get("share").asDouble()).isEqualTo(0.667);
    assertThat(first.get("firstSeen").asText()).isEqualTo("2026-06-27T11:51:44");
    assertThat(first.get("servers").get(0).get("value").asText()).isEqualTo("0.0.0.0:443");
    assertThat(first.get("topClients")).hasSize(2);
    assertThat(first.get("example").get("line").asLong()).isEqualTo(2);
    assertThat(first.get("explain").asText()).isEqualTo("tlsdoctor explain 'no shared cipher'");
    JsonNode second = j.get("classes").get(1);
    assertThat(second.get("class").asText()).isEqualTo("certificate-expired");
    assertThat(second.get("direction").asText()).isEqualTo("upstream");
    assertThat(second.get("upstreams").get(0).get("value").asText()).isEqualTo("https://10.0.0.7:8443");
    assertThat(second.get("hosts").get(0).get("value").asText()).isEqualTo("app.example");
  }

  @Test
  void logs_events_oneJsonObjectPerTlsLine() throws IOException {
    Path f = log("error.log", NOT_FOUND, UPSTREAM_EXPIRED);
    Cli.Result r = Cli.run("logs", "--events", f.toString());
    assertThat(r.code()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode e = JSON.readTree(lines.get(0));
    assertThat(e.get("file").asText()).isEqualTo(f.toString());
    assertThat(e.get("line").asLong()).isEqualTo(2);
    assertThat(e.get("time").asText()).isEqualTo("2026-06-27T11:52:10");
    assertThat(e.get("level").asText()).isEqualTo("error");
    assertThat(e.get("class").asText()).isEqualTo("certificate-expired");
    assertThat(e.get("direction").asText()).isEqualTo("upstream");
    assertThat(e.get("reason").asText()).isEqualTo("certificate has expired");
    assertThat(e.get("code").isNull()).isTrue();
    assertThat(e.get("client").asText()).isEqualTo("192.0.2.50");
    assertThat(e.get("server").asText()).isEqualTo("app.example");
    assertThat(e.get("host").asText()).isEqualTo("app.example");
    assertThat(e.get("upstream").asText()).isEqualTo("https://10.0.0.7:8443/api");
    assertThat(e.get("connection").asLong()).isEqualTo(940);
  }

  @Test
  void logs_stdinAndRotatedGzip_readInTimeOrder() throws IOException {
    Path older = dir.resolve("error.log.1.gz");
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(older))) {
      os.write((NO_CIPHER + "\n").getBytes());
    }
    log("error.log", UPSTREAM_EXPIRED);
    Cli.Result r = Cli.run("logs", "--events", dir + "/error.log*");
    assertThat(r.out().lines().map(l -> l.replaceAll(".*\"class\":\"([^\"]+)\".*", "$1")).toList())
        .containsExactly("no-shared-cipher", "certificate-expired");
    Cli.Result s = Cli.runWithStdin(NO_CIPHER + "\n", "logs", "--format", "json", "-");
    assertThat(s.code()).isEqualTo(1);
    assertThat(s.out()).contains("\"file\" : \"-\"");
  }

  @Test
  void logs_noTlsLines_exit0AndSaysSo() throws IOException {
    Path f = log("error.log", NOT_FOUND);
    Cli.Result r = Cli.run("logs", "--no-color", f.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("No TLS failures found.");
  }

  @Test
  void logs_follow_printsNewEventsAcrossRotation() throws Exception {
    Path f = log("error.log", NO_CIPHER);
    Cli.Result[] result = new Cli.Result[1];
    Thread t = new Thread(() -> result[0] = Cli.run("logs", "--follow", "--for", "4s", "--interval", "60",
        "--format", "json", f.toString()));
    t.start();
    Thread.sleep(1200);
    Files.writeString(f, UPSTREAM_EXPIRED + "\n", java.nio.file.StandardOpenOption.APPEND);
    Thread.sleep(800);
    Files.move(f, dir.resolve("error.log.1")); // rotation: rename, then nginx reopens a new file
    Files.writeString(dir.resolve("error.log.1"), NO_CIPHER.replace("192.0.2.45", "192.0.2.99") + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    Thread.sleep(300);
    Files.writeString(f, NO_CIPHER.replace("192.0.2.45", "192.0.2.77") + "\n");
    t.join(10_000);
    List<String> events = result[0].out().lines().filter(l -> l.startsWith("{\"event\"")).toList();
    assertThat(events).hasSize(3);
    assertThat(events.get(0)).contains("\"class\":\"certificate-expired\"");
    assertThat(events.get(1)).contains("\"client\":\"192.0.2.99\""); // written to the old file after the rename
    assertThat(events.get(2)).contains("\"client\":\"192.0.2.77\"").contains("\"line\":1");
    String last = result[0].out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(JSON.readTree(last).get("summary").get("tlsEvents").asLong()).isEqualTo(4);
    // the input's lines are those read from it, in all its files, as the summary's
    assertThat(JSON.readTree(last).get("summary").get("lines").asLong()).isEqualTo(4);
    assertThat(JSON.readTree(last).get("summary").get("inputs").get(0).get("lines").asLong()).isEqualTo(4);
  }

  @Test
  void logs_follow_truncatedAndRefilledBeyondOldSize_everyLineAndNoteOnStderr() throws Exception {
    Path f = log("error.log", NO_CIPHER, NO_CIPHER);
    long oldSize = Files.size(f);
    Cli.Result[] result = new Cli.Result[1];
    Thread t = new Thread(() -> result[0] = Cli.run("logs", "--follow", "--for", "3s", "--interval", "60",
        "--format", "json", f.toString()));
    t.start();
    Thread.sleep(1200);
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lines.add(NO_CIPHER.replace("192.0.2.45", "192.0.2." + (100 + i)));
    }
    Files.writeString(f, String.join("\n", lines) + "\n"); // in place: same file, more bytes than before
    t.join(10_000);
    List<String> events = result[0].out().lines().filter(l -> l.startsWith("{\"event\"")).toList();
    assertThat(events).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(events.get(i)).contains("\"client\":\"192.0.2." + (100 + i) + "\"").contains("\"line\":" + (i + 1));
    }
    assertThat(result[0].err()).contains("tlsdoctor: logs: note: " + f + ": truncated or rewritten after byte "
        + oldSize + "; read again from its start (lines written between the last read and the truncation were"
        + " missed, if any)\n");
    String last = result[0].out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(JSON.readTree(last).get("summary").get("tlsEvents").asLong()).isEqualTo(7);
    assertThat(JSON.readTree(last).get("summary").get("inputs").get(0).get("lines").asLong()).isEqualTo(7);
  }

  @Test
  void logs_follow_deviceOrFifo_refusedNamingItExit3() throws Exception {
    Path fifo = dev.tlsdoctor.testing.SpecialFiles.fifo(dir.resolve("pipe.log"));
    Cli.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> Cli.run("logs", "--follow", "--for", "1s", "/dev/zero", fifo.toString()));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("tlsdoctor: logs: /dev/zero: a character device, not a regular file; --follow"
        + " reads regular files (pipe a stream into 'tlsdoctor logs -')\n"
        + "tlsdoctor: logs: " + fifo + ": a FIFO, not a regular file; --follow reads regular files (pipe a stream"
        + " into 'tlsdoctor logs -')\n"
        + "tlsdoctor: logs: nothing to follow\n");
  }

  @Test
  void logs_sinceUntil_windowCountsAndReportsTheRest() throws IOException {
    Path f = log("error.log", NO_CIPHER, UPSTREAM_EXPIRED, NOT_FOUND);
    Cli.Result r = Cli.run("logs", "--format", "json", "--since", "2026-06-27 11:52", "--until",
        "2026-06-27T11:53:00", f.toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("tlsEvents").asLong()).isEqualTo(1);
    assertThat(j.get("outsideTimeRange").asLong()).isEqualTo(1);
    assertThat(j.get("classes").get(0).get("class").asText()).isEqualTo("certificate-expired");
  }

  @Test
  void plainFiles_onlyFormatAndExistingRegularFiles() throws IOException {
    String f = log("error.log", NO_CIPHER).toString();
    String g = log("other.log", NO_CIPHER).toString();
    assertThat(LogsCommand.plainFiles(new String[] {"logs", f, g})).containsExactly(f, g);
    assertThat(LogsCommand.plainFiles(new String[] {"logs", "--format", "json", f})).containsExactly(f);
    assertThat(LogsCommand.plainFiles(new String[] {"logs", "--format=text", f})).containsExactly(f);
    for (String[] other : new String[][] {
        {"logs"}, {"logs", "--format", "json"}, {"logs", "--format", "xml", f}, {"logs", "--events", f},
        {"logs", "-", f}, {"logs", f, dir.toString()}, {"logs", f, dir.resolve("gone.log").toString()},
        {"logs", dir.resolve("*.log").toString()}, {"logs", f, "--since", "1h"}, {"explain", f}, {"logs", ""},
        {"logs", "--format"}, {"logs", "--format", "json", "--format", "text", f}, {"logs", "--format=json", "--format",
        "json", f}, {"logs", "@" + f}}) {
      assertThat(LogsCommand.plainFiles(other)).as(String.join(" ", other)).isNull();
    }
  }

  @Test
  void runPlain_sameOutputAndExitCodeAsThroughPicocli() throws IOException {
    String f = log("error.log", NO_CIPHER, UPSTREAM_EXPIRED, NOT_FOUND).toString();
    String quiet = log("quiet.log", NOT_FOUND).toString();
    Path gz = dir.resolve("cut.log.gz");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(bytes)) {
      z.write((NO_CIPHER + "\n" + NO_CIPHER + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Files.write(gz, java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 12)); // truncated: exit 3
    for (String[] args : new String[][] {
        {"logs", f}, {"logs", "--format", "json", f}, {"logs", "--format=text", f, quiet}, {"logs", quiet},
        {"logs", "--format", "json", gz.toString(), f}}) {
      Cli.Result viaPicocli = Cli.run(args);
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      Integer code = Main.runPlain(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
      String what = String.join(" ", args);
      assertThat(code).as(what).isEqualTo(viaPicocli.code());
      assertThat(out.toString()).as(what).isEqualTo(viaPicocli.out());
      assertThat(err.toString()).as(what).isEqualTo(viaPicocli.err());
    }
    assertThat(Cli.run("logs", f).code()).isEqualTo(1);
    assertThat(Cli.run("logs", quiet).code()).isEqualTo(0);
    assertThat(Cli.run("logs", "--format", "json", gz.toString(), f).code()).isEqualTo(3);
    assertThat(Main.runPlain(new String[] {"logs", "--top", "3", f}, new java.io.PrintWriter(
        new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()))).isNull();
  }

  @Test
  void options_defaultsAreFieldValues_soThatThePlainPathHasThem() throws ReflectiveOperationException {
    Object none = picocli.CommandLine.Option.class.getMethod("defaultValue").getDefaultValue();
    int options = 0;
    for (java.lang.reflect.Field field : LogsCommand.class.getDeclaredFields()) {
      picocli.CommandLine.Option o = field.getAnnotation(picocli.CommandLine.Option.class);
      if (o != null) {
        options++;
        assertThat(o.defaultValue()).as(field.getName()).isEqualTo(none);
      }
    }
    assertThat(options).isEqualTo(18);
  }

  /** --client, --exclude-client and --server keep only the events they name; the rest is not counted. */
  @Test
  void logs_clientAndServerFilters_countOnlyWhatTheyKeep() throws Exception {
    Path log = dir.resolve("filters.log");
    String line = "2026/06/27 11:51:44 [info] 1#1: *1 SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::"
        + "no shared cipher) while SSL handshaking, client: CLIENT, server: SERVER\n";
    Files.writeString(log, line.replace("CLIENT", "192.0.2.45").replace("SERVER", "0.0.0.0:443")
        + line.replace("CLIENT", "192.0.2.46").replace("SERVER", "0.0.0.0:443")
        + line.replace("CLIENT", "198.51.100.7").replace("SERVER", "0.0.0.0:8443"));

    String all = Cli.run("logs", "--format", "json", log.toString()).out();
    String oneClient = Cli.run("logs", "--format", "json", "--client", "192.0.2.45", log.toString()).out();
    String network = Cli.run("logs", "--format", "json", "--client", "192.0.2.0/24", log.toString()).out();
    String excluded = Cli.run("logs", "--format", "json", "--exclude-client", "192.0.2.0/24", log.toString()).out();
    String server = Cli.run("logs", "--format", "json", "--server", "0.0.0.0:8443", log.toString()).out();

    assertThat(JSON.readTree(all).get("tlsEvents").asLong()).isEqualTo(3);
    assertThat(JSON.readTree(oneClient).get("tlsEvents").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(network).get("tlsEvents").asLong()).isEqualTo(2);
    assertThat(JSON.readTree(excluded).get("tlsEvents").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(server).get("tlsEvents").asLong()).isEqualTo(1);
    Cli.Result bad = Cli.run("logs", "--client", "intranet", log.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).startsWith("--client: 'intranet' is not a network");
  }
}
