package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tlsdoctor.tls.CipherSuite.Flag;
import dev.tlsdoctor.tls.CipherSuite.OpensslStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CipherSuiteTest {
  /** {@code 0x13,0x02 - TLS_AES_256_GCM_SHA384 - TLS_AES_256_GCM_SHA384 TLSv1.3 Kx=any Au=any Enc=... Mac=AEAD}. */
  private static final Pattern V_LINE = Pattern.compile(
      "\\s*0x(..),0x(..) - (\\S+)\\s+- (\\S+)\\s+(\\S+)\\s+Kx=(\\S+)\\s+Au=(\\S+)\\s+Enc=(\\S+)\\s+Mac=(\\S+)\\s*");

  @Test
  void table_everySuiteLocalOpensslKnows_sameCodeNamesAndProperties() {
    List<String> lines = new ArrayList<>();
    lines.addAll(openssl("ciphers", "-stdname", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"));
    lines.addAll(openssl("ciphers", "-provider", "default", "-provider", "legacy", "-stdname", "-V",
        "SEED:@SECLEVEL=0"));
    lines.addAll(openssl("ciphers", "-stdname", "-V", "-ciphersuites",
        "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256", "AES128-SHA"));
    Set<String> checked = new HashSet<>();
    for (String line : lines) {
      Matcher m = V_LINE.matcher(line);
      assertThat(m.matches()).as("openssl -V line: %s", line).isTrue();
      int code = Integer.parseInt(m.group(1) + m.group(2), 16);
      CipherSuite s = CipherSuite.of(code);
      String what = line.strip();
      assertThat(s.ianaName()).as(what).isEqualTo(m.group(3));
      assertThat(s.opensslName()).as(what).isEqualTo(m.group(4));
      assertThat(CipherSuite.forOpensslName(m.group(4))).as(what).contains(s);
      assertThat(CipherSuite.forIanaName(m.group(3))).as(what).contains(s);
      assertThat(s.minVersion().opensslName()).as(what).isEqualTo(m.group(5));
      assertThat(s.keyExchange()).as(what).isEqualTo(kx(m.group(6)));
      assertThat(s.authentication()).as(what).isEqualTo(au(m.group(7)));
      assertThat(s.cipher() + "/" + s.keyBits()).as(what).isEqualTo(enc(m.group(8)));
      assertThat(s.mac()).as(what).isEqualTo(mac(m.group(9)));
      assertThat(s.openssl()).as(what).isIn(OpensslStatus.AVAILABLE, OpensslStatus.LEGACY_PROVIDER);
      checked.add(m.group(4));
    }
    assertThat(checked).hasSizeGreaterThan(150);
    // Every suite the table marks as available in OpenSSL 3.0 was seen (TLS 1.3 ones included).
    List<String> claimed = CipherSuite.all().stream()
        .filter(s -> s.openssl() == OpensslStatus.AVAILABLE || s.openssl() == OpensslStatus.LEGACY_PROVIDER)
        .filter(s -> s.cipher() != BulkCipher.IDEA_CBC)
        .map(CipherSuite::opensslName).toList();
    assertThat(checked).containsAll(claimed);
  }

  @Test
  void table_size_andUniqueNames() {
    assertThat(CipherSuite.all()).hasSize(369);
    Set<String> iana = new HashSet<>();
    Set<String> openssl = new HashSet<>();
    for (CipherSuite s : CipherSuite.all()) {
      if (s.ianaName() != null) {
        assertThat(iana.add(s.ianaName())).as("duplicate IANA name %s", s.ianaName()).isTrue();
      }
      if (s.opensslName() != null) {
        assertThat(openssl.add(s.opensslName())).as("duplicate OpenSSL name %s", s.opensslName()).isTrue();
      }
      assertThat(s.is(Flag.AEAD)).as(s.toString()).isEqualTo(s.cipher().isAead());
      assertThat(s.is(Flag.NULL_ENCRYPTION)).as(s.toString())
          .isEqualTo(s.cipher() == BulkCipher.NULL && !s.is(Flag.SIGNALING));
    }
    assertThat(CipherSuite.all().stream().filter(s -> !s.is(Flag.UNREGISTERED))).hasSize(352);
  }

  @Test
  void of_wellKnownSuites_properties() {
    CipherSuite s = CipherSuite.of(0xC02F);
    assertThat(s.ianaName()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThat(s.opensslName()).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
    assertThat(s.keyExchange()).isEqualTo(KeyExchange.ECDHE);
    assertThat(s.authentication()).isEqualTo(Authentication.RSA);
    assertThat(s.cipher()).isEqualTo(BulkCipher.AES_128_GCM);
    assertThat(s.keyBits()).isEqualTo(128);
    assertThat(s.mac()).isEqualTo(MacAlgorithm.AEAD);
    assertThat(s.minVersion()).isEqualTo(ProtocolVersion.TLSv1_2);
    assertThat(s.flags()).containsExactly(Flag.AEAD);
    assertThat(s).hasToString("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F)");

    assertThat(CipherSuite.of(0x000A).opensslName()).isEqualTo("DES-CBC3-SHA");
    assertThat(CipherSuite.of(0x000A).keyBits()).isEqualTo(168);
    assertThat(CipherSuite.of(0x000A).openssl()).isEqualTo(OpensslStatus.WEAK_BUILD_ONLY);
    assertThat(CipherSuite.of(0x0003).opensslName()).isEqualTo("EXP-RC4-MD5");
    assertThat(CipherSuite.of(0x0003).flags()).containsExactly(Flag.EXPORT);
    assertThat(CipherSuite.of(0x0003).keyBits()).isEqualTo(40);
    assertThat(CipherSuite.of(0x0034).flags()).containsExactly(Flag.ANONYMOUS);
    assertThat(CipherSuite.of(0x0001).flags()).containsExactly(Flag.NULL_ENCRYPTION);
    assertThat(CipherSuite.of(0x1301).isTls13()).isTrue();
    assertThat(CipherSuite.of(0x1301).opensslName()).isEqualTo("TLS_AES_128_GCM_SHA256");
    assertThat(CipherSuite.of(0x00FF).flags()).containsExactly(Flag.SIGNALING);
    assertThat(CipherSuite.of(0x5600).ianaName()).isEqualTo("TLS_FALLBACK_SCSV");
    assertThat(CipherSuite.of(0x00C6).ianaName()).isEqualTo("TLS_SM4_GCM_SM3");
    assertThat(CipherSuite.of(0xC0B0).keyExchange()).isEqualTo(KeyExchange.ECCPWD);
    assertThat(CipherSuite.of(0x0060).flags()).containsExactlyInAnyOrder(Flag.EXPORT, Flag.UNREGISTERED);
    assertThat(CipherSuite.of(0x001E).opensslName()).isEqualTo("KRB5-DES-CBC-SHA");
    assertThat(CipherSuite.of(0xC102).opensslName()).isEqualTo("IANA-GOST2012-GOST8912-GOST8912");
  }

  @Test
  void forOpensslName_legacyNames_findSuite() {
    assertThat(CipherSuite.forOpensslName("EDH-RSA-DES-CBC3-SHA")).map(CipherSuite::code).contains(0x0016);
    assertThat(CipherSuite.forOpensslName("DHE-RSA-DES-CBC3-SHA")).map(CipherSuite::code).contains(0x0016);
    assertThat(CipherSuite.forOpensslName("EXP-EDH-RSA-DES-CBC-SHA")).map(CipherSuite::code).contains(0x0014);
    assertThat(CipherSuite.forOpensslName("ECDHE-ARIA128-GCM-SHA256")).map(CipherSuite::code).contains(0xC060);
    assertThat(CipherSuite.forOpensslName("ecdhe-rsa-aes128-gcm-sha256")).isEmpty();
    assertThat(CipherSuite.forIanaName("TLS_PSK_DHE_WITH_AES_128_CCM_8")).map(CipherSuite::code).contains(0xC0AA);
  }

  @Test
  void of_unknownCode_keepsCode() {
    CipherSuite s = CipherSuite.of(0x1234);
    assertThat(s.code()).isEqualTo(0x1234);
    assertThat(s.isKnown()).isFalse();
    assertThat(s.ianaName()).isNull();
    assertThat(s.keyExchange()).isEqualTo(KeyExchange.UNKNOWN);
    assertThat(s).hasToString("unknown(0x1234)");
    assertThat(CipherSuite.of(0x2A2A)).hasToString("GREASE(0x2A2A)");
    assertThat(CipherSuite.isGrease(0xFAFA)).isTrue();
    assertThat(CipherSuite.isGrease(0xFAFB)).isFalse();
    assertThatThrownBy(() -> CipherSuite.of(0x10000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cipher suite code out of range 0x0000-0xFFFF: 65536");
  }

  @Test
  void sslV2Kinds_threeByteCodes() {
    assertThat(SslV2CipherKind.of(0x010080)).hasToString("SSL_CK_RC4_128_WITH_MD5(0x010080)");
    assertThat(SslV2CipherKind.of(0x020080).export()).isTrue();
    assertThat(SslV2CipherKind.of(0x0700C0).opensslName()).isEqualTo("DES-CBC3-MD5");
    assertThat(SslV2CipherKind.of(0x00002F).tlsSuite()).map(CipherSuite::opensslName).contains("AES128-SHA");
    assertThat(SslV2CipherKind.of(0x123456).name()).isEqualTo("unknown");
    assertThat(SslV2CipherKind.all()).hasSize(8);
  }

  private static KeyExchange kx(String s) {
    return Map.of("RSA", KeyExchange.RSA, "DH", KeyExchange.DHE, "ECDH", KeyExchange.ECDHE, "PSK", KeyExchange.PSK,
        "RSAPSK", KeyExchange.RSA_PSK, "DHEPSK", KeyExchange.DHE_PSK, "ECDHEPSK", KeyExchange.ECDHE_PSK,
        "SRP", KeyExchange.SRP, "any", KeyExchange.ANY).get(s);
  }

  private static Authentication au(String s) {
    return Map.of("RSA", Authentication.RSA, "DSS", Authentication.DSS, "ECDSA", Authentication.ECDSA,
        "None", Authentication.NULL, "PSK", Authentication.PSK, "SRP", Authentication.SRP,
        "any", Authentication.ANY).get(s);
  }

  /** OpenSSL's {@code AESGCM(256)} as {@code AES_256_GCM/256}. */
  private static String enc(String s) {
    if (s.equals("None")) {
      return "NULL/0";
    }
    Matcher m = Pattern.compile("(.*)\\((\\d+)\\)").matcher(s);
    assertThat(m.matches()).as(s).isTrue();
    String bits = m.group(2);
    String name = switch (m.group(1)) {
      case "AES" -> "AES_" + bits + "_CBC";
      case "AESGCM" -> "AES_" + bits + "_GCM";
      case "AESCCM" -> "AES_" + bits + "_CCM";
      case "AESCCM8" -> "AES_" + bits + "_CCM_8";
      case "Camellia" -> "CAMELLIA_" + bits + "_CBC";
      case "ARIAGCM" -> "ARIA_" + bits + "_GCM";
      case "CHACHA20/POLY1305" -> "CHACHA20_POLY1305";
      case "SEED" -> "SEED_CBC";
      default -> throw new AssertionError("unexpected OpenSSL cipher " + s);
    };
    return name + "/" + bits;
  }

  private static MacAlgorithm mac(String s) {
    return s.equals("SHA1") ? MacAlgorithm.SHA1 : MacAlgorithm.valueOf(s);
  }

  private static List<String> openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        fail("openssl " + String.join(" ", args) + " failed: " + out);
      }
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      fail("this test compares the table with the real openssl binary, which is not on PATH (" + e.getMessage()
          + "); install it (apt-get install openssl) or run scripts/test, which installs it");
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
