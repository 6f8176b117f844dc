package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.Alert;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.ServerHello;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** The small one-question probes: ALPN, OCSP stapling, secure renegotiation, TLS_FALLBACK_SCSV. */
final class ExtrasProbe {
  private ExtrasProbe() {
  }

  /** Which of h2 and http/1.1 the server accepts, each offered alone (both at once); the last refusal when none. */
  static ServerProfile.Alpn alpn(Connector c, ProtocolVersion v, List<CipherSuite> suites, String sni)
      throws InterruptedException {
    List<String> protos = List.of("h2", "http/1.1");
    List<ServerFlight> flights = new ArrayList<>();
    try (ExecutorService pool = Tasks.perTask()) {
      List<Future<ServerFlight>> fs = new ArrayList<>();
      for (String proto : protos) {
        fs.add(pool.submit(() -> c.exchange(hello(v, suites, sni).alpn(proto).build().toRecords())));
      }
      for (Future<ServerFlight> f : fs) {
        flights.add(Tasks.get(f));
      }
    }
    List<String> ok = new ArrayList<>();
    String reason = null;
    for (int i = 0; i < protos.size(); i++) {
      String proto = protos.get(i);
      ServerFlight f = flights.get(i);
      if (f.serverHello().flatMap(ServerHello::alpn).filter(proto::equals).isPresent()) {
        ok.add(proto);
      } else {
        reason = f.isComplete() ? "the server ignored ALPN" : Reason.of(f).toString();
      }
    }
    return new ServerProfile.Alpn(List.copyOf(ok), ok.isEmpty() ? reason : null);
  }

  /** True when the server staples an OCSP response (seen in TLS 1.2 and below, where it is in the clear). */
  static boolean ocspStapling(Connector c, ProtocolVersion v, List<CipherSuite> suites, String sni) {
    ServerFlight f = c.exchange(hello(v, suites, sni).statusRequest().build().toRecords());
    return f.certificateStatus().isPresent();
  }

  /** Whether the server staples an OCSP response: null when it could not be seen, with the reason. */
  record Stapling(Boolean stapled, String reason) {
  }

  /**
   * Whether a TLS 1.3 server staples an OCSP response: it sends it inside the encrypted Certificate message, so a
   * complete handshake (the JDK's, status_request offered) is needed to see it.
   */
  static Stapling ocspStapling13(Connector c, String sni) {
    JdkHandshake.Result r = JdkHandshake.withStatusRequest(c, "TLSv1.3", sni);
    if (r.failure() != null) {
      return new Stapling(null, "TLS 1.3 handshake failed: " + r.failure());
    }
    return r.statusResponses() > 0 ? new Stapling(true, null)
        : new Stapling(false, "no OCSP response in the TLS 1.3 Certificate message");
  }

  /** True when the server answers renegotiation_info (RFC 5746). */
  static boolean secureRenegotiation(ServerFlight flight) {
    return flight.serverHello().flatMap(ServerHello::renegotiationInfo).isPresent();
  }

  /**
   * True when the server refuses a hello at {@code lower} that carries TLS_FALLBACK_SCSV with inappropriate_fallback
   * (RFC 7507); false when it accepts it.
   */
  static boolean fallbackScsv(Connector c, ProtocolVersion lower, String sni) {
    ServerFlight f = c.exchange(ScanHellos.legacy(lower, ScanHellos.candidates(lower), sni).fallbackScsv().build()
        .toRecords());
    return f.alert().filter(a -> a.description().equals(Alert.INAPPROPRIATE_FALLBACK)).isPresent();
  }

  private static dev.tlsdoctor.tls.ClientHelloBuilder hello(ProtocolVersion v, List<CipherSuite> suites,
      String sni) {
    return ScanHellos.legacy(v, suites, sni);
  }
}
