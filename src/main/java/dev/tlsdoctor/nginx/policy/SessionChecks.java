package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Resumption and 0-RTT: session tickets whose key nothing rotates (Mozilla's generator switches them off for nginx
 * before 1.23.2, which has no rotation), and {@code ssl_early_data on}, whose requests can be replayed.
 */
final class SessionChecks {
  private final TlsPolicy policy;
  private final Fix fix;
  private final List<Finding> out;
  private final Set<Object> seen = new HashSet<>();

  SessionChecks(TlsPolicy policy, Fix fix, List<Finding> out) {
    this.policy = policy;
    this.fix = fix;
    this.out = out;
  }

  void run() {
    for (ServerPolicy s : policy.servers()) {
      for (ListenSocket k : policy.socketsOf(s)) {
        if (!k.tls()) {
          continue;
        }
        ClientView v = policy.view(k, s);
        ServerPolicy ctx = v.context();
        if (ctx.rejects() || ctx.lacksCertificate()) {
          continue;
        }
        tickets(v, ctx);
        earlyData(v, ctx);
      }
    }
  }

  /**
   * Tickets on, no {@code ssl_session_ticket_key}, and no rotation: before 1.23.2 nginx makes a random key when it
   * reads the configuration and keeps it until the next reload; from 1.23.2 it rotates keys kept in the shared memory
   * of {@code ssl_session_cache shared:...}, and only there. A TLS 1.2 ticket holds the master secret under that key.
   */
  private void tickets(ClientView v, ServerPolicy ctx) {
    NginxVersion version = policy.version();
    boolean shared = shared(ctx.sessionCache().value());
    boolean rotates = version.isAtLeast(NginxVersion.TICKET_KEY_ROTATION) && shared;
    if (!"on".equalsIgnoreCase(ctx.sessionTickets().value()) || !ctx.sessionTicketKey().isDefault() || rotates
        || !Suites.allowsTls12OrOlder(v.protocols()) || Suites.usable(ctx).isEmpty()
        || !seen.add(List.of("tickets", ctx))) {
      return;
    }
    Setting t = ctx.sessionTickets();
    Directive at = t.isDefault() ? ctx.block() : t.source();
    String fixText;
    String how;
    if (version.isAtLeast(NginxVersion.TICKET_KEY_ROTATION) && ctx.sessionCache().isDefault()) {
      String cache = policy.servers().stream().map(p -> p.sessionCache().value()).filter(SessionChecks::shared)
          .findFirst().orElse("shared:SSL:10m");
      fixText = fix.insertAfter(ctx.block(), "ssl_session_cache " + cache + ";");
      how = "the fix sets a shared session cache, in whose memory nginx " + version + " keeps and rotates the"
          + " ticket keys (ssl_session_tickets off; would do too)";
    } else {
      fixText = t.isDefault() ? fix.insertAfter(ctx.block(), "ssl_session_tickets off;")
          : fix.replace(t.source(), "ssl_session_tickets off;");
      how = "the fix switches tickets off, as Mozilla's configuration generator does for nginx before 1.23.2"
          + " (sessions are still resumed from ssl_session_cache); else rotate ssl_session_ticket_key files";
    }
    String keyLife = version.isAtLeast(NginxVersion.TICKET_KEY_ROTATION)
        ? "nginx " + version + " rotates ticket keys only in the shared memory of ssl_session_cache shared:..., and"
            + " ssl_session_cache is \"" + ctx.sessionCache().value() + "\" (" + ctx.sessionCache().where() + ")"
        : "nginx " + version + " makes one ticket key when it reads the configuration and keeps it until it is"
            + " reloaded (automatic rotation came in 1.23.2)";
    out.add(new Finding("session-tickets-unrotated", Severity.INFO, at.file(), at.line(),
        List.of(v.socket().address()), ctx.name(),
        "ssl_session_tickets is \"" + t.value() + "\" (" + t.where() + ") and no ssl_session_ticket_key is set: "
            + keyLife + "; a TLS 1.2 ticket carries the session's master secret under that key, so whoever reads the"
            + " key from the server's memory can decrypt every recorded session it covers: forward secrecy only"
            + " reaches as far as the key lives; " + how,
        "TLS 1.2 clients that resume sessions (most browsers and libraries): their recorded traffic, if the key"
            + " leaks", fixText));
  }

  private static boolean shared(String cache) {
    for (String part : cache.split("\\s+")) {
      if (part.toLowerCase(Locale.ROOT).startsWith("shared:")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code ssl_early_data on} with TLS 1.3: nginx accepts requests in 0-RTT data, which an attacker who recorded them
   * can send again; nginx does not stop replays. A backend can refuse the unsafe ones (425 Too Early) when told
   * which requests came early: {@code proxy_set_header Early-Data $ssl_early_data;}.
   */
  private void earlyData(ClientView v, ServerPolicy ctx) {
    Setting e = ctx.earlyData();
    if (!"on".equalsIgnoreCase(e.value()) || !v.protocols().contains(ProtocolVersion.TLSv1_3)) {
      return;
    }
    ServerPolicy s = v.requested();
    List<UpstreamPolicy> passes = policy.upstreams().stream().filter(u -> u.server() == s).toList();
    List<UpstreamPolicy> silent = new ArrayList<>();
    for (UpstreamPolicy u : passes) {
      if (!forwardsEarlyData(u)) {
        silent.add(u);
      }
    }
    if (!passes.isEmpty() && silent.isEmpty() || !seen.add(List.of("early", e.source(), s))) {
      return; // every pass tells its backend
    }
    String which = silent.isEmpty() ? "no proxy_pass of this server passes $ssl_early_data on"
        : String.join(", ", silent.stream().map(u -> u.module().passDirective() + " " + u.pass().value(0).orElse("")
            + " (" + u.pass().file() + ":" + u.pass().line() + ")").toList()) + " "
            + (silent.size() > 1 ? "do" : "does") + " not pass $ssl_early_data on";
    out.add(new Finding("early-data-replay", Severity.WARNING, e.source().file(), e.source().line(),
        List.of(v.socket().address()), s.name(),
        "ssl_early_data \"on\" (" + e.where() + ") lets TLS 1.3 clients send requests in 0-RTT data, which anyone"
            + " who recorded them can send again (nginx does not refuse replays); " + which + ", so no backend can"
            + " answer 425 Too Early to a request that must not run twice: add proxy_set_header Early-Data"
            + " $ssl_early_data; to each proxy_pass (and refuse unsafe early requests there), or switch it off",
        "TLS 1.3 clients that resume with 0-RTT (curl --tls-earlydata, some browsers): a recorded request, a POST"
            + " included, can be replayed", fix.replace(e.source(), "ssl_early_data off;")));
  }

  /** Whether the pass sends {@code $ssl_early_data} to its backend as a header. */
  private static boolean forwardsEarlyData(UpstreamPolicy u) {
    for (Directive d : u.headers()) {
      if (d.value(0).orElse("").equalsIgnoreCase("Early-Data") && d.value(1).orElse("").contains("$ssl_early_data")) {
        return true;
      }
    }
    return false;
  }
}
