package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowLoopTest {
  static final String LINE = "2026/06/27 10:00:00 [info] 1#1: *1 SSL_do_handshake() failed (SSL: error:0A0000C1:"
      + "SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2.1, server: 0.0.0.0:443\n";

  @TempDir
  Path tmp;

  /** Records what the loop hands on; appends a line to the file after the first round of polls. */
  static final class Recorder implements FollowLoop.Listener {
    final Path file;
    final AtomicInteger rounds = new AtomicInteger();
    final List<Long> summaries = new ArrayList<>();

    Recorder(Path file) {
      this.file = file;
    }

    @Override
    public void polled(LogSummary summary) {
      if (rounds.incrementAndGet() == 1) {
        try {
          Files.writeString(file, LINE, StandardOpenOption.APPEND);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }

    @Override
    public void note(String note) {
    }

    @Override
    public synchronized void summary(LogSummary summary) {
      summaries.add(summary.tlsLines());
    }
  }

  private FollowLoop loop(Path file, LogSummary summary, Recorder r) throws IOException {
    LogFollower f = new LogFollower(file, new LogScanner(TinyKb.classifier(), file.toString(), TimeRange.ALL,
        summary, null), true);
    return new FollowLoop(List.of(f), summary, new Object(), r);
  }

  @Test
  void run_untilTheLimit_linesWrittenMeanwhileRead_lastSummaryHandedOn() throws IOException {
    Path file = Files.writeString(tmp.resolve("error.log"), LINE + LINE);
    LogSummary summary = new LogSummary();
    Recorder r = new Recorder(file);
    FollowLoop loop = loop(file, summary, r);

    loop.pollAll();
    assertThat(summary.tlsLines()).isEqualTo(2);
    loop.run(Duration.ofMillis(500), Duration.ofHours(1));

    assertThat(r.rounds.get()).isPositive();
    assertThat(summary.tlsLines()).isEqualTo(3); // the line appended after the first round
    assertThat(r.summaries).containsExactly(3L); // no interval passed: only the last one
  }

  @Test
  void run_interrupted_endsWithTheLastReadsAndSummary() throws Exception {
    Path file = Files.writeString(tmp.resolve("error.log"), LINE);
    LogSummary summary = new LogSummary();
    Recorder r = new Recorder(file);
    FollowLoop loop = loop(file, summary, r);
    Thread t = new Thread(() -> {
      try {
        loop.run(null, Duration.ofHours(1));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    t.start();
    while (r.rounds.get() < 2) {
      Thread.sleep(10);
    }
    t.interrupt();
    t.join(Duration.ofSeconds(30).toMillis());

    assertThat(t.isAlive()).isFalse();
    assertThat(summary.tlsLines()).isEqualTo(2);
    assertThat(r.summaries).containsExactly(2L);
  }
}
