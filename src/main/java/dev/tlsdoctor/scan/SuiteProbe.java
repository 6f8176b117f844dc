package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Which cipher suites does the server accept at one version, and in which order does it prefer them?
 *
 * <p>Enumeration by remove-and-retry: the candidate list is split into chunks; each chunk is offered, the suite the
 * server picks is removed, and the rest offered again until the server refuses (the refusal is kept). Chunks run in
 * parallel. Preference: the first two accepted suites are offered in both orders; a server that picks the same one
 * both times chooses by its own order, which remove-and-retry over the accepted suites then reads out completely.
 */
final class SuiteProbe {
  static final int CHUNK = 64;

  /**
   * The answer. {@code suites} in server order when {@code serverPreference} is true, else in code order;
   * {@code serverPreference} is null when fewer than two suites are accepted; {@code reason} is the refusal that
   * ended the enumeration.
   */
  record Result(ProtocolVersion version, List<CipherSuite> suites, Boolean serverPreference, Reason reason) {
  }

  private SuiteProbe() {
  }

  static Result run(Connector c, ProtocolVersion v, String sni) throws InterruptedException {
    List<CipherSuite> candidates = ScanHellos.candidates(v);
    List<List<CipherSuite>> chunks = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i += CHUNK) {
      chunks.add(candidates.subList(i, Math.min(candidates.size(), i + CHUNK)));
    }
    List<CipherSuite> accepted = new ArrayList<>();
    Reason last = null;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Picks>> futures = new ArrayList<>();
      for (List<CipherSuite> chunk : chunks) {
        futures.add(pool.submit(() -> pickAll(c, v, chunk, sni)));
      }
      for (Future<Picks> f : futures) {
        Picks p = Tasks.get(f);
        accepted.addAll(p.picked());
        last = p.end();
      }
    }
    accepted.sort(java.util.Comparator.comparingInt(CipherSuite::code));
    if (accepted.size() < 2) {
      return new Result(v, List.copyOf(accepted), null, last);
    }
    CipherSuite a = accepted.get(0);
    CipherSuite b = accepted.get(1);
    CipherSuite first = pick(c, v, List.of(a, b), sni);
    CipherSuite second = pick(c, v, List.of(b, a), sni);
    boolean serverOrder = first != null && first.equals(second);
    if (!serverOrder) {
      return new Result(v, List.copyOf(accepted), false, last);
    }
    // offer the accepted suites in reverse code order so that a client-order server could not look ordered
    List<CipherSuite> reversed = new ArrayList<>(accepted);
    Collections.reverse(reversed);
    Picks order = pickAll(c, v, reversed, sni);
    List<CipherSuite> ordered = new ArrayList<>(order.picked());
    accepted.stream().filter(s -> !ordered.contains(s)).forEach(ordered::add);
    return new Result(v, List.copyOf(ordered), true, last);
  }

  private record Picks(List<CipherSuite> picked, Reason end) {
  }

  private static Picks pickAll(Connector c, ProtocolVersion v, List<CipherSuite> offer, String sni) {
    List<CipherSuite> left = new ArrayList<>(offer);
    List<CipherSuite> picked = new ArrayList<>();
    while (!left.isEmpty()) {
      ServerFlight f = c.exchange(hello(v, left, sni));
      CipherSuite s = chosen(f, v, left);
      if (s == null) {
        return new Picks(picked, Reason.of(f));
      }
      picked.add(s);
      left.remove(s);
    }
    return new Picks(picked, Reason.notApplicable("every offered suite was accepted"));
  }

  private static CipherSuite pick(Connector c, ProtocolVersion v, List<CipherSuite> offer, String sni) {
    return chosen(c.exchange(hello(v, offer, sni)), v, offer);
  }

  /** The suite the server picked, if it picked one we offered at the version we asked for. */
  private static CipherSuite chosen(ServerFlight f, ProtocolVersion v, List<CipherSuite> offered) {
    if (!f.isComplete() || f.serverHello().isEmpty() || !f.version().filter(v::equals).isPresent()) {
      return null;
    }
    CipherSuite s = f.serverHello().get().cipherSuite();
    return offered.contains(s) ? s : null;
  }

  private static byte[] hello(ProtocolVersion v, List<CipherSuite> suites, String sni) {
    return v == ProtocolVersion.TLSv1_3
        ? ScanHellos.tls13(suites, ScanHellos.COMMON_GROUPS, true, sni).build().toRecords()
        : ScanHellos.legacy(v, suites, sni).build().toRecords();
  }
}
