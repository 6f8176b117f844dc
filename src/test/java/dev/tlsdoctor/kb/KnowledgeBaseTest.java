package dev.tlsdoctor.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.explain.MessageParser;
import dev.tlsdoctor.tls.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in knowledge base: its shape (one entry per class, complete entries, valid links, no invented numbers)
 * and its signatures (every example and every signature, in every OpenSSL spelling, leads to its own entry and no
 * other).
 */
class KnowledgeBaseTest {
  private static final KnowledgeBase KB = KnowledgeBase.get();
  private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern PERCENTAGE = Pattern.compile("\\d+ ?%");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** X.509 verification results as OpenSSL's X509_verify_cert_error_string() prints them, with their numbers. */
  private static final Map<String, Integer> X509_RESULTS = x509Results();

  /**
   * Reasons of the OpenSSL table that stay unmapped on purpose. "record layer failure" is the generic error that
   * OpenSSL 3.2+ pushes after the specific record-layer error (wrong version number, bad record mac, ...); mapping it
   * would hide the specific reason, because the matcher reads the newest error first.
   */
  private static final Set<String> UNMAPPED_REASONS = Set.of("record layer failure");

  /** Client signatures so generic that they would override the OpenSSL reason of unrelated messages. */
  private static final List<String> GENERIC_CLIENT_TEXTS = List.of("curl: (35)", "curl: (60)", "curl: (56)",
      "SSLHandshakeException", "javax.net.ssl", "remote error: tls:", "SSL routines", "error:", "ssl.SSLError",
      "SSL_ERROR_SSL", "handshake failure", "certificate verify failed");

