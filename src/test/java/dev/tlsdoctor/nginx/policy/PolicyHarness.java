package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.fix.FixVerifier;
import dev.tlsdoctor.nginx.fix.NginxSyntaxCheck;
import dev.tlsdoctor.nginx.fix.Patch;
import dev.tlsdoctor.testing.NginxServer;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Analyses the configuration a test nginx runs, and finds lines in it. */
final class PolicyHarness {
  private PolicyHarness() {
  }

  /** The findings for {@code conf} read from the disk, as nginx {@code version} with OpenSSL 3.0. */
  private static TestCerts shared;

  /**
   * The certificates the policy tests share: made once per test run (openssl is slow), in a temporary directory
   * removed when the JVM exits.
   */
  static synchronized TestCerts certs() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("tlsdoctor-policy-certs");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        shared = TestCerts.create(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }

  static List<Finding> analyze(Path conf, String version) {
    try {
      TlsPolicy p = TlsPolicy.of(NginxConfigReader.strict().read(conf), NginxVersion.parse(version),
          OpensslBuild.OPENSSL_3_0);
      return PolicyFindings.analyze(p, SourceLines.fromDisk(), Clock.systemUTC());
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /**
   * The findings for {@code conf} as {@code tlsdoctor config} shows them: every fix tried on a copy (analysed again,
   * and {@code nginx -t} with the local nginx), kept or withdrawn.
   */
  static List<Finding> analyzeVerified(Path conf, String version) {
    try {
      NginxConfig config = NginxConfigReader.strict().read(conf);
      NginxVersion v = NginxVersion.parse(version);
      SourceLines lines = SourceLines.fromDisk();
      List<Finding> findings = PolicyFindings.analyze(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines,
          Clock.systemUTC());
      return new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, Clock.systemUTC(),
          NginxSyntaxCheck.onPath()).verify(findings);
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /**
   * Applies {@code diff} (a fix) to the running nginx's own file and reloads it, returning when the new worker runs
   * and the old one has stopped taking connections.
   */
  static void applyAndReload(NginxServer nginx, String diff) {
    Path conf = nginx.prefix().resolve("nginx.conf");
    try {
      List<String> lines = java.util.Arrays.asList(Files.readString(conf).split("\n", -1));
      Files.writeString(conf, String.join("\n", Patch.apply(lines, diff)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int from = nginx.lines().size();
    Tools.Result r = Tools.run(List.of(Tools.require("nginx").toString(), "-p", nginx.prefix() + "/", "-c",
        conf.toString(), "-s", "reload"));
    assertThat(r.exitCode()).as(r.output()).isZero();
    java.time.Duration limit = java.time.Duration.ofSeconds(10);
    nginx.awaitLine(from, l -> l.contains("start worker process"), limit);
    nginx.awaitLine(from, l -> l.contains("gracefully shutting down"), limit);
  }

  /** The findings for the {@code nginx -T} output of the running configuration. */
  static List<Finding> analyzeDump(Path prefix, String version) {
    Tools.Result r = Tools.run(List.of(Tools.require("nginx").toString(), "-T", "-p", prefix + "/", "-c",
        prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("t.log").toString()));
    assertThat(r.exitCode()).as(r.output()).isZero();
    byte[] dump = r.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      TlsPolicy p = TlsPolicy.of(NginxConfigReader.strict().readDump(dump), NginxVersion.parse(version),
          OpensslBuild.OPENSSL_3_0);
      return PolicyFindings.analyze(p, SourceLines.fromDump(dump), Clock.systemUTC());
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The version of the nginx the tests run, from {@code nginx -v}. */
  static NginxVersion localVersion() {
    Tools.Result r = Tools.run(List.of(Tools.require("nginx").toString(), "-v"));
    return NginxVersion.fromVersionOutput(r.output()).orElseThrow(() -> new AssertionError(r.output()));
  }

  /** The 1-based number of the first line of {@code conf} that contains {@code text}. */
  static int lineOf(Path conf, String text) {
    try {
      List<String> lines = Files.readAllLines(conf);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no line with '" + text + "' in " + conf);
  }

  /** The one finding with {@code id}. */
  static Finding only(List<Finding> findings, String id) {
    List<Finding> f = findings.stream().filter(x -> x.id().equals(id)).toList();
    assertThat(f).as("findings %s in %s", id, findings).hasSize(1);
    return f.get(0);
  }

  static List<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::id).toList();
  }

  /** {@code nginx -t} of a whole configuration written to {@code dir}/test.conf around {@code http}. */
  static Tools.Result nginxTest(Path dir, String http) throws IOException {
    Path conf = dir.resolve("test.conf");
    Files.writeString(conf, "pid " + dir.resolve("t.pid") + ";\nerror_log " + dir.resolve("t.log") + ";\n"
        + "events {}\nhttp {\n" + http + "\n}\n");
    return Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-p", dir + "/", "-c", conf.toString(),
        "-e", dir.resolve("t.log").toString()));
  }
}
