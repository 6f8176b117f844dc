package dev.tlsdoctor.clients;

import dev.tlsdoctor.scan.Connector;
import dev.tlsdoctor.tls.AlertMessage;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ClientHello;
import dev.tlsdoctor.tls.ClientHelloBuilder;
import dev.tlsdoctor.tls.KeyShare;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.ServerHello;
import dev.tlsdoctor.tls.ServerKeyExchange;
import dev.tlsdoctor.tls.SignatureScheme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Sends a profile's ClientHello to a live server and reads what it chooses (a second hello on the same connection
 * after a HelloRetryRequest, as the client would), then compares that with the simulation.
 */
public final class Replay {
  /** Groups whose key shares the JDK can make; other shares of a profile are left out of the replayed hello. */
  private static final Set<NamedGroup> SHAREABLE = Set.of(NamedGroup.X25519, NamedGroup.X448, NamedGroup.SECP256R1,
      NamedGroup.SECP384R1, NamedGroup.SECP521R1);

  private Replay() {
  }

  /** The ClientHello of {@code c} for server name {@code sni} (null: none), with key shares for {@code shares}. */
  public static ClientHello hello(ClientProfile c, String sni, List<NamedGroup> shares) {
    return hello(c, sni, shares, false);
  }

  /** The same, for a retry with a lower version: with TLS_FALLBACK_SCSV when {@code scsv}. */
  static ClientHello hello(ClientProfile c, String sni, List<NamedGroup> shares, boolean scsv) {
    Set<ProtocolVersion> versions = c.versions();
    ClientHelloBuilder b = ClientHello.builder();
    ProtocolVersion max = versions.stream().max(java.util.Comparator.naturalOrder()).orElse(ProtocolVersion.TLSv1_2);
    b.legacyVersion(max.compareTo(ProtocolVersion.TLSv1_2) > 0 ? ProtocolVersion.TLSv1_2 : max);
    boolean tls13 = versions.contains(ProtocolVersion.TLSv1_3);
    if (tls13) {
      // no legacy_session_id: the server then sends no ChangeCipherSpec after a HelloRetryRequest (RFC 8446
      // appendix D.4), which would come between the two flights read here; its choices do not depend on it
      b.cipherSuites(c.tls13Suites());
    }
    b.cipherSuites(c.suites());
    if (scsv) {
      b.fallbackScsv();
    }
    if (c.extensions().renegotiationInfo()) {
      b.emptyRenegotiationInfoScsv();
    }
    if (c.sni() && sni != null) {
      b.serverName(sni);
    }
    if (tls13) {
      List<ProtocolVersion> desc = new ArrayList<>(versions);
      desc.sort(java.util.Comparator.reverseOrder());
      b.supportedVersions(desc.toArray(ProtocolVersion[]::new));
    }
    if (!c.groups().isEmpty()) {
      b.supportedGroups(c.namedGroups().toArray(NamedGroup[]::new));
      b.ecPointFormats(0);
    }
    if (!c.signatureAlgorithms().isEmpty()) {
      b.signatureAlgorithms(c.schemes().toArray(SignatureScheme[]::new));
    }
    if (!c.signatureAlgorithmsCert().isEmpty()) {
      b.signatureAlgorithmsCert(c.certSchemes().toArray(SignatureScheme[]::new));
    }
    if (!c.alpn().isEmpty()) {
      b.alpn(c.alpn().toArray(String[]::new));
    }
    if (c.extensions().statusRequest()) {
      b.statusRequest();
    }
    if (c.extensions().extendedMasterSecret()) {
      b.extendedMasterSecret();
    }
    if (c.extensions().sessionTicket()) {
      b.sessionTicket();
    }
    if (tls13) {
      b.keyShares(shares.stream().filter(SHAREABLE::contains).toArray(NamedGroup[]::new));
      b.pskKeyExchangeModes(1);
    }
    return b.build();
  }

  /**
   * Replays {@code c} through {@code connector} and compares the answer with {@code simulated}. A client that falls
   * back (see {@link ClientProfile#fallback()}) connects again with each lower version, as it would, when the server
   * refuses its first hello; the answer compared is then the retry's.
   */
  public static Verdict.Replay run(Connector connector, ClientProfile c, String sni, Verdict simulated) {
    Answer a = attempt(connector, c, sni, false);
    Verdict.Fallback fallback = null;
    List<ProtocolVersion> steps = c.fallbackVersions();
    if (!a.answered() && !steps.isEmpty()) {
      boolean scsv = c.fallback().scsv();
      List<String> tried = new ArrayList<>();
      String firstRefusal = a.refusal();
      for (ProtocolVersion step : steps) {
        ClientProfile retry = c.retriedWith(step);
        if (retry.protocols().isEmpty()) {
          continue;
        }
        tried.add(step.opensslName());
        Answer b = attempt(connector, retry, sni, scsv);
        if (b.answered()) {
          fallback = new Verdict.Fallback(List.copyOf(tried), b.protocol(), scsv, "the server refused the first hello ("
              + firstRefusal + "); the client connected only after retrying with " + step.displayName()
              + " as its highest version");
          a = b;
          break;
        }
        fallback = new Verdict.Fallback(List.copyOf(tried), null, scsv, "the server refused the first hello ("
            + firstRefusal + ") and the retries with " + String.join(", ", tried) + " (the last: " + b.refusal()
            + ")");
      }
    }
    return compare(a, simulated, fallback);
  }

