package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delay line that sets scanner bursts apart, on events made here (the real scanners: ProbeTrafficNginxTest). */
class ProbeTrafficTest {
  private static final LocalDateTime T0 = LocalDateTime.of(2026, 11, 23, 1, 0, 0);
  private static final FailureClass[] KINDS = {FailureClass.PROTOCOL_VERSION_MISMATCH, FailureClass.NO_SHARED_CIPHER,
      FailureClass.KEY_SHARE_MISMATCH, FailureClass.PEER_CLOSED_HANDSHAKE};
  private long line;

  private TlsEvent event(double seconds, FailureClass c, String reason, String client) {
    return new TlsEvent("error.log", ++line, seconds < 0 ? null : T0.plusNanos((long) (seconds * 1e9)), "info", c,
        Direction.CLIENT, c.id(), reason, "", "", client, "0.0.0.0:443", null, null, line, "line " + line);
  }

  private TlsEvent scan(double seconds, int i, String client) {
    return event(seconds, KINDS[i % KINDS.length], "reason " + (i % KINDS.length), client);
  }

  @Test
  void scannerBurst_wholeBurstSetApart_firstFailuresIncluded() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    for (int i = 0; i < 30; i++) {
      p.accept(scan(i * 0.1, i, "198.51.100.66"));
    }
    p.finish();

    assertThat(real).isEmpty();
    assertThat(p.events()).isEqualTo(30);
    ProbeTraffic.Probe probe = p.probes().get(0);
    assertThat(probe.client()).isEqualTo("198.51.100.66");
    assertThat(probe.server()).isEqualTo("0.0.0.0:443");
    assertThat(probe.bursts()).isEqualTo(1);
    assertThat(probe.events()).isEqualTo(30);
    assertThat(probe.firstSeen()).isEqualTo("2026-11-23T01:00:00");
    assertThat(probe.lastSeen()).isEqualTo("2026-11-23T01:00:02.900");
    assertThat(probe.classes()).extracting(TopCounter.Count::count).containsExactly(8L, 8L, 7L, 7L);
    assertThat(probe.example().line()).isEqualTo(1);
  }

  @Test
  void realClientFailingOneWayAtAnyRate_handedOnInOrder() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    for (int i = 0; i < 500; i++) {
      p.accept(event(i * 0.01, FailureClass.PROTOCOL_VERSION_MISMATCH, "unsupported protocol", "192.0.2.7"));
    }
    p.finish();

    assertThat(real).hasSize(500);
    assertThat(real).extracting(TlsEvent::line).isSorted();
    assertThat(p.probes()).isEmpty();
  }

  @Test
  void fewerThanTheKindsOrTheEvents_noProbe() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    for (int i = 0; i < 40; i++) { // three kinds only
      p.accept(event(i * 0.1, KINDS[i % 3], "reason " + (i % 3), "192.0.2.8"));
    }
    for (int i = 0; i < ProbeTraffic.MIN_EVENTS - 1; i++) { // four kinds, one failure short
      p.accept(scan(100 + i * 0.1, i, "192.0.2.9"));
    }
    p.finish();

    assertThat(p.probes()).isEmpty();
    assertThat(real).hasSize(40 + ProbeTraffic.MIN_EVENTS - 1);
  }

  @Test
  void failuresSpreadOverMoreThanTheWindow_noProbe() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    for (int i = 0; i < 40; i++) { // four kinds, one failure every 11 s: a flaky client, not a scan
      p.accept(scan(i * 11, i, "192.0.2.10"));
    }
    p.finish();

    assertThat(p.probes()).isEmpty();
    assertThat(real).hasSize(40);
  }

  @Test
  void scannerAndRealClientInterleaved_onlyTheScannerSetApart() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    for (int i = 0; i < 40; i++) {
      p.accept(scan(i * 0.1, i, "203.0.113.5"));
      if (i % 4 == 0) {
        p.accept(event(i * 0.1, FailureClass.PROTOCOL_VERSION_MISMATCH, "unsupported protocol", "192.0.2.7"));
      }
    }
    p.finish();

    assertThat(real).hasSize(10).allMatch(e -> e.client().equals("192.0.2.7"));
    assertThat(p.probes()).extracting(ProbeTraffic.Probe::client, ProbeTraffic.Probe::events)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("203.0.113.5", 40L));
  }

  @Test
  void twoBurstsAQuietWindowApart_oneAddressTwoBursts_realFailureBetweenKept() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    for (int i = 0; i < 20; i++) {
      p.accept(scan(i * 0.1, i, "203.0.113.5"));
    }
    // the same address, 60 s later, fails once as a real client would: judged afresh, handed on
    p.accept(event(60, FailureClass.NO_SHARED_CIPHER, "no shared cipher", "203.0.113.5"));
    for (int i = 0; i < 20; i++) {
      p.accept(scan(3600 + i * 0.1, i, "203.0.113.5"));
    }
    p.finish();

    assertThat(real).extracting(TlsEvent::line).containsExactly(21L);
    ProbeTraffic.Probe probe = p.probes().get(0);
    assertThat(probe.bursts()).isEqualTo(2);
    assertThat(probe.events()).isEqualTo(40);
  }

  @Test
  void sameAddressOnAnotherSocket_judgedApart() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    for (int i = 0; i < 20; i++) {
      p.accept(scan(i * 0.1, i, "203.0.113.5"));
    }
    TlsEvent other = new TlsEvent("error.log", 99, T0.plusSeconds(1), "info", FailureClass.NO_SHARED_CIPHER,
        Direction.CLIENT, "x", "no shared cipher", "", "", "203.0.113.5", "0.0.0.0:8443", null, null, 99, "l");
    p.accept(other);
    p.finish();

    assertThat(real).containsExactly(other);
  }

  @Test
  void withoutTimeOrClientOrUpstream_passStraightThrough() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    TlsEvent noTime = event(-1, FailureClass.NO_SHARED_CIPHER, "no shared cipher", "192.0.2.7");
    TlsEvent noClient = event(1, FailureClass.NO_SHARED_CIPHER, "no shared cipher", null);
    TlsEvent upstream = new TlsEvent("error.log", 3, T0, "error", FailureClass.CERTIFICATE_UNTRUSTED,
        Direction.UPSTREAM, "x", "certificate verify failed", "", "", "192.0.2.7", "app", null, "https://10.0.0.5",
        3, "l");
    p.accept(noTime);
    p.accept(noClient);
    p.accept(upstream);

    assertThat(real).containsExactly(noTime, noClient, upstream); // before finish: nothing held
  }

  @Test
  void busySharedAddress_heldFailuresBounded() {
    List<TlsEvent> real = new ArrayList<>();
    ProbeTraffic p = new ProbeTraffic(real::add);
    int n = ProbeTraffic.MAX_HELD + 500;
    for (int i = 0; i < n; i++) { // all within one second, three kinds: never a probe
      p.accept(event(i * 0.0001, KINDS[i % 3], "reason " + (i % 3), "192.0.2.50"));
    }
    assertThat(real).hasSize(n - ProbeTraffic.MAX_HELD);
    p.finish();
    assertThat(real).hasSize(n);
  }
}
