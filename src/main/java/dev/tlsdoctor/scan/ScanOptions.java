package dev.tlsdoctor.scan;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * How to scan.
 *
 * @param timeout the deadline of one whole target
 * @param connectTimeout and {@code readTimeout}: of each probe connection (never past the deadline)
 * @param connectionsPerTarget probe connections open at once to one target
 * @param parallelTargets targets scanned at once
 * @param extraCas CAs trusted besides the JDK's trust store
 * @param aiaFetch whether an incomplete chain's missing issuer is downloaded from its AIA caIssuers URL (plain HTTP)
 * @param aiaAddresses where those downloads may go (by default public addresses only)
 */
public record ScanOptions(Duration timeout, Duration connectTimeout, Duration readTimeout, int connectionsPerTarget,
    int parallelTargets, List<X509Certificate> extraCas, boolean aiaFetch, AddressPolicy aiaAddresses) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  public ScanOptions {
    extraCas = List.copyOf(extraCas);
    if (connectionsPerTarget < 1 || parallelTargets < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1");
    }
  }

  /** With AIA downloads on, to public addresses only. */
  public ScanOptions(Duration timeout, Duration connectTimeout, Duration readTimeout, int connectionsPerTarget,
      int parallelTargets, List<X509Certificate> extraCas) {
    this(timeout, connectTimeout, readTimeout, connectionsPerTarget, parallelTargets, extraCas, true);
  }

  /** AIA downloads to public addresses only. */
  public ScanOptions(Duration timeout, Duration connectTimeout, Duration readTimeout, int connectionsPerTarget,
      int parallelTargets, List<X509Certificate> extraCas, boolean aiaFetch) {
    this(timeout, connectTimeout, readTimeout, connectionsPerTarget, parallelTargets, extraCas, aiaFetch,
        AddressPolicy.publicOnly());
  }

  /**
   * Deadline 20 s, connect 5 s, read 5 s, 32 connections per target, 16 targets at once, JDK trust only, AIA
   * downloads on, to public addresses only.
   */
  public static ScanOptions defaults() {
    return new ScanOptions(DEFAULT_TIMEOUT, Duration.ofSeconds(5), Duration.ofSeconds(5), 32, 16, List.of(), true);
  }

  public ScanOptions withTimeout(Duration t) {
    return new ScanOptions(t, connectTimeout, readTimeout, connectionsPerTarget, parallelTargets, extraCas,
        aiaFetch, aiaAddresses);
  }

  public ScanOptions withExtraCas(List<X509Certificate> cas) {
    return new ScanOptions(timeout, connectTimeout, readTimeout, connectionsPerTarget, parallelTargets, cas,
        aiaFetch, aiaAddresses);
  }

  public ScanOptions withAiaFetch(boolean on) {
    return new ScanOptions(timeout, connectTimeout, readTimeout, connectionsPerTarget, parallelTargets, extraCas,
        on, aiaAddresses);
  }

  public ScanOptions withAiaAddresses(AddressPolicy policy) {
    return new ScanOptions(timeout, connectTimeout, readTimeout, connectionsPerTarget, parallelTargets, extraCas,
        aiaFetch, policy);
  }
}
