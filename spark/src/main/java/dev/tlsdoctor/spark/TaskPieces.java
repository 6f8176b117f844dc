package dev.tlsdoctor.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;

/**
 * What a task yields, made by a reader thread while Spark consumes it: the task holds at most {@link #QUEUE} items
 * (events) at a time, not the events of its whole range. When the task ends early (failed, killed, or its output
 * no longer wanted) the reader stops at its next item.
 */
final class TaskPieces<T> implements Iterator<T> {
  static final int QUEUE = 4096;

  /** The work that produces the items, given where to put them. */
  @FunctionalInterface
  interface Producer<T> {
    void produce(Consumer<T> out) throws Exception;
  }

  private static final Object END = new Object();

  /** A failure of the reader, thrown on in the task's thread. */
  private record Failure(Throwable cause) {
  }

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
  private volatile boolean cancelled;
  private Object next;

  TaskPieces(String name, Producer<T> producer) {
    Thread reader = Thread.ofPlatform().daemon().name(name).start(() -> {
      try {
        producer.produce(this::put);
        put(END);
      } catch (Cancelled e) {
        // the task is over: nobody reads further
      } catch (Throwable e) {
        try {
          put(new Failure(e));
        } catch (Cancelled c) {
          // likewise
        }
      }
    });
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener(ctx -> {
        cancelled = true;
        reader.interrupt();
      });
    }
  }

  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super(null, null, false, false);
    }
  }

  private void put(Object item) {
    try {
      while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        if (cancelled) {
          throw new Cancelled();
        }
      }
    } catch (InterruptedException e) {
      throw new Cancelled();
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the reader", e);
      }
      if (next instanceof Failure f) {
        next = END;
        if (f.cause() instanceof RuntimeException r) {
          throw r;
        }
        if (f.cause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(f.cause());
      }
    }
    return next != END;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T item = (T) next;
    next = null;
    return item;
  }
}