  private static Answer attempt(Connector connector, ClientProfile c, String sni, boolean scsv) {
    ClientHello first = hello(c, sni, c.namedKeyShares(), scsv);
    return connector.withSocket(s -> {
      Duration t = connector.readTimeout();
      ServerFlight f = ServerFlight.exchange(s, first.toRecords(), t);
      boolean hrr = f.serverHello().map(ServerHello::isHelloRetryRequest).orElse(false);
      if (hrr) {
        NamedGroup wanted = f.serverHello().get().selectedGroup().orElse(null);
        if (wanted == null || !SHAREABLE.contains(wanted)) {
          return new Answer(null, true, "HelloRetryRequest for " + (wanted == null ? "no group" : wanted.name())
              + ", whose key share cannot be made here");
        }
        ClientHello second = hello(c, sni, List.of(wanted), scsv);
        s.getOutputStream().write(second.toRecords());
        s.getOutputStream().flush();
        s.setSoTimeout((int) t.toMillis());
        f = ServerFlight.read(skipChangeCipherSpec(new java.io.BufferedInputStream(s.getInputStream())));
      }
      return new Answer(f, hrr, null);
    });
  }

  /**
   * The stream after the ChangeCipherSpec record OpenSSL sends after a HelloRetryRequest (RFC 8446 appendix D.4),
   * which the reader of a first flight does not expect before a ServerHello.
   */
  private static java.io.InputStream skipChangeCipherSpec(java.io.BufferedInputStream in) throws java.io.IOException {
    byte[] ccs = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    in.mark(ccs.length);
    byte[] head = in.readNBytes(ccs.length);
    if (!java.util.Arrays.equals(head, ccs)) {
      in.reset();
    }
    return in;
  }

  private record Answer(ServerFlight flight, boolean hrr, String note) {
    /** Whether the server chose a version and suite (a ServerHello that is not a HelloRetryRequest). */
    boolean answered() {
      return flight != null && flight.serverHello().filter(h -> !h.isHelloRetryRequest()).isPresent();
    }

    String protocol() {
      return flight.serverHello().flatMap(ServerHello::version).map(ProtocolVersion::opensslName).orElse(null);
    }

    /** The refusal in words: the alert, or how the connection ended. */
    String refusal() {
      if (note != null || flight == null) {
        return note;
      }
      return flight.alert().map(AlertMessage::toString)
          .orElse(flight.end().toString().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static Verdict.Replay compare(Answer a, Verdict v, Verdict.Fallback fallback) {
    String protocol = null;
    String cipher = null;
    String group = null;
    String refusal = a.note();
    if (a.flight() != null) {
      ServerFlight f = a.flight();
      if (f.serverHello().isPresent() && !f.serverHello().get().isHelloRetryRequest()) {
        ServerHello sh = f.serverHello().get();
        protocol = sh.version().map(ProtocolVersion::opensslName).orElse(null);
        cipher = sh.cipherSuite().name();
        group = sh.selectedGroup().or(() -> sh.keyShare().map(KeyShare::group))
            .or(() -> f.serverKeyExchange().map(ServerKeyExchange::params)
                .filter(p -> p instanceof ServerKeyExchange.Ecdhe).map(p -> ((ServerKeyExchange.Ecdhe) p).group()))
            .map(NamedGroup::name).orElse(null);
      } else {
        refusal = a.refusal();
      }
    }
    List<String> diff = new ArrayList<>();
    Verdict.Handshake h = v.handshake();
    boolean predictedAnswer = h.protocol() != null;
    if (predictedAnswer != (protocol != null)) {
      diff.add(predictedAnswer ? "the simulation expects " + h.protocol() + " with " + h.cipher()
          + ", the server refused (" + refusal + ")" : "the simulation expects a refusal (" + v.reason()
          + "), the server answered " + protocol + " with " + cipher);
    } else if (protocol != null) {
      if (!protocol.equals(h.protocol())) {
        diff.add("protocol: simulated " + h.protocol() + ", server " + protocol);
      }
      if (!cipher.equals(h.cipher())) {
        diff.add("cipher: simulated " + h.cipher() + ", server " + cipher);
      }
      if (group != null && h.group() != null && !Objects.equals(group, h.group())) {
        diff.add("group: simulated " + h.group() + ", server " + group);
      }
      if (a.hrr() != h.helloRetry()) {
        diff.add(a.hrr() ? "the server asked for another key share (HelloRetryRequest), not simulated"
            : "the simulated HelloRetryRequest did not happen");
      }
    }
    boolean simulatedRetry = v.fallback() != null && v.fallback().protocol() != null;
    boolean liveRetry = fallback != null && fallback.protocol() != null;
    if (simulatedRetry != liveRetry && protocol != null) {
      diff.add(liveRetry ? "the server refused the first hello: the client connects only after falling back to "
          + fallback.protocol() + " (not simulated)" : "the simulation expects a fallback to " + v.fallback().protocol()
          + ", the server answered the first hello");
    }
    return new Verdict.Replay(protocol, cipher, group, a.hrr(), refusal, diff.isEmpty(), List.copyOf(diff),
        fallback);
  }

  static String name(CipherSuite s) {
    return s.name();
  }
}
