package dev.tlsdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Safe#text}: which characters are escaped, and the exact form of each escape. */
class SafeTest {
  @Test
  void terminalSequences_escapedAsHex() {
    assertThat(Safe.text("\u001b]0;pwned\u0007")).isEqualTo("\\x1b]0;pwned\\x07");
    assertThat(Safe.text("a\u001b[31mred\u001b[0m")).isEqualTo("a\\x1b[31mred\\x1b[0m");
    assertThat(Safe.text("\u009b31m")).isEqualTo("\\x9b31m"); // C1 CSI
    assertThat(Safe.text("\u001bP+q\u001b\\")).isEqualTo("\\x1bP+q\\x1b\\"); // DCS ... ST: the backslash stays
  }

  @Test
  void everyC0ControlDelAndC1_escapedAsTwoLowerCaseHexDigits() {
    assertThat(Safe.text("nul\u0000")).isEqualTo("nul\\x00");
    assertThat(Safe.text("a\tb\rc\nd")).isEqualTo("a\\x09b\\x0dc\\x0ad");
    assertThat(Safe.text("\u0001\u001f\u007f\u0080\u0085\u009f")).isEqualTo("\\x01\\x1f\\x7f\\x80\\x85\\x9f");
    for (int c = 0; c < 0x20; c++) {
      assertThat(Safe.text(String.valueOf((char) c))).isEqualTo(String.format("\\x%02x", c));
    }
    for (int c = 0x7f; c < 0xa0; c++) {
      assertThat(Safe.text(String.valueOf((char) c))).isEqualTo(String.format("\\x%02x", c));
    }
  }

  @Test
  void bidiAndInvisibleFormatCharacters_escapedAsU() {
    assertThat(Safe.text("abc\u202edef")).isEqualTo("abc\\u202edef");
    assertThat(Safe.text("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069"))
        .isEqualTo("\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069");
    assertThat(Safe.text("\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff"))
        .isEqualTo("\\u200b\\u200c\\u200d\\u200e\\u200f\\u061c\\u2060\\ufeff");
    assertThat(Safe.text("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
    assertThat(Safe.text("soft\u00adhyphen")).isEqualTo("soft\\xadhyphen"); // Cf below U+0100
  }

  @Test
  void supplementaryFormatCharacters_escapedAsEightDigits() {
    assertThat(Safe.text("tag" + new String(Character.toChars(0xE0041)))).isEqualTo("tag\\U000e0041");
    assertThat(Safe.text(new String(Character.toChars(0xE0001)))).isEqualTo("\\U000e0001");
  }

  @Test
  void loneSurrogates_escaped() {
    assertThat(Safe.text("a\ud800b")).isEqualTo("a\\ud800b");
    assertThat(Safe.text("\udc00")).isEqualTo("\\udc00");
    assertThat(Safe.text("end\ud83d")).isEqualTo("end\\ud83d");
  }

  @Test
  void ordinaryText_keptAsItIs() {
    String s = "CN=café.example, O=日本語 株式会社, Ünïcödé — “quotes” ½ 🔒 Ω \\x1b C:\\path ~^(www\\.)?x$";
    assertThat(Safe.text(s)).isSameAs(s);
    assertThat(Safe.text("é\u001b日本")).isEqualTo("é\\x1b日本");
    assertThat(Safe.text("🔒\u202e🔒")).isEqualTo("🔒\\u202e🔒");
    assertThat(Safe.text("\u00a0nbsp\u3000ideographic space")).isEqualTo("\u00a0nbsp\u3000ideographic space");
    assertThat(Safe.text("")).isEmpty();
  }

  @Test
  void nullAndObjects_asConcatenationShowsThem() {
    assertThat(Safe.text((String) null)).isEqualTo("null");
    assertThat(Safe.text((Object) null)).isEqualTo("null");
    assertThat(Safe.text((Object) 42)).isEqualTo("42");
    assertThat(Safe.text((Object) java.util.List.of("a\u0007", "b"))).isEqualTo("[a\\x07, b]");
  }

  @Test
  void unsafe_isExactlyCcCfZlZpCs() {
    java.util.List<String> wrong = new java.util.ArrayList<>();
    for (int cp = 0; cp <= 0x10FFFF; cp++) {
      int t = Character.getType(cp);
      boolean expected = t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
          || t == Character.PARAGRAPH_SEPARATOR || t == Character.SURROGATE;
      if (Safe.unsafe(cp) != expected) {
        wrong.add(String.format("U+%04X", cp));
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(Safe.unsafe(0xE0041)).isTrue();
    assertThat(Safe.unsafe('x')).isFalse();
  }
}
