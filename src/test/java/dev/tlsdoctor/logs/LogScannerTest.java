package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.report.LogReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogScannerTest {
  static final String CIPHER = "2026/06/27 11:51:44 [info] 2841#2843: *934 SSL_do_handshake() failed (SSL: "
      + "error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.45, server: "
      + "0.0.0.0:443";
  static final String CLOSED = "2026/06/27 11:52:00 [info] 2841#2843: *935 peer closed connection in SSL handshake "
      + "while SSL handshaking, client: 192.0.2.46, server: 0.0.0.0:443";
  static final String OTHER = "2026/06/27 11:52:01 [error] 2841#2843: *936 open() \"/var/www/x\" failed (2: No such "
      + "file or directory), client: 192.0.2.47, server: example.com, request: \"GET /x HTTP/1.1\", host: \"e\"";
  static final String TLS_UNKNOWN = "2026/06/27 11:52:02 [crit] 2841#2843: *937 SSL_do_handshake() failed (SSL: "
      + "error:0A000006:SSL routines::EVP lib) while SSL handshaking, client: 192.0.2.48, server: 0.0.0.0:443";

  @TempDir
  Path dir;

  private static List<TlsEvent> scan(byte[] bytes, LogSummary summary) throws IOException {
    List<TlsEvent> events = new ArrayList<>();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, summary, events::add)
        .scan(new ByteArrayInputStream(bytes));
    return events;
  }

  @Test
  void scan_mixedLines_eventsWithLineNumbers() throws IOException {
    LogSummary s = new LogSummary();
    List<TlsEvent> ev = scan((OTHER + "\n" + CIPHER + "\r\n" + CLOSED + "\n" + TLS_UNKNOWN).getBytes(), s);
    assertThat(ev).extracting(e -> e.line() + " " + e.failureClass().id() + " " + e.direction().id())
        .containsExactly("2 no-shared-cipher client", "3 peer-closed-handshake client", "4 unclassified client");
    assertThat(ev.get(0).code()).isEqualTo("0A0000C1");
    assertThat(ev.get(0).generation()).isEqualTo("3.x");
    assertThat(ev.get(0).text()).isEqualTo(CIPHER); // the \r is not part of the line
    assertThat(s.lines()).isEqualTo(4);
    assertThat(s.tlsLines()).isEqualTo(3);
    assertThat(s.unclassifiedSamples()).extracting(LogSummary.Sample::line).containsExactly(4L);
  }

  @Test
  void scan_deferredKnowledgeBase_askedOnceAtTheFirstTlsLineAndSameResult() throws IOException {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    LogClassifier deferred = new LogClassifier(() -> {
      asked.incrementAndGet();
      return dev.tlsdoctor.kb.KnowledgeBase.get();
    });
    LogSummary s = new LogSummary();
    List<TlsEvent> none = new ArrayList<>();
    new LogScanner(deferred, "f", TimeRange.ALL, s, none::add).scan(new ByteArrayInputStream((OTHER + "\n").getBytes()));
    assertThat(asked.get()).isZero(); // a line that is not TLS-related needs no knowledge base
    List<TlsEvent> ev = new ArrayList<>();
    new LogScanner(deferred, "f", TimeRange.ALL, new LogSummary(), ev::add)
        .scan(new ByteArrayInputStream((OTHER + "\n" + CIPHER + "\n" + CLOSED + "\n").getBytes()));
    assertThat(asked.get()).isEqualTo(1);
    LogClassifier loaded = new LogClassifier(dev.tlsdoctor.kb.KnowledgeBase.get());
    List<TlsEvent> expected = new ArrayList<>();
    new LogScanner(loaded, "f", TimeRange.ALL, new LogSummary(), expected::add)
        .scan(new ByteArrayInputStream((OTHER + "\n" + CIPHER + "\n" + CLOSED + "\n").getBytes()));
    assertThat(ev).isEqualTo(expected);
    assertThat(ev).extracting(e -> e.line() + " " + e.failureClass().id())
        .containsExactly("2 no-shared-cipher", "3 peer-closed-handshake");
  }

  @Test
  void scan_tenMegabyteLine_boundedAndNextLinesStillRead() throws IOException {
    byte[] junk = new byte[10 << 20];
    Arrays.fill(junk, (byte) 'A');
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((CIPHER + "\n").getBytes());
    b.write(junk);
    b.write(("\n" + CLOSED + "\n").getBytes());
    LogSummary s = new LogSummary();
    LogScanner sc = new LogScanner(TinyKb.classifier(), "big.log", TimeRange.ALL, s, null);
    sc.scan(new ByteArrayInputStream(b.toByteArray()));
    assertThat(s.lines()).isEqualTo(3);
    assertThat(s.tlsLines()).isEqualTo(2);
    assertThat(sc.notes(0)).containsExactly("big.log:2: 1 line(s) longer than 65536 bytes; each was classified on "
        + "its first 65536 bytes");
  }

  @Test
  void scan_nulAndInvalidUtf8_classifiedAndNoted() throws IOException {
    byte[] line = (CIPHER.replace("client: ", "client: \u0000")).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(line);
    b.write('\n');
    b.write(new byte[] {'S', 'S', 'L', ' ', 'e', 'r', 'r', 'o', 'r', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});
    LogSummary s = new LogSummary();
    LogScanner sc = new LogScanner(TinyKb.classifier(), "bin.log", TimeRange.ALL, s, null);
    sc.scan(new ByteArrayInputStream(b.toByteArray()));
    assertThat(s.tlsLines()).isEqualTo(2);
    assertThat(sc.notes(0)).containsExactly("bin.log:1: 2 TLS-related line(s) hold NUL bytes or invalid UTF-8; "
        + "read with replacement characters");
  }

  @Test
  void upToNow_linesWrittenAfterwardsAreNotRead_inOneStreamOrInParallelRanges() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      sb.append(i % 2 == 0 ? CIPHER : OTHER).append('\n');
    }
    Path f = Files.writeString(dir.resolve("error.log"), sb);
    LogInputs.Input now = new LogInputs.Input("error.log", f).upToNow();
    assertThat(now.end()).isEqualTo(Files.size(f));
    // what the server writes while the input is read (a scan's probes) is not read
    Files.writeString(f, (CLOSED + "\n").repeat(5_000), java.nio.file.StandardOpenOption.APPEND);
    for (int threads : new int[] {1, 2, 3}) {
      LogSummary s = new LogSummary();
      LogAnalysis a = new LogAnalysis(TinyKb.classifier(), TimeRange.ALL, threads);
      LogAnalysis.InputResult r = a.read(now, s, threads == 1 ? e -> { } : null);
      assertThat(r.lines()).as("threads " + threads).isEqualTo(30_000);
      assertThat(s.tlsLines()).as("threads " + threads).isEqualTo(15_000);
    }
    // without the cut, everything
    LogSummary all = new LogSummary();
    new LogAnalysis(TinyKb.classifier(), TimeRange.ALL, 2).read(new LogInputs.Input("error.log", f), all, null);
    assertThat(all.tlsLines()).isEqualTo(20_000);
    // a gzip file or standard input is not cut
    assertThat(new LogInputs.Input("-", null).upToNow().end()).isEqualTo(-1);
  }

  @Test
  void scanRange_parallelRanges_sameResultAsOneStream() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      sb.append(i % 3 == 0 ? CIPHER : i % 3 == 1 ? OTHER : CLOSED.replace("192.0.2.46", "10.0.0." + (i % 200)));
      sb.append('\n');
    }
    Path f = Files.writeString(dir.resolve("error.log"), sb);
    for (int threads : new int[] {2, 3, 7}) {
      LogAnalysis a = new LogAnalysis(TinyKb.classifier(), TimeRange.ALL, threads);
      LogSummary whole = new LogSummary();
      LogAnalysis.InputResult r = a.read(new LogInputs.Input("error.log", f), whole, null);
      assertThat(r.lines()).isEqualTo(30_000);
      assertThat(whole.lines()).isEqualTo(30_000);
      assertThat(whole.tlsLines()).isEqualTo(20_000);
      LogReport rep = LogReport.of(new LogAnalysis.Result(whole, List.of(r)), TinyKb.get(), 3);
      assertThat(rep.counts()).containsExactly(
          java.util.Map.entry("no-shared-cipher/client", 10_000L),
          java.util.Map.entry("peer-closed-handshake/client", 10_000L));
      assertThat(rep.classes().get(1).example().line()).isEqualTo(3);
      assertThat(rep.classes().get(1).distinctClients()).isEqualTo(200);
    }
  }

  @Test
  void scanRange_twoRangesSplitAtEveryOffset_eachLineReadOnce() throws IOException {
    String text = CIPHER + "\n" + OTHER + "\n\n" + CLOSED + "\r\n" + "x\n" + TLS_UNKNOWN + "\n" + CIPHER;
    Path f = Files.writeString(dir.resolve("split.log"), text);
    LogSummary whole = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, whole, null)
        .scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(whole.lines()).isEqualTo(7);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
      long size = ch.size();
      for (long at = 0; at <= size; at++) {
        LogSummary first = new LogSummary();
        LogSummary second = new LogSummary();
        new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, first, null).scanRange(ch, 0, at);
        new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, second, null).scanRange(ch, at, size);
        assertThat(first.lines() + second.lines()).as("split at %d", at).isEqualTo(whole.lines());
        assertThat(first.tlsLines() + second.tlsLines()).as("split at %d", at).isEqualTo(whole.tlsLines());
      }
    }
  }

  @Test
  void scan_linesSharingLevelAndProcessIds_sameAsReadOneByOne() throws IOException {
    // "[info] 2841#2843: " is noted from the first line and recognised by its words in the others; each line must
    // still be read as it is: without a connection number, another thread id in the noted word's part, a broken one
    String[] lines = {
        CIPHER,
        CIPHER.replace("*934 ", ""),
        CIPHER.replace("2841#2843", "2841#2849"),
        CIPHER.replace("2841#2843: *934", "2841#2843:x*934"),
        CIPHER.replace("2841#2843: *934", "2841#2843: *93x4"),
        CLOSED.replace("[info]", "[error]"),
        CLOSED.replace("[info] 2841#2843", "[info] 2841#28431234"),
        TLS_UNKNOWN.replace("[crit]", "[info]"),
        OTHER.replace("[error]", "[info]"),
        CIPHER};
    StringBuilder text = new StringBuilder();
    for (int round = 0; round < 3; round++) {
      for (String l : lines) {
        text.append(l).append('\n');
      }
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    LogSummary fast = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, fast, null).scan(new ByteArrayInputStream(bytes));
    LogSummary slow = new LogSummary();
    List<TlsEvent> events = scan(bytes, slow); // every TLS line parsed from its text
    assertThat(events).hasSize(27);
    LogReport a = LogReport.of(new LogAnalysis.Result(fast, List.of()), TinyKb.get(), 5);
    LogReport b = LogReport.of(new LogAnalysis.Result(slow, List.of()), TinyKb.get(), 5);
    assertThat(a.toJson()).isEqualTo(b.toJson());
    assertThat(a.counts()).containsEntry("no-shared-cipher/client", 18L); // six lines a round
  }

  @Test
  void rangeEnd_takeRest_halfOfWhatIsNotCommitted() {
    LogScanner.RangeEnd r = new LogScanner.RangeEnd(100, 1100);
    assertThat(r.rest()).isEqualTo(1000);
    assertThat(r.commit(400)).isEqualTo(1100); // the reader holds the bytes up to 400
    assertThat(r.rest()).isEqualTo(700);
    assertThat(r.takeRest(351)).isNull(); // half of 700 is 350
    LogScanner.RangeEnd taken = r.takeRest(350);
    assertThat(taken.start()).isEqualTo(750);
    assertThat(taken.rest()).isEqualTo(350);
    assertThat(r.commit(2000)).isEqualTo(750); // the reader now stops at 750
    assertThat(r.rest()).isZero();
    assertThat(r.takeRest(1)).isNull();
    assertThat(new LogScanner.RangeEnd(0, 1).takeRest(0)).isNull(); // nothing to halve
  }

  @Test
  void scanRange_restTakenAtEveryOffset_eachLineReadOnce() throws IOException {
    String text = CIPHER + "\n" + OTHER + "\n\n" + CLOSED + "\r\n" + "x\n" + TLS_UNKNOWN + "\n" + CIPHER;
    Path f = Files.writeString(dir.resolve("taken.log"), text);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
      long size = ch.size();
      for (long committed = 0; committed < size; committed++) {
        LogScanner.RangeEnd first = new LogScanner.RangeEnd(0, size);
        first.commit(committed);
        LogScanner.RangeEnd rest = first.takeRest(1);
        LogSummary a = new LogSummary();
        LogSummary b = new LogSummary();
        new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, a, null).scanRange(ch, first);
        if (rest != null) {
          assertThat(rest.start()).isGreaterThanOrEqualTo(committed);
          new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, b, null).scanRange(ch, rest);
        }
        assertThat(a.lines() + b.lines()).as("committed %d", committed).isEqualTo(7);
        assertThat(a.tlsLines() + b.tlsLines()).as("committed %d", committed).isEqualTo(4);
      }
    }
  }

  @Test
  void read_truncatedGzip_errorNamesLineAndKeepsWhatWasRead() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
      for (int i = 0; i < 5000; i++) {
        gz.write((CIPHER + "\n").getBytes());
      }
    }
    byte[] all = raw.toByteArray();
    Path f = Files.write(dir.resolve("error.log.2.gz"), Arrays.copyOf(all, all.length / 2));
    LogSummary s = new LogSummary();
    LogAnalysis.InputResult r = new LogAnalysis(TinyKb.classifier(), TimeRange.ALL, 2)
        .read(new LogInputs.Input("error.log.2.gz", f), s, null);
    assertThat(r.error()).startsWith("truncated gzip stream after line ").endsWith("; the lines before it were read");
    assertThat(s.tlsLines()).isGreaterThan(0).isLessThan(5000).isEqualTo(r.lines());
  }

  @Test
  void read_timeRange_outsideCountedNotSummarised() throws IOException {
    TimeRange r = new TimeRange(java.time.LocalDateTime.of(2026, 6, 27, 11, 52), null);
    LogSummary s = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", r, s, null)
        .scan(new ByteArrayInputStream((CIPHER + "\n" + CLOSED + "\n").getBytes()));
    assertThat(s.tlsLines()).isEqualTo(1);
    assertThat(s.outsideRange()).isEqualTo(1);
  }

  @Test
  void scan_fastAndSlowPath_sameReport() throws IOException {
    String[] lines = {
        CIPHER, OTHER, CLOSED, TLS_UNKNOWN,
        "2026/06/27 12:00:00 [error] 1#1: *9 peer closed connection in SSL handshake while SSL handshaking to "
            + "upstream, client: 10.1.1.1, server: app.example, request: \"GET /a, b HTTP/1.1\", upstream: "
            + "\"https://10.0.0.9:443/a\", host: \"app.example\"",
        "2026/06/27 12:00:01 [info] 1#1: *10 SSL_do_handshake() failed (SSL: error:1408A0C1:SSL routines:"
            + "ssl3_get_client_hello:no shared cipher) while SSL handshaking, client: 2001:db8::1, server: [::]:443",
        "nginx | 2026/06/27 12:00:02 [info] 1#1: *11 peer closed connection in SSL handshake while SSL handshaking,"
            + " client: 10.1.1.2, server: 0.0.0.0:443",
        "2026/06/27 12:00:03 [info] 1#1: *12 SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared"
            + " cipher) while SSL handshaking, client: 10.1.1.3, server: 0.0.0.0:443, host: \"caf\u00e9.example\"",
        "2026/06/27 12:00:04 [info] 1#1: *13 client sent invalid method while reading client request line, client: "
            + "10.1.1.4, server: x, request: \"\\x16\\x03\\x01\\x02\\x00\\x01\"",
        "2026/99/27 12:00:05 [info] 1#1: *14 peer closed connection in SSL handshake while SSL handshaking, client: "
            + "10.1.1.5, server: 0.0.0.0:443",
        "2026/06/27 12:00:06 [warn] 1#1: \"ssl_stapling\" ignored, no OCSP responder URL in the certificate",
        "2026/06/27 12:00:07 [error] 1#1: *15 open() \"/srv/ssl/x\" failed (2: No such file or directory), client: "
            + "10.1.1.6, server: ssl.example, request: \"GET /ssl/x HTTP/1.1\", host: \"ssl.example\""};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append(lines[i % lines.length].replace("*9 ", "*" + i + " ")).append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    LogSummary slow = new LogSummary();
    List<TlsEvent> events = scan(bytes, slow);
    LogSummary fast = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, fast, null).scan(new ByteArrayInputStream(bytes));
    String a = dev.tlsdoctor.report.Json.pretty(LogReport.of(new LogAnalysis.Result(slow, List.of()), TinyKb.get(), 5));
    String b = dev.tlsdoctor.report.Json.pretty(LogReport.of(new LogAnalysis.Result(fast, List.of()), TinyKb.get(), 5));
    assertThat(b).isEqualTo(a);
    assertThat(events).extracting(e -> e.failureClass().id()).doesNotContainNull();
    // 9 of the 12 lines are TLS-related (not: OTHER, the garbage-free open() of /ssl/, and the invalid method line,
    // which this two-entry knowledge base does not claim); 2000 lines = 166 rounds + the first 8 lines (7 TLS).
    assertThat(slow.tlsLines()).isEqualTo(166 * 9 + 7);
  }
}
