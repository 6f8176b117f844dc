package dev.tlsdoctor.report;

import dev.tlsdoctor.clients.ClientProfile;
import dev.tlsdoctor.clients.ClientSimulation;
import dev.tlsdoctor.clients.ClientSummary;
import dev.tlsdoctor.clients.ServerOffer;
import dev.tlsdoctor.clients.Verdict;
import java.util.List;

/**
 * The text report of {@code tlsdoctor clients}: one line per client, failures first with their reason and the
 * directive that blocks them, then the clients that connect with what they negotiate.
 */
public final class ClientsText {
  private ClientsText() {
  }

  /** The client section of {@code scan}'s text, ending with a newline. */
  public static String summary(ClientSummary s) {
    StringBuilder b = new StringBuilder("Clients (simulated, " + s.profiles() + " profiles): " + s.connect()
        + " connect, " + s.failing().size() + " fail\n");
    for (ClientSummary.Failing f : s.failing()) {
      b.append("  ").append(Safe.text(f.name())).append(": ").append(f.clazz()).append(": ")
          .append(Safe.text(f.reason())).append('\n');
    }
    return b.toString();
  }

  /** The report for one target. */
  public static String render(String target, List<Verdict> verdicts) {
    StringBuilder b = new StringBuilder();
    long failing = verdicts.stream().filter(v -> !v.connects()).count();
    b.append(Safe.text(target)).append(": ").append(verdicts.size() - failing).append(" of ").append(verdicts.size())
        .append(" clients connect\n");
    int width = verdicts.stream().mapToInt(v -> v.name().length()).max().orElse(10);
    if (failing > 0) {
      b.append("\nfail:\n");
      for (Verdict v : ClientSimulation.failuresFirst(verdicts)) {
        if (v.connects()) {
          break;
        }
        b.append("  ").append(pad(Safe.text(v.name()), width)).append("  ").append(v.clazz()).append(": ")
            .append(Safe.text(v.reason()));
        if (v.blockedBy() != null) {
          b.append("\n  ").append(" ".repeat(width)).append("  blocked by ").append(where(v.blockedBy()));
        }
        b.append('\n');
        fallback(b, v, width);
        replay(b, v, width);
      }
    }
    b.append("\nconnect:\n");
    for (Verdict v : verdicts) {
      if (!v.connects()) {
        continue;
      }
      Verdict.Handshake h = v.handshake();
      b.append("  ").append(pad(Safe.text(v.name()), width)).append("  ").append(pad(h.protocol(), 7)).append("  ")
          .append(h.cipher()).append(h.group() == null ? "" : "  " + h.group() + (h.helloRetry() ? " (HRR)" : ""))
          .append(h.certificate() == null ? "" : "  " + h.certificate())
          .append(h.alpn() == null ? "" : "  " + Safe.text(h.alpn()))
          .append(v.trust().ok() == null ? "" : "  trust " + (v.trust().ok() ? "ok" : "fails")
              + (v.trust().store() == null ? "" : " (" + Safe.text(v.trust().store()) + ")")).append('\n');
      if (v.trust().reason() != null && Boolean.TRUE.equals(v.trust().ok())) {
        b.append("  ").append(" ".repeat(width)).append("  trust: ").append(Safe.text(v.trust().reason())).append('\n');
      }
      fallback(b, v, width);
      replay(b, v, width);
    }
    return b.toString();
  }

  private static void fallback(StringBuilder b, Verdict v, int width) {
    if (v.fallback() != null) {
      b.append("  ").append(" ".repeat(width)).append("  fallback: ").append(Safe.text(v.fallback().note()))
          .append('\n');
    }
  }

  private static void replay(StringBuilder b, Verdict v, int width) {
    if (v.replay() == null || v.replay().agrees()) {
      return;
    }
    for (String d : v.replay().differences()) {
      b.append("  ").append(" ".repeat(width)).append("  replay differs: ").append(Safe.text(d)).append('\n');
    }
  }

  /**
   * One line of {@code clients --list}: id, name, provenance (for a documented profile, how many of its checks
   * against primary sources were verified, corrected or left unverified), trust and fallback.
   */
  public static String listLine(ClientProfile p) {
    StringBuilder b = new StringBuilder(String.format("%-26s %-42s ", p.id(), p.name()));
    ClientProfile.Provenance v = p.provenance();
    b.append(v == null ? "-" : v.kind());
    if (v != null && v.verification() != null) {
      java.util.Map<String, Integer> n = new java.util.TreeMap<>();
      v.verification().checks().forEach(c -> n.merge(c.result(), 1, Integer::sum));
      b.append(" (checked ").append(v.verification().date()).append(": ");
      b.append(String.join(", ", n.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()))
          .append(')');
    }
    if (p.trust() != null) {
      b.append("  trust ").append(p.trust().store()).append(p.trust().fetchesIntermediates() ? ", AIA"
          : p.trust().preloadedIntermediates() ? ", preloaded intermediates" : "");
    }
    if (!p.fallbackVersions().isEmpty()) {
      b.append("  fallback ").append(String.join(" > ", p.fallback().versions()))
          .append(p.fallback().scsv() ? " (SCSV)" : "");
    }
    return b.toString();
  }

  static String where(ServerOffer.Source s) {
    return (s.file() == null ? "" : Safe.text(s.file()) + ":" + s.line() + ": ") + Safe.text(s.directive());
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
