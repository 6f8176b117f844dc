package dev.tlsdoctor.scan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Which of some candidates (cipher suites, groups) does a server accept, and does it choose among them by an order
 * of its own? Each connection answers one question: offered a list, the server picks one of it or refuses.
 *
 * <p>Three things start at once. All candidates offered forwards and all offered backwards: a server that picks the
 * same one both times chooses by its own order (or accepts only that one). And the candidates in chunks: when the
 * server picks one from an offer, the rest of that offer is split in parts and every part offered again, in
 * parallel, until every part is refused — the round trips in sequence grow with the logarithm of the chunk, not with
 * the number of candidates accepted. A server with an order of its own gets remove-and-retry instead: all the
 * candidates but those picked so far, one offer after the other, which reads out its order, and the chunks stop
 * splitting. When either full offer is refused (a server that dislikes long lists), the chunks give the set and two
 * accepted candidates offered in both orders decide.
 */
final class Enumeration<T> {
  /** Parts an offer's rest is split into after a pick, when it is long. */
  static final int FAN_OUT = 4;

  /** What the server did with one offer: picked {@code picked} (one of those offered) or refused, and why. */
  record Pick<T>(T picked, Reason refusal) {
    static <T> Pick<T> of(T picked) {
      return new Pick<>(picked, null);
    }

    static <T> Pick<T> refused(Reason why) {
      return new Pick<>(null, why);
    }
  }

  /** Asks the server, on a new connection, which of {@code offered} it picks. */
  interface Offer<T> {
    Pick<T> ask(List<T> offered);
  }

  /**
   * The answer. {@code accepted} is in the server's order when {@code serverOrder} is true, else in the candidates'
   * order; {@code serverOrder} is null when fewer than two are accepted; {@code refusal} is one refusal seen (null when
   * every offer was accepted).
   */
  record Result<T>(List<T> accepted, Boolean serverOrder, Reason refusal) {
  }

  private final List<T> candidates;
  private final Offer<T> offer;
  private final int chunk;
  private final ConcurrentLinkedQueue<T> found = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Reason> refusals = new ConcurrentLinkedQueue<>();
  /** True once the full offers showed an order of the server's: the chunks stop splitting. */
  private final CompletableFuture<Boolean> serverOrder = new CompletableFuture<>();

  private Enumeration(List<T> candidates, Offer<T> offer, int chunk) {
    this.candidates = List.copyOf(candidates);
    this.offer = askedAgainAfterATimeout(offer);
    this.chunk = chunk;
  }

  /**
   * An offer that timed out is asked once more before it counts as refused: a server that answered the versions
   * and then did not answer one offer among many in parallel (a busy or one-connection-at-a-time server) has not
   * said no, and a candidate it accepts must not go missing from the list.
   */
  private static <T> Offer<T> askedAgainAfterATimeout(Offer<T> offer) {
    return offered -> {
      Pick<T> p = offer.ask(offered);
      if (p.picked() == null && p.refusal() != null && p.refusal().kind().equals("timeout")) {
        return offer.ask(offered);
      }
      return p;
    };
  }

  /** Enumerates {@code candidates} (in the order to report them) with offers of at most {@code chunk} at first. */
  static <T> Result<T> run(List<T> candidates, int chunk, Offer<T> offer) throws InterruptedException {
    return new Enumeration<>(candidates, offer, chunk).run();
  }

