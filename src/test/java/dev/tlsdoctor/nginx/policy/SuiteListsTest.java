package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Long lists of suites cut in the text report; everything else left as it is. */
class SuiteListsTest {
  private static final String SEVEN = "ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES256-GCM-SHA384, AES128-GCM-SHA256, "
      + "AES256-GCM-SHA384, AES128-SHA256, AES256-SHA256, AES128-SHA";

  @Test
  void aRunOfSevenSuitesAfterWords_isCut() {
    assertThat(SuiteLists.shorten("the server offers, among others, " + SEVEN + "; none of them is usable"))
        .isEqualTo("the server offers, among others, ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES256-GCM-SHA384, "
            + "AES128-GCM-SHA256, AES256-GCM-SHA384 and 3 more; none of them is usable");
  }

  @Test
  void sixSuites_orManyCommasBetweenWords_areLeft() {
    String six = SEVEN.substring(0, SEVEN.lastIndexOf(", "));
    assertThat(SuiteLists.shorten(six)).isEqualTo(six);
    String prose = "a, b c, d e, f g, h i, j k, l m, n o, p";
    assertThat(SuiteLists.shorten(prose)).isEqualTo(prose);
    // seven in a row that are not all suite names: not a list of suites
    String names = "alpha, beta, gamma, delta, epsilon, zeta, eta";
    assertThat(SuiteLists.shorten(names)).isEqualTo(names);
    assertThat(SuiteLists.shorten(null)).isNull();
  }
}
