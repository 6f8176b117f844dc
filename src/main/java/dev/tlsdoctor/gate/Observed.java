package dev.tlsdoctor.gate;

import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.scan.ProtocolKey;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.scan.CertificateInfo;
import dev.tlsdoctor.scan.ServerProfile;
import dev.tlsdoctor.tls.NamedGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code check} judges about one endpoint, from a live scan or from a configuration: the same shape either
 * way, and the {@code observed} object of the check's JSON, which a later run reads back as its baseline.
 *
 * @param target the endpoint ({@code host:port}) or, from a configuration, {@code server_name on listen}
 * @param source {@code scan}, {@code config} or {@code baseline}
 * @param error why the endpoint could not be scanned; null otherwise
 * @param protocols accepted versions, oldest first; in JSON by {@link ProtocolKey#name} ({@code TLSv1.0},
 *     {@code TLSv1.2}, {@code TLSv1.3}), as the keys of the maps by version
 * @param suites version to accepted suites by OpenSSL name, in the server's order
 * @param serverPreference version to whether the server chooses the suite (absent: not known)
 * @param groups key-exchange groups by OpenSSL name
 * @param certificate the leaf certificate (null: none read)
 * @param ocspStapling null when not known (a configuration)
 * @param sni what happens without a name and with an unknown name (null: not known)
 * @param findings problems the scan or the configuration analysis found
 * @param clients every shipped client profile simulated against the endpoint, in the database's order (null: no
 *     TLS answer to simulate against, or a baseline written before clients were recorded)
 */
