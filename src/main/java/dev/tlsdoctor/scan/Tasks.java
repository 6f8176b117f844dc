package dev.tlsdoctor.scan;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a probe running on another thread, with its failure rethrown as it was thrown. */
final class Tasks {
  private Tasks() {
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
