package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ignore rules: ID[@FILE[:LINE]] parsed, matched against findings, counted. */
class IgnoreRuleTest {
  static Finding at(String id, String file, int line) {
    return new Finding(id, Severity.WARNING, file, line, List.of("*:443"), "a.test", "m", "x", null);
  }

  @Test
  void parse_idFileLine() {
    assertThat(IgnoreRule.parse("cipher-weak", "--ignore")).isEqualTo(new IgnoreRule("cipher-weak", "cipher-weak",
        null, 0, "--ignore"));
    assertThat(IgnoreRule.parse("cipher-weak@conf.d/a.conf:12", "x.yml:3")).isEqualTo(new IgnoreRule(
        "cipher-weak@conf.d/a.conf:12", "cipher-weak", "conf.d/a.conf", 12, "x.yml:3"));
    assertThat(IgnoreRule.parse("*@./a.conf", "o").file()).isEqualTo("a.conf");
    assertThat(IgnoreRule.parse("x@a:b.conf", "o").file()).isEqualTo("a:b.conf"); // not a line: the file's name
  }

  @Test
  void parse_refused() {
    for (String bad : List.of("", "A", "cipher_weak", "-x", "x-", "x@", "x@./", "x@a.conf:0", "**@a.conf",
        "x@a.conf:99999999999")) {
      assertThatThrownBy(() -> IgnoreRule.parse(bad, "o")).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void matches_legacyWeakSuiteId_everyWeaknessId() {
    assertThat(IgnoreRule.parse("cipher-weak", "o").matches(at("cipher-rc4", "a.conf", 3))).isTrue();
    assertThat(IgnoreRule.parse("cipher-weak@a.conf", "o").matches(at("cipher-no-forward-secrecy", "a.conf", 3)))
        .isTrue();
    assertThat(IgnoreRule.parse("cipher-weak", "o").matches(at("groups-restrictive", "a.conf", 3))).isFalse();
    assertThat(IgnoreRule.parse("cipher-rc4", "o").matches(at("cipher-null", "a.conf", 3))).isFalse();
  }

  @Test
  void matches_idThenWholeNamesOfThePathThenLine() {
    Finding f = at("cipher-weak", "/etc/nginx/conf.d/a.conf", 12);
    assertThat(IgnoreRule.parse("cipher-weak", "o").matches(f)).isTrue();
    assertThat(IgnoreRule.parse("cipher-weak-x", "o").matches(f)).isFalse();
    assertThat(IgnoreRule.parse("*", "o").matches(f)).isTrue();
    for (String yes : List.of("a.conf", "conf.d/a.conf", "/etc/nginx/conf.d/a.conf", "a.conf:12",
        "nginx/conf.d/a.conf:12")) {
      assertThat(IgnoreRule.parse("cipher-weak@" + yes, "o").matches(f)).as(yes).isTrue();
    }
    for (String no : List.of("b.conf", ".conf", "d/a.conf", "a.conf:11", "/conf.d/a.conf", "etc/nginx")) {
      assertThat(IgnoreRule.parse("cipher-weak@" + no, "o").matches(f)).as(no).isFalse();
    }
  }

  @Test
  void apply_eachRuleCountsWhatItMatches_aFindingDroppedOnce() {
    List<Finding> all = List.of(at("a", "/x/one.conf", 1), at("a", "/x/two.conf", 2), at("b", "/x/one.conf", 3));
    IgnoreRule.Filtered f = IgnoreRule.apply(all, List.of(IgnoreRule.parse("a", "o"),
        IgnoreRule.parse("*@one.conf", "o"), IgnoreRule.parse("c", "o")));
    assertThat(f.kept()).isEmpty();
    assertThat(f.dropped()).isEqualTo(3);
    assertThat(f.byRule()).extracting(IgnoreRule.Count::count).containsExactly(2, 2, 0);
    assertThat(IgnoreRule.apply(all, List.of()).kept()).isEqualTo(all);
  }
}
