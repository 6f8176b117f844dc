package dev.tlsdoctor.clients;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.x509.NameCheck;
import dev.tlsdoctor.x509.NameRule;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a TLS server (nginx with OpenSSL 3.0) offers to a client that asks for one name on one socket: the one typed
 * description the client simulation reads, whether it comes from a scan ({@link ScanOffer}) or from a configuration
 * ({@link PolicyOffer}).
 *
 * @param label what the offer describes, for messages ({@code 127.0.0.1:443 (a.example)})
 * @param protocols the versions the server accepts
 * @param securityLevel OpenSSL's security level when known (configuration), else -1: then {@code protocols} and
 *     {@code suites} are what the server was seen to accept and already reflect it
 * @param suites per version up to TLS 1.2, the suites the server accepts, in its order of preference
 * @param serverPreference whether the server chooses the TLS 1.2-and-below suite (and the group) by its own order
 * @param tls13Suites the TLS 1.3 suites, in the server's order
 * @param tls13ServerPreference whether the server chooses the TLS 1.3 suite by its own order
 * @param groups the key-exchange groups the server accepts, in its order
 * @param dhBits the size of the DHE prime; null when the server has no DHE parameters
 * @param certificates the certificates the server can present (one per key type)
 * @param alpn the ALPN protocols the server selects from, in its order (empty: ALPN not answered)
 * @param rejects whether the server refuses the handshake for this name ({@code ssl_reject_handshake on})
 * @param withoutSni what a client that sends no server_name gets (null: the same as this)
 * @param sources for a configuration, the directive behind each aspect (keys of {@link Aspect})
 */
public record ServerOffer(String label, Set<ProtocolVersion> protocols, int securityLevel,
    Map<ProtocolVersion, List<CipherSuite>> suites, boolean serverPreference, List<CipherSuite> tls13Suites,
    boolean tls13ServerPreference, List<NamedGroup> groups, Integer dhBits, List<Cert> certificates,
    List<String> alpn, boolean rejects, ServerOffer withoutSni, Map<Aspect, Source> sources) {

  /** The parts of an offer a directive decides; where a client's failure points. */
  public enum Aspect {
    PROTOCOLS, CIPHERS, CIPHERSUITES, GROUPS, DHPARAM, CERTIFICATE, ALPN, REJECT, SERVER_NAME
  }

  /** The directive that sets an aspect: {@code file:line} and its text; file null for nginx's default. */
  public record Source(String file, int line, String directive) {
  }

  /** How a client that follows the chain to its roots fares, apart from its own limits. */
  public enum Trust {
    /** The chain leads to a public root. */
    TRUSTED,
    /** An intermediate is missing but its AIA caIssuers URL completes the chain (browsers download it). */
    INCOMPLETE_AIA,
    /**
     * As {@link #INCOMPLETE_AIA}, on a scan that was given private CAs ({@code --ca-file}): the downloaded issuer is
     * taken to lead to one of them, so that clients with only the public CAs' intermediates cannot complete it.
     */
    INCOMPLETE_AIA_PRIVATE,
    /** An intermediate is missing and nothing completes the chain. */
    INCOMPLETE,
    /** The chain leads to a root nobody trusts by default (a private CA, a self-signed leaf). */
    UNTRUSTED,
    /**
     * The chain leads to a private CA the user gave ({@code --ca-file}): trusted by the clients configured with it,
     * which the simulation assumes of every client, as the user said so.
     */
    PRIVATE,
    EXPIRED,
    NOT_YET_VALID,
    /** Not judged (a configuration read offline: which CA roots clients hold is not known). */
    UNKNOWN
  }

  /**
   * A certificate the server can present.
   *
   * @param keyType {@code RSA}, {@code ECDSA}, {@code Ed25519}, {@code DSA}, {@code RSA-PSS}
   * @param curve for ECDSA, the key's curve
   * @param signatureAlgorithm how the leaf is signed, as the JDK names it ({@code SHA256withRSA})
   * @param nameMatches whether it covers the name asked for by RFC 9525's rule (null: no name to check)
   * @param trustDetail why, when {@code trust} is not TRUSTED
   * @param nameCheck the certificate's names and the name asked for, for clients with another rule; null when
   *     unknown (then {@code nameMatches} holds for every client)
   * @param root the subject of the root the chain leads to (RFC 2253), for the clients whose store lacks it; null when
   *     unknown
   */
  public record Cert(String subject, String keyType, int keyBits, NamedGroup curve, String signatureAlgorithm,
      Boolean nameMatches, Trust trust, String trustDetail, NameCheck nameCheck, String root) {

    public Cert(String subject, String keyType, int keyBits, NamedGroup curve, String signatureAlgorithm,
        Boolean nameMatches, Trust trust, String trustDetail) {
      this(subject, keyType, keyBits, curve, signatureAlgorithm, nameMatches, trust, trustDetail, null, null);
    }

    /** Whether it covers the name asked for, for a client that matches names by {@code rule}; null: no name. */
    Boolean nameMatches(NameRule rule) {
      return nameCheck == null ? nameMatches : Boolean.valueOf(nameCheck.matches(rule));
    }

    /** Whether a client needs a SHA-2 (or better) signature to accept it and this one has none. */
    boolean sha1Signed() {
      String s = signatureAlgorithm == null ? "" : signatureAlgorithm.toUpperCase(java.util.Locale.ROOT);
      return s.startsWith("SHA1") || s.startsWith("MD5") || s.contains("WITHSHA1") || s.equals("SHA1");
    }
  }

  public ServerOffer {
    protocols = Set.copyOf(protocols);
    suites = Map.copyOf(suites);
    tls13Suites = List.copyOf(tls13Suites);
    groups = List.copyOf(groups);
    certificates = List.copyOf(certificates);
    alpn = List.copyOf(alpn);
    sources = Map.copyOf(sources);
  }

  /** The offer a client gets that sends server_name ({@code sni}) or not. */
  public ServerOffer forClient(boolean sni) {
    return sni || withoutSni == null ? this : withoutSni;
  }

  /** The certificate of this key type, if any. */
  java.util.Optional<Cert> certificate(String keyType) {
    return certificates.stream().filter(c -> c.keyType().equals(keyType)).findFirst();
  }
}
