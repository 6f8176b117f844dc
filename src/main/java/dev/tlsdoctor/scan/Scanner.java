package dev.tlsdoctor.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Scans targets, each on its own virtual thread, at most {@link ScanOptions#parallelTargets()} at once. Holds no
 * global state: one scanner per run.
 */
public final class Scanner {
  private final ScanOptions options;
  private final CertificateChecks checks;

  public Scanner(ScanOptions options) {
    this.options = options;
    this.checks = CertificateChecks.withJdkTrust(options.extraCas());
  }

  /** Scans one target. Never throws for what the target does. */
  public ServerProfile scan(Target target) {
    return new TargetScan(target, options, checks).run();
  }

  /** Scans all {@code targets}; results in the order given. {@code done} hears of each finished target. */
  public List<ServerProfile> scanAll(List<Target> targets, Consumer<ServerProfile> done) throws InterruptedException {
    Semaphore bound = new Semaphore(options.parallelTargets());
    List<ServerProfile> out = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ServerProfile>> fs = new ArrayList<>();
      for (Target t : targets) {
        fs.add(pool.submit(() -> {
          bound.acquire();
          try {
            ServerProfile p = scan(t);
            done.accept(p);
            return p;
          } finally {
            bound.release();
          }
        }));
      }
      for (Future<ServerProfile> f : fs) {
        out.add(Tasks.get(f));
      }
    }
    return out;
  }
}
