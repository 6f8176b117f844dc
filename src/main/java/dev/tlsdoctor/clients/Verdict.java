package dev.tlsdoctor.clients;

import dev.tlsdoctor.kb.FailureClass;

/**
 * What one client gets from one server: the handshake it would negotiate, whether it trusts the certificate, and for a
 * client that cannot connect its failure class, the reason in words and the directive that blocks it. Also the JSON
 * form of {@code tlsdoctor clients}.
 *
 * @param id the profile's id
 * @param connects the handshake completes and the client accepts the certificate (an unjudged trust counts as
 *     accepted)
 * @param clazz the failure class id ({@link FailureClass#id()}), null when the client connects
 * @param blockedBy the directive behind the failure (configuration only), null otherwise
 * @param replay what the server really answered to the profile's hello (live mode only)
 * @param fallback the client's retries with lower versions after its first hello failed (null: none were needed or
 *     the client makes none); {@code handshake} is then the retry's
 */
public record Verdict(String id, String name, String family, String version, String platform, Handshake handshake,
    Trust trust, boolean connects, @com.fasterxml.jackson.annotation.JsonProperty("class") String clazz,
    String reason, ServerOffer.Source blockedBy, Replay replay, Fallback fallback) {

  /**
   * The handshake as simulated: protocol, suite (IANA name), group ({@code null} without one) and the certificate's
   * key ({@code RSA 2048}); {@code helloRetry}: the server asked for another key share first.
   */
  public record Handshake(boolean ok, String protocol, String cipher, String group, String certificate,
      boolean helloRetry, String alpn) {
    static final Handshake FAILED = new Handshake(false, null, null, null, null, false, null);
  }

  /**
   * Whether the client accepts the certificate ({@code ok} null: not judged) and why not; {@code store} is the root
   * store the client judges with and {@code intermediates} how it completes a chain the server sent incomplete
   * ({@code aia}: downloads the issuer, {@code preloaded}: the public CAs' intermediates it ships, {@code none}).
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Trust(
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
      Boolean ok, String reason, String store, String intermediates) {
    Trust(Boolean ok, String reason) {
      this(ok, reason, null, null);
    }
  }

  /**
   * The insecure version fallback: after the first hello failed, the client connected again with lower highest
   * versions.
   *
   * @param retries the highest version of each retried hello, in order, up to the one that connected
   * @param protocol the version the last retry negotiated; null when every retry failed too
   * @param scsv whether the retries carried TLS_FALLBACK_SCSV
   * @param note what happened, in words
   */
  public record Fallback(java.util.List<String> retries, String protocol, boolean scsv, String note) {
  }

  /**
   * A replay of the profile's ClientHello against the live server: what it answered and whether it agrees with the
   * simulation ({@code differences} lists each disagreement in words).
   */
  public record Replay(String protocol, String cipher, String group, boolean helloRetry, String refusal,
      boolean agrees, java.util.List<String> differences, Fallback fallback) {
  }

  /** The class as an enum (null when the client connects). */
  public FailureClass failureClass() {
    return clazz == null ? null : FailureClass.forId(clazz);
  }

  /** With the replay; a fallback the live server needed and the simulation did not foresee is the verdict's too. */
  Verdict withReplay(Replay r) {
    Fallback f = fallback == null && r.fallback() != null ? r.fallback() : fallback;
    return new Verdict(id, name, family, version, platform, handshake, trust, connects, clazz, reason, blockedBy, r,
        f);
  }

  Verdict withFallback(Fallback f) {
    return new Verdict(id, name, family, version, platform, handshake, trust, connects, clazz, reason, blockedBy,
        replay, f);
  }
}
