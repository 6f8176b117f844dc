package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
  @TempDir
  Path dir;
  Path file;
  final List<TlsEvent> events = new ArrayList<>();
  final LogSummary summary = new LogSummary();

  @BeforeEach
  void setUp() {
    file = dir.resolve("error.log");
  }

  /** A "no shared cipher" line whose client names the round and the line: 10.ROUND.(i / 250).(i % 250). */
  private static String line(int round, int i) {
    return LogScannerTest.CIPHER.replace("192.0.2.45", client(round, i));
  }

  private static String client(int round, int i) {
    return "10." + round + "." + (i / 250) + "." + (i % 250);
  }

  private static String lines(int round, int count) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append(line(round, i)).append('\n');
    }
    return b.toString();
  }

  private LogFollower follower(boolean fromStart) throws IOException {
    return new LogFollower(file, new LogScanner(TinyKb.classifier(), file.toString(), TimeRange.ALL, summary,
        events::add), fromStart);
  }

  private List<String> clients() {
    return events.stream().map(TlsEvent::client).toList();
  }

  private static List<String> clients(int round, int count) {
    return IntStream.range(0, count).mapToObj(i -> client(round, i)).toList();
  }

  private String truncationNote(long at) {
    return file + ": truncated or rewritten after byte " + at + "; read again from its start (lines written between"
        + " the last read and the truncation were missed, if any)";
  }

  @Test
  void poll_truncatedAndRefilledBeyondOldSizeWithinOnePoll_everyNewLineRead() throws IOException {
    String first = lines(1, 500);
    Files.writeString(file, first);
    Object inode = Files.readAttributes(file, "unix:ino").get("ino");
    try (LogFollower f = follower(true)) {
      assertThat(f.poll(summary)).isEqualTo(500);
      Files.writeString(file, lines(2, 560)); // truncates in place: same inode, larger than before
      assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(inode);
      assertThat(Files.size(file)).isGreaterThan(first.length());
      assertThat(f.poll(summary)).isEqualTo(560);
      assertThat(f.takeNotes()).containsExactly(truncationNote(first.length()));
      assertThat(f.takeNotes()).isEmpty();
    }
    List<String> expected = new ArrayList<>(clients(1, 500));
    expected.addAll(clients(2, 560));
    assertThat(clients()).isEqualTo(expected);
    assertThat(events.get(500).line()).isEqualTo(1);
    assertThat(events.get(1059).line()).isEqualTo(560);
    assertThat(summary.lines()).isEqualTo(1060);
  }

  @Test
  void poll_rewrittenWithSameBytesBeforeReadPositionButNewFirstLine_readAgain() throws IOException {
    String first = lines(1, 500);
    Files.writeString(file, first);
    String changedFirstLine = line(1, 0).replace("11:51:44", "11:59:44");
    try (LogFollower f = follower(true)) {
      assertThat(f.poll(summary)).isEqualTo(500);
      Files.writeString(file, changedFirstLine + "\n" + first.substring(first.indexOf('\n') + 1) + lines(2, 60));
      assertThat(f.poll(summary)).isEqualTo(560);
      assertThat(f.takeNotes()).containsExactly(truncationNote(first.length()));
    }
    assertThat(events).hasSize(1060);
    assertThat(events.get(500).time().toString()).isEqualTo("2026-06-27T11:59:44");
    assertThat(events.get(1059).client()).isEqualTo(client(2, 59));
  }

  @Test
  void poll_truncatedToFewerBytes_readFromStart() throws IOException {
    Files.writeString(file, lines(1, 500));
    try (LogFollower f = follower(true)) {
      f.poll(summary);
      Files.writeString(file, lines(2, 3));
      assertThat(f.poll(summary)).isEqualTo(3);
      assertThat(f.takeNotes()).containsExactly(truncationNote(lines(1, 500).length()));
    }
    assertThat(clients().subList(500, 503)).isEqualTo(clients(2, 3));
  }

  @Test
  void poll_appendsOnly_noNoteAndNothingReadTwice() throws IOException {
    Files.writeString(file, lines(1, 10));
    try (LogFollower f = follower(true)) {
      assertThat(f.poll(summary)).isEqualTo(10);
      assertThat(f.poll(summary)).isZero();
      Files.writeString(file, line(1, 10) + "\n" + line(1, 11).substring(0, 40), StandardOpenOption.APPEND);
      assertThat(f.poll(summary)).isEqualTo(1); // the partial line waits for its newline
      Files.writeString(file, line(1, 11).substring(40) + "\n", StandardOpenOption.APPEND);
      assertThat(f.poll(summary)).isEqualTo(1);
      assertThat(f.takeNotes()).isEmpty();
    }
    assertThat(clients()).isEqualTo(clients(1, 12));
  }

  @Test
  void poll_newOnlyThenTruncatedAndRefilled_fingerprintTakenAtTheStartingPoint() throws IOException {
    byte[] old = lines(1, 500).getBytes(StandardCharsets.UTF_8);
    Files.write(file, old);
    try (LogFollower f = follower(false)) {
      assertThat(f.poll(summary)).isZero();
      Files.writeString(file, lines(2, 560));
      assertThat(f.poll(summary)).isEqualTo(560);
      assertThat(f.takeNotes()).containsExactly(truncationNote(old.length));
    }
    assertThat(clients()).isEqualTo(clients(2, 560));
  }

  @Test
  void new_fifoOrDevice_refusedWithoutOpeningIt() throws Exception {
    Path fifo = dev.tlsdoctor.testing.SpecialFiles.fifo(dir.resolve("pipe.log"));
    file = fifo;
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> follower(true))
            .isInstanceOf(dev.tlsdoctor.util.BoundedRead.Refused.class)
            .hasMessage("\"" + fifo + "\" is a FIFO, not a regular file"));
    file = Path.of("/dev/zero");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> follower(true))
        .hasMessage("\"/dev/zero\" is a character device, not a regular file");
  }

  @Test
  void poll_fifoPutUnderTheName_passedOverUntilARegularFileReturns() throws Exception {
    Files.writeString(file, lines(1, 2));
    try (LogFollower f = follower(true)) {
      assertThat(f.poll(summary)).isEqualTo(2);
      Files.move(file, dir.resolve("error.log.1"));
      dev.tlsdoctor.testing.SpecialFiles.fifo(file);
      assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
          () -> f.poll(summary))).isZero();
      Files.delete(file);
      Files.writeString(file, lines(2, 3));
      assertThat(f.poll(summary)).isEqualTo(3);
    }
    assertThat(clients().subList(2, 5)).isEqualTo(clients(2, 3));
  }

  /** --new-only: what the file held is skipped, and the next line keeps its number in the file (not 1). */
  @Test
  void poll_startedAtTheEnd_newLinesNumberedAsInTheFile() throws IOException {
    Files.writeString(file, lines(1, 1853));
    try (LogFollower f = follower(false)) {
      assertThat(f.poll(summary)).isZero();
      Files.writeString(file, lines(2, 2), java.nio.file.StandardOpenOption.APPEND);

      assertThat(f.poll(summary)).isEqualTo(2);

      assertThat(events).extracting(TlsEvent::line).containsExactly(1854L, 1855L);
      assertThat(clients()).isEqualTo(clients(2, 2));
      assertThat(f.takeNotes()).isEmpty();
    }
  }
}
