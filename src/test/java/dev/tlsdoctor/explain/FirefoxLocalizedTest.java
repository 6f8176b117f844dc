package dev.tlsdoctor.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Firefox's messages in other languages, without their code, are explained as the code they stand for. */
class FirefoxLocalizedTest {
  private final KnowledgeBase kb = KnowledgeBase.get();

  @Test
  void everyLocalizedText_explainedAsItsCode() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/tlsdoctor/kb/firefox-l10n.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split("\t");
        if (!line.startsWith("#") && f.length == 3 && !f[0].equals("lang")) {
          rows.add(f);
        }
      }
    }
    assertThat(rows).hasSizeGreaterThanOrEqualTo(100);
    List<String> wrong = new ArrayList<>();
    for (String[] r : rows) {
      Explanation byCode = Explanation.of(r[1], kb);
      assertThat(byCode.recognized()).as(r[1]).isTrue();
      // as a user pastes it: the browser's sentence around it, the code left out
      Explanation e = Explanation.of("Secure Connection Failed — " + r[2], kb);
      if (!e.recognized() || !e.match().failureClass().equals(byCode.match().failureClass())) {
        wrong.add(r[0] + " " + r[1] + ": " + (e.recognized() ? e.match().failureClass() : "unrecognised"));
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aClauseSeveralCodesShare_namesNone() {
    // German: "secure communication with the peer is not possible" opens three different errors
    assertThat(Explanation.of("Sichere Kommunikation mit der Gegenstelle ist nicht möglich", kb).recognized())
        .isFalse();
    assertThat(Explanation.of("Sichere Kommunikation mit der Gegenstelle ist nicht möglich: Keine gemeinsamen"
        + " Verschlüsselungsalgorithmen.", kb).match().failureClass()).isEqualTo("no-shared-cipher");
  }
}
