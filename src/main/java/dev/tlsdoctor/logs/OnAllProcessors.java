package dev.tlsdoctor.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent steps on the calling thread and one helper per further processor, each taking the next step not
 * yet taken: for the work after the readers are done (merging their summaries, building the report), which would
 * otherwise leave all processors but one idle.
 */
public final class OnAllProcessors {
  private OnAllProcessors() {
  }

  /** Runs {@code step} for 0 .. n-1, in any order and in parallel; returns when all are done. */
  public static void run(int n, IntConsumer step) {
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        step.accept(i);
      }
    };
    int helpers = Math.min(n, Runtime.getRuntime().availableProcessors()) - 1;
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int h = 0; h < helpers; h++) {
      threads.add(Thread.ofPlatform().daemon().name("logs-helper-" + h).start(() -> {
        try {
          worker.run();
        } catch (RuntimeException | Error e) {
          failures.add(e);
        }
      }));
    }
    worker.run();
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a helper", e);
      }
    }
    if (!failures.isEmpty()) {
      Throwable f = failures.get(0);
      if (f instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) f;
    }
  }
}
