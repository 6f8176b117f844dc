package dev.tlsdoctor.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FnmatchTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "error.log      | false",
      "error.log*     | true",
      "error.lo?      | true",
      "error.log.[12] | true",
      "[]]x           | true",
      "nosuch[.log    | false",
      "a[b\\]c        | false",
      "error\\*.log   | false",
      "error\\\\*.log | true",
      "a]b            | false",
      "{a,b}.log      | false",
      "x[[:digit:]]   | true",
  })
  void hasWildcard_onlyWhatMatchesMoreThanItsText(String pattern, boolean expected) {
    assertThat(Fnmatch.hasWildcard(pattern)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "nosuch[.log  | nosuch[.log | true",
      "nosuch[.log  | nosuchx.log | false",
      "x[.log*      | x[.log.1    | true",
      "{a,b}.log    | a.log       | false",
      "{a,b}.log    | {a,b}.log   | true",
  })
  void matches_invalidJdkGlobs_literalCharacters(String pattern, String name, boolean expected) {
    assertThat(Fnmatch.matches(pattern, name)).isEqualTo(expected);
  }
}
