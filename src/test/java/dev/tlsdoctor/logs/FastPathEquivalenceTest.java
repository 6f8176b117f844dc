package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.LogReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level summary path against the reference path (every line parsed as text and classified), on generated
 * logs that mix what nginx writes with what it can be made to write: every kind of field value, quotes and commas
 * inside values, long values, NUL and non-ASCII bytes, invalid times, lines without fields, CRLF, binary junk,
 * overlong lines. The reports must be identical, whether the file is read as one stream or in parallel ranges.
 */
class FastPathEquivalenceTest {
  @TempDir
  Path dir;

  private static final String[] TLS_MESSAGES = {
      "SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking",
      "SSL_do_handshake() failed (SSL: error:1408A0C1:SSL routines:ssl3_get_client_hello:no shared cipher) while "
          + "SSL handshaking",
      "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking",
      "SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) "
          + "while SSL handshaking",
      "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking "
          + "to upstream",
      "peer closed connection in SSL handshake while SSL handshaking",
      "peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream",
      "upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream",
      "upstream SSL certificate does not match \"api.example.com\" while SSL handshaking to upstream",
      "client timed out (110: Connection timed out) while SSL handshaking",
      "client sent plain HTTP request to HTTPS port while reading client request headers",
      "SSL_do_handshake() failed (SSL: error:0A000006:SSL routines::EVP lib) while SSL handshaking",
      "SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while processing HTTP/2",
      "client sent invalid method while reading client request line",
      "lua ssl certificate verify error: (20: unable to get local issuer certificate)",
      "OCSP response not successful (6: unauthorized) while requesting certificate status, responder: ocsp.example",
      "SSL_write() failed (SSL:) (32: Broken pipe), context: ngx.timer",
      "SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher " + "x".repeat(3000)
          + ") while SSL handshaking", // longer than the caches keep
  };
  private static final String[] OTHER_MESSAGES = {
      "open() \"/var/www/html/favicon.ico\" failed (2: No such file or directory)",
      "upstream timed out (110: Connection timed out) while reading response header from upstream",
      "limiting requests, excess: 10.250 by zone \"one\"",
      "client sent invalid request while reading client request line",
      "open() \"/srv/ssl/TLS_x\" failed (2: No such file or directory)",
  };
  private static final String[] CLIENTS = {
      "192.0.2.1", "198.51.100.254", "10.0.0.7", "2001:db8:1234:5678:9abc:def0:1234:5678", "::ffff:10.1.2.3",
      "unix:", "203.0.113.195"};
  private static final String[] SERVERS = {
      "0.0.0.0:443", "[::]:443", "example.com", "a-very-long-server-name-beyond-24-bytes.example.org", "_", ""};
  private static final String[] REQUESTS = {
      "GET / HTTP/1.1", "POST /api/v1/login HTTP/2.0", "GET /a, b HTTP/1.1", "GET /\", host: \"evil HTTP/1.1",
      "GET /SSL/TLS_x HTTP/1.1", "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03", "\u0016\u0003\u0001x",
      "GET /caf\u00e9 HTTP/1.1", "GET /\u0000x HTTP/1.1"};
  private static final String[] UPSTREAMS = {
      "https://10.0.5.11:8443/", "https://10.0.5.13:8443/logout", "https://unix:/run/app.sock:/x",
      "https://[2001:db8::5]:443/a/b/c/d/e/f/g/h", "10.0.0.1:9001", "fastcgi://unix:/run/php/php-fpm.sock:"};
  private static final String[] HOSTS = {
      "example.com", "api.example.com", "a-host-name-that-is-quite-long-and-has-more-than-forty.example.net",
      "caf\u00e9.example", "10.0.0.1:8443"};

  private static String line(Random r) {
    int kind = r.nextInt(100);
    if (kind < 2) {
      return ""; // an empty line
    }
    if (kind < 4) {
      StringBuilder junk = new StringBuilder(); // binary junk, some of it looking like TLS
      for (int i = r.nextInt(300); i > 0; i--) {
        junk.append((char) (r.nextBoolean() ? r.nextInt(256) : "SSL TLS\u0016\u0003,: \"".charAt(r.nextInt(13))));
      }
      return junk.toString().replace("\n", "");
    }
    StringBuilder sb = new StringBuilder();
    if (kind < 6) {
      sb.append("nginx-1  | ");
    }
    int day = 1 + r.nextInt(3);
    int hour = r.nextInt(3) == 0 ? 23 : r.nextInt(24);
    int minute = r.nextInt(3) == 0 ? 59 : r.nextInt(60);
    String month = kind < 8 ? "13" : kind < 10 ? "02" : "06";
    sb.append(String.format("2024/%s/%02d %02d:%02d:%02d", month, kind < 10 ? 28 + day : day, hour, minute,
        r.nextInt(60)));
    sb.append(' ').append(new String[] {"[info]", "[error]", "[crit]", "[warn]", "[notice]", "[alert]"}[r.nextInt(6)]);
    sb.append(' ').append(1000 + r.nextInt(50)).append('#').append(r.nextInt(3) == 0 ? 1000 : r.nextInt(9999));
    sb.append(": ");
    if (r.nextInt(10) > 0) {
      sb.append('*').append(r.nextInt(100000)).append(' ');
    }
    boolean tls = r.nextInt(10) < 6;
    sb.append(tls ? TLS_MESSAGES[r.nextInt(TLS_MESSAGES.length)] : OTHER_MESSAGES[r.nextInt(OTHER_MESSAGES.length)]);
    if (r.nextInt(20) == 0) {
      return sb.toString(); // no fields (start-up and configuration messages)
    }
    sb.append(", client: ").append(r.nextInt(50) == 0 ? "10.9.8." + r.nextInt(256) : CLIENTS[r.nextInt(
        CLIENTS.length)]);
    sb.append(", server: ").append(SERVERS[r.nextInt(SERVERS.length)]);
    if (r.nextBoolean()) {
      sb.append(", request: \"").append(REQUESTS[r.nextInt(REQUESTS.length)]).append('"');
      if (r.nextBoolean()) {
        sb.append(", upstream: \"").append(UPSTREAMS[r.nextInt(UPSTREAMS.length)]).append('"');
      }
      if (r.nextBoolean()) {
        sb.append(", host: \"").append(HOSTS[r.nextInt(HOSTS.length)]).append('"');
      }
      if (r.nextInt(4) == 0) {
        sb.append(", referrer: \"https://example.com/?q=SSL, TLS\"");
      }
    }
    return sb.toString();
  }

