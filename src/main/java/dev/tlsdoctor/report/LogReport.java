package dev.tlsdoctor.report;

import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.KbEntry;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.logs.LogAnalysis;
import dev.tlsdoctor.logs.LogSummary;
import dev.tlsdoctor.logs.OnAllProcessors;
import dev.tlsdoctor.logs.ProbeTraffic;
import dev.tlsdoctor.logs.TimeRange;
import dev.tlsdoctor.logs.TopCounter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of {@code tlsdoctor logs} as it is printed in JSON (schema in the README). Times are nginx's local
 * times in ISO-8601 without a zone, since nginx writes none.
 */
public record LogReport(
    List<InputReport> inputs,
    long lines,
    long tlsEvents,
    long otherLines,
    long outsideTimeRange,
    String firstSeen,
    String lastSeen,
    List<ClassReport> classes,
    Unclassified unclassified,
    List<ProbeTraffic.Probe> probeTraffic) {

  /** A report without probe traffic looked for ({@code probeTraffic} null). */
  public LogReport(List<InputReport> inputs, long lines, long tlsEvents, long otherLines, long outsideTimeRange,
      String firstSeen, String lastSeen, List<ClassReport> classes, Unclassified unclassified) {
    this(inputs, lines, tlsEvents, otherLines, outsideTimeRange, firstSeen, lastSeen, classes, unclassified, null);
  }

  /** A minute whose count jumped far above the class's baseline: {@link #SPIKE_FACTOR} times its mean rate. */
  public static final int SPIKE_FACTOR = 10;
  /** A spike needs at least this many events in its minute. */
  public static final int SPIKE_MIN_EVENTS = 10;

  public record InputReport(String file, long lines, String status, String error, List<String> notes) {
  }

  public record MinuteCount(String minute, long count) {
  }

  public record Spike(String minute, long count, double baselinePerMinute) {
  }

  public record ClassReport(
      @com.fasterxml.jackson.annotation.JsonProperty("class") String failureClass,
      String direction,
      long count,
      double share,
      String firstSeen,
      String lastSeen,
      double ratePerMinute,
      MinuteCount peakMinute,
      List<Spike> spikes,
      List<TopCounter.Count> entries,
      List<TopCounter.Count> reasons,
      List<TopCounter.Count> servers,
      List<TopCounter.Count> hosts,
      List<TopCounter.Count> upstreams,
      List<TopCounter.Count> topClients,
      Integer distinctClients,
      LogSummary.Sample example,
      String title,
      String meaning,
      String explain) {
  }

  public record Unclassified(long count, List<LogSummary.Sample> samples) {
  }

  /** Builds the report; {@code top} limits each list of addresses and names. */
  public static LogReport of(LogAnalysis.Result result, KnowledgeBase kb, int top) {
    LogSummary s = result.summary();
    List<InputReport> inputs = result.inputs().stream()
        .map(i -> new InputReport(i.name(), i.lines(), i.error() == null ? "ok" : "error", i.error(), i.notes()))
        .toList();
    List<Map.Entry<LogSummary.Key, LogSummary.ClassStats>> classified = new ArrayList<>();
    LocalDateTime first = null;
    LocalDateTime last = null;
    long unclassifiedCount = 0;
    for (Map.Entry<LogSummary.Key, LogSummary.ClassStats> e : s.byCount()) {
      LogSummary.ClassStats st = e.getValue();
      if (st.first() != null && (first == null || st.first().isBefore(first))) {
        first = st.first();
      }
      if (st.last() != null && (last == null || st.last().isAfter(last))) {
        last = st.last();
      }
      if (e.getKey().failureClass() == FailureClass.UNCLASSIFIED) {
        unclassifiedCount += st.count();
      } else {
        classified.add(e);
      }
    }
    ClassReport[] reports = new ClassReport[classified.size()];
    OnAllProcessors.run(reports.length, i -> reports[i] = classReport(classified.get(i).getKey(),
        classified.get(i).getValue(), s.tlsLines(), kb, top));
    List<ClassReport> classes = List.of(reports);
    List<LogSummary.Sample> samples = List.copyOf(s.unclassifiedSamples());
    // probe traffic: its lines are TLS-related but counted apart, neither in the classes nor among the other lines
    ProbeTraffic probes = result.probes();
    long probeEvents = probes == null ? 0 : probes.events();
    return new LogReport(inputs, s.lines(), s.tlsLines(), s.lines() - s.tlsLines() - s.outsideRange() - probeEvents,
        s.outsideRange(), TimeRange.iso(first), TimeRange.iso(last), classes, new Unclassified(unclassifiedCount, samples),
        probes == null ? null : probes.probes());
  }

  private static ClassReport classReport(LogSummary.Key key, LogSummary.ClassStats st, long total, KnowledgeBase kb,
                                         int top) {
    KbEntry entry = kb.classEntry(key.failureClass());
    long spanMinutes = st.first() == null ? 0 : Duration.between(st.first(), st.last()).toMinutes() + 1;
    double rate = spanMinutes == 0 ? 0 : round((double) st.count() / spanMinutes);
    // one pass over the minutes in order: the peak (the earliest of equal ones) and the spike candidates
    double mean = spanMinutes == 0 ? 0 : (double) st.count() / spanMinutes;
    long[] peakAt = {0, 0}; // minute, count
    List<long[]> candidates = new ArrayList<>();
    st.perMinute().forEachInOrder((minute, n) -> {
      if (n > peakAt[1]) {
        peakAt[0] = minute;
        peakAt[1] = n;
      }
      if (spanMinutes >= SPIKE_FACTOR && isSpike(n, mean)) {
        candidates.add(new long[] {minute, n});
      }
    });
    MinuteCount peak = peakAt[1] == 0 ? null : new MinuteCount(TimeRange.iso(LogSummary.fromEpochMinute(peakAt[0])), peakAt[1]);
    List<Spike> spikes = spikes(candidates, mean);
    String topReason = st.reasons().top(1).stream().map(TopCounter.Count::value).findFirst().orElse(entry.id());
    TopCounter clients = st.clients();
    return new ClassReport(key.failureClass().id(), key.direction().id(), st.count(),
        total == 0 ? 0 : round((double) st.count() / total), TimeRange.iso(st.first()), TimeRange.iso(st.last()), rate, peak, spikes,
        counted(st.entries(), top), counted(st.reasons(), top), counted(st.servers(), top), counted(st.hosts(), top),
        counted(st.upstreams(), top), counted(clients, top), clients.isExact() ? clients.distinct() : null,
        st.example(),
        entry.title(), firstSentence(entry.meaning()), "tlsdoctor explain " + shellQuote(topReason));
  }

  /** Whether a minute's count is a spike for a class whose mean rate is {@code mean} (over ≥ SPIKE_FACTOR minutes). */
  static boolean isSpike(long n, double mean) {
    return n >= SPIKE_MIN_EVENTS && n >= SPIKE_FACTOR * mean;
  }

  /** The five highest of the spike minutes ({@code [minute, count]}), in time order. */
  static List<Spike> spikes(List<long[]> minutes, double mean) {
    List<Spike> out = new ArrayList<>();
    for (long[] m : minutes) {
      out.add(new Spike(TimeRange.iso(LogSummary.fromEpochMinute(m[0])), m[1], round(mean)));
    }
    out.sort(Comparator.comparingLong(Spike::count).reversed().thenComparing(Spike::minute));
    List<Spike> kept = new ArrayList<>(out.subList(0, Math.min(5, out.size())));
    kept.sort(Comparator.comparing(Spike::minute));
    return kept;
  }

  private static List<TopCounter.Count> counted(TopCounter c, int top) {
    return c.top(top);
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  static String firstSentence(String text) {
    if (text == null) {
      return "";
    }
    int dot = text.indexOf(". ");
    return dot < 0 ? text.strip() : text.substring(0, dot + 1).strip();
  }

  /** Quotes a value for a POSIX shell. */
  public static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The report as JSON, laid out as {@link Json#pretty} lays it out (the schema in the README). */
  public String toJson() {
    PrettyJson j = new PrettyJson().beginObject();
    j.name("inputs").beginArray();
    for (InputReport i : inputs) {
      j.beginObject().name("file").value(i.file()).name("lines").value(i.lines()).name("status").value(i.status())
          .name("error").value(i.error()).name("notes");
      strings(j, i.notes());
      j.endObject();
    }
    j.endArray();
    j.name("lines").value(lines).name("tlsEvents").value(tlsEvents).name("otherLines").value(otherLines)
        .name("outsideTimeRange").value(outsideTimeRange).name("firstSeen").value(firstSeen).name("lastSeen")
        .value(lastSeen);
    j.name("classes").beginArray();
    for (ClassReport c : classes) {
      j.beginObject().name("class").value(c.failureClass()).name("direction").value(c.direction()).name("count")
          .value(c.count()).name("share").value(c.share()).name("firstSeen").value(c.firstSeen()).name("lastSeen")
          .value(c.lastSeen()).name("ratePerMinute").value(c.ratePerMinute()).name("peakMinute");
      if (c.peakMinute() == null) {
        j.nullValue();
      } else {
        j.beginObject().name("minute").value(c.peakMinute().minute()).name("count").value(c.peakMinute().count())
            .endObject();
      }
      j.name("spikes");
      if (c.spikes() == null) {
        j.nullValue();
      } else {
        j.beginArray();
        for (Spike s : c.spikes()) {
          j.beginObject().name("minute").value(s.minute()).name("count").value(s.count()).name("baselinePerMinute")
              .value(s.baselinePerMinute()).endObject();
        }
        j.endArray();
      }
      counted(j.name("entries"), c.entries());
      counted(j.name("reasons"), c.reasons());
      counted(j.name("servers"), c.servers());
      counted(j.name("hosts"), c.hosts());
      counted(j.name("upstreams"), c.upstreams());
      counted(j.name("topClients"), c.topClients());
      j.name("distinctClients").value(c.distinctClients());
      example(j.name("example"), c.example());
      j.name("title").value(c.title()).name("meaning").value(c.meaning()).name("explain").value(c.explain());
      j.endObject();
    }
    j.endArray();
    j.name("unclassified");
    if (unclassified == null) {
      j.nullValue();
    } else {
      j.beginObject().name("count").value(unclassified.count()).name("samples").beginArray();
      for (LogSummary.Sample e : unclassified.samples()) {
        example(j, e);
      }
      j.endArray().endObject();
    }
    j.name("probeTraffic");
    if (probeTraffic == null) {
      j.nullValue();
    } else {
      j.beginArray();
      for (ProbeTraffic.Probe p : probeTraffic) {
        j.beginObject().name("client").value(p.client()).name("server").value(p.server()).name("bursts")
            .value(p.bursts()).name("events").value(p.events()).name("firstSeen").value(p.firstSeen())
            .name("lastSeen").value(p.lastSeen());
        counted(j.name("classes"), p.classes());
        example(j.name("example"), p.example());
        j.endObject();
      }
      j.endArray();
    }
    return j.endObject().toString();
  }

  private static void strings(PrettyJson j, List<String> list) {
    if (list == null) {
      j.nullValue();
      return;
    }
    j.beginArray();
    for (String s : list) {
      j.value(s);
    }
    j.endArray();
  }

  private static void counted(PrettyJson j, List<TopCounter.Count> list) {
    if (list == null) {
      j.nullValue();
      return;
    }
    j.beginArray();
    for (TopCounter.Count c : list) {
      j.beginObject().name("value").value(c.value()).name("count").value(c.count()).endObject();
    }
    j.endArray();
  }

  private static void example(PrettyJson j, LogSummary.Sample e) {
    if (e == null) {
      j.nullValue();
    } else {
      j.beginObject().name("file").value(e.file()).name("line").value(e.line()).name("text").value(e.text())
          .endObject();
    }
  }

  /** Events per class id and direction, for tests and scripts: {@code "no-shared-cipher/client" -> 3}. */
  public Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    classes.forEach(c -> m.put(c.failureClass() + "/" + c.direction(), c.count()));
    return m;
  }
}
