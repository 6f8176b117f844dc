package dev.tlsdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@link TerminalWriter}: Style's own sequences pass (with colour only), every other unsafe character is escaped. */
class TerminalWriterTest {
  private static final Style COLOR = new Style(true);
  private static final Style PLAIN = new Style(false);

  private static String through(Style st, String... pieces) {
    StringWriter sink = new StringWriter();
    PrintWriter w = TerminalWriter.wrap(new PrintWriter(sink), st);
    for (String p : pieces) {
      w.write(p);
    }
    w.flush();
    return sink.toString();
  }

  @Test
  void styleSequences_passWithColour() {
    String styled = COLOR.bold("b") + COLOR.red("r") + COLOR.yellow("y") + COLOR.green("g") + COLOR.dim("d") + "\n";
    assertThat(through(COLOR, styled)).isEqualTo(styled);
  }

  @Test
  void styleShapedSequences_escapedWithoutColour() {
    assertThat(through(PLAIN, "\u001b[1mb\u001b[0m\n")).isEqualTo("\\x1b[1mb\\x1b[0m\n");
  }

  @Test
  void otherSequences_escapedEvenWithColour() {
    assertThat(through(COLOR, "\u001b]0;pwned\u0007")).isEqualTo("\\x1b]0;pwned\\x07");
    assertThat(through(COLOR, "\u001b[3mx\u001b[31;1m\u001b[2J\u001b[")).isEqualTo(
        "\\x1b[3mx\\x1b[31;1m\\x1b[2J\\x1b[");
    assertThat(through(COLOR, "\u001b\u001b[1m")).isEqualTo("\\x1b\u001b[1m");
    assertThat(through(COLOR, "\u009b31m\u202e\u0000\t\r")).isEqualTo("\\x9b31m\\u202e\\x00\\x09\\x0d");
  }

  @Test
  void sequenceSplitAcrossWrites_recognised() {
    assertThat(through(COLOR, "a\u001b[3", "1mred\u001b", "[0m")).isEqualTo("a\u001b[31mred\u001b[0m");
    assertThat(through(COLOR, "a\u001b[3", "4mblue")).isEqualTo("a\\x1b[34mblue");
  }

  @Test
  void heldBackPrefix_escapedOnFlush() {
    assertThat(through(COLOR, "end\u001b[3")).isEqualTo("end\\x1b[3");
  }

  @Test
  void surrogatePairs_keptAcrossWrites_loneOnesEscaped() {
    String lock = "🔒";
    assertThat(through(PLAIN, "a" + lock.charAt(0), lock.charAt(1) + "b")).isEqualTo("a🔒b");
    assertThat(through(PLAIN, "a" + lock.charAt(0), "b")).isEqualTo("a\\ud83db");
    assertThat(through(PLAIN, "x\ud800")).isEqualTo("x\\ud800");
    assertThat(through(PLAIN, new String(Character.toChars(0xE0041)))).isEqualTo("\\U000e0041");
  }

  @Test
  void tabs_passOnlyWhenAsked() {
    assertThat(through(PLAIN, "a\tb\n")).isEqualTo("a\\x09b\n");
    StringWriter sink = new StringWriter();
    PrintWriter w = new PrintWriter(new TerminalWriter(sink, PLAIN, true));
    w.print("\tat x\u001b\r\n");
    w.flush();
    assertThat(sink.toString()).isEqualTo("\tat x\\x1b\\x0d\n");
  }

  @Test
  void lineFeedsAndOrdinaryText_pass() {
    assertThat(through(PLAIN, "é 日本\nnext\\x1b line\n")).isEqualTo("é 日本\nnext\\x1b line\n");
  }

  @Test
  void printfPieces_likeTheRenderersWrite() {
    StringWriter sink = new StringWriter();
    PrintWriter w = TerminalWriter.wrap(new PrintWriter(sink), COLOR);
    w.printf("%s %-8s|%n", COLOR.bold("head"), "v\u001b");
    w.flush();
    assertThat(sink.toString()).isEqualTo("\u001b[1mhead\u001b[0m v\\x1b      |\n");
  }
}