  static byte[] log(long seed, int lines) throws IOException {
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines; i++) {
      if (r.nextInt(2000) == 0) {
        out.write(("2024/06/01 00:00:00 [info] 1#1: *1 peer closed connection in SSL handshake while SSL "
            + "handshaking, client: 192.0.2.9, server: " + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII));
      } else {
        // ISO-8859-1 keeps raw bytes (0x16, 0x00, 0xE9) as they are; "é" becomes the invalid UTF-8 byte 0xE9
        out.write(line(r).getBytes(r.nextInt(3) == 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
      }
      out.write(r.nextInt(30) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    }
    return out.toByteArray();
  }

  private static String report(LogSummary s, List<LogAnalysis.InputResult> inputs) {
    return Json.pretty(LogReport.of(new LogAnalysis.Result(s, inputs), KnowledgeBase.get(), 8));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void generatedLog_fastPath_sameReportAsReferencePath(long seed) throws IOException {
    byte[] bytes = log(seed, 40_000);
    LogClassifier classifier = new LogClassifier(KnowledgeBase.get());

    // The reference: every line decoded and classified on its own, without the scanner's pre-selection.
    LogSummary reference = new LogSummary();
    long lineNo = 0;
    for (int from = 0; from < bytes.length; ) {
      int nl = from;
      while (nl < bytes.length && bytes[nl] != '\n') {
        nl++;
      }
      int end = Math.min(nl, from + LogScanner.MAX_LINE_BYTES);
      if (end > from && bytes[end - 1] == '\r') {
        end--;
      }
      lineNo++;
      classifier.classify("error.log", lineNo, new String(bytes, from, end - from, StandardCharsets.UTF_8))
          .ifPresent(reference::add);
      from = nl + 1;
    }
    reference.countLines(lineNo);

    LogSummary fast = new LogSummary();
    LogScanner sc = new LogScanner(classifier, "error.log", TimeRange.ALL, fast, null);
    sc.scan(new ByteArrayInputStream(bytes));

    String expected = report(reference, List.of());
    assertThat(report(fast, List.of())).isEqualTo(expected);
    // the notes (lines with NUL or invalid UTF-8 bytes) as when every TLS line is read as text
    LogScanner slow = new LogScanner(classifier, "error.log", TimeRange.ALL, new LogSummary(), e -> { });
    slow.scan(new ByteArrayInputStream(bytes));
    assertThat(sc.notes(0)).isEqualTo(slow.notes(0)).hasSize(2);
    assertThat(reference.tlsLines()).isGreaterThan(15_000);
    assertThat(lineNo).isEqualTo(40_000);

    Path f = dir.resolve("error.log");
    Files.write(f, bytes);
    assertThat((long) bytes.length).isGreaterThanOrEqualTo(LogAnalysis.PARALLEL_MIN_BYTES); // read in ranges
    LogAnalysis parallel = new LogAnalysis(classifier, TimeRange.ALL, 3);
    LogSummary inRanges = new LogSummary();
    LogAnalysis.InputResult r = parallel.read(new LogInputs.Input("error.log", f), inRanges, null);
    assertThat(r.lines()).isEqualTo(40_000);
    assertThat(report(inRanges, List.of())).isEqualTo(expected);
    assertThat(r.notes()).isEqualTo(sc.notes(0));

    // workers that finish early take over the rest of other ranges, down to 4 KiB: the same report and notes
    int taken = 0;
    for (int threads : new int[] {2, 3, 7}) {
      LogAnalysis stealing = new LogAnalysis(classifier, TimeRange.ALL, threads).minTakenBytes(4096);
      LogSummary s = new LogSummary();
      LogAnalysis.InputResult rs = stealing.read(new LogInputs.Input("error.log", f), s, null);
      assertThat(rs.lines()).as("threads %d", threads).isEqualTo(40_000);
      assertThat(report(s, List.of())).as("threads %d", threads).isEqualTo(expected);
      assertThat(rs.notes()).isEqualTo(sc.notes(0));
      taken += stealing.rangesTaken();
    }
    assertThat(taken).as("ranges taken over").isPositive();
  }
}