public record Observed(String target, String source, String error,
    @JsonSerialize(contentUsing = ProtocolKey.ValueSerializer.class)
    @JsonDeserialize(contentUsing = ProtocolKey.ValueDeserializer.class) List<ProtocolVersion> protocols,
    @JsonSerialize(keyUsing = ProtocolKey.Serializer.class) @JsonDeserialize(keyUsing = ProtocolKey.Deserializer.class)
    Map<ProtocolVersion, List<String>> suites,
    @JsonSerialize(keyUsing = ProtocolKey.Serializer.class) @JsonDeserialize(keyUsing = ProtocolKey.Deserializer.class)
    Map<ProtocolVersion, Boolean> serverPreference, List<String> groups,
    Certificate certificate, Boolean ocspStapling, Sni sni, List<Found> findings, List<Client> clients) {

  public Observed {
    protocols = List.copyOf(protocols);
    suites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(suites));
    serverPreference = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(serverPreference));
    groups = List.copyOf(groups);
    findings = List.copyOf(findings);
    clients = clients == null ? null : List.copyOf(clients);
  }

  /** Without client verdicts. */
  public Observed(String target, String source, String error, List<ProtocolVersion> protocols,
      Map<ProtocolVersion, List<String>> suites, Map<ProtocolVersion, Boolean> serverPreference, List<String> groups,
      Certificate certificate, Boolean ocspStapling, Sni sni, List<Found> findings) {
    this(target, source, error, protocols, suites, serverPreference, groups, certificate, ocspStapling, sni,
        findings, null);
  }

  /** {@code this} with {@code clients}. */
  Observed withClients(List<Client> c) {
    return new Observed(target, source, error, protocols, suites, serverPreference, groups, certificate,
        ocspStapling, sni, findings, c);
  }

  /** {@code this} with {@code findings}. */
  Observed withFindings(List<Found> f) {
    return new Observed(target, source, error, protocols, suites, serverPreference, groups, certificate,
        ocspStapling, sni, f, clients);
  }

  /**
   * One simulated client: whether it connects and with what ({@code protocol}, {@code cipher}: IANA name), or its
   * failure class and why; from a configuration, the directive that blocks it ({@code file}, {@code line},
   * {@code directive}; null, 0, null otherwise).
   */
  public record Client(String id, String name, boolean connects,
      @com.fasterxml.jackson.annotation.JsonProperty("class") String clazz, String reason, String protocol,
      String cipher, String file, int line, String directive) {

    /** The verdicts of the simulation. */
    static List<Client> of(List<dev.tlsdoctor.clients.Verdict> verdicts) {
      return verdicts.stream().map(v -> {
        dev.tlsdoctor.clients.ServerOffer.Source b = v.connects() ? null : v.blockedBy();
        boolean at = b != null && b.file() != null;
        return new Client(v.id(), v.name(), v.connects(), v.clazz(), v.reason(), v.handshake().protocol(),
            v.handshake().cipher(), at ? b.file() : null, at ? b.line() : 0, at ? b.directive() : null);
      }).toList();
    }

    /** Whether it connects with TLS 1.2 or 1.3 and a suite that is not weak ({@link Changes#weakSuite}). */
    boolean strong() {
      return connects && (protocol == null || !legacyProtocol(protocol)) && (cipher == null
          || !Changes.weakSuite(cipher));
    }
  }

  /**
   * The leaf certificate.
   *
   * @param notAfter ISO-8601 instant
   * @param daysLeft whole days from the check to {@code notAfter} (negative: expired)
   * @param problems ids of what is wrong with the chain ({@code expired}, {@code incomplete-chain}...)
   */
  public record Certificate(String subject, String issuer, String notAfter, long daysLeft, String keyType,
      int keyBits, String signatureAlgorithm, String sha256, List<String> problems) {
    public Certificate {
      problems = List.copyOf(problems);
    }
  }

  /**
   * What SNI changes: {@code withoutName} and {@code unknownName} are {@code accepted} (a certificate came back) or
   * {@code refused}, null when not tested.
   */
  public record Sni(String withoutName, String unknownName) {
  }

  /**
   * A finding of the scan or of the configuration analysis; info is left out. A baseline written before the scan
   * shared the configuration's scale says {@code high}, {@code medium} or {@code low}: read as error, warning,
   * warning ({@link Severity#parse}).
   */
  public record Found(String id, Severity severity, String message, String file, int line) {
  }

  /** What a scan found. */
  public static Observed of(ServerProfile p, Instant now) {
    List<ProtocolVersion> protocols = new ArrayList<>();
    if (p.protocols() != null) {
      p.protocols().forEach((v, ok) -> {
        if (Boolean.TRUE.equals(ok)) {
          protocols.add(v);
        }
      });
    }
    Map<ProtocolVersion, List<String>> suites = new LinkedHashMap<>();
    if (p.cipherSuites() != null) {
      p.cipherSuites().forEach((v, list) -> suites.put(v, list.stream().map(s -> s.openssl() != null ? s.openssl()
          : s.iana()).toList()));
    }
    Map<ProtocolVersion, Boolean> preference = new LinkedHashMap<>();
    if (p.serverPreference() != null) {
      p.serverPreference().forEach((v, b) -> {
        if (b != null) {
          preference.put(v, b);
        }
      });
    }
    Certificate cert = null;
    if (p.certificates() != null) {
      for (ServerProfile.Chain c : p.certificates()) {
        if (!c.certificates().isEmpty()) {
          CertificateInfo leaf = c.certificates().get(0);
          cert = certificate(leaf.subject(), leaf.issuer(), Instant.parse(leaf.notAfter()), now, leaf.keyType(),
              leaf.keyBits(), leaf.signatureAlgorithm(), leaf.sha256(), c.problems().stream().map(x -> x.id())
                  .distinct().toList());
          break;
        }
      }
    }
    Sni sni = null;
    if (p.sni() != null && (p.sni().withoutSni() != null || p.sni().wrongName() != null)
        && p.sni().name() != null) {
      sni = new Sni(sniWord(p.sni().withoutSni()), sniWord(p.sni().wrongName()));
    }
    List<Found> findings = new ArrayList<>();
    if (p.findings() != null) {
      for (Finding f : p.findings()) {
        if (f.isProblem()) {
          findings.add(new Found(f.id(), f.severity(), f.message(), null, 0));
        }
      }
    }
    return new Observed(p.target(), "scan", p.error(), protocols, suites, preference,
        p.groups() == null ? List.of() : p.groups().stream().map(Observed::groupName).toList(), cert,
        p.ocspStapling(), sni, findings, dev.tlsdoctor.clients.ScanOffer.of(p)
            .map(o -> Client.of(dev.tlsdoctor.clients.ClientSimulation.against(o))).orElse(null));
  }

  static Certificate certificate(String subject, String issuer, Instant notAfter, Instant now, String keyType,
      int keyBits, String signatureAlgorithm, String sha256, List<String> problems) {
    long days = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
    return new Certificate(subject, issuer, notAfter.toString(), days, keyType, keyBits, signatureAlgorithm, sha256,
        problems);
  }

  /** {@code accepted} or {@code refused} from the scan's description; null when not tested. */
  private static String sniWord(String described) {
    if (described == null || described.startsWith("not tested")) {
      return null;
    }
    return described.startsWith("refused") ? "refused" : "accepted";
  }

  /** A group's name as OpenSSL names it, so that a scan and a configuration compare ({@code prime256v1} too). */
  static String groupName(String name) {
    return NamedGroup.forName(name).map(g -> g.opensslName() != null ? g.opensslName() : g.name()).orElse(name);
  }

  /** Whether a version accepted is below TLS 1.2. */
  static boolean legacyProtocol(ProtocolVersion v) {
    return !v.isAtLeast(ProtocolVersion.TLSv1_2);
  }

  /** Whether a version named as a client's handshake reports it ({@code TLSv1.2}) is below TLS 1.2. */
  static boolean legacyProtocol(String v) {
    return !v.equals("TLSv1.2") && !v.equals("TLSv1.3");
  }
}
