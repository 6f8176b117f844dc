package dev.tlsdoctor.scan;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** Running probes on threads of their own, and waiting for them with their failures rethrown as thrown. */
final class Tasks {
  private static final ThreadFactory THREADS = Thread.ofPlatform().daemon().name("probe-", 0).factory();

  private Tasks() {
  }

  /**
   * A new thread for each task. Platform threads, not virtual ones: the JDK reads sockets for virtual threads on a
   * poller thread that sits in native code, and while one does, the JVM's exit waits 0.3 s for it to come back.
   */
  static ExecutorService perTask() {
    return Executors.newThreadPerTaskExecutor(THREADS);
  }

  /** At most {@code threads} tasks at a time, on platform threads like {@link #perTask}. */
  static ExecutorService fixed(int threads) {
    return Executors.newFixedThreadPool(threads, THREADS);
  }

  /** The result of {@code f}; a runtime exception of the task (a deadline, a failed connect) is rethrown as is. */
  static <T> T get(Future<T> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
