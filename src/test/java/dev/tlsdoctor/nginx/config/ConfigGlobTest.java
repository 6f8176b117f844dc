package dev.tlsdoctor.nginx.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigGlobTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "*.conf       | a.conf     | true",
      "*.conf       | a.conf.bak | false",
      "*.conf       | .a.conf    | false",
      ".*.conf      | .a.conf    | true",
      "?.conf       | ab.conf    | false",
      "a?c          | abc        | true",
      "[abc]x       | bx         | true",
      "[!abc]x      | bx         | false",
      "[^abc]x      | dx         | true",
      "[a-c]*       | c1         | true",
      "[a-c]*       | d1         | false",
      "[]]x         | ]x         | true",
      "[[:digit:]]* | 10-site    | true",
      "[[:digit:]]* | site       | false",
      "a\\*         | a*         | true",
      "a\\*         | ab         | false",
      "[unclosed    | [unclosed  | true",
      "*a*b*        | xxaxxbxx   | true",
      "*a*b         | xxaxxbxx   | false",
      "*            | пример     | true",
  })
  void matches_pattern_asFnmatchWithPeriod(String pattern, String name, boolean expected) {
    assertThat(Glob.matches(pattern, name)).isEqualTo(expected);
  }

  @Test
  void hasMagic_onlyStarQuestionBracket_asNginx() {
    assertThat(List.of("a*", "a?", "a[b]", "a{b,c}", "a.conf"))
        .extracting(Glob::hasMagic).containsExactly(true, true, true, false, false);
  }

  @Test
  void sort_byteOrder_notLocale() {
    List<String> l = new ArrayList<>(List.of("ga", "g_", "gB", "g2", "g10", "g-", "é", "z"));
    l.sort(Glob.BYTE_ORDER);
    assertThat(l).containsExactly("g-", "g10", "g2", "gB", "g_", "ga", "z", "é");
  }

  @Test
  void matchesPath_componentWise_starNeverCrossesSlash() {
    assertThat(Glob.matchesPath("/etc/nginx/*.conf", "/etc/nginx/a.conf")).isTrue();
    assertThat(Glob.matchesPath("/etc/nginx/*.conf", "/etc/nginx/sites/a.conf")).isFalse();
    assertThat(Glob.matchesPath("/etc/*/a.conf", "/etc/nginx/a.conf")).isTrue();
  }
}
