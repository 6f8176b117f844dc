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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientProfile(String id, String name, String family, String version, String platform, String stack,
    List<String> protocols, List<String> cipherSuites, List<String> tls13CipherSuites, List<String> groups,
    List<String> keyShares, List<String> signatureAlgorithms, List<String> signatureAlgorithmsCert, boolean sni,
    List<String> alpn, Extensions extensions, Limits limits, Trust trust, boolean http2Blocklist,
    boolean abortsOnUnrecognizedName, Provenance provenance, String notes) {

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
   *     {@code android}, {@code system}: the operating system's bundle)
   * @param fetchesIntermediates whether it downloads a missing intermediate from the AIA caIssuers URL
   */
  public record Trust(String store, boolean fetchesIntermediates) {
  }

  /**
   * Where the facts come from.
   *
   * @param kind {@code captured} (the real client's ClientHello recorded by {@code tlsdoctor capture-client}) or
   *     {@code documented} (written from the sources listed)
   * @param date when the profile was made or last checked (ISO date)
   * @param sources primary sources, each with its own date
   * @param capture the capture: command, date and the ClientHello as hex (captured profiles only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Provenance(String kind, String date, List<Source> sources, Capture capture) {
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
