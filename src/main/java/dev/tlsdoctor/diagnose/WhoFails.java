package dev.tlsdoctor.diagnose;

import static dev.tlsdoctor.kb.FailureClass.HANDSHAKE_FAILURE_ALERT;
import static dev.tlsdoctor.kb.FailureClass.INTERNAL_ERROR_ALERT;
import static dev.tlsdoctor.kb.FailureClass.PROTOCOL_VERSION_MISMATCH;
import static dev.tlsdoctor.kb.FailureClass.SIGNATURE_ALGORITHM_MISMATCH;

import dev.tlsdoctor.clients.ClientSimulation;
import dev.tlsdoctor.clients.PolicyOffer;
import dev.tlsdoctor.clients.ScanOffer;
import dev.tlsdoctor.clients.ServerOffer;
import dev.tlsdoctor.clients.Verdict;
import dev.tlsdoctor.diagnose.Report.SimulatedClient;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.scan.ServerProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * "Who fails": every shipped client profile simulated against the server a diagnosis is about — the offer the
 * configuration makes on its socket, and the one a scan of that socket observed — keeping the clients that cannot
 * connect for a reason that is the diagnosis's class or explains it. Upstream diagnoses get none: there the client
 * is nginx itself, whose policy is the {@code proxy_ssl_*} directives, not a browser or a library of the list.
 */
final class WhoFails {
  /** The classes the simulation can give a client. */
  private static final Set<FailureClass> SIMULATED = java.util.EnumSet.of(PROTOCOL_VERSION_MISMATCH,
      FailureClass.NO_SHARED_CIPHER, FailureClass.KEY_SHARE_MISMATCH, SIGNATURE_ALGORITHM_MISMATCH,
      INTERNAL_ERROR_ALERT, HANDSHAKE_FAILURE_ALERT, FailureClass.WEAK_KEY_OR_PARAMETERS, FailureClass.ALPN_MISMATCH,
      FailureClass.SNI_REJECTED, FailureClass.CERTIFICATE_EXPIRED, FailureClass.CERTIFICATE_NAME_MISMATCH,
      FailureClass.CERTIFICATE_UNTRUSTED);
  private final TlsPolicy policy;
  private final List<ServerProfile> scans;
  private final Map<String, List<Verdict>> cache = new HashMap<>();

  WhoFails(TlsPolicy policy, List<ServerProfile> scans) {
    this.policy = policy;
    this.scans = scans;
  }

  /**
   * The failing clients of {@code d} whose class is in {@code classes}, configuration verdicts first (they name the
   * directive); null when nothing could be simulated (upstream, no socket, neither configuration nor scan of it).
   */
  List<SimulatedClient> of(Report.Diagnosis d, Set<FailureClass> classes) {
    if (!d.direction().equals("client") || d.listen() == null) {
      return null; // the client of an upstream handshake is nginx: no client profile applies
    }
    if (SIMULATED.stream().noneMatch(v -> explains(classes, v))) {
      return null; // plain HTTP, timeouts, peers that go away: not a question of which client it is
    }
    List<List<Verdict>> runs = new ArrayList<>();
    configVerdicts(d.listen(), d.serverName()).ifPresent(runs::add);
    scanVerdicts(d.listen()).ifPresent(runs::add);
    if (runs.isEmpty()) {
      return null;
    }
    Map<String, SimulatedClient> out = new LinkedHashMap<>();
    for (List<Verdict> run : runs) {
      for (Verdict v : run) {
        if (!v.connects() && explains(classes, v.failureClass())) {
          out.putIfAbsent(v.id(), new SimulatedClient(v.id(), v.name(), v.version(), false, v.clazz(),
              v.reason() + (v.blockedBy() == null || v.blockedBy().file() == null ? "" : " (" + v.blockedBy().file()
                  + ":" + v.blockedBy().line() + " " + v.blockedBy().directive() + ")")));
        }
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * Whether a client failing with {@code v} is one of the diagnosis's: the same class, or one that nginx or the
   * client reports as one of {@code classes} (a refusal with a bare handshake_failure alert; OpenSSL 3.0 refusing
   * TLS 1.0/1.1 at security level 1 — nginx logs "no suitable signature algorithm", the client gets internal_error).
   */
  static boolean explains(Set<FailureClass> classes, FailureClass v) {
    if (v == null) {
      return false;
    }
    if (classes.contains(v)) {
      return true;
    }
    for (FailureClass c : classes) {
      if (Diagnoser.sameFailure(c, v) || c == PROTOCOL_VERSION_MISMATCH && v == INTERNAL_ERROR_ALERT
          || c == SIGNATURE_ALGORITHM_MISMATCH && (v == PROTOCOL_VERSION_MISMATCH || v == INTERNAL_ERROR_ALERT)
          || c == HANDSHAKE_FAILURE_ALERT && v == PROTOCOL_VERSION_MISMATCH) {
        return true;
      }
    }
    return false;
  }

  private Optional<List<Verdict>> configVerdicts(String listen, String serverName) {
    if (policy == null) {
      return Optional.empty();
    }
    Optional<ListenSocket> socket = PolicyOffer.socket(policy, listen);
    if (socket.isEmpty() || !socket.get().ssl()) {
      return Optional.empty();
    }
    String sni = serverName == null || serverName.isEmpty() || serverName.equals("_") || serverName.startsWith("~")
        || serverName.contains("*") ? null : serverName;
    return Optional.of(cache.computeIfAbsent("config " + socket.get().address() + " " + sni,
        k -> ClientSimulation.against(PolicyOffer.of(policy, socket.get(), sni))));
  }

  private Optional<List<Verdict>> scanVerdicts(String listen) {
    for (ServerProfile p : scans) {
      String endpoint = ScanEvidence.endpoint(p);
      if (ScanEvidence.at(listen, endpoint)) {
        Optional<ServerOffer> offer = ScanOffer.of(p);
        if (offer.isPresent()) {
          return Optional.of(cache.computeIfAbsent("scan " + endpoint + " " + p.target(),
              k -> ClientSimulation.against(offer.get())));
        }
      }
    }
    return Optional.empty();
  }
}
