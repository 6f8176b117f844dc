package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The enumeration against made-up servers: which candidates they take and in which order they choose. */
class EnumerationTest {
  static final List<Integer> CANDIDATES = IntStream.range(0, 100).boxed().toList();
  static final Reason NO = new Reason("alert", "handshake_failure(40)");

  /** A server that takes {@code accepted}; by its own order (the list's) or the client's; refuses longer offers. */
  record FakeServer(List<Integer> accepted, boolean serverOrder, int maxOffer, AtomicInteger questions)
      implements Enumeration.Offer<Integer> {
    FakeServer(List<Integer> accepted, boolean serverOrder) {
      this(accepted, serverOrder, Integer.MAX_VALUE, new AtomicInteger());
    }

    @Override
    public Enumeration.Pick<Integer> ask(List<Integer> offered) {
      questions.incrementAndGet();
      if (offered.size() > maxOffer) {
        return Enumeration.Pick.refused(new Reason("reset", "the connection was reset"));
      }
      List<Integer> order = serverOrder ? accepted : offered;
      for (Integer c : order) {
        if (offered.contains(c) && accepted.contains(c)) {
          return Enumeration.Pick.of(c);
        }
      }
      return Enumeration.Pick.refused(NO);
    }
  }

  @Test
  void offerTimingOutOnce_askedAgain_nothingMissing() throws InterruptedException {
    List<Integer> accepted = List.of(3, 17, 42, 99);
    FakeServer server = new FakeServer(accepted, false);
    java.util.Set<List<Integer>> timedOut = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Reason timeout = new Reason("timeout", "no answer before the read timeout");
    // every distinct offer times out the first time it is made, as a server busy with the parallel others might
    Enumeration.Result<Integer> r = Enumeration.run(CANDIDATES, 16, offered -> timedOut.add(List.copyOf(offered))
        ? Enumeration.Pick.refused(timeout) : server.ask(offered));
    assertThat(r.accepted()).containsExactly(3, 17, 42, 99);
    assertThat(r.serverOrder()).isFalse();
    assertThat(r.refusal()).isEqualTo(NO);
  }

  @Test
  void offerTimingOutEveryTime_refusedAfterOneMoreTry() throws InterruptedException {
    AtomicInteger asked = new AtomicInteger();
    Reason timeout = new Reason("timeout", "no answer before the read timeout");
    Enumeration.Result<Integer> r = Enumeration.run(List.of(1), 16, offered -> {
      asked.incrementAndGet();
      return Enumeration.Pick.refused(timeout);
    });
    assertThat(r.accepted()).isEmpty();
    assertThat(r.refusal()).isEqualTo(timeout);
    assertThat(asked.get()).isEqualTo(6); // three offers (the chunk, all forwards, all backwards), each twice
  }

  @Test
  void clientOrder_everyAcceptedFound_listedInCandidateOrder() throws InterruptedException {
    FakeServer s = new FakeServer(List.of(97, 3, 50, 51, 52, 0), false);

    Enumeration.Result<Integer> r = Enumeration.run(CANDIDATES, 32, s);

    assertThat(r.accepted()).containsExactly(0, 3, 50, 51, 52, 97);
    assertThat(r.serverOrder()).isFalse();
    assertThat(r.refusal()).isEqualTo(NO);
  }

  @Test
  void serverOrder_readOutInTheServersOrder() throws InterruptedException {
    FakeServer s = new FakeServer(List.of(97, 3, 50, 51, 52, 0), true);

    Enumeration.Result<Integer> r = Enumeration.run(CANDIDATES, 32, s);

    assertThat(r.accepted()).containsExactly(97, 3, 50, 51, 52, 0);
    assertThat(r.serverOrder()).isTrue();
  }

  @Test
  void oneAccepted_noOrder() throws InterruptedException {
    Enumeration.Result<Integer> r = Enumeration.run(CANDIDATES, 32, new FakeServer(List.of(42), true));

    assertThat(r.accepted()).containsExactly(42);
    assertThat(r.serverOrder()).isNull();
  }

  @Test
  void noneAccepted_theRefusalKept() throws InterruptedException {
    Enumeration.Result<Integer> r = Enumeration.run(CANDIDATES, 32, new FakeServer(List.of(), false));

    assertThat(r.accepted()).isEmpty();
    assertThat(r.serverOrder()).isNull();
    assertThat(r.refusal()).isEqualTo(NO);
  }

  @Test
  void serverRefusingLongOffers_chunksFindTheSet_twoInBothOrdersDecide() throws InterruptedException {
    FakeServer server = new FakeServer(List.of(60, 10, 30), true, 32, new AtomicInteger());
    FakeServer client = new FakeServer(List.of(60, 10, 30), false, 32, new AtomicInteger());

    Enumeration.Result<Integer> s = Enumeration.run(CANDIDATES, 32, server);
    Enumeration.Result<Integer> c = Enumeration.run(CANDIDATES, 32, client);

    assertThat(s.accepted()).containsExactly(60, 10, 30);
    assertThat(s.serverOrder()).isTrue();
    assertThat(c.accepted()).containsExactly(10, 30, 60);
    assertThat(c.serverOrder()).isFalse();
  }

  @Test
  void everyCandidateAccepted_allFound() throws InterruptedException {
    List<Integer> all = new ArrayList<>(CANDIDATES);
    Collections.reverse(all);

    Enumeration.Result<Integer> r = Enumeration.run(CANDIDATES, 32, new FakeServer(all, true));

    assertThat(r.accepted()).containsExactlyElementsOf(all);
    assertThat(r.serverOrder()).isTrue();
  }

  @Test
  void clientOrder_questionsStayNearTheMinimum() throws InterruptedException {
    // each accepted candidate costs one question that picks it plus the splits of its rest: with 6 accepted among
    // 100 in chunks of 32, 4 chunks + 2 full offers + at most 4 parts per pick
    FakeServer s = new FakeServer(List.of(97, 3, 50, 51, 52, 0), false);

    Enumeration.run(CANDIDATES, 32, s);

    assertThat(s.questions().get()).isBetween(6 + 4 + 2, 4 + 2 + 6 * Enumeration.FAN_OUT);
  }
}
