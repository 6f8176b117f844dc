package dev.tlsdoctor.scan;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Running probes on threads of their own, and waiting for them with their failures rethrown as thrown. */
final class Tasks {
  private static final ThreadFactory THREADS = Thread.ofPlatform().daemon().name("probe-", 0).factory();

  /**
   * The threads every probe runs on: as many as there are tasks, each kept 30 s for the next task, as a scan of many
   * targets would otherwise start a hundred threads per target. Platform threads, not virtual ones: the JDK reads
   * sockets for virtual threads on a poller thread that sits in native code, and while one does, the JVM's exit
   * waits 0.3 s for it to come back.
   */
  private static final ExecutorService SHARED = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), THREADS);

  private Tasks() {
  }

  /**
   * Each task at once on a thread of its own (from the shared ones); closing waits for this executor's tasks only,
   * like {@link Executors#newThreadPerTaskExecutor}.
   */
  static ExecutorService perTask() {
    return new Group();
  }

  /** Tasks on the shared threads, counted so that closing the group waits for its own. */
  private static final class Group extends AbstractExecutorService {
    private int running;
    private boolean shutdown;

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        if (shutdown) {
          throw new RejectedExecutionException("the probes of this group are closed");
        }
        running++;
      }
      try {
        SHARED.execute(() -> {
          try {
            task.run();
          } finally {
            done();
          }
        });
      } catch (RuntimeException e) {
        done();
        throw e;
      }
    }

    private synchronized void done() {
      if (--running == 0) {
        notifyAll();
      }
    }

    @Override
    public synchronized void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown();
      return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
      return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
      return shutdown && running == 0;
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      long end = System.nanoTime() + unit.toNanos(timeout);
      while (running > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return shutdown;
    }
  }

  /** Runs {@code task} on a shared thread, waited for by no one. */
  static void background(Runnable task) {
    SHARED.execute(task);
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
      throw dev.tlsdoctor.util.Futures.rethrown(e);
    }
  }
}
