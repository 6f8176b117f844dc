package dev.tlsdoctor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for long work, shown only when standard error is a terminal and the work is
 * large enough to be worth watching. Polls a counter, so the workers never wait for the display.
 */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final Thread poller;

  private Progress(ProgressBar bar, LongSupplier done) {
    this.bar = bar;
    this.poller = Thread.ofPlatform().daemon().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        bar.stepTo(done.getAsLong() >> 20);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  /** A bar over {@code totalBytes}, or null when no bar should be shown. */
  static Progress start(String task, long totalBytes, LongSupplier doneBytes, boolean wanted) {
    if (!wanted || totalBytes < (256L << 20) || !stderrIsTerminal()) {
      return null;
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalBytes >> 20).setUnit(" MiB", 1)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
            System.err)).setUpdateIntervalMillis(250).build();
    return new Progress(bar, doneBytes);
  }

  /** Linux: standard error is a terminal when /proc/self/fd/2 points at a tty or pts device. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    poller.interrupt();
    bar.close();
  }
}
