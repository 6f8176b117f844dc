package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.tls.CipherSuite;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs nmap's ssl-enum-ciphers script (Debian's package) against a loopback port and reads the protocols and
 * suites it found: a second oracle beside sslscan, with its own hellos.
 */
final class NmapOracle {
  private static final Pattern VERSION = Pattern.compile("^\\|\\s+(SSLv3|TLSv1\\.[0-3]):\\s*$");
  /** IANA names, some with lower case: {@code TLS_ECDH_anon_WITH_AES_128_CBC_SHA}. */
  private static final Pattern SUITE = Pattern.compile("^\\|\\s+(TLS_[A-Za-z0-9_]+)\\s");

  private NmapOracle() {
  }

  /** Version to the suites nmap saw accepted (as code points); versions without suites are not enabled. */
  static Map<String, Set<String>> run(int port) {
    Tools.Result r = Tools.run(List.of(Tools.require("nmap").toString(), "-Pn", "-n", "-p", String.valueOf(port),
        "--script", "ssl-enum-ciphers", "127.0.0.1"), new byte[0], Duration.ofSeconds(90));
    assertThat(r.exitCode()).as(r.output()).isZero();
    Map<String, Set<String>> suites = new LinkedHashMap<>();
    String version = null;
    for (String line : r.stdout().split("\n")) {
      Matcher v = VERSION.matcher(line);
      if (v.find()) {
        version = v.group(1).equals("TLSv1.0") ? "TLSv1.0" : v.group(1);
        continue;
      }
      Matcher s = SUITE.matcher(line);
      if (version != null && s.find()) {
        // nmap 7.9x still prints the TLS 1.3 suites with their draft names: TLS_AKE_WITH_AES_128_GCM_SHA256
        String name = s.group(1).replace("TLS_AKE_WITH_", "TLS_");
        String code = CipherSuite.forIanaName(name).map(CipherSuite::hex).orElse(name);
        suites.computeIfAbsent(version, k -> new TreeSet<>()).add(code);
      }
    }
    assertThat(suites).as("nmap found no suite:\n" + r.output()).isNotEmpty();
    return suites;
  }
}
