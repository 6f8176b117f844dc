package dev.tlsdoctor.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.SignatureScheme;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real TLS client as it behaves with its defaults: what its ClientHello offers, the limits it enforces on what the
 * server sends back, how it judges trust, and where each fact comes from. One file per profile under the resource
 * directory {@code clients/}; names of suites, groups and signature schemes are IANA's.
 *
 * @param id short stable id, e.g. {@code java-17}, {@code android-4.4}
 * @param family short family id: {@code chrome}, {@code firefox}, {@code java}, {@code openssl}, {@code android}...
 * @param version as the vendor writes it ({@code 17}, {@code 8u161}, {@code 3.0})
 * @param protocols the versions enabled by default (any order)
 * @param cipherSuites TLS 1.2-and-below suites in the client's order (signalling values left out)
 * @param tls13CipherSuites TLS 1.3 suites in the client's order
 * @param groups supported_groups in order (empty: the extension is not sent)
 * @param keyShares the groups of the key shares sent in the first ClientHello
 * @param signatureAlgorithms signature_algorithms (empty: the extension is not sent, TLS 1.2 then assumes SHA-1)
 * @param signatureAlgorithmsCert signature_algorithms_cert (empty: the same as signatureAlgorithms)
 * @param sni whether server_name is sent (for a host name)
 * @param alpn the ALPN protocols offered (empty: no ALPN)
 * @param http2Blocklist whether the client closes an h2 connection on a suite RFC 7540 section 9.2.2 forbids
 * @param abortsOnUnrecognizedName whether a warning unrecognized_name alert ends the handshake
 * @param fallback how the client retries a failed handshake with lower versions (null: it does not)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientProfile(String id, String name, String family, String version, String platform, String stack,
    List<String> protocols, List<String> cipherSuites, List<String> tls13CipherSuites, List<String> groups,
    List<String> keyShares, List<String> signatureAlgorithms, List<String> signatureAlgorithmsCert, boolean sni,
    List<String> alpn, Extensions extensions, Limits limits, Trust trust, boolean http2Blocklist,
    boolean abortsOnUnrecognizedName, Provenance provenance, String notes, Fallback fallback) {

  /** The extensions that change what a server does. */
  public record Extensions(boolean extendedMasterSecret, boolean statusRequest, boolean renegotiationInfo,
      boolean sessionTicket) {
  }

  /**
   * What the client checks in the server's answer. Null bits: no limit.
   *
   * @param minDhBits the smallest DHE prime accepted
   * @param maxDhBits the largest DHE prime the client can handle (Java 6 and 7: 1024)
   * @param minRsaBits the smallest RSA certificate key accepted
   * @param minEcdsaBits the smallest ECDSA certificate key accepted
   * @param requiresSha2 whether a certificate signed with SHA-1 (or MD5) is refused
   * @param opensslSecurityLevel for a client built on OpenSSL 3.x, its security level: at 1 and above it refuses
   *     the SHA-1 and MD5-SHA1 signatures TLS 1.0 and 1.1 need, whatever versions it offers
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Limits(Integer minDhBits, Integer maxDhBits, Integer minRsaBits, Integer minEcdsaBits,
      boolean requiresSha2, Integer opensslSecurityLevel) {
    static final Limits NONE = new Limits(null, null, null, null, false, null);
  }

  /**
   * How the client decides trust.
   *
   * @param store the root store it uses ({@code mozilla}, {@code microsoft}, {@code apple}, {@code java-cacerts},
   *     {@code android}, {@code chrome}: the Chrome Root Store, {@code system}: the operating system's bundle)
   * @param fetchesIntermediates whether it downloads a missing intermediate from the AIA caIssuers URL
   * @param preloadedIntermediates whether it completes chains with the intermediates of public CAs it ships
   *     (Firefox's intermediate preloading from Mozilla's CA database) instead of downloading them
   */
  public record Trust(String store, boolean fetchesIntermediates, boolean preloadedIntermediates) {
  }

  /**
   * The insecure version fallback of the browsers of before 2016: after a failed handshake, the client connects
   * again with a lower highest version, step by step.
   *
   * @param versions the highest version of each retried hello, in the order tried ({@code TLSv1.1}, {@code TLSv1})
   * @param scsv whether the retried hellos carry TLS_FALLBACK_SCSV (RFC 7507), which a server that speaks a higher
   *     version answers with inappropriate_fallback
   */
  public record Fallback(List<String> versions, boolean scsv) {
    public Fallback {
      versions = versions == null ? List.of() : List.copyOf(versions);
    }
  }

  /**
   * Where the facts come from.
   *
   * @param kind {@code captured} (the real client's ClientHello recorded by {@code tlsdoctor capture-client}) or
   *     {@code documented} (written from the sources listed)
   * @param date when the profile was made or last checked (ISO date)
   * @param sources primary sources, each with its own date
   * @param capture the capture: command, date and the ClientHello as hex (captured profiles only)
   * @param verification the check of a documented profile, field by field, against primary sources
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Provenance(String kind, String date, List<Source> sources, Capture capture,
      Verification verification) {
  }

  /**
   * A documented profile checked against primary sources.
   *
   * @param date when it was checked (ISO date)
   * @param checks one per field or group of fields
   */
  public record Verification(String date, List<Check> checks) {
  }

  /**
   * One field checked.
   *
   * @param fields the profile's fields concerned ({@code cipherSuites}, {@code groups}...)
   * @param result {@code verified} (the source says the same), {@code corrected} (the profile was changed to what
   *     the source says), {@code unverified} (no primary source could be read: {@code note} says why)
   * @param source the source read: repository, tag and file, or a document's address
   * @param note what was found
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Check(List<String> fields, String result, String source, String note) {
  }

  /** A primary source: what it is, where it is, and its date (publication, tag or retrieval). */
  public record Source(String title, String url, String date) {
  }

  /** How a profile was captured. */
  public record Capture(String command, String date, String clientHello) {
  }

  public ClientProfile {
    protocols = orEmpty(protocols);
    cipherSuites = orEmpty(cipherSuites);
    tls13CipherSuites = orEmpty(tls13CipherSuites);
    groups = orEmpty(groups);
    keyShares = orEmpty(keyShares);
    signatureAlgorithms = orEmpty(signatureAlgorithms);
    signatureAlgorithmsCert = orEmpty(signatureAlgorithmsCert);
    alpn = orEmpty(alpn);
    limits = limits == null ? Limits.NONE : limits;
    extensions = extensions == null ? new Extensions(false, false, false, false) : extensions;
  }

  /** The highest versions of the retried hellos, in order (empty: the client does not fall back). */
  public List<ProtocolVersion> fallbackVersions() {
    if (fallback == null) {
      return List.of();
    }
    List<ProtocolVersion> out = new ArrayList<>();
    for (String p : fallback.versions()) {
      out.add(ProtocolVersion.forName(p).orElseThrow(() -> bad("fallback protocol", p)));
    }
    return out;
  }

  /**
   * This client as it retries with {@code max} as its highest version: the versions above it dropped, and the suites
   * that need them (as the stacks of that time did), no fallback of its own.
   */
  ClientProfile retriedWith(ProtocolVersion max) {
    List<String> versions = versions().stream().filter(v -> v.compareTo(max) <= 0).map(ProtocolVersion::opensslName)
        .toList();
    List<String> legacy = new ArrayList<>();
    for (int i = 0; i < cipherSuites.size(); i++) {
      if (suites().get(i).minVersion().compareTo(max) <= 0) {
        legacy.add(cipherSuites.get(i));
      }
    }
    boolean tls13 = max == ProtocolVersion.TLSv1_3;
    return new ClientProfile(id, name, family, version, platform, stack, versions, legacy,
        tls13 ? tls13CipherSuites : List.of(), groups, tls13 ? keyShares : List.of(), signatureAlgorithms,
        signatureAlgorithmsCert, sni, alpn, extensions, limits, trust, http2Blocklist, abortsOnUnrecognizedName,
        provenance, notes, null);
  }

  private static List<String> orEmpty(List<String> l) {
    return l == null ? List.of() : List.copyOf(l);
  }

  /** The versions as a set; an unknown name is a broken profile and throws naming it. */
  public Set<ProtocolVersion> versions() {
    Set<ProtocolVersion> out = EnumSet.noneOf(ProtocolVersion.class);
    for (String p : protocols) {
      out.add(ProtocolVersion.forName(p).orElseThrow(() -> bad("protocol", p)));
    }
    return out;
  }

  public List<CipherSuite> suites() {
    return suites(cipherSuites);
  }

  public List<CipherSuite> tls13Suites() {
    return suites(tls13CipherSuites);
  }

  public List<NamedGroup> namedGroups() {
    return groups(groups);
  }

  public List<NamedGroup> namedKeyShares() {
    return groups(keyShares);
  }

  public List<SignatureScheme> schemes() {
    return schemes(signatureAlgorithms);
  }

  /** signature_algorithms_cert, else signature_algorithms (RFC 8446 section 4.2.3). */
  public List<SignatureScheme> certSchemes() {
    return signatureAlgorithmsCert.isEmpty() ? schemes() : schemes(signatureAlgorithmsCert);
  }

  private List<CipherSuite> suites(List<String> names) {
    return parse(names, "suite", n -> CipherSuite.forIanaName(n).or(() -> CipherSuite.forOpensslName(n)));
  }

  private List<NamedGroup> groups(List<String> names) {
    return parse(names, "group", NamedGroup::forName);
  }

  private List<SignatureScheme> schemes(List<String> names) {
    return parse(names, "signature scheme", SignatureScheme::forName);
  }

  /** Each name looked up; an unknown one is a broken profile and throws naming it. */
  private <T> List<T> parse(List<String> names, String what, java.util.function.Function<String, Optional<T>> find) {
    List<T> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(find.apply(n).orElseThrow(() -> bad(what, n)));
    }
    return out;
  }

  private IllegalStateException bad(String what, String value) {
    return new IllegalStateException("client profile " + id + ": unknown " + what + " '" + value + "'");
  }
}
