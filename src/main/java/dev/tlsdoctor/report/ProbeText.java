package dev.tlsdoctor.report;

import dev.tlsdoctor.logs.ProbeTraffic;
import dev.tlsdoctor.logs.TopCounter;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The probe-traffic section of {@code logs} and {@code diagnose}: the scanning addresses set apart from real
 * clients, each with its socket, failures, bursts and classes. Values from the logs go through {@link Safe#text}.
 */
public final class ProbeText {
  /** Probes listed; the rest are counted. */
  static final int SHOWN = 10;

  private ProbeText() {
  }

  public static void render(List<ProbeTraffic.Probe> probes, PrintWriter out) {
    if (probes == null || probes.isEmpty()) {
      return;
    }
    long events = probes.stream().mapToLong(ProbeTraffic.Probe::events).sum();
    out.printf("%nProbe traffic, set apart from real clients (%d or more kinds of failure and %d or more failures"
        + " from one address within %d s, as scanners make): %d address(es), %d failure(s)%n", ProbeTraffic.MIN_KINDS,
        ProbeTraffic.MIN_EVENTS, ProbeTraffic.WINDOW.toSeconds(), probes.size(), events);
    for (ProbeTraffic.Probe p : probes.stream().limit(SHOWN).toList()) {
      out.printf("  %s on %s: %d failure(s) in %d burst(s), %s .. %s%n", Safe.text(p.client()),
          Safe.text(p.server().isEmpty() ? "-" : p.server()), p.events(), p.bursts(), time(p.firstSeen()),
          time(p.lastSeen()));
      out.println("    " + p.classes().stream().map((TopCounter.Count c) -> Safe.text(c.value()) + " " + c.count())
          .collect(Collectors.joining(", ")));
    }
    if (probes.size() > SHOWN) {
      out.printf("  ... and %d more address(es)%n", probes.size() - SHOWN);
    }
  }

  private static String time(String iso) {
    return iso == null ? "?" : Safe.text(iso.replace('T', ' '));
  }
}
