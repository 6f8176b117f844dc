package dev.tlsdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.logs.LogAnalysis;
import dev.tlsdoctor.logs.LogScanner;
import dev.tlsdoctor.logs.LogSummary;
import dev.tlsdoctor.logs.TimeRange;
import dev.tlsdoctor.logs.TinyKb;
import dev.tlsdoctor.logs.TopCounter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogReportTest {

  private static String line(int hour, int minute, int second, String client) {
    return String.format("2026/06/27 %02d:%02d:%02d [info] 1#1: *1 SSL_do_handshake() failed (SSL: error:0A0000C1:"
        + "SSL routines::no shared cipher) while SSL handshaking, client: %s, server: 0.0.0.0:443", hour, minute,
        second, client);
  }

  @Test
  void spikes_burstMinuteFarAboveBaseline_reportedWithTime() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int m = 0; m < 120; m++) { // two hours at one event per minute
      sb.append(line(10 + m / 60, m % 60, 0, "192.0.2.1")).append('\n');
    }
    for (int i = 0; i < 40; i++) { // then 40 events in the minute 10:30 from one scanner
      sb.append(line(10, 30, 30, "203.0.113.195")).append('\n');
    }
    LogSummary s = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, s, null)
        .scan(new ByteArrayInputStream(sb.toString().getBytes()));
    LogReport r = LogReport.of(new LogAnalysis.Result(s, List.of()), TinyKb.get(), 5);
    LogReport.ClassReport c = r.classes().get(0);
    assertThat(c.count()).isEqualTo(160);
    assertThat(c.peakMinute()).isEqualTo(new LogReport.MinuteCount("2026-06-27T10:30:00", 41));
    assertThat(c.spikes()).containsExactly(new LogReport.Spike("2026-06-27T10:30:00", 41, 1.333));
    assertThat(c.ratePerMinute()).isEqualTo(1.333);
    assertThat(c.topClients().get(0)).isEqualTo(new TopCounter.Count("192.0.2.1", 120));
  }

  @Test
  void spikes_steadyRate_none() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int m = 0; m < 60; m++) {
      for (int k = 0; k < 20; k++) {
        sb.append(line(10, m, k, "192.0.2.1")).append('\n');
      }
    }
    LogSummary s = new LogSummary();
    new LogScanner(TinyKb.classifier(), "f", TimeRange.ALL, s, null)
        .scan(new ByteArrayInputStream(sb.toString().getBytes()));
    LogReport r = LogReport.of(new LogAnalysis.Result(s, List.of()), TinyKb.get(), 5);
    assertThat(r.classes().get(0).spikes()).isEmpty();
    assertThat(r.classes().get(0).ratePerMinute()).isEqualTo(20.0);
  }

  @Test
  void toJson_sameTextAsTheGeneralWriter_forOddStringsNumbersNullsAndEmptyLists() {
    StringBuilder odd = new StringBuilder("\"quoted\" back\\slash /slash caf\u00e9 \ud83d\ude00 \ud800 ");
    for (char c = 0; c < 0x20; c++) {
      odd.append(c);
    }
    odd.append('\u007f').append('\u2028');
    String s = odd.toString();
    TopCounter.Count counted = new TopCounter.Count(s, 7);
    LogSummary.Sample example = new LogSummary.Sample("f", 3, s);
    List<LogReport.ClassReport> classes = List.of(
        new LogReport.ClassReport("no-shared-cipher", "client", 12, 0.1, "2026-06-27T10:00:00", null, 1.0E-4,
            new LogReport.MinuteCount("2026-06-27T10:30:00", 40),
            List.of(new LogReport.Spike("2026-06-27T10:30:00", 40, 12345.678), new LogReport.Spike(s, 1, 0.0)),
            List.of(counted), List.of(), List.of(counted, counted), List.of(), List.of(), List.of(counted), 2,
            example, s, "", "tlsdoctor explain 'x'"),
        new LogReport.ClassReport("not-tls", "upstream", 0, 1.0E7, null, null, -0.5, null, List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, null, null));
    for (LogReport r : List.of(
        new LogReport(List.of(new LogReport.InputReport("error.log", 10, "ok", null, List.of()),
            new LogReport.InputReport(s, 0, "error", s, List.of(s, "x"))), 10, 12, 3, 1, null, "2026-06-27T11:00:00",
            classes, new LogReport.Unclassified(2, List.of(example, example))),
        new LogReport(List.of(), 0, 0, 0, 0, null, null, List.of(), new LogReport.Unclassified(0, List.of())),
        new LogReport(List.of(new LogReport.InputReport("e", 1, "ok", null, null)), 1, 0, 1, 0, null, null,
            List.of(), null))) {
      assertThat(r.toJson()).isEqualTo(dev.tlsdoctor.report.Json.pretty(r));
    }
  }
}
