package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code logs} on real nginx lines people posted (see {@link Corpus}), prefixes of their collectors included: the
 * class and the direction must be right; and real non-TLS lines must stay non-TLS (or at most unclassified).
 */
class RealLinesCorpusTest {
  static final double GOAL = 0.97;
  /** The numbers are reported and enforced. */
  static final boolean ENFORCE = true;
  private final LogClassifier classifier = new LogClassifier(KnowledgeBase.get());

  @Test
  void tlsLines() {
    tlsLines("nginx-lines.tsv");
  }

  /** Collected after the recognisers were written and measured before any change: a held-out set. */
  @Test
  void heldOutTlsLines() {
    tlsLines("nginx-lines-2.tsv");
  }

  @Test
  void heldOutNonTlsLines() {
    nonTls("non-tls-lines-2.tsv");
  }

  /** A second held-out set, collected later and measured before the changes made against the grown corpora. */
  @Test
  void secondHeldOutTlsLines() {
    tlsLines("nginx-lines-3.tsv");
  }

  @Test
  void secondHeldOutNonTlsLines() {
    nonTls("non-tls-lines-3.tsv");
  }

  private void tlsLines(String corpus) {
    List<Corpus.Row> rows = Corpus.load(corpus);
    List<String> wrong = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    List<String> wrongDirection = new ArrayList<>();
    int right = 0;
    for (Corpus.Row r : rows) {
      Optional<TlsEvent> e = classifier.classify("corpus", r.line(), r.text());
      if (e.isEmpty() || e.get().failureClass() == FailureClass.UNCLASSIFIED) {
        missed.add(r + (e.isEmpty() ? "  => not TLS" : "  => unclassified"));
      } else if (!e.get().failureClass().id().equals(r.failureClass())) {
        wrong.add(r + "  => " + e.get().failureClass().id() + " (" + e.get().entry() + ")");
      } else {
        right++;
        if (!e.get().direction().id().equals(r.direction())) {
          wrongDirection.add(r + "  => " + e.get().direction());
        }
      }
    }
    System.out.printf("logs on " + corpus + ": %d lines, %d right class (%s), %d wrong class, %d missed, "
            + "%d right class with a wrong direction%n", rows.size(), right, Corpus.percent(right, rows.size()),
        wrong.size(), missed.size(), wrongDirection.size());
    wrong.forEach(w -> System.out.println("  WRONG     " + w));
    missed.forEach(m -> System.out.println("  MISSED    " + m));
    wrongDirection.forEach(m -> System.out.println("  DIRECTION " + m));
    if (!ENFORCE) {
      return;
    }
    assertThat(wrong).as("lines given a wrong class").isEmpty();
    assertThat(wrongDirection).as("lines given a wrong direction").isEmpty();
    assertThat((double) right / rows.size()).as("share classified right").isGreaterThanOrEqualTo(GOAL);
  }

  @Test
  void nonTlsLinesStayNonTls() {
    nonTls("non-tls-lines.tsv");
  }

  private void nonTls(String corpus) {
    List<Corpus.Row> rows = Corpus.load(corpus);
    List<String> claimed = new ArrayList<>();
    for (Corpus.Row r : rows) {
      Optional<TlsEvent> e = classifier.classify("corpus", r.line(), r.text());
      if (e.isPresent() && e.get().failureClass() != FailureClass.UNCLASSIFIED) {
        claimed.add(r + "  => " + e.get().failureClass().id());
      }
    }
    System.out.printf("logs on " + corpus + ": %d lines, %d given a TLS failure class%n", rows.size(),
        claimed.size());
    claimed.forEach(c -> System.out.println("  FALSE POSITIVE " + c));
    assertThat(claimed).isEmpty();
  }
}
