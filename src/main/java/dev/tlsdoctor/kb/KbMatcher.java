package dev.tlsdoctor.kb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the knowledge-base entry that a piece of evidence belongs to. Signatures are tried from the most specific
 * kind to the least: an nginx message text names the situation outright ({@code client sent no required SSL
 * certificate}); a client-side text does the same for browsers and libraries; an X.509 verification result is more
 * precise than the OpenSSL reason that carries it; the OpenSSL reason (newest in the queue first, since nginx and
 * OpenSSL push the most specific error last); finally a bare alert number.
 */
public final class KbMatcher {

  /** Which kind of signature decided a match. */
  public enum Kind { NGINX, CLIENT, VERIFY, REASON, ALERT }

  /** A match: the entry, the kind of signature and the signature text that matched. */
  public record Match(KbEntry entry, Kind kind, String signature) {
  }

  private record NginxSignature(String message, String action, KbEntry entry, String text) {
  }

  private record ClientSignature(String lower, KbEntry entry, String text) {
  }

  private final List<NginxSignature> nginx = new ArrayList<>();
  private final List<ClientSignature> client = new ArrayList<>();
  private final Map<String, KbEntry> verify = new HashMap<>();
  private final Map<String, KbEntry> reasons = new HashMap<>();
  private final Map<Integer, KbEntry> alerts = new HashMap<>();

  KbMatcher(List<KbEntry> entries) {
    for (KbEntry e : entries) {
      KbEntry.Signatures s = e.signatures();
      for (String sig : s.nginx()) {
        int w = sig.indexOf(" while ");
        nginx.add(w < 0 ? new NginxSignature(sig, "", e, sig)
            : new NginxSignature(sig.substring(0, w), sig.substring(w + 7), e, sig));
      }
      for (String sig : s.client()) {
        client.add(new ClientSignature(sig.toLowerCase(Locale.ROOT), e, sig));
      }
      for (String sig : s.verify()) {
        putUnique(verify, normalizeVerify(sig), e, "verify result");
      }
      for (String sig : s.reasons()) {
        putUnique(reasons, OpensslReasons.normalize(sig), e, "reason");
      }
      for (Integer a : s.alerts()) {
        putUnique(alerts, a, e, "alert");
      }
    }
    // Longer nginx message texts first, so "client SSL certificate verify error" beats a shorter prefix.
    nginx.sort((a, b) -> Integer.compare(b.message.length() + b.action.length(), a.message.length() + a.action.length()));
    client.sort((a, b) -> Integer.compare(b.lower.length(), a.lower.length()));
  }

  private static <K> void putUnique(Map<K, KbEntry> map, K key, KbEntry e, String what) {
    KbEntry prior = map.putIfAbsent(key, e);
    if (prior != null && prior != e) {
      throw new KnowledgeBase.KbException(what + " signature '" + key + "' is claimed by both '" + prior.id()
          + "' and '" + e.id() + "'");
    }
  }

  /** {@code self signed certificate} (1.x) and {@code self-signed certificate} (3.x) are the same result. */
  public static String normalizeVerify(String text) {
    return OpensslReasons.collapseSpace(text.trim().toLowerCase(Locale.ROOT).replace("self-signed", "self signed"));
  }

  /** The best match, or empty when nothing in the evidence is known. */
  public Optional<Match> match(Evidence ev) {
    List<Match> all = candidates(ev);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * Every entry whose signatures match at the most specific kind that matched at all; more than one means the
   * knowledge base is ambiguous for this evidence.
   */
  public List<Match> candidates(Evidence ev) {
    List<Match> out = new ArrayList<>();
    if (!ev.nginxMessage().isEmpty()) {
      for (NginxSignature s : nginx) {
        if (ev.nginxMessage().startsWith(s.message) && (s.action.isEmpty() || ev.action().startsWith(s.action))) {
          addDistinct(out, new Match(s.entry, Kind.NGINX, s.text));
        }
      }
      if (!out.isEmpty()) {
        return keepLongest(out);
      }
    }
    if (!ev.text().isEmpty() && !client.isEmpty()) {
      String lower = ev.text().toLowerCase(Locale.ROOT);
      for (ClientSignature s : client) {
        if (lower.contains(s.lower)) {
          addDistinct(out, new Match(s.entry, Kind.CLIENT, s.text));
        }
      }
      if (!out.isEmpty()) {
        return keepLongest(out);
      }
    }
    if (!ev.verify().isEmpty()) {
      KbEntry e = verify.get(normalizeVerify(ev.verify()));
      if (e != null) {
        return List.of(new Match(e, Kind.VERIFY, ev.verify()));
      }
    }
    for (int i = ev.errors().size() - 1; i >= 0; i--) {
      OpensslError err = ev.errors().get(i);
      KbEntry e = reasons.get(err.reason()); // OpenSSL prints reasons in their canonical lower-case form
      if (e == null) {
        e = reasons.get(OpensslReasons.normalize(err.reason()));
      }
      if (e == null) {
        e = OpensslReasons.get().byText(err.reason()).map(r -> reasons.get(OpensslReasons.normalize(r.text())))
            .orElse(null);
      }
      if (e == null && err.reason().isEmpty()) {
        e = OpensslReasons.get().decode(err.packed()).reason()
            .map(r -> reasons.get(OpensslReasons.normalize(r.text()))).orElse(null);
      }
      if (e != null) {
        return List.of(new Match(e, Kind.REASON, err.reason()));
      }
    }
    if (ev.alert().isPresent()) {
      KbEntry e = alerts.get(ev.alert().get());
      if (e != null) {
        return List.of(new Match(e, Kind.ALERT, "alert " + ev.alert().get()));
      }
    }
    return out;
  }

  private static void addDistinct(List<Match> out, Match m) {
    if (out.stream().noneMatch(o -> o.entry() == m.entry())) {
      out.add(m);
    }
  }

  /** The most specific (longest) signature wins; ties are reported as ambiguous. */
  private static List<Match> keepLongest(List<Match> matches) {
    int best = matches.get(0).signature().length();
    return matches.stream().filter(m -> m.signature().length() == best).toList();
  }

  /** The entry for an OpenSSL reason text, if the knowledge base knows it. */
  public Optional<KbEntry> byReason(String reason) {
    return Optional.ofNullable(reasons.get(OpensslReasons.normalize(reason)));
  }
}
