package dev.tlsdoctor.openssl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** The {@code openssl} binary on this machine, the oracle of the cipher-string tests. */
final class LocalOpenssl {
  /** What one {@code openssl} run printed. */
  record Run(int exitCode, String out, String err) {
    /** The names printed on stdout (colon-separated), empty if none. */
    List<String> names() {
      String t = out.strip();
      return t.isEmpty() ? List.of() : List.of(t.split(":"));
    }
  }

  private static String version;
  private static int securityLevel = -1;

  private LocalOpenssl() {
  }

  /** Runs {@code openssl ARGS...}; fails the test with a clear message if the binary is missing. */
  static Run run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("openssl " + String.join(" ", args) + " did not finish in 30 s");
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      fail("these tests compare with the real openssl binary, which is not on PATH (" + e.getMessage() + ");"
          + " install it (apt-get install openssl) or run scripts/test, which installs it");
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The version line, e.g. {@code OpenSSL 3.0.19 27 Jan 2026}. */
  static synchronized String version() {
    if (version == null) {
      version = run("version").out().strip();
    }
    return version;
  }

  /** Skips the calling test unless the local binary is OpenSSL 3.0.x, the version the evaluator emulates. */
  static void assumeOpenssl30() {
    Assumptions.assumeTrue(version().startsWith("OpenSSL 3.0."),
        "the cipher-string emulation targets OpenSSL 3.0; this machine has " + version());
  }

  /** The compiled-in default security level ({@code -DOPENSSL_TLS_SECURITY_LEVEL=n}, else 1). */
  static synchronized int defaultSecurityLevel() {
    if (securityLevel < 0) {
      Matcher m = Pattern.compile("OPENSSL_TLS_SECURITY_LEVEL=(\\d)").matcher(run("version", "-a").out());
      securityLevel = m.find() ? Integer.parseInt(m.group(1)) : 1;
    }
    return securityLevel;
  }
}
