package dev.tlsdoctor.logs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Follows growing error logs as {@code tail -F} does: every file polled each {@link #POLL} until a time limit or an
 * interrupt, what is read going into one summary, which is handed on every interval, at the end, and when the JVM is
 * stopped (Ctrl-C). Polling and the summaries hold one lock, so a summary never sees half a poll.
 */
public final class FollowLoop {
  /** How often the files are polled. */
  public static final Duration POLL = Duration.ofMillis(200);

  /** What the loop reports, in the thread that polls (or, for the last summary at exit, in the JVM's hook). */
  public interface Listener {
    /** After each round of polls, under the lock. */
    void polled(LogSummary summary);

    /** Something noticed about one file (a truncation), as soon as it is seen, under the lock. */
    void note(String note);

    /** Every interval, at the end and at exit, under the lock. */
    void summary(LogSummary summary);
  }

  private final List<LogFollower> followers;
  private final LogSummary summary;
  private final Object lock;
  private final Listener listener;

  /** Follows {@code followers} into {@code summary}; {@code lock} is held while polling and handing on summaries. */
  public FollowLoop(List<LogFollower> followers, LogSummary summary, Object lock, Listener listener) {
    this.followers = List.copyOf(followers);
    this.summary = summary;
    this.lock = lock;
    this.listener = listener;
  }

  /** Polls every file once: what the files already hold, before {@link #run}. */
  public void pollAll() throws IOException {
    synchronized (lock) {
      for (LogFollower f : followers) {
        poll(f);
      }
    }
  }

  /**
   * Polls until {@code limit} has passed (null: until interrupted), a summary every {@code interval}; then reads what
   * is left, closes the files and hands on the last summary. An interrupt ends it as the limit does.
   */
  public void run(Duration limit, Duration interval) throws IOException {
    long started = System.nanoTime();
    long nextSummary = started + interval.toNanos();
    Thread hook = new Thread(this::summary);
    Runtime.getRuntime().addShutdownHook(hook);
    while (limit == null || System.nanoTime() - started < limit.toNanos()) {
      synchronized (lock) {
        for (LogFollower f : followers) {
          poll(f);
        }
        listener.polled(summary);
      }
      if (System.nanoTime() >= nextSummary) {
        summary();
        nextSummary += interval.toNanos();
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        break; // stopped by the program that runs it: as at the end of the limit (the flag cleared for the last reads)
      }
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    synchronized (lock) {
      for (LogFollower f : followers) {
        poll(f);
        f.close();
      }
    }
    summary();
  }

  private void summary() {
    synchronized (lock) {
      listener.summary(summary);
    }
  }

  private void poll(LogFollower f) throws IOException {
    f.poll(summary);
    for (String note : f.takeNotes()) {
      listener.note(note);
    }
  }
}
