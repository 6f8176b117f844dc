package dev.tlsdoctor.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.ClientHello;
import dev.tlsdoctor.tls.Hex;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped client database: size, identity, provenance, and captured profiles that match their own hellos. */
class ClientDatabaseTest {
  static final Set<String> FAMILIES = Set.of("chrome", "firefox", "safari", "edge", "ie", "android", "java",
      "openssl", "libressl", "curl", "go", "python", "node", "dotnet", "schannel", "gnutls", "googlebot",
      "thunderbird", "apple-mail", "outlook");

  @Test
  void database_hasAtLeast60ProfilesWithUniqueIdsAndKnownFamilies() {
    List<ClientProfile> all = ClientDatabase.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(60);
    Set<String> ids = new HashSet<>();
    for (ClientProfile p : all) {
      assertThat(ids.add(p.id())).as("duplicate id " + p.id()).isTrue();
      assertThat(FAMILIES).as(p.id()).contains(p.family());
      assertThat(p.versions()).as(p.id()).isNotEmpty();
      assertThat(p.trust()).as(p.id()).isNotNull();
    }
  }

  @Test
  void everyProfile_citesDatedSources() {
    for (ClientProfile p : ClientDatabase.all()) {
      assertThat(p.provenance().kind()).as(p.id()).isIn("captured", "documented");
      assertThat(p.provenance().sources()).as(p.id()).isNotEmpty();
      for (ClientProfile.Source s : p.provenance().sources()) {
        assertThat(s.date()).as(p.id() + " " + s.title()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(s.url()).as(p.id()).startsWith("https://");
      }
    }
  }

  @Test
  void capturedProfiles_areWhatTheirRecordedHelloOffers() {
    int captured = 0;
    for (ClientProfile p : ClientDatabase.all()) {
      if (!p.provenance().kind().equals("captured")) {
        continue;
      }
      captured++;
      ClientHello hello = ClientHello.parse(java.util.Arrays.copyOfRange(
          Hex.decode(p.provenance().capture().clientHello()), 4, Hex.decode(p.provenance().capture().clientHello())
              .length));
      ClientProfile again = ClientCapture.profile(p, hello, "", "");
      assertThat(again.protocols()).as(p.id()).isEqualTo(p.protocols());
      assertThat(again.cipherSuites()).as(p.id()).isEqualTo(p.cipherSuites());
      assertThat(again.tls13CipherSuites()).as(p.id()).isEqualTo(p.tls13CipherSuites());
      assertThat(again.groups()).as(p.id()).isEqualTo(p.groups());
      assertThat(again.keyShares()).as(p.id()).isEqualTo(p.keyShares());
      assertThat(again.signatureAlgorithms()).as(p.id()).isEqualTo(p.signatureAlgorithms());
      assertThat(again.alpn()).as(p.id()).isEqualTo(p.alpn());
    }
    assertThat(captured).isEqualTo(10);
  }
  @Test
  void documentedProfiles_sayWhatWasCheckedAgainstWhichSource() {
    int documented = 0;
    int checkedAgainstASource = 0;
    for (ClientProfile p : ClientDatabase.all()) {
      if (!p.provenance().kind().equals("documented")) {
        continue;
      }
      documented++;
      ClientProfile.Verification v = p.provenance().verification();
      assertThat(v).as(p.id()).isNotNull();
      assertThat(v.date()).as(p.id()).matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(v.checks()).as(p.id()).isNotEmpty();
      for (ClientProfile.Check c : v.checks()) {
        assertThat(c.result()).as(p.id()).isIn("verified", "corrected", "unverified");
        assertThat(c.fields()).as(p.id()).isNotEmpty();
        assertThat(c.note()).as(p.id() + " " + c.fields()).isNotBlank();
        if (c.result().equals("verified")) {
          assertThat(c.source()).as(p.id() + " " + c.fields()).startsWith("https://");
        }
        if (c.source() != null) {
          checkedAgainstASource++;
        }
      }
    }
    assertThat(documented).isEqualTo(53);
    assertThat(checkedAgainstASource).isEqualTo(19);
  }

  @Test
  void fallbackProfiles_nameVersionsTheyHave() {
    List<String> withFallback = new java.util.ArrayList<>();
    for (ClientProfile p : ClientDatabase.all()) {
      for (var v : p.fallbackVersions()) {
        assertThat(p.versions()).as(p.id()).contains(v);
        assertThat(v).as(p.id()).isLessThan(java.util.Collections.max(p.versions()));
      }
      if (p.fallback() != null) {
        withFallback.add(p.id());
      }
    }
    assertThat(withFallback).containsExactlyInAnyOrder("chrome-49-xp", "ie-11-win10", "ie-11-win7", "ie-11-win81",
        "ie-8-xp");
  }
}
