package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.ClientHelloBuilder;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.Tls12Client;
import dev.tlsdoctor.tls.Tls13Client;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Does a second handshake resume the first one's session? TLS 1.2: by session id (the server's cache) and by
 * session ticket (RFC 5077); TLS 1.3: by ticket (pre_shared_key), and does it then accept early data (0-RTT, which
 * an attacker can replay)? Each first handshake is complete (the server keeps a session only then), done by this
 * side's own client; each second one stops at the server's answer.
 */
final class SessionProbe {
  static final String ID = "resumption-id";
  static final String TICKET = "resumption-ticket";
  static final String TLS13 = "resumption-tls13";
  static final String EARLY_DATA = "early-data";

  private SessionProbe() {
  }

  /**
   * {@link #ID} and {@link #TICKET}, at {@code v}: the best version below TLS 1.3 the server accepts (TLS 1.0 to
   * 1.2). The hello offers every suite this side completes at that version (ECDHE, DHE and RSA key exchange; AES-GCM,
   * ChaCha20-Poly1305, AES-CBC), so the server's own choice picks one it accepts.
   */
  static List<ServerProfile.Check> legacy(Connector c, ProtocolVersion v, String sni) throws InterruptedException {
    List<dev.tlsdoctor.tls.CipherSuite> suites = cheapestFirst(Tls12Client.completable(ScanHellos.candidates(v), v,
        false));
    String none = "no complete " + v.displayName() + " handshake: ";
    // a server that will issue a ticket sends an empty session id (OpenSSL): one first handshake for each
    try (ExecutorService pool = Tasks.perTask()) {
      Future<ServerProfile.Check> byId = pool.submit(() -> {
        Full full = full(c, ScanHellos.legacy(v, suites, sni));
        if (full.session() == null) {
          return unknown(ID, none + full.failure());
        }
        Tls12Client.Session first = full.session();
        byte[] id = first.sessionId().toByteArray();
        return id.length == 0 ? no(ID, "the server sent an empty session id: it keeps no session cache")
            : resumed(ID, c.exchange(ScanHellos.legacy(v, suites, sni).sessionId(id).build().toRecords()),
            "the session id");
      });
      Future<ServerProfile.Check> byTicket = pool.submit(() -> {
        Full full = full(c, ScanHellos.legacy(v, suites, sni).sessionTicket());
        if (full.session() == null) {
          return unknown(TICKET, none + full.failure());
        }
        Tls12Client.Session first = full.session();
        return first.ticket() == null ? no(TICKET, "the server issued no session ticket") : resumed(TICKET,
            c.exchange(ScanHellos.legacy(v, suites, sni).randomSessionId().sessionTicket(
            first.ticket().toByteArray()).build().toRecords()), "the session ticket");
      });
      return List.of(Tasks.get(byId), Tasks.get(byTicket));
    }
  }

  /**
   * {@code suites} in the order that costs this side least to complete, for a server that takes the client's order:
   * ECDHE (x25519 or P-256), then RSA key exchange (one public-key operation), then finite-field DHE (two modular
   * exponentiations of the prime's size); AEAD before CBC within each. Which suite resumes does not matter here.
   */
  static List<dev.tlsdoctor.tls.CipherSuite> cheapestFirst(List<dev.tlsdoctor.tls.CipherSuite> suites) {
    java.util.function.ToIntFunction<dev.tlsdoctor.tls.CipherSuite> cost = s -> switch (s.keyExchange()) {
      case ECDHE -> 0;
      case RSA -> 1;
      default -> 2;
    };
    return suites.stream().sorted(java.util.Comparator.comparingInt(cost)
        .thenComparing(s -> !s.is(dev.tlsdoctor.tls.CipherSuite.Flag.AEAD))).toList();
  }

  /** A complete TLS 1.2 handshake's session, or why there is none. */
  private record Full(Tls12Client.Session session, String failure) {
  }

