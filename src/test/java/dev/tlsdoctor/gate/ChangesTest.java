package dev.tlsdoctor.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict on each kind of change between a baseline and a run, for changes a test server cannot easily make. */
class ChangesTest {
  private static final Observed.Certificate CERT = new Observed.Certificate("CN=shop.example", "CN=CA",
      "2027-01-01T00:00:00Z", 30, "RSA", 2048, "SHA256withRSA", "aa", List.of());

  private static Observed observed(Observed.Certificate cert, Map<ProtocolVersion, Boolean> preference, Observed.Sni sni,
      String error, List<String> groups) {
    return new Observed("shop.example:443", "scan", error, List.of(ProtocolVersion.TLSv1_2), Map.of(ProtocolVersion.TLSv1_2,
        List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384")), preference, groups, cert, true, sni,
        List.of());
  }

  private static Observed base() {
    return observed(CERT, Map.of(ProtocolVersion.TLSv1_2, true), new Observed.Sni("accepted", "accepted"), null,
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

    assertThat(changes(base(), observed(renewed, Map.of(ProtocolVersion.TLSv1_2, true), base().sni(), null, base().groups())))
        .containsExactly("improvement certificate: another certificate: CN=shop.example, RSA 2048, expires"
            + " 2027-04-01T00:00:00Z (was 2027-01-01T00:00:00Z)");
  }

  @Test
  void certificateReplacedBySmallerSoonerOtherName_regressionNamingEach() {
    Observed.Certificate worse = new Observed.Certificate("CN=www.example", "CN=CA", "2026-12-20T00:00:00Z", 13,
        "RSA", 1024, "SHA256withRSA", "cc", List.of("name-mismatch"));

    assertThat(changes(base(), observed(worse, Map.of(ProtocolVersion.TLSv1_2, true), base().sni(), null, base().groups())))
        .containsExactly("regression certificate: another certificate: expires sooner: 2026-12-20T00:00:00Z (was"
            + " 2027-01-01T00:00:00Z); a smaller key: RSA 1024 (was 2048); another subject: CN=www.example (was"
            + " CN=shop.example)", "regression certificate: a new problem with the chain: name-mismatch");
  }

  @Test
  void serverPreferenceLost_sniNowRefused_weakGroupAdded_regressions() {
    Observed now = observed(CERT, Map.of(ProtocolVersion.TLSv1_2, false), new Observed.Sni("refused", "accepted"), null,
        List.of("x25519", "secp256r1", "sect163k1"));

    assertThat(changes(base(), now)).containsExactly(
        "regression order: TLSv1.2: the server no longer chooses the suite (the client's order decides)",
        "regression groups: sect163k1 is accepted now",
        "regression sni.withoutName: a hello without SNI is refused now (was accepted)");
  }

  @Test
  void weakSuiteNowPreferred_regression_strongFirstAgain_improvement() {
    Observed weakFirst = new Observed("shop.example:443", "scan", null, List.of(ProtocolVersion.TLSv1_2), Map.of(ProtocolVersion.TLSv1_2,
        List.of("AES128-SHA", "ECDHE-RSA-AES128-GCM-SHA256")), Map.of(ProtocolVersion.TLSv1_2, true), List.of(), null, null, null,
        List.of());
    Observed strongFirst = new Observed("shop.example:443", "scan", null, List.of(ProtocolVersion.TLSv1_2), Map.of(ProtocolVersion.TLSv1_2,
        List.of("ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA")), Map.of(ProtocolVersion.TLSv1_2, true), List.of(), null, null, null,
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

  private static Observed.Client connects(String id, String name, String protocol, String cipher) {
    return new Observed.Client(id, name, true, null, null, protocol, cipher, null, 0, null);
  }

  private static Observed.Client fails(String id, String name, String reason) {
    return new Observed.Client(id, name, false, "no-shared-cipher", reason, null, null, "nginx.conf", 7,
        "ssl_ciphers X");
  }

  /**
   * Client verdicts: one that connected strongly and no longer does is a regression, the reverse an improvement;
   * one that connected only through TLS 1.0 or a suite without forward secrecy is a change either way; a baseline
   * without client verdicts (older) compares none; an id only on one side is not compared.
   */
  @Test
  void clients_strongLostRegression_strongGainedImprovement_weakOnesChanges() {
    Observed before = base().withClients(List.of(
        connects("java-8u161", "Java 8u161", "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        fails("ie-11-win7", "IE 11 on Windows 7", "no suite in common"),
        connects("java-6u45", "Java 6u45", "TLSv1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
        fails("android-4.4", "Android 4.4", "no suite in common"),
        connects("gone", "Gone", "TLSv1.3", "TLS_AES_128_GCM_SHA256")));
    Observed now = base().withClients(List.of(
        fails("java-8u161", "Java 8u161", "no TLS 1.2 suite in common"),
        connects("ie-11-win7", "IE 11 on Windows 7", "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
        fails("java-6u45", "Java 6u45", "the client speaks SSL 3.0-1.0"),
        connects("android-4.4", "Android 4.4", "TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA"),
        fails("new", "New", "x")));

    assertThat(changes(before, now)).containsExactly(
        "regression clients: Java 8u161 cannot connect any more: no-shared-cipher: no TLS 1.2 suite in common",
        "improvement clients: IE 11 on Windows 7 connects now (TLSv1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)",
        "change clients: Java 6u45 cannot connect any more (it connected only with a weak handshake: TLSv1,"
            + " TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA): no-shared-cipher: the client speaks SSL 3.0-1.0",
        "change clients: Android 4.4 connects now, only with a weak handshake (TLSv1.2, TLS_RSA_WITH_AES_128_CBC_SHA)");
    assertThat(changes(base(), now)).isEmpty();
    assertThat(changes(before, base())).isEmpty();
  }
}
