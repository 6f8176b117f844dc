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
 * Runs sslscan (Debian's package) against a loopback port and reads which protocols and suites it found, as an
 * oracle for our scan: sslscan asks OpenSSL, we send our own hellos; both must agree.
 */
final class SslscanOracle {
  private static final Pattern PROTOCOL = Pattern.compile("^(SSLv2|SSLv3|TLSv1\\.[0-3])\\s+(enabled|disabled)",
      Pattern.MULTILINE);
  private static final Pattern ACCEPTED = Pattern.compile("^(?:Preferred|Accepted)\\s+(TLSv1\\.[0-3]|SSLv3)\\s+"
      + "\\d+ bits\\s+(\\S+)", Pattern.MULTILINE);

  private SslscanOracle() {
  }

  /** What sslscan printed: version to enabled, and version to the suites it accepted. */
  record Sslscan(Map<String, Boolean> protocols, Map<String, Set<String>> suites) {
  }

  static Sslscan run(int port) {
    Tools.Result r = Tools.run(List.of(Tools.require("sslscan").toString(), "--no-colour", "--no-heartbleed",
        "--no-renegotiation", "--no-compression", "--no-fallback", "--no-groups", "127.0.0.1:" + port), new byte[0],
        Duration.ofSeconds(60));
    assertThat(r.exitCode()).as(r.output()).isZero();
    Map<String, Boolean> protocols = new LinkedHashMap<>();
    Matcher m = PROTOCOL.matcher(r.stdout());
    while (m.find()) {
      protocols.put(m.group(1).equals("TLSv1.0") ? "TLSv1.0" : m.group(1), m.group(2).equals("enabled"));
    }
    Map<String, Set<String>> suites = new LinkedHashMap<>();
    Matcher a = ACCEPTED.matcher(r.stdout());
    while (a.find()) {
      // sslscan prints OpenSSL names, and IANA names for TLS 1.3; both resolve to a code point
      String name = a.group(2);
      String code = CipherSuite.forOpensslName(name).or(() -> CipherSuite.forIanaName(name)).map(CipherSuite::hex)
          .orElse(name);
      suites.computeIfAbsent(a.group(1), k -> new TreeSet<>()).add(code);
    }
    return new Sslscan(protocols, suites);
  }
}