  /** One input and the entry it must lead to; the display name of parameterized cases. */
  record Case(String entry, String input) {
    @Override
    public String toString() {
      return entry + " <- " + input;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Shape

  @Test
  void builtIn_loadsAndEqualsTheYamlFiles() {
    assertThat(KB.entries()).isNotEmpty().isEqualTo(KnowledgeBase.loadYaml());
  }

  @Test
  void compiledForm_isInTheBuild_andDecodesToTheYamlFiles() throws java.io.IOException {
    try (java.io.InputStream in = KnowledgeBase.class.getResourceAsStream(KnowledgeBase.COMPILED)) {
      assertThat(in).as("the build writes %s", KnowledgeBase.COMPILED).isNotNull();
      assertThat(KbCodec.read(new java.io.DataInputStream(in))).isEqualTo(KnowledgeBase.loadYaml());
    }
  }

  @Test
  void compiledForm_roundTripsNulls_andRejectsDamagedBytes() throws java.io.IOException {
    List<KbEntry> entries = List.of(new KbEntry("x", FailureClass.NO_SHARED_CIPHER, null, "m", "s",
        new KbEntry.Signatures(List.of("r"), null, null, List.of(40, 112), null, null), List.of("e"), null,
        new KbEntry.Fixes(List.of(new KbEntry.Fix(null, "ssl_ciphers HIGH;")), null),
        List.of(new KbEntry.DeadEnd("a", "b")), null, null, List.of("y")));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    KbCodec.write(entries, new java.io.DataOutputStream(bytes));
    byte[] b = bytes.toByteArray();
    assertThat(KbCodec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(b)))).isEqualTo(entries);
    for (int cut : new int[] {0, 7, b.length / 2, b.length - 1}) {
      byte[] shorter = java.util.Arrays.copyOf(b, cut);
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> KbCodec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(shorter))))
          .as("cut at %d", cut).isInstanceOf(java.io.IOException.class);
    }
    byte[] longer = java.util.Arrays.copyOf(b, b.length + 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> KbCodec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(longer))))
        .hasMessage("bytes after the last entry");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FailureClass.class, mode = EnumSource.Mode.EXCLUDE, names = "UNCLASSIFIED")
  void everyClass_hasItsOwnEntryFirstInItsFile(FailureClass c) {
    List<String> ids = KB.entries().stream().filter(e -> e.failureClass() == c).map(KbEntry::id).toList();
    assertThat(ids).isNotEmpty();
    assertThat(ids.get(0)).isEqualTo(c.id());
    assertThat(KB.classEntry(c).failureClass()).isEqualTo(c);
  }

  @Test
  void unclassified_hasNoEntry() {
    assertThat(KB.entries()).noneMatch(e -> e.failureClass() == FailureClass.UNCLASSIFIED);
    assertThat(KB.entry("unclassified")).isEmpty();
  }

  @Test
  void ids_areUniqueAndKebabCase() {
    List<String> ids = KB.entries().stream().map(KbEntry::id).toList();
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids).allSatisfy(id -> assertThat(id).matches(KEBAB_CASE));
  }

  static Stream<String> entryIds() {
    return KB.entries().stream().map(KbEntry::id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entryIds")
  void entry_isComplete(String id) {
    KbEntry e = KB.entry(id).orElseThrow();
    assertThat(e.title()).as("title").isNotBlank();
    assertThat(e.meaning()).as("meaning").isNotBlank();
    assertThat(e.side()).as("side").isNotBlank();
    assertThat(e.causes()).as("causes").isNotEmpty().allSatisfy(s -> assertThat(s).isNotBlank());
    List<KbEntry.Fix> fixes = new ArrayList<>(e.fixes().server());
    fixes.addAll(e.fixes().upstream());
    assertThat(fixes).as("fixes").isNotEmpty().allSatisfy(f -> {
      assertThat(f.when()).as("fix.when").isNotBlank();
      assertThat(f.change()).as("fix.change").isNotBlank();
    });
    assertThat(e.deadEnds()).allSatisfy(d -> {
      assertThat(d.remedy()).as("deadEnd.remedy").isNotBlank();
      assertThat(d.why()).as("deadEnd.why").isNotBlank();
    });
    assertThat(e.reproduce()).as("reproduce").isNotEmpty().allSatisfy(s -> assertThat(s).isNotBlank());
    assertThat(e.diagnose()).as("diagnose").isNotEmpty().allSatisfy(s -> assertThat(s).isNotBlank());
    assertThat(e.examples()).as("examples").allSatisfy(s -> assertThat(s).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FailureClass.class, mode = EnumSource.Mode.EXCLUDE, names = "UNCLASSIFIED")
  void classEntry_hasAtLeastOneDeadEnd(FailureClass c) {
    assertThat(KB.classEntry(c).deadEnds()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entryIds")
  void related_idsExistAndAreNotTheEntryItself(String id) {
    KbEntry e = KB.entry(id).orElseThrow();
    assertThat(e.related()).doesNotHaveDuplicates().doesNotContain(id)
        .allSatisfy(r -> assertThat(KB.entry(r)).as("related id '%s'", r).isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entryIds")
  void entryWithSignatures_hasExamples_entryWithoutIsReachableFromItsClassEntry(String id) {
    KbEntry e = KB.entry(id).orElseThrow();
    if (hasSignatures(e)) {
      assertThat(e.examples()).as("examples of an entry with signatures").isNotEmpty();
    } else {
      assertThat(e.examples()).as("examples of an entry no signature leads to").isEmpty();
      assertThat(KB.classEntry(e.failureClass()).related()).as("related of the class entry").contains(id);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entryIds")
  void entry_containsNoPercentage(String id) throws JsonProcessingException {
    String all = JSON.writeValueAsString(KB.entry(id).orElseThrow());
    List<String> hits = PERCENTAGE.matcher(all).results()
        .map(r -> all.substring(Math.max(0, r.start() - 40), Math.min(all.length(), r.end() + 10))).toList();
    assertThat(hits).as("texts with a percentage").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Signatures are well-formed

  @Test
  void reasonSignatures_areReasonsOfTheOpensslTableInItsSpelling() {
    for (KbEntry e : KB.entries()) {
      for (String r : e.signatures().reasons()) {
        Optional<OpensslReason> known = OpensslReasons.get().byText(r);
        assertThat(known).as("reason '%s' of %s", r, e.id()).isPresent();
        assertThat(known.get().text()).isEqualTo(r);
      }
    }
  }

  @Test
  void everyOpensslReason_isMappedToAnEntry_exceptTheDocumentedWrapper() {
    KbMatcher m = KB.matcher();
    List<String> unmapped = OpensslReasons.get().all().stream().map(OpensslReason::text)
        .filter(t -> m.byReason(t).isEmpty()).toList();
    assertThat(unmapped).containsExactlyInAnyOrderElementsOf(UNMAPPED_REASONS);
  }

  @Test
  void verifySignatures_areX509ResultsAsOpensslPrintsThem() {
    for (KbEntry e : KB.entries()) {
      for (String v : e.signatures().verify()) {
        assertThat(X509_RESULTS).as("verify result '%s' of %s", v, e.id()).containsKey(v);
      }
    }
  }

  static IntStream registeredAlerts() {
    return IntStream.rangeClosed(0, 255).filter(n -> !Alert.of(n).name().equals("unknown"));
  }

  @ParameterizedTest(name = "alert {0}")
  @MethodSource("registeredAlerts")
  void everyRegisteredAlert_isListedByExactlyOneEntry(int alert) {
    assertThat(KB.entries().stream().filter(e -> e.signatures().alerts().contains(alert)).map(KbEntry::id))
        .hasSize(1);
  }

  @Test
  void nginxSignatures_areNotTheGenericMessages() {
    List<String> all = KB.entries().stream().flatMap(e -> e.signatures().nginx().stream()).toList();
    assertThat(all).noneMatch(s -> s.startsWith("SSL_do_handshake() failed"))
        .noneMatch(s -> s.startsWith("upstream SSL certificate verify error"));
  }

  @Test
  void clientSignatures_areSpecific() {
    List<String> all = KB.entries().stream().flatMap(e -> e.signatures().client().stream()).toList();
    assertThat(all).doesNotHaveDuplicates().allSatisfy(s -> {
      assertThat(s.length()).as("length of '%s'", s).isGreaterThanOrEqualTo(14);
      assertThat(GENERIC_CLIENT_TEXTS).as("generic text").noneMatch(g -> g.equalsIgnoreCase(s.strip()));
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Every input leads to its own entry and no other

  static Stream<Case> examples() {
    return KB.entries().stream().flatMap(e -> e.examples().stream().map(x -> new Case(e.id(), x)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void example_matchesOwnEntryOnly(Case c) {
    assertMatchesOnly(c);
  }

  static Stream<Case> reasonSpellings() {
    List<Case> out = new ArrayList<>();
    for (KbEntry e : KB.entries()) {
      for (String sig : e.signatures().reasons()) {
        OpensslReason r = OpensslReasons.get().byText(sig).orElseThrow();
        for (String s : spellings(r)) {
          String lower = s.toLowerCase(java.util.Locale.ROOT);
          if (lower.contains(":ssl3_get_client_hello:wrong version number")
              || lower.contains(":ssl3_get_server_hello:wrong version number")
              || lower.contains(":tls_choose_sigalg:internal error")
              || lower.matches(".*:(ssl3_get|tls_process)_client_certificate:certificate verify failed.*")
              || lower.matches(".*:ssl(23|3)_(read|write)(_bytes)?:ssl handshake failure.*")) {
            continue; // the raising function changes the meaning (KbMatcher.BY_FUNCTION); tested below
          }
          out.add(new Case(e.id(), s));
        }
      }
    }
    return out.stream();
  }

  /** Every way OpenSSL 1.0.2, 1.1.1, 3.x and 4.0 print a reason, bare and inside an nginx line. */
  static List<String> spellings(OpensslReason r) {
    List<String> texts = new ArrayList<>(List.of(r.text()));
    if (r.text().startsWith("sslv3 alert ")) {
      String rest = r.text().substring("sslv3 alert ".length());
      texts.add("ssl/tls alert " + rest); // OpenSSL 3.2-3.6
      texts.add("tls alert " + rest);     // OpenSSL 4.0
    }
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      out.add("error:" + r.packed3() + ":SSL routines::" + t);
    }
    for (OpensslReason.FunctionCode fc : r.codes111()) {
      out.add("error:" + fc.packed() + ":SSL routines:" + fc.function() + ":" + r.text());
    }
    for (OpensslReason.FunctionCode fc : r.codes102()) {
      out.add("error:" + fc.packed() + ":SSL routines:" + fc.function() + ":" + r.text());
    }
    out.add("2026/01/02 03:04:05 [info] 10#10: *5 SSL_do_handshake() failed (SSL: error:" + r.packed3()
        + ":SSL routines::" + r.text() + ") while SSL handshaking, client: 192.0.2.1, server: 0.0.0.0:443");
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reasonSpellings")
  void reasonSignature_inEveryOpensslSpelling_matchesOwnEntryOnly(Case c) {
    assertMatchesOnly(c);
  }

  static Stream<Case> nginxLines() {
    List<Case> out = new ArrayList<>();
    for (KbEntry e : KB.entries()) {
      for (String sig : e.signatures().nginx()) {
        int w = sig.indexOf(" while ");
        String message = w < 0 ? sig : sig.substring(0, w);
        if (message.endsWith("(")) {
          message = message + "\"/etc/nginx/tls/site.pem\") failed";
        }
        String action = w < 0 ? "" : " while " + sig.substring(w + 7);
        out.add(new Case(e.id(), "2026/01/02 03:04:05 [info] 10#10: *5 " + message + action
            + ", client: 192.0.2.1, server: 0.0.0.0:443"));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nginxLines")
  void nginxSignature_inAnErrorLogLine_matchesOwnEntryOnly(Case c) {
    assertMatchesOnly(c);
  }

  static Stream<Case> verifyLines() {
    List<Case> out = new ArrayList<>();
    for (KbEntry e : KB.entries()) {
      for (String v : e.signatures().verify()) {
        int code = X509_RESULTS.getOrDefault(v, 0);
        out.add(new Case(e.id(), "2026/01/02 03:04:05 [error] 10#10: *5 upstream SSL certificate verify error: ("
            + code + ":" + v + ") while SSL handshaking to upstream, client: 192.0.2.1, server: example.com, "
            + "request: \"GET / HTTP/1.1\", upstream: \"https://10.0.0.1:443/\", host: \"example.com\""));
        out.add(new Case(e.id(), "verify error:num=" + code + ":" + v));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifyLines")
  void verifySignature_inUpstreamVerifyErrorAndSClient_matchesOwnEntryOnly(Case c) {
    assertMatchesOnly(c);
  }

  static Stream<Case> javaAlerts() {
    return registeredAlerts().mapToObj(n -> new Case(entryListingAlert(n),
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: " + Alert.of(n).name()));
  }

  private static String entryListingAlert(int n) {
    return KB.entries().stream().filter(e -> e.signatures().alerts().contains(n)).map(KbEntry::id).findFirst()
        .orElse("(no entry lists alert " + n + ")");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javaAlerts")
  void alert_receivedByJava_matchesTheEntryListingIt(Case c) {
    assertMatchesOnly(c);
  }

  static Stream<Case> clientTexts() {
    return KB.entries().stream().flatMap(e -> e.signatures().client().stream().map(s -> new Case(e.id(), s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientTexts")
  void clientSignature_itself_matchesOwnEntryOnly(Case c) {
    assertMatchesOnly(c);
  }

  @ParameterizedTest(name = "{1} <- {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      2026/01/02 03:04:05 [error] 10#10: *5 upstream SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to upstream, client: 192.0.2.1, server: example.com, request: "GET / HTTP/1.1", upstream: "https://10.0.0.1:443/", host: "example.com" | issuer-not-found | certificate-untrusted
      2026/01/02 03:04:05 [info] 10#10: *5 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 192.0.2.1, server: 0.0.0.0:443 | peer-rejected-certificate | certificate-untrusted
      2026/01/02 03:04:05 [error] 10#10: *5 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 192.0.2.1, server: example.com, request: "GET / HTTP/1.1", upstream: "https://10.0.0.1:8080/", host: "example.com" | not-tls | not-tls
      2026/01/02 03:04:05 [info] 10#10: *5 client sent invalid method while reading client request line, client: 192.0.2.1, server: _, request: "\\x16\\x03\\x01\\x02\\x00\\x01" | tls-client-on-plain-port | not-tls
      2026/01/02 03:04:05 [info] 10#10: *5 client sent plain HTTP request to HTTPS port while reading client request headers, client: 192.0.2.1, server: example.com, request: "GET / HTTP/1.1", host: "example.com:443" | plain-http-to-https-port | not-tls
      error:140760FC:SSL routines:SSL23_GET_CLIENT_HELLO:unknown protocol | ssl23-unknown-protocol | not-tls
      error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure | handshake-failure-alert | handshake-failure-alert
      error:0A000410:SSL routines::tls alert handshake failure | handshake-failure-alert | handshake-failure-alert
      javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate) | java-no-appropriate-protocol | protocol-version-mismatch
      error:0A0000BF:SSL routines::no protocols available | no-protocols-available | protocol-version-mismatch
      error:0A00018C:SSL routines::version too low | version-too-low | protocol-version-mismatch
      error:0A00042E:SSL routines::tlsv1 alert protocol version | protocol-version-alert | protocol-version-mismatch
      net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH | browser-version-or-cipher-mismatch | protocol-version-mismatch
      net::ERR_SSL_PROTOCOL_ERROR | browser-protocol-error | not-tls
      2014/12/23 23:37:40 [info] 8442#0: *573 SSL_do_handshake() failed (SSL: error:1408A10B:SSL routines:SSL3_GET_CLIENT_HELLO:wrong version number) while SSL handshaking, client: 10.0.0.247, server: 0.0.0.0:443 | protocol-version-mismatch | protocol-version-mismatch
      error:1408F10B:SSL routines:ssl3_get_record:wrong version number | not-tls | not-tls
      error:14201044:SSL routines:tls_choose_sigalg:internal error | signature-algorithm-mismatch | signature-algorithm-mismatch
      192.0.2.1:37072 OpenSSL: error:1417C086:SSL routines:tls_process_client_certificate:certificate verify failed | client-certificate-invalid | client-certificate-invalid
      error:14089086:SSL routines:ssl3_get_client_certificate:certificate verify failed | client-certificate-invalid | client-certificate-invalid
      error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed | certificate-untrusted | certificate-untrusted
      140500:error:140790E5:SSL routines:ssl23_write:ssl handshake failure:s23_lib.c:177: | peer-closed-handshake | peer-closed-handshake
      error:140940E5:SSL routines:ssl3_read_bytes:ssl handshake failure | peer-closed-handshake | peer-closed-handshake
      error:0A0000E5:SSL routines::ssl handshake failure | tls-io-error | tls-io-error
      2026/01/02 03:04:05 [info] 10#10: *5 SSL_read() failed (SSL: error:140940E5:SSL routines:ssl3_read_bytes:ssl handshake failure) while waiting for request, client: 192.0.2.1, server: 0.0.0.0:443 | tls-io-error | tls-io-error
      nginx: [emerg] SSL_CTX_use_certificate("/etc/nginx/tls/old.pem") failed (SSL: error:0A00018E:SSL routines::ca md too weak) | own-certificate-too-weak | certificate-load-error
      failed (SSL: error:140AB18E:SSL routines:SSL_CTX_use_certificate:ca md too weak) | own-certificate-too-weak | certificate-load-error
      nginx: [emerg] SSL_CTX_use_certificate("/etc/nginx/tls/a.pem") failed (SSL: error:0480006C:PEM routines::no start line) | certificate-load-error | certificate-load-error
      failed (SSL: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch | certificate-key-mismatch | certificate-load-error
      Authentication failed because the remote party sent a TLS alert: 'HandshakeFailure'. | handshake-failure-alert | handshake-failure-alert
      ERROR: The certificate of 'www.example.com' has expired. | certificate-expired | certificate-expired
      ERROR: The certificate of 'www.example.com' hasn't got a known issuer. | issuer-not-found | certificate-untrusted
      ssl.CertificateError: hostname 'a.example' doesn't match 'b.example' | certificate-name-mismatch | certificate-name-mismatch
      Peer's certificate issuer has been marked as not trusted by the user. | certificate-untrusted | certificate-untrusted
      2020.09.22 17:19:49 LOG7[0]: TLS alert (write): fatal: handshake failure | handshake-failure-alert | handshake-failure-alert
      * TLSv1.3 (OUT), TLS alert, unknown CA (560): | peer-rejected-certificate | certificate-untrusted
      [WARNING] Certificate verification failed: self signed certificate | self-signed-certificate | certificate-untrusted
      Feb 21 14:49:40 lb haproxy[153]: 10.0.1.179:1527 [21/Feb/2018:14:49:10.053] fe_sni/1: Timeout during SSL handshake | handshake-timeout | handshake-timeout
      ENGINE Client ('10.0.0.1', 24766) lost — peer dropped the TLS connection suddenly, during handshake: (104, 'Connection reset by peer') | peer-closed-handshake | peer-closed-handshake
      SSL_Write() failed (SSL:) (32: Broken pipe), context: ngx.timer, client: 192.0.2.1, server: 0.0.0.0:443 | tls-io-error | tls-io-error
      javax.net.ssl.SSLPeerUnverifiedException: Hostname x.example not verified: | certificate-name-mismatch | certificate-name-mismatch
      java.security.cert.CertPathValidatorException: Trust anchor for certification path not found. | issuer-not-found | certificate-untrusted
      ssl.SSLZeroReturnError: TLS/SSL connection has been closed (EOF) (_ssl.c:1129) | peer-closed-handshake | peer-closed-handshake
      OpenSSL::SSL::SSLError: hostname "x.example" does not match the server certificate | certificate-name-mismatch | certificate-name-mismatch
      The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch | certificate-name-mismatch | certificate-name-mismatch
      TLS client: In state certify at ssl_handshake.erl:1901 generated CLIENT ALERT: Fatal - Unknown CA | peer-rejected-certificate | certificate-untrusted
      curl: (35) error:1414D172:SSL routines:tls12_check_peer_sigalg:wrong signature type | signature-algorithm-mismatch | signature-algorithm-mismatch
      curl: (58) unable to set private key file: /x.key type PEM | certificate-key-load-error | certificate-load-error
      curl: (77) error setting certificate verify locations:  CAfile: /etc/ssl/certs/ca-certificates.crt CApath: none | trust-file-load-error | certificate-load-error
      gnutls_handshake() failed: A TLS fatal alert has been received. | handshake-failure-alert | handshake-failure-alert
      PKIX path validation failed: java.security.cert.CertPathValidatorException: timestamp check failed | certificate-expired | certificate-expired
      Error response from daemon: Get "https://x/v2/": http: server gave HTTP response to HTTPS client | not-tls | not-tls
      tls: oversized record received with length 20527 | not-tls | not-tls
      javax.net.ssl.SSLException: Tag mismatch! | record-layer-error | record-layer-error
      curl: (35) Recv failure: Connection reset by peer | peer-closed-handshake | peer-closed-handshake
      dovecot: imap-login: Warning: SSL alert: where=0x4008, ret=552: fatal handshake failure [] | handshake-failure-alert | handshake-failure-alert
      javax.net.ssl.SSLException: SSL handshake aborted: ssl=0x617f6b70: I/O error during system call, Connection reset by peer | peer-closed-handshake | peer-closed-handshake
      2026/01/02 03:04:05 [info] 10#10: *5 handshake rejected while SSL handshaking, client: 192.0.2.1, server: 0.0.0.0:443 | sni-rejected | sni-rejected
      error:0A000458:SSL routines::tlsv1 unrecognized name | peer-unrecognized-name | sni-rejected
      2026/01/02 03:04:05 [info] 10#10: *5 SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while waiting for request, client: 192.0.2.1, server: 0.0.0.0:443 | tls-io-error | tls-io-error
      nginx: [emerg] cannot load certificate key "/etc/nginx/tls/a.key": PEM_read_bio_PrivateKey() failed (SSL: error:1E08010C:DECODER routines::unsupported) | certificate-key-load-error | certificate-load-error
      curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to example.com:443 | peer-closed-handshake | peer-closed-handshake
      curl: (60) SSL: no alternative certificate subject name matches target host name 'example.com' | certificate-name-mismatch | certificate-name-mismatch
      tls: first record does not look like a TLS handshake | tls-client-on-plain-port | not-tls
      x509: certificate signed by unknown authority | issuer-not-found | certificate-untrusted
      error:0A000086:SSL routines::certificate verify failed | certificate-untrusted | certificate-untrusted
      error:0A0C0103:SSL routines::internal error | local-internal-error | internal-error-alert
      2026/01/02 03:04:05 [info] 10#10: *5 SSL_do_handshake() failed (SSL: error:0A000119:SSL routines::decryption failed or bad record mac error:0A000139:SSL routines::record layer failure) while SSL handshaking, client: 192.0.2.1, server: 0.0.0.0:443 | record-layer-error | record-layer-error
      2026/01/02 03:04:05 [error] 10#10: *5 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number error:0A000139:SSL routines::record layer failure) while SSL handshaking to upstream, client: 192.0.2.1, server: example.com, request: "GET / HTTP/1.1", upstream: "https://10.0.0.1:8080/", host: "example.com" | not-tls | not-tls
      """)
  void documentedMessage_leadsToItsEntryAndClass(String message, String entry, String failureClass) {
    List<KbMatcher.Match> m = KB.matcher().candidates(MessageParser.parse(message).evidence());
    assertThat(m).extracting(x -> x.entry().id()).containsExactly(entry);
    assertThat(m.get(0).entry().failureClass().id()).isEqualTo(failureClass);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      NET::ER_CERT_DATE_INVALID on my phone | certificate-expired
      chrome says NET::CERT_AUTHORITY_INVALID | certificate-untrusted
      net::ERR_CERT_COMMON_NAME_INVALID | certificate-name-mismatch
      """)
  void chromeCode_withItsPrefixMistyped_leadsToItsClass(String message, String failureClass) {
    List<KbMatcher.Match> m = KB.matcher().candidates(MessageParser.parse(message).evidence());
    assertThat(m).extracting(x -> x.entry().failureClass().id()).containsOnly(failureClass);
  }

  @Test
  void chromeCodeBody_onlyForNamesOfThreeWordsOrMore() {
    assertThat(KbMatcher.chromeCodeBody("err_cert_date_invalid")).isEqualTo("cert_date_invalid");
    assertThat(KbMatcher.chromeCodeBody("err_cert_invalid")).isNull();
    assertThat(KbMatcher.chromeCodeBody("err_ssl_protocol_error")).isEqualTo("ssl_protocol_error");
    assertThat(KbMatcher.chromeCodeBody("certificate verify failed")).isNull();
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static void assertMatchesOnly(Case c) {
    List<KbMatcher.Match> m = KB.matcher().candidates(MessageParser.parse(c.input()).evidence());
    assertThat(m).as("matches of '%s'", c.input()).extracting(x -> x.entry().id() + " by " + x.kind().name()
        .toLowerCase(Locale.ROOT) + " '" + x.signature() + "'").hasSize(1);
    assertThat(m.get(0).entry().id()).isEqualTo(c.entry());
  }

  private static boolean hasSignatures(KbEntry e) {
    KbEntry.Signatures s = e.signatures();
    return !(s.reasons().isEmpty() && s.nginx().isEmpty() && s.verify().isEmpty() && s.alerts().isEmpty()
        && s.client().isEmpty());
  }

  private static Map<String, Integer> x509Results() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("unable to get issuer certificate", 2);
    m.put("unable to get certificate CRL", 3);
    m.put("unable to decrypt certificate's signature", 4);
    m.put("unable to decrypt CRL's signature", 5);
    m.put("unable to decode issuer public key", 6);
    m.put("certificate signature failure", 7);
    m.put("CRL signature failure", 8);
    m.put("certificate is not yet valid", 9);
    m.put("certificate has expired", 10);
    m.put("CRL is not yet valid", 11);
    m.put("CRL has expired", 12);
    m.put("format error in certificate's notBefore field", 13);
    m.put("format error in certificate's notAfter field", 14);
    m.put("self signed certificate", 18);
    m.put("self signed certificate in certificate chain", 19);
    m.put("unable to get local issuer certificate", 20);
    m.put("unable to verify the first certificate", 21);
    m.put("certificate chain too long", 22);
    m.put("certificate revoked", 23);
    m.put("invalid CA certificate", 24);
    m.put("path length constraint exceeded", 25);
    m.put("unsupported certificate purpose", 26);
    m.put("certificate not trusted", 27);
    m.put("certificate rejected", 28);
    m.put("permitted subtree violation", 47);
    m.put("excluded subtree violation", 48);
    m.put("hostname mismatch", 62);
    m.put("email address mismatch", 63);
    m.put("IP address mismatch", 64);
    m.put("EE certificate key too weak", 66);
    m.put("CA certificate key too weak", 67);
    m.put("CA signature digest algorithm too weak", 68);
    return m;
  }
}