  private Result<T> run() throws InterruptedException {
    if (candidates.isEmpty()) {
      return new Result<>(List.of(), null, Reason.notApplicable("nothing to offer"));
    }
    List<T> ordered = null;
    Pick<T> forward;
    Pick<T> backward;
    try (ExecutorService pool = Tasks.perTask()) {
      List<Future<?>> parts = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i += chunk) {
        List<T> part = candidates.subList(i, Math.min(candidates.size(), i + chunk));
        parts.add(pool.submit(() -> {
          explore(pool, part);
          return null;
        }));
      }
      Future<Pick<T>> fwd = pool.submit(() -> offer.ask(candidates));
      List<T> reversed = new ArrayList<>(candidates);
      Collections.reverse(reversed);
      Future<Pick<T>> bwd = pool.submit(() -> offer.ask(reversed));
      boolean same;
      try {
        forward = Tasks.get(fwd);
        backward = Tasks.get(bwd);
        same = forward.picked() != null && forward.picked().equals(backward.picked()) && candidates.size() > 1;
        serverOrder.complete(same);
      } finally {
        // whatever happened, the chunks must not wait for a decision forever
        serverOrder.complete(false);
      }
      if (same) {
        ordered = removeAndRetry(forward.picked());
      }
      for (Future<?> f : parts) {
        Tasks.get(f);
      }
    }
    List<T> accepted = candidates.stream().filter(found::contains).toList();
    Reason refusal = refusals.peek();
    if (accepted.size() < 2) {
      return new Result<>(accepted, null, refusal);
    }
    if (ordered != null) {
      List<T> out = new ArrayList<>(ordered);
      accepted.stream().filter(t -> !out.contains(t)).forEach(out::add);
      return new Result<>(List.copyOf(out), true, refusal);
    }
    if (forward.picked() != null && backward.picked() != null) {
      return new Result<>(accepted, false, refusal);
    }
    // a full offer was refused: decide with two accepted ones in both orders
    T a = accepted.get(0);
    T b = accepted.get(1);
    T first = offer.ask(List.of(a, b)).picked();
    T second = offer.ask(List.of(b, a)).picked();
    if (first == null || !first.equals(second)) {
      return new Result<>(accepted, false, refusal);
    }
    List<T> backwards = new ArrayList<>(accepted);
    Collections.reverse(backwards);
    List<T> out = new ArrayList<>(pickAll(backwards, new ArrayList<>()));
    accepted.stream().filter(t -> !out.contains(t)).forEach(out::add);
    return new Result<>(List.copyOf(out), true, refusal);
  }

  /** The server's order: {@code first}, then the one it picks from all the others, and so on until it refuses. */
  private List<T> removeAndRetry(T first) {
    List<T> picked = new ArrayList<>(List.of(first));
    found.add(first);
    List<T> left = new ArrayList<>(candidates);
    left.remove(first);
    return pickAll(left, picked);
  }

  private List<T> pickAll(List<T> left, List<T> picked) {
    while (!left.isEmpty()) {
      Pick<T> p = offer.ask(left);
      if (p.picked() == null || !left.contains(p.picked())) {
        refusals.add(p.refusal() != null ? p.refusal() : Reason.notApplicable("picked one not offered"));
        break;
      }
      picked.add(p.picked());
      found.add(p.picked());
      left.remove(p.picked());
    }
    return picked;
  }

  /** Offers {@code part}; after a pick, offers the rest again in parts, in parallel, until each is refused. */
  private void explore(ExecutorService pool, List<T> part) throws InterruptedException {
    Pick<T> p = offer.ask(part);
    if (p.picked() == null || !part.contains(p.picked())) {
      refusals.add(p.refusal() != null ? p.refusal() : Reason.notApplicable("picked one not offered"));
      return;
    }
    found.add(p.picked());
    List<T> rest = new ArrayList<>(part);
    rest.remove(p.picked());
    if (rest.isEmpty() || decided()) {
      return;
    }
    int parts = rest.size() > 2 * FAN_OUT ? FAN_OUT : Math.min(2, rest.size());
    int size = (rest.size() + parts - 1) / parts;
    List<Future<?>> kids = new ArrayList<>();
    for (int i = 0; i < rest.size(); i += size) {
      List<T> sub = List.copyOf(rest.subList(i, Math.min(rest.size(), i + size)));
      kids.add(pool.submit(() -> {
        explore(pool, sub);
        return null;
      }));
    }
    for (Future<?> f : kids) {
      Tasks.get(f);
    }
  }

  /** Waits for the full offers; true when the server has an order of its own (remove-and-retry reads the set). */
  private boolean decided() throws InterruptedException {
    try {
      return serverOrder.get();
    } catch (ExecutionException e) {
      return false;
    }
  }
}
