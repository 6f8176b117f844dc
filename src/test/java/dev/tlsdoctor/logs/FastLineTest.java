package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FastLineTest {
  @Test
  void epochDay_agreesWithLocalDate() {
    for (LocalDate d = LocalDate.of(1896, 1, 1); d.isBefore(LocalDate.of(2104, 12, 31)); d = d.plusDays(1)) {
      assertThat(FastLine.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).as("%s", d)
          .isEqualTo(d.toEpochDay());
    }
    assertThat(FastLine.epochDay(0, 1, 1)).isEqualTo(LocalDate.of(0, 1, 1).toEpochDay());
    assertThat(FastLine.epochDay(9999, 12, 31)).isEqualTo(LocalDate.of(9999, 12, 31).toEpochDay());
  }

  @Test
  void hash_equalBytesEqualHashes_wherever_theyAre() {
    byte[] b = "xx2026/06/27 peer closed connection in SSL handshake, client: 192.0.2.1".getBytes(
        StandardCharsets.US_ASCII);
    for (int from = 0; from < 12; from++) {
      for (int to = from + 1; to <= b.length; to++) {
        int h = FastLine.hash(b, from, to);
        byte[] copy = java.util.Arrays.copyOfRange(b, from, to); // no bytes after the end to read
        assertThat(FastLine.hash(copy, 0, copy.length)).isEqualTo(h);
        byte[] padded = java.util.Arrays.copyOf(copy, copy.length + 16);
        java.util.Arrays.fill(padded, copy.length, padded.length, (byte) 'z'); // other bytes after the end
        assertThat(FastLine.hash(padded, 0, copy.length)).isEqualTo(h);
      }
    }
    assertThat(FastLine.hash(b, 2, 12)).isNotEqualTo(FastLine.hash(b, 2, 13));
  }

  @Test
  void ascii_nulOrNonAsciiAnywhere_false_otherwiseTrue() {
    byte[] b = "peer closed connection in SSL handshake\u007f~ ".getBytes(StandardCharsets.US_ASCII);
    assertThat(FastLine.ascii(b, 0, b.length)).isTrue();
    for (int at = 0; at < b.length; at++) {
      for (byte odd : new byte[] {0, (byte) 0x80, (byte) 0xC3, (byte) 0xFF}) {
        byte[] c = java.util.Arrays.copyOf(b, b.length + 16);
        c[at] = odd;
        assertThat(FastLine.ascii(c, 0, b.length)).as("byte %d at %d", odd, at).isFalse();
        assertThat(FastLine.ascii(c, at, Math.min(b.length, at + 3))).isFalse();
        if (at > 0) {
          assertThat(FastLine.ascii(c, 0, at)).as("before the byte at %d", at).isTrue(); // bytes after 'to' ignored
        }
      }
    }
  }

  @Test
  void skipDigits_stopsAtEveryNonDigit_atTo_andWithoutBytesAfterIt() {
    // every byte value at every position of numbers of 0 to 20 digits, with and without room after 'to'
    for (int digits = 0; digits <= 20; digits++) {
      for (int odd = 0; odd < 256; odd++) {
        boolean isDigit = odd >= '0' && odd <= '9';
        byte[] b = new byte[digits + 1 + 16];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) ('0' + (i * 3) % 10);
        }
        b[digits] = (byte) odd;
        int expected = isDigit ? digits + 1 : digits;
        assertThat(FastLine.skipDigits(b, 0, digits + 1)).as("%d digits then byte %d", digits, odd)
            .isEqualTo(expected);
        byte[] exact = java.util.Arrays.copyOf(b, digits + 1); // nothing after 'to' to read
        assertThat(FastLine.skipDigits(exact, 0, exact.length)).isEqualTo(expected);
        assertThat(FastLine.skipDigits(b, 0, digits)).as("stops at 'to'").isEqualTo(digits); // digits after it
        if (digits > 2) {
          assertThat(FastLine.skipDigits(b, 2, digits + 1)).isEqualTo(expected);
        }
      }
    }
    byte[] line = "2026/06/22 00:00:00 [info] 20562#20562: *20042 SSL".getBytes(StandardCharsets.US_ASCII);
    assertThat(FastLine.skipDigits(line, 27, line.length)).isEqualTo(32); // at '#'
    assertThat(FastLine.skipDigits(line, 4, line.length)).isEqualTo(4); // at '/'
  }

  @Test
  void interner_longValues_sameOnlyForEqualBytes() {
    FastLine.Interner in = new FastLine.Interner(100);
    byte[] b = ("SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca) "
        + "SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown cb) ").getBytes(
        StandardCharsets.US_ASCII);
    int half = b.length / 2;
    int a = in.intern(b, 0, half - 1);
    assertThat(in.sameLong(a, b, 0, half - 1)).isTrue();
    assertThat(in.sameLong(a, b, half, b.length - 1)).isFalse(); // differs in the last byte
    assertThat(in.sameLong(a, b, 0, half - 2)).isFalse(); // a prefix
    assertThat(in.intern(b, half, b.length - 1)).isEqualTo(a + 1);
    assertThat(in.intern(java.util.Arrays.copyOf(b, half - 1), 0, half - 1)).isEqualTo(a);
  }

  @Test
  void interner_denseIds_equalBytesSameId_fullInternerUnstored() {
    FastLine.Interner in = new FastLine.Interner(4);
    byte[] b = "10.0.0.1 10.0.0.22 2001:db8::1234:5678 10.0.0.1 api.example.com........".getBytes(
        StandardCharsets.US_ASCII);
    assertThat(in.intern(b, 0, 8)).isEqualTo(0);
    assertThat(in.intern(b, 9, 18)).isEqualTo(1);
    assertThat(in.intern(b, 19, 38)).isEqualTo(2);
    assertThat(in.intern(b, 39, 47)).isEqualTo(0); // the same 8 bytes elsewhere
    assertThat(in.find(b, 9, 17)).isEqualTo(-1); // a prefix of a stored value is another value
    assertThat(in.intern(b, 9, 17)).isEqualTo(3);
    assertThat(in.intern(b, 48, 63)).isEqualTo(FastLine.Interner.UNSTORED);
    assertThat(in.unstored).isEqualTo("api.example.com");
    assertThat(in.string(2)).isEqualTo("2001:db8::1234:5678");
    assertThat(in.intern(b, 5, 5)).isEqualTo(-1);
  }

  @Test
  void interner_sameValueWithAndWithoutBytesAfterIt_sameId() {
    FastLine.Interner in = new FastLine.Interner(1000);
    for (int length = 1; length <= 40; length++) {
      byte[] value = new byte[length];
      for (int i = 0; i < length; i++) {
        value[i] = (byte) ('a' + (i * 7 + length) % 26);
      }
      byte[] roomy = java.util.Arrays.copyOf(value, length + 64); // read a word at a time
      java.util.Arrays.fill(roomy, length, roomy.length, (byte) 'z');
      int id = in.intern(roomy, 0, length);
      assertThat(id).as("length %d", length).isEqualTo(length - 1);
      assertThat(in.intern(value, 0, length)).as("length %d, nothing after it", length).isEqualTo(id);
      assertThat(in.find(value, 0, length)).isEqualTo(id);
      assertThat(in.intern(java.util.Arrays.copyOf(value, length + 64), 0, length)).isEqualTo(id);
      assertThat(in.string(id)).isEqualTo(new String(value, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void peerLength_schemeHostPort_unixSocket_noScheme() {
    for (String[] c : new String[][] {
        {"https://10.0.0.1:443/a/b", "https://10.0.0.1:443"},
        {"https://unix:/run/app.sock:/x", "https://unix:/run/app.sock"},
        {"https://unix:/run/app.sock", "https://unix:/run/app.sock"},
        {"10.0.0.1:9001", "10.0.0.1:9001"},
        {"https://[2001:db8::1]:8443/", "https://[2001:db8::1]:8443"}}) {
      byte[] b = c[0].getBytes(StandardCharsets.US_ASCII);
      assertThat(c[0].substring(0, FastLine.peerLength(b, 0, b.length))).isEqualTo(c[1]);
    }
  }
  @Test
  void messagesSharingQuickSlot_eachCountedUnderItsOwnClass() throws java.io.IOException {
    // the same length, first 16 and last 8 bytes: one slot, different messages
    String a = "SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while SSL "
        + "handshaking";
    String head = "SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol";
    String b = head + " ".repeat(a.length() - head.length() - ") while SSL handshaking".length())
        + ") while SSL handshaking";
    assertThat(b).hasSameSizeAs(a);
    byte[] ab = a.getBytes(StandardCharsets.US_ASCII);
    byte[] bb = b.getBytes(StandardCharsets.US_ASCII);
    assertThat(FastLine.quickSlot(ab, 0, ab.length)).isEqualTo(FastLine.quickSlot(bb, 0, bb.length));

    String pattern = "abbaababbbaab";
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      log.append("2026/06/27 10:00:0").append(i % 10).append(" [info] 41#41: *").append(100 + i).append(' ')
          .append(pattern.charAt(i) == 'a' ? a : b).append(", client: 192.0.2.").append(i)
          .append(", server: 0.0.0.0:443\n");
    }
    LogClassifier classifier = new LogClassifier(dev.tlsdoctor.kb.KnowledgeBase.get());
    LogSummary fast = new LogSummary();
    new LogScanner(classifier, "error.log", TimeRange.ALL, fast, null)
        .scan(new java.io.ByteArrayInputStream(log.toString().getBytes(StandardCharsets.US_ASCII)));
    LogSummary reference = new LogSummary();
    String[] lines = log.toString().split("\n");
    for (int i = 0; i < lines.length; i++) {
      classifier.classify("error.log", i + 1, lines[i]).ifPresent(reference::add);
    }
    reference.countLines(lines.length);
    assertThat(fast.tlsLines()).isEqualTo(13);
    assertThat(dev.tlsdoctor.report.Json.pretty(dev.tlsdoctor.report.LogReport.of(
            new LogAnalysis.Result(fast, java.util.List.of()), dev.tlsdoctor.kb.KnowledgeBase.get(), 8)))
        .contains("\"count\" : 7").contains("\"count\" : 6")
        .isEqualTo(dev.tlsdoctor.report.Json.pretty(dev.tlsdoctor.report.LogReport.of(
            new LogAnalysis.Result(reference, java.util.List.of()), dev.tlsdoctor.kb.KnowledgeBase.get(), 8)));
  }
}
