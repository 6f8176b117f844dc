package dev.tlsdoctor.openssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.openssl.CipherStringResult.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link CipherString} with the real {@code openssl ciphers -s -tls1_2} over generated strings (fixed seed)
 * and the strings people actually use.
 */
class CipherStringDifferentialTest {
  /** Words the generator draws from: keywords, suite names, unknown and removed words. */
  private static final String[] WORDS = {
      "ALL", "COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT", "HIGH", "MEDIUM", "LOW", "FIPS", "eNULL", "NULL", "aNULL",
      "kRSA", "aRSA", "RSA", "kEECDH", "kECDHE", "ECDHE", "EECDH", "ECDH", "kDHE", "kEDH", "DHE", "EDH", "DH", "ADH",
      "AECDH", "aECDSA", "ECDSA", "aDSS", "DSS", "PSK", "kPSK", "aPSK", "kRSAPSK", "kDHEPSK", "kECDHEPSK", "SRP",
      "kSRP", "aSRP", "AES", "AES128", "AES256", "AESGCM", "AESCCM", "AESCCM8", "CHACHA20", "CAMELLIA",
      "CAMELLIA128", "CAMELLIA256", "ARIA", "ARIAGCM", "ARIA128", "ARIA256", "3DES", "DES", "RC4", "RC2", "SEED",
      "IDEA", "CBC", "SHA1", "SHA", "SHA256", "SHA384", "MD5", "TLSv1.2", "TLSv1", "TLSv1.0", "SSLv3", "TLSv1.1",
      "EXP", "EXPORT", "KRB5", "GOST94", "kGOST", "AEAD", "DEFAULT", "SUITEB128",
      "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
      "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
      "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305", "AES128-SHA",
      "AES256-SHA", "AES128-GCM-SHA256", "AES256-SHA256", "DHE-DSS-AES256-SHA", "CAMELLIA128-SHA", "NULL-MD5",
      "NULL-SHA256", "ADH-AES128-SHA", "AECDH-AES256-SHA", "PSK-AES128-CBC-SHA", "SRP-AES-128-CBC-SHA",
      "ECDHE-ARIA128-GCM-SHA256", "DHE-RSA-AES256-CCM8", "SEED-SHA", "DES-CBC3-SHA", "RC4-SHA", "EDH-RSA-DES-CBC3-SHA",
      "EXP-RC4-MD5", "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "high", "Foo", "x.y"};

  /** Strings from real configurations. */
  static final String[] REAL = {
      "HIGH:!aNULL:!MD5",
      "DEFAULT",
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
          + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305",
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
          + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
          + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
      "@SECLEVEL=0:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
          + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
          + "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:"
          + "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:"
          + "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA",
      "EECDH+AESGCM:EDH+AESGCM",
      "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH",
      "ALL:!ADH:RC4+RSA:+HIGH:+MEDIUM",
      "ALL:!ADH:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP",
      "HIGH:!ADH:!MD5",
      "ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS",
      "HIGH:!aNULL:!eNULL:!EXPORT:!CAMELLIA:!DES:!MD5:!PSK:!RC4",
      "kEECDH+ECDSA+AES128:kEECDH+ECDSA+AES256:kEECDH+AES128:kEECDH+AES256:kEDH+AES128:kEDH+AES256:"
          + "DES-CBC3-SHA:+SHA:!aNULL:!eNULL:!LOW:!kECDH:!DSS:!MD5:!RC4:!EXP:!PSK:!SRP:!CAMELLIA:!SEED",
      "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384",
      "ALL:@SECLEVEL=0", "ALL:COMPLEMENTOFALL:@SECLEVEL=0", "ALL:@STRENGTH", "DEFAULT:@SECLEVEL=3",
      "DEFAULT:!RSA", "PROFILE=SYSTEM", "SUITEB128", "SUITEB192:HIGH", "DEFAULTX", "DEFAULT+AES", "HIGH:DEFAULT",
      "HIGH+FIPS", "FIPS", "COMPLEMENTOFDEFAULT", "aNULL:@SECLEVEL=0", "eNULL:@SECLEVEL=0", "PSK", "AES128-SHA#",
      "AES128_SHA", "kRSA+", "!", "", " DEFAULT", "AES:@SECLEVEL=9", "@STRENGTH+AES:AES", "FOO+AES:AES128-SHA"};

  @Test
  void generatedAndRealStrings_sameListAsOpenssl() throws Exception {
    LocalOpenssl.assumeOpenssl30();
    OpensslBuild build = OpensslBuild.OPENSSL_3_0.withDefaultSecurityLevel(LocalOpenssl.defaultSecurityLevel());
    List<String> strings = new ArrayList<>(List.of(REAL));
    Random random = new Random(20260427L);
    for (int i = 0; i < 500; i++) {
      strings.add(generate(random));
    }
    List<String> mismatches = compareAll(strings, build, false);
    System.out.printf("cipher strings compared with %s: %d, identical: %d%n", LocalOpenssl.version(),
        strings.size(), strings.size() - mismatches.size());
    assertThat(mismatches).as("strings where the emulation differs from openssl").isEmpty();
  }

  @Test
  void legacyProviderLoaded_sameListAsOpenssl() throws Exception {
    LocalOpenssl.assumeOpenssl30();
    OpensslBuild build = OpensslBuild.OPENSSL_3_0.withDefaultSecurityLevel(LocalOpenssl.defaultSecurityLevel())
        .withLegacyProvider(true);
    List<String> strings = new ArrayList<>(List.of("ALL:@SECLEVEL=0", "SEED:RC4:@SECLEVEL=0", "MEDIUM:HIGH",
        "ALL:COMPLEMENTOFALL:@STRENGTH:@SECLEVEL=0", "HIGH:!aNULL:!MD5", "DEFAULT:SEED", "CBC:@SECLEVEL=1"));
    Random random = new Random(7L);
    for (int i = 0; i < 60; i++) {
      strings.add(generate(random));
    }
    assertThat(compareAll(strings, build, true)).as("strings where the emulation differs from openssl").isEmpty();
  }

  private static List<String> compareAll(List<String> strings, OpensslBuild build, boolean legacy)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (String s : strings) {
        futures.add(pool.submit(() -> compare(s, build, legacy)));
      }
      List<String> mismatches = new ArrayList<>();
      for (Future<String> f : futures) {
        String m = f.get();
        if (m != null) {
          mismatches.add(m);
        }
      }
      return mismatches;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Null when the emulation and openssl agree; otherwise a description naming the string. */
  private static String compare(String s, OpensslBuild build, boolean legacy) {
    LocalOpenssl.Run run = legacy
        ? LocalOpenssl.run("ciphers", "-provider", "default", "-provider", "legacy", "-s", "-tls1_2", "--", s)
        : LocalOpenssl.run("ciphers", "-s", "-tls1_2", "--", s);
    Status expected;
    if (run.exitCode() == 0) {
      expected = run.names().isEmpty() ? Status.NOTHING_USABLE : Status.OK;
    } else if (run.err().contains("invalid command")) {
      expected = Status.INVALID;
    } else if (run.err().contains("no cipher match")) {
      expected = Status.NO_CIPHER_MATCH;
    } else {
      return "'" + s + "': openssl failed unexpectedly: " + run.err();
    }
    CipherStringResult r = CipherString.evaluate(s, build);
    if (r.status() != expected || !r.opensslNames().equals(run.names())) {
      return "'" + s + "':\n  openssl  " + expected + " " + run.names() + "\n  emulated " + r.status() + " "
          + r.opensslNames();
    }
    return null;
  }

  /** A random cipher string: 1-7 elements of prefixed, sometimes '+'-joined words, with commands and separators. */
  static String generate(Random random) {
    StringBuilder b = new StringBuilder();
    int elements = 1 + random.nextInt(7);
    if (random.nextInt(6) == 0) {
      b.append(random.nextBoolean() ? "DEFAULT" : "HIGH");
    }
    for (int i = 0; i < elements; i++) {
      if (!b.isEmpty()) {
        b.append(separator(random));
      }
      int kind = random.nextInt(20);
      if (kind == 0) {
        b.append("@STRENGTH");
      } else if (kind == 1) {
        b.append("@SECLEVEL=").append(random.nextInt(4));
      } else if (kind == 2 && random.nextInt(4) == 0) {
        b.append("#\t%_".charAt(random.nextInt(4)));
      } else {
        b.append(prefix(random));
        int words = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
        for (int w = 0; w < words; w++) {
          if (w > 0) {
            b.append('+');
          }
          b.append(WORDS[random.nextInt(WORDS.length)]);
        }
      }
    }
    return b.toString();
  }

  private static String prefix(Random random) {
    return switch (random.nextInt(8)) {
      case 0, 1 -> "!";
      case 2 -> "-";
      case 3 -> "+";
      default -> "";
    };
  }

  private static String separator(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> ",";
      case 1 -> " ";
      case 2 -> ";";
      case 3 -> "::";
      default -> ":";
    };
  }
}
