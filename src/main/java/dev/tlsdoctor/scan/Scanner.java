package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Scans targets, each on a thread of its own, at most {@link ScanOptions#parallelTargets()} at once. Holds no
 * global state: one scanner per run.
 */
public final class Scanner {
  private final ScanOptions options;
  private CertificateChecks checks;

  public Scanner(ScanOptions options) {
    this.options = options;
    // reading the JDK's trust store takes a while: it is read while the first probes wait for their answers
    CertificateChecks.preload();
  }

  /** The checks with the JDK's trust store and the extra CAs, made by the first chain that needs them. */
  private synchronized CertificateChecks checks() {
    if (checks == null) {
      checks = CertificateChecks.withJdkTrust(options.extraCas());
    }
    return checks;
  }

  /**
   * Starts, on background threads, what every scan needs first and a cold JVM is slow at: reading the trust store,
   * loading the TLS tables, generating the key shares and building the first hellos. For a command line that is
   * about to scan; the scan does not depend on it.
   */
  public static void prepare() {
    CertificateChecks.preload();
    Thread.ofPlatform().daemon().name("scan-warm-up").start(() -> {
      for (ProtocolVersion v : ProtocolVersion.values()) {
        if (v.isAtLeast(ProtocolVersion.SSLv3)) {
          ScanHellos.broad(v, "warm-up.invalid");
        }
      }
    });
  }

  /** Scans one target. Never throws for what the target does. */
  public ServerProfile scan(Target target) {
    return new TargetScan(target, options, this::checks).run();
  }

  /**
   * Probes only what a server name changes on a socket whose default server is scanned in full: the certificates
   * served for {@code target}'s SNI name and whether a client certificate is asked for (nginx takes both from the
   * server the name selects; versions and suites stay the default server's). Its target reads
   * {@code host:port (name)}; its findings are those of the name's certificates and client certificate request.
   */
  public ServerProfile scanName(Target target) {
    return new TargetScan(target, options, this::checks, true).run();
  }

  /** Scans all {@code targets}; results in the order given. {@code done} hears of each finished target. */
  public List<ServerProfile> scanAll(List<Target> targets, Consumer<ServerProfile> done) throws InterruptedException {
    return scanAll(targets, List.of(), done);
  }

  /**
   * Scans {@code targets} in full and probes {@code names} ({@link #scanName}), all at once; results in that order.
   * {@code done} hears of each finished one.
   */
  public List<ServerProfile> scanAll(List<Target> targets, List<Target> names, Consumer<ServerProfile> done)
      throws InterruptedException {
    List<ServerProfile> out = new ArrayList<>();
    int all = targets.size() + names.size();
    try (ExecutorService pool = Tasks.fixed(Math.min(options.parallelTargets() + names.size(), Math.max(1, all)))) {
      List<Future<ServerProfile>> fs = new ArrayList<>();
      for (Target t : targets) {
        fs.add(pool.submit(() -> {
          ServerProfile p = scan(t);
          done.accept(p);
          return p;
        }));
      }
      for (Target t : names) {
        fs.add(pool.submit(() -> {
          ServerProfile p = scanName(t);
          done.accept(p);
          return p;
        }));
      }
      for (Future<ServerProfile> f : fs) {
        out.add(Tasks.get(f));
      }
    }
    return out;
  }
}
