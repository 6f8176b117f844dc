package dev.tlsdoctor.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict on each kind of change between a baseline and a run, for changes a test server cannot easily make. */
class ChangesTest {
  private static final Observed.Certificate CERT = new Observed.Certificate("CN=shop.example", "CN=CA",
      "2027-01-01T00:00:00Z", 30, "RSA", 2048, "SHA256withRSA", "aa", List.of());

  private static Observed observed(Observed.Certificate cert, Map<String, Boolean> preference, Observed.Sni sni,
      String error, List<String> groups) {
    return new Observed("shop.example:443", "scan", error, List.of("TLSv1.2"), Map.of("TLSv1.2",
        List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384")), preference, groups, cert, true, sni,
        List.of());
  }

  private static Observed base() {
    return observed(CERT, Map.of("TLSv1.2", true), new Observed.Sni("accepted", "accepted"), null,
        List.of("x25519", "secp256r1"));
  }

  private static List<String> changes(Observed before, Observed now) {
    return Changes.between(before, now).stream().map(c -> c.kind() + " " + c.aspect() + ": " + c.message())
        .toList();
  }

  @Test
  void sameObservation_noChange() {
    assertThat(changes(base(), base())).isEmpty();
  }

  @Test
  void certificateRenewed_laterExpiry_improvement() {
    Observed.Certificate renewed = new Observed.Certificate("CN=shop.example", "CN=CA", "2027-04-01T00:00:00Z", 120,
        "RSA", 2048, "SHA256withRSA", "bb", List.of());

    assertThat(changes(base(), observed(renewed, Map.of("TLSv1.2", true), base().sni(), null, base().groups())))
        .containsExactly("improvement certificate: another certificate: CN=shop.example, RSA 2048, expires"
            + " 2027-04-01T00:00:00Z (was 2027-01-01T00:00:00Z)");
  }

  @Test
  void certificateReplacedBySmallerSoonerOtherName_regressionNamingEach() {
    Observed.Certificate worse = new Observed.Certificate("CN=www.example", "CN=CA", "2026-12-20T00:00:00Z", 13,
        "RSA", 1024, "SHA256withRSA", "cc", List.of("name-mismatch"));

    assertThat(changes(base(), observed(worse, Map.of("TLSv1.2", true), base().sni(), null, base().groups())))
        .containsExactly("regression certificate: another certificate: expires sooner: 2026-12-20T00:00:00Z (was"
            + " 2027-01-01T00:00:00Z); a smaller key: RSA 1024 (was 2048); another subject: CN=www.example (was"
            + " CN=shop.example)", "regression certificate: a new problem with the chain: name-mismatch");
  }

  @Test
  void serverPreferenceLost_sniNowRefused_weakGroupAdded_regressions() {
    Observed now = observed(CERT, Map.of("TLSv1.2", false), new Observed.Sni("refused", "accepted"), null,
        List.of("x25519", "secp256r1", "sect163k1"));

    assertThat(changes(base(), now)).containsExactly(
        "regression order: TLSv1.2: the server no longer chooses the suite (the client's order decides)",
        "regression groups: sect163k1 is accepted now",
        "regression sni.withoutName: a hello without SNI is refused now (was accepted)");
  }

  @Test
  void weakSuiteNowPreferred_regression_strongFirstAgain_improvement() {
    Observed weakFirst = new Observed("shop.example:443", "scan", null, List.of("TLSv1.2"), Map.of("TLSv1.2",
        List.of("AES128-SHA", "ECDHE-RSA-AES128-GCM-SHA256")), Map.of("TLSv1.2", true), List.of(), null, null, null,
        List.of());
    Observed strongFirst = new Observed("shop.example:443", "scan", null, List.of("TLSv1.2"), Map.of("TLSv1.2",
        List.of("ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA")), Map.of("TLSv1.2", true), List.of(), null, null, null,
        List.of());

    assertThat(changes(strongFirst, weakFirst)).containsExactly("regression order: TLSv1.2: the server's order"
        + " changed: AES128-SHA > ECDHE-RSA-AES128-GCM-SHA256 (was ECDHE-RSA-AES128-GCM-SHA256 > AES128-SHA)");
    assertThat(changes(weakFirst, strongFirst)).containsExactly("improvement order: TLSv1.2: the server's order"
        + " changed: ECDHE-RSA-AES128-GCM-SHA256 > AES128-SHA (was AES128-SHA > ECDHE-RSA-AES128-GCM-SHA256)");
  }

  @Test
  void endpointNoLongerScannable_oneRegression() {
    Observed down = new Observed("shop.example:443", "scan", "connection refused", List.of(), Map.of(), Map.of(),
        List.of(), null, null, null, List.of());

    assertThat(changes(base(), down)).containsExactly("regression endpoint: could be scanned before, not now:"
        + " connection refused");
    assertThat(changes(down, base())).first().isEqualTo("improvement endpoint: can be scanned now (before:"
        + " connection refused)");
  }
}
