package dev.tlsdoctor.diagnose;

import static dev.tlsdoctor.kb.FailureClass.CERTIFICATE_EXPIRED;
import static dev.tlsdoctor.kb.FailureClass.CERTIFICATE_NAME_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.CERTIFICATE_UNTRUSTED;
import static dev.tlsdoctor.kb.FailureClass.CLIENT_CERTIFICATE_REQUIRED;
import static dev.tlsdoctor.kb.FailureClass.HANDSHAKE_FAILURE_ALERT;
import static dev.tlsdoctor.kb.FailureClass.KEY_SHARE_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.NOT_TLS;
import static dev.tlsdoctor.kb.FailureClass.NO_SHARED_CIPHER;
import static dev.tlsdoctor.kb.FailureClass.PROTOCOL_VERSION_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.SIGNATURE_ALGORITHM_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.SNI_REJECTED;
import static dev.tlsdoctor.kb.FailureClass.WEAK_KEY_OR_PARAMETERS;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.scan.ServerProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scan of an endpoint observed, as evidence for diagnoses: each problem the scan found, with the failure
 * classes clients meet because of it (what nginx logs for them, or what the client reports and nginx logs as a
 * received alert). A log diagnosis at the same socket with one of those classes and the scan agree; a problem the
 * scan alone shows is latent.
 */
final class ScanEvidence {
  /**
   * One problem observed at a scanned endpoint.
   *
   * @param endpoint the address scanned, {@code ip:port} ({@code [v6]:port})
   * @param target the target as given or derived ({@code www.example.test:443})
   * @param id the scan's finding id
   * @param severity the scan's severity
   * @param classes the failure classes clients meet because of it (may be empty)
   */
  record Observation(String endpoint, String target, String id, Severity severity, String text,
      Set<FailureClass> classes) {

    boolean problem() {
      return severity.isProblem();
    }

    Report.Evidence evidence() {
      return new Report.Evidence("scan", target, id + " (" + severity + "): " + text);
    }
  }

  /**
   * The classes each scan finding explains. A version the server enables but cannot complete is what nginx logs as
   * "no shared cipher" (clients see alert 40); no modern version at all is "unsupported protocol", or, for OpenSSL
   * 3.0 with only TLS 1.0/1.1 enabled, "no suitable signature algorithm"; a certificate problem stops the client,
   * which sends nginx an alert (unknown ca, certificate expired, bad certificate).
   */
  static final Map<String, Set<FailureClass>> CLASSES = Map.ofEntries(
      Map.entry("not-tls", Set.of(NOT_TLS)),
      // no modern version completes, whatever stops it: the versions themselves, or no suite or group in common
      Map.entry("no-modern-protocol", Set.of(PROTOCOL_VERSION_MISMATCH, SIGNATURE_ALGORITHM_MISMATCH,
          HANDSHAKE_FAILURE_ALERT, NO_SHARED_CIPHER, KEY_SHARE_MISMATCH)),
      Map.entry("version-unusable", Set.of(NO_SHARED_CIPHER, HANDSHAKE_FAILURE_ALERT, KEY_SHARE_MISMATCH)),
      Map.entry("expired", Set.of(CERTIFICATE_EXPIRED)),
      Map.entry("not-yet-valid", Set.of(CERTIFICATE_EXPIRED)),
      Map.entry("untrusted", Set.of(CERTIFICATE_UNTRUSTED)),
      Map.entry("self-signed", Set.of(CERTIFICATE_UNTRUSTED)),
      Map.entry("incomplete-chain", Set.of(CERTIFICATE_UNTRUSTED)),
      Map.entry("hostname-mismatch", Set.of(CERTIFICATE_NAME_MISMATCH, CERTIFICATE_UNTRUSTED)),
      Map.entry("weak-key", Set.of(WEAK_KEY_OR_PARAMETERS)),
      Map.entry("weak-dh", Set.of(WEAK_KEY_OR_PARAMETERS)),
      Map.entry("client-certificate-required", Set.of(CLIENT_CERTIFICATE_REQUIRED)),
      Map.entry("sni-required", Set.of(SNI_REJECTED, HANDSHAKE_FAILURE_ALERT)));

  private ScanEvidence() {
  }

  /** The problems {@code p} shows (its findings), each with the classes it explains. */
  static List<Observation> of(ServerProfile p) {
    String endpoint = endpoint(p);
    List<Observation> out = new ArrayList<>();
    for (Finding f : p.findings()) {
      if (f.id().equals("scan-incomplete")) {
        continue; // reported as an input that could not be read
      }
      out.add(new Observation(endpoint, p.target(), f.id(), f.severity(), f.message(),
          CLASSES.getOrDefault(f.id(), Set.of())));
    }
    return out;
  }

  /** The address {@code p} scanned, {@code ip:port} ({@code [v6]:port}), or its target when it has no address. */
  static String endpoint(ServerProfile p) {
    return p.ip() == null ? p.target() : (p.ip().contains(":") ? "[" + p.ip() + "]" : p.ip()) + ":" + p.port();
  }

  /** Whether {@code o} was observed at {@code listen} (a configured or logged socket). */
  static boolean at(Observation o, String listen) {
    return at(listen, o.endpoint());
  }

  /** Whether the scanned {@code endpoint} is {@code listen} (a configured or logged socket). */
  static boolean at(String listen, String endpoint) {
    return listen != null && (listen.equals(endpoint) || Diagnoser.sameSocket(listen, endpoint)
        || loopbackAlias(listen, endpoint));
  }

  /** {@code localhost:443} is {@code 127.0.0.1:443} once scanned. */
  private static boolean loopbackAlias(String listen, String endpoint) {
    return listen.startsWith("localhost:") && (endpoint.equals("127.0.0.1:" + listen.substring(10))
        || endpoint.equals("[::1]:" + listen.substring(10)));
  }
}
