package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.ScanText;
import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.tls.Fixtures;
import dev.tlsdoctor.tls.FlightMutator;
import dev.tlsdoctor.tls.Hex;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The whole scan, end to end, against servers that replay mutated real flights (TLS 1.0, 1.2 and 1.3 from OpenSSL
 * and nginx, certificates, OCSP responses, certificate requests and extensions included) and then close, stay
 * silent, reset, or send the flight a few bytes at a time. Every case must end in a profile (no exception escapes
 * the scanner), by its deadline plus one second, with only documented verdicts, and render as text and JSON.
 *
 * <p>The suite runs {@link #SUITE_CASES} cases with a fixed seed; a one-off run takes more:
 * {@code scripts/test -Dtest=ScanFuzzTest -Dtlsdoctor.fuzz.cases=100000 -Dtlsdoctor.fuzz.seed=1}.
 */
class ScanFuzzTest {
  static final int SUITE_CASES = 240;
  static final Duration DEADLINE = Duration.ofSeconds(3);
  static final long MARGIN_MILLIS = 1000;
  static final ScanOptions OPTIONS = new ScanOptions(DEADLINE, Duration.ofSeconds(1), Duration.ofMillis(400), 16,
      1, List.of(), false);
  static final List<String> FLIGHTS = Fixtures.FLIGHTS;
  /** The reasons' kinds {@link Reason} documents. */
  static final Set<String> KINDS = Set.of("alert", "reset", "timeout", "closed", "truncated", "not-tls",
      "malformed", "io-error", "other-version", "connect-failed", "not-applicable");
  static final List<String> ERRORS = List.of("the deadline of ", "no complete answer: ", "not TLS: ",
      "cannot connect: ", "connection failed: ", "connect timed out", "every hello without SNI was refused ");

  /** What the server does after the mutated flight. */
  enum After { CLOSE, SILENT, RESET, TRICKLE }

  /** One case: the flight, what follows it, and where it came from (to reproduce it). */
  record Case(long number, String fixture, byte[] flight, After after) {
    static Case make(long seed, long number) {
      Random r = new Random(seed * 1_000_003L + number);
      String fixture = FLIGHTS.get(r.nextInt(FLIGHTS.size()));
      byte[] flight = FlightMutator.mutate(Fixtures.load(fixture), r);
      int a = r.nextInt(40);
      After after = a < 30 ? After.CLOSE : a < 34 ? After.RESET : a < 38 ? After.SILENT : After.TRICKLE;
      return new Case(number, fixture, flight, after);
    }

    @Override
    public String toString() {
      return "case " + number + " (" + fixture + ", then " + after + "): " + Hex.encode(flight);
    }
  }

  /** A server on loopback that answers every connection with the current case's flight. */
  static final class ReplayServer implements AutoCloseable {
    final ServerSocket socket;
    volatile Case current;

    ReplayServer() throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), 0), 64);
      Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          Socket c = socket.accept();
          Case k = current;
          Thread.ofVirtual().start(() -> serve(c, k));
        } catch (IOException e) {
          return;
        }
      }
    }

    private static void serve(Socket c, Case k) {
      try (c) {
        c.setSoTimeout(10_000);
        readFirstRecord(c.getInputStream());
        OutputStream out = c.getOutputStream();
        if (k.after() == After.TRICKLE) {
          for (int i = 0; i < k.flight().length; i += 7) {
            out.write(k.flight(), i, Math.min(7, k.flight().length - i));
            out.flush();
            Thread.sleep(30);
          }
        } else {
          out.write(k.flight());
          out.flush();
        }
        switch (k.after()) {
          case RESET -> c.setSoLinger(true, 0);
          case SILENT, TRICKLE -> c.getInputStream().transferTo(OutputStream.nullOutputStream());
          default -> c.shutdownOutput();
        }
      } catch (IOException | InterruptedException e) {
        // the scanner went away
      }
    }

    private static void readFirstRecord(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      byte[] head = d.readNBytes(5);
      if (head.length == 5 && head[0] == 0x16) {
        d.readNBytes(((head[3] & 0xFF) << 8) | (head[4] & 0xFF));
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** How the cases ended, for the record. */
  static final class Tally {
    final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    final AtomicLong slowest = new AtomicLong();
    final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    void count(String outcome) {
      outcomes.computeIfAbsent(outcome, x -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Scans one case and checks the profile; a failure is recorded with the case that reproduces it. */
  static void run(ReplayServer server, Case k, Tally tally) {
    server.current = k;
    long t0 = System.nanoTime();
    ServerProfile p;
    try {
      p = new Scanner(OPTIONS).scan(Target.parse("127.0.0.1:" + server.port(), null));
    } catch (RuntimeException | Error e) {
      tally.failures.add("threw " + e + ": " + k);
      return;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    tally.slowest.accumulateAndGet(ms, Math::max);
    List<String> wrong = problems(p, ms);
    if (!wrong.isEmpty()) {
      tally.failures.add(wrong + ": " + k);
    }
    tally.count(p.error() == null ? (p.protocols().containsValue(true) ? "some version accepted" : "every version"
        + " refused") : p.error().replaceAll("[:(].*", "").strip());
  }

  static List<String> problems(ServerProfile p, long ms) {
    List<String> wrong = new ArrayList<>();
    if (ms > DEADLINE.toMillis() + MARGIN_MILLIS) {
      wrong.add("took " + ms + " ms");
    }
    if (p.error() != null && ERRORS.stream().noneMatch(p.error()::startsWith)) {
      wrong.add("undocumented error " + p.error());
    }
    p.protocolReasons().values().forEach(r -> {
      if (!KINDS.contains(r.replaceAll(":.*", ""))) {
        wrong.add("undocumented reason " + r);
      }
    });
    p.findings().forEach(f -> {
      if (f.severity() == null) {
        wrong.add("undocumented severity " + f);
      }
    });
    try {
      ScanText.render(p);
      Json.pretty(p);
    } catch (RuntimeException e) {
      wrong.add("rendering threw " + e);
    }
    return wrong;
  }

  /** Runs {@code cases} cases from {@code seed} on {@code workers} servers at once. */
  static Tally fuzz(long seed, long cases, int workers) throws Exception {
    Tally tally = new Tally();
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        fs.add(pool.submit(() -> {
          try (ReplayServer server = new ReplayServer()) {
            for (long n; (n = next.getAndIncrement()) < cases; ) {
              run(server, Case.make(seed, n), tally);
              long d = done.incrementAndGet();
              if (cases >= 10_000 && d % 5_000 == 0) {
                System.err.printf(Locale.ROOT, "scan fuzz: %d/%d cases, %d failures, %.0f s%n", d, cases,
                    tally.failures.size(), (System.nanoTime() - start) / 1e9);
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    return tally;
  }

  @Test
  void mutatedFlights_everyScanEndsByItsDeadlineWithADocumentedVerdict() throws Exception {
    long cases = Long.getLong("tlsdoctor.fuzz.cases", SUITE_CASES);
    long seed = Long.getLong("tlsdoctor.fuzz.seed", 0x5CA7_2026L);
    Tally tally = fuzz(seed, cases, 8);

    System.err.printf(Locale.ROOT, "scan fuzz: %d cases (seed %d): %d failures, slowest %d ms, outcomes %s%n",
        cases, seed, tally.failures.size(), tally.slowest.get(), new java.util.TreeMap<>(tally.outcomes));
    assertThat(tally.failures).isEmpty();
    // the mutations reach more than one kind of end: not every case is refused the same way
    assertThat(tally.outcomes.keySet()).contains("every version refused", "some version accepted");
  }
}
