package dev.tlsdoctor.util;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread. */
public final class Futures {
  private Futures() {
  }

  /** {@code task} started on a daemon thread named {@code name}: to be {@link #join}ed. */
  public static <T> java.util.concurrent.FutureTask<T> started(String name, java.util.concurrent.Callable<T> task) {
    java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
    Thread t = new Thread(f, name);
    t.setDaemon(true);
    t.start();
    return f;
  }

  /**
   * What {@code f} returned; what it threw, thrown here (an unchecked exception or error as it was, anything else
   * wrapped); an interrupt while waiting is kept and said as "interrupted while {@code what}".
   */
  public static <T> T join(Future<T> f, String what) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw rethrown(e);
    }
  }

  /**
   * What a task threw, to be thrown by whoever waited for it: its Error or runtime exception as it is, anything else
   * wrapped. Throws the Error itself; returns the runtime exception ({@code throw Futures.rethrown(e);}).
   */
  public static RuntimeException rethrown(ExecutionException e) {
    if (e.getCause() instanceof Error x) {
      throw x;
    }
    return e.getCause() instanceof RuntimeException x ? x : new IllegalStateException(e.getCause());
  }
}