  private static Full full(Connector c, ClientHelloBuilder hello) {
    try {
      return new Full(c.withSocket(s -> Tls12Client.handshake(s, hello).session()), null);
    } catch (Connector.ConnectFailed e) {
      return new Full(null, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
    }
  }

  /** A second hello's answer: resumed when the server goes to ChangeCipherSpec straight after its hello. */
  private static ServerProfile.Check resumed(String id, ServerFlight f, String what) {
    if (f.end() == ServerFlight.End.CHANGE_CIPHER_SPEC) {
      return new ServerProfile.Check(id, ServerProfile.Check.SUPPORTED, "a second handshake with " + what
          + " of a first one resumed its session");
    }
    return f.serverHello().isPresent() ? no(id, "a second handshake with " + what + " of a first one got a full"
        + " handshake") : unknown(id, "a second handshake with " + what + " was refused: " + Reason.of(f));
  }

  /**
   * {@link #TLS13} and {@link #EARLY_DATA}, for a server that accepts TLS 1.3. The first hello offers the three
   * suites this side completes and a key share for x25519; a server that wants another group says which in a
   * HelloRetryRequest, and the handshake starts again with a share for that one.
   */
  static List<ServerProfile.Check> tls13(Connector c, String sni) {
    Tls13Client.Result first = null;
    NamedGroup group = NamedGroup.X25519;
    for (int attempt = 0; first == null; attempt++) {
      NamedGroup g = group;
      try {
        first = c.withSocket(s -> Tls13Client.handshake(s, ScanHellos.ownTls13(sni), g));
      } catch (Connector.ConnectFailed e) {
        if (e.getCause() instanceof Tls13Client.RetryWith r && attempt == 0) {
          group = r.group();
          continue;
        }
        String why = "no complete TLS 1.3 handshake: " + (e.getCause() != null ? e.getCause().getMessage()
            : e.getMessage());
        return List.of(unknown(TLS13, why), unknown(EARLY_DATA, why));
      }
    }
    NamedGroup used = group;
    if (first.tickets().isEmpty()) {
      return List.of(no(TLS13, "the server issued no ticket after a complete handshake"), new ServerProfile.Check(
          EARLY_DATA, ServerProfile.Check.OK, "no ticket, so no early data"));
    }
    Tls13Client.Ticket t = first.tickets().get(0);
    boolean offerEarly = t.maxEarlyData() > 0;
    Tls13Client.Result second;
    try {
      second = c.withSocket(s -> Tls13Client.resume(s, ScanHellos.ownTls13(sni), used, t, offerEarly));
    } catch (Connector.ConnectFailed e) {
      String why = "the handshake with a ticket failed: " + e.getCause().getMessage();
      return List.of(unknown(TLS13, why), unknown(EARLY_DATA, why));
    }
    ServerProfile.Check resumption = second.resumed() ? new ServerProfile.Check(TLS13, ServerProfile.Check.SUPPORTED,
        "a handshake with a ticket from a first one resumed its session (" + first.tickets().size() + " ticket"
        + (first.tickets().size() == 1 ? "" : "s") + " issued)")
        : no(TLS13, "the server issued " + first.tickets().size() + " ticket" + (first.tickets().size() == 1 ? ""
        : "s") + " but did not resume with one");
    ServerProfile.Check early;
    if (!offerEarly) {
      early = new ServerProfile.Check(EARLY_DATA, ServerProfile.Check.OK, "the server's tickets allow no early data");
    } else if (Boolean.TRUE.equals(second.earlyDataAccepted())) {
      early = new ServerProfile.Check(EARLY_DATA, ServerProfile.Check.VULNERABLE, "the server accepts early data"
          + " (0-RTT, up to " + t.maxEarlyData() + " bytes): requests sent in it can be replayed by an attacker");
    } else {
      early = new ServerProfile.Check(EARLY_DATA, ServerProfile.Check.OK, "the tickets allow early data but the"
          + " server refused it when it was offered");
    }
    return List.of(resumption, early);
  }

  private static ServerProfile.Check no(String id, String why) {
    return new ServerProfile.Check(id, ServerProfile.Check.NOT_SUPPORTED, why);
  }

  private static ServerProfile.Check unknown(String id, String why) {
    return new ServerProfile.Check(id, ServerProfile.Check.UNKNOWN, why);
  }

}
