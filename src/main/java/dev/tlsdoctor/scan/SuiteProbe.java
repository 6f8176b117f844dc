package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import java.util.List;

/**
 * Which cipher suites does the server accept at one version, and in which order does it prefer them? Answered by
 * {@link Enumeration}: remove-and-retry over chunks split in parallel, server order from all suites offered
 * forwards and backwards.
 */
final class SuiteProbe {
  static final int CHUNK = 32;

  /**
   * The answer. {@code suites} in server order when {@code serverPreference} is true, else in code order;
   * {@code serverPreference} is null when fewer than two suites are accepted; {@code reason} is a refusal seen.
   */
  record Result(ProtocolVersion version, List<CipherSuite> suites, Boolean serverPreference, Reason reason) {
  }

  private SuiteProbe() {
  }

  static Result run(Connector c, ProtocolVersion v, String sni) throws InterruptedException {
    Enumeration.Result<CipherSuite> r = Enumeration.run(ScanHellos.candidates(v), CHUNK, offered -> {
      ServerFlight f = c.exchange(hello(v, offered, sni));
      CipherSuite s = chosen(f, v, offered);
      return s != null ? Enumeration.Pick.of(s) : Enumeration.Pick.refused(Reason.of(f));
    });
    return new Result(v, r.accepted(), r.serverOrder(), r.refusal());
  }

  /** The suite the server picked, if it picked one we offered at the version we asked for. */
  private static CipherSuite chosen(ServerFlight f, ProtocolVersion v, List<CipherSuite> offered) {
    if (!f.isComplete() || f.serverHello().isEmpty() || !f.version().filter(v::equals).isPresent()) {
      return null;
    }
    CipherSuite s = f.serverHello().get().cipherSuite();
    return offered.contains(s) ? s : null;
  }

  private static byte[] hello(ProtocolVersion v, List<CipherSuite> suites, String sni) {
    return v == ProtocolVersion.TLSv1_3
        ? ScanHellos.tls13(suites, ScanHellos.COMMON_GROUPS, true, sni).build().toRecords()
        : ScanHellos.legacy(v, suites, sni).build().toRecords();
  }
}
