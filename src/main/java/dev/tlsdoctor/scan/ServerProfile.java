package dev.tlsdoctor.scan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.List;
import java.util.Map;

/**
 * What one scan found out about one endpoint. Immutable; also the JSON document of {@code tlsdoctor scan}. Every
 * negative answer keeps its reason ({@code protocolReasons}, {@code Sni}, {@code ClientAuth}...). Fields that could
 * not be determined are null.
 *
 * @param sni the name sent and what SNI changes
 * @param error why the target could not be scanned (completely): unreachable, not TLS, deadline; null otherwise
 * @param protocols each version tried, oldest first, to whether the server accepts it; in JSON keyed by
 *     {@link ProtocolKey#name} (SSLv2, SSLv3, TLSv1.0 ... TLSv1.3), as the other maps by version
 * @param protocolReasons for each refused version, how the server refused it
 * @param cipherSuites version to accepted suites, in the server's order when it has one
 * @param serverPreference version to whether the server chooses the suite (null: fewer than two suites)
 * @param groups key-exchange groups by OpenSSL name, in the order the server picked them
 * @param dhBits size of the DHE prime (null without DHE suites)
 * @param fallbackScsv true: the server refuses a downgraded retry (inappropriate_fallback); null: not testable
 * @param checks known weaknesses, each tested or derived from what the scan found: {@code heartbleed},
 *     {@code ccs-injection}, {@code compression}, {@code drown}, {@code poodle-sslv3}, {@code beast},
 *     {@code freak}, {@code logjam}, {@code sweet32}, {@code rc4}, {@code hsts}, {@code robot}, {@code poodle-tls},
 *     {@code early-data}; and features: {@code resumption-id}, {@code resumption-ticket}, {@code resumption-tls13}
 * @param findings what to act on, worst first, in the shared scale ({@link dev.tlsdoctor.finding.Severity}); each
 *     written as {@code {"id", "severity", "message"}}
 * @param grade A+, A, B, C or F: the worst cap the findings put on it ({@code gradeReasons} says which); null when
 *     the target could not be scanned
 */
public record ServerProfile(String target, String ip, int port, Sni sni, boolean speaksTls, String plaintext,
    String error,
    @JsonSerialize(keyUsing = ProtocolKey.Serializer.class) @JsonDeserialize(keyUsing = ProtocolKey.Deserializer.class)
    Map<ProtocolVersion, Boolean> protocols,
    @JsonSerialize(keyUsing = ProtocolKey.Serializer.class) @JsonDeserialize(keyUsing = ProtocolKey.Deserializer.class)
    Map<ProtocolVersion, String> protocolReasons,
    @JsonSerialize(keyUsing = ProtocolKey.Serializer.class) @JsonDeserialize(keyUsing = ProtocolKey.Deserializer.class)
    Map<ProtocolVersion, List<Suite>> cipherSuites,
    @JsonSerialize(keyUsing = ProtocolKey.Serializer.class) @JsonDeserialize(keyUsing = ProtocolKey.Deserializer.class)
    Map<ProtocolVersion, Boolean> serverPreference, List<String> groups,
    Integer dhBits, List<Chain> certificates, List<String> certificateProblems, ClientAuth clientAuth,
    Alpn alpn, Boolean ocspStapling, Boolean secureRenegotiation, Boolean fallbackScsv, List<Check> checks,
    String grade, List<String> gradeReasons,
    @JsonSerialize(contentUsing = Finding.Brief.class) List<Finding> findings, int connections, long millis) {

  /**
   * One weakness checked: {@code status} is {@link #OK}, {@link #VULNERABLE} or {@link #UNKNOWN} (could not be
   * tested: why in {@code detail}); for a feature (session resumption) {@link #SUPPORTED} or {@link #NOT_SUPPORTED}.
   */
  public record Check(String id, String status, String detail) {
    public static final String OK = "ok";
    public static final String VULNERABLE = "vulnerable";
    public static final String UNKNOWN = "unknown";
    /** For the features checked (session resumption): the server does it. */
    public static final String SUPPORTED = "supported";
    /** For the features checked: the server does not. */
    public static final String NOT_SUPPORTED = "not-supported";
  }

  /** A cipher suite as reported: {@code {"code": "0xC02F", "iana": ..., "openssl": ...}}. */
  public record Suite(String code, String iana, String openssl) {
    static Suite of(CipherSuite s) {
      return new Suite(s.hex(), s.ianaName(), s.opensslName());
    }
  }

  /**
   * A served chain, leaf first, with what was offered to get it and what is wrong with it.
   *
   * @param aia for an incomplete chain, whether the issuer named by the Authority Information Access extension
   *     completes it; null when the chain is not incomplete
   */
  public record Chain(String via, List<CertificateInfo> certificates, List<CertificateChecks.Problem> problems,
      Aia aia) {
  }

  /**
   * What a client that downloads missing intermediates (as browsers do) would get for an incomplete chain.
   *
   * @param url the caIssuers URL of the last certificate served (null: it names none)
   * @param fetched true when a certificate was downloaded from {@code url}
   * @param completesChain true when the downloaded certificates (up to three downloads, each certificate's own
   *     caIssuers URL in turn) lead to a trusted CA
   * @param detail what happened: the HTTP status, the timeout, the certificate that came instead, or why nothing was
   *     downloaded ({@code not fetched: --no-aia-fetch}, {@code not fetched: unsupported scheme ldap})
   */
  public record Aia(String url, boolean fetched, boolean completesChain, String detail) {
  }

  /**
   * Client-certificate demand: {@code none}, {@code optional}, {@code required}, or {@code unknown} with a reason.
   *
   * @param caNames the CAs the server names in its CertificateRequest
   */
  public record ClientAuth(String mode, List<String> caNames, String reason) {
  }

  /**
   * The name sent in server_name ({@code name}, null when none) and what SNI changes. {@code required}: a hello without SNI is refused; {@code certificateDiffersWithoutSni}: the
   * leaf differs; {@code withoutSni} and {@code wrongName} say what happened without a name and with a name the
   * server cannot know ({@code same certificate}, {@code different certificate}, or the refusal).
   */
  public record Sni(String name, Boolean required, Boolean certificateDiffersWithoutSni, String withoutSni, String wrongName) {
  }

  /** Application protocols the server accepts from {@code h2} and {@code http/1.1}; the reason when none. */
  public record Alpn(List<String> supported, String reason) {
  }

}
