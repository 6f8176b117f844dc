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
  public enum Kind { NGINX, CONTEXT, CLIENT, VERIFY, REASON, ALERT }

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
  private final List<ClientSignature> contexts = new ArrayList<>();
  private final Map<String, KbEntry> entries = new HashMap<>();
  /** Verification results (normalised) by length, longest first, for finding them in free text. */
  private final List<String> verifyPhrases = new ArrayList<>();
  /** Reason texts by length, longest first, for finding them in free text. */
  private final List<String> reasonPhrases = new ArrayList<>();
  /**
   * Reason texts too generic to be taken from free text without OpenSSL's {@code error:} prefix: {@code http
   * request} or {@code internal error} appear in many messages that say nothing about TLS.
   */
  private static final java.util.Set<String> NOT_IN_FREE_TEXT = java.util.Set.of("http request",
      "https proxy request", "internal error", "bad extension", "decode error", "unexpected message",
      "unexpected record", "length mismatch", "bad length", "record layer failure", "packet length too long");

  KbMatcher(List<KbEntry> entries) {
    for (KbEntry e : entries) {
      this.entries.put(e.id(), e);
      KbEntry.Signatures s = e.signatures();
      for (String sig : s.nginx()) {
        int w = sig.indexOf(" while ");
        nginx.add(w < 0 ? new NginxSignature(sig, "", e, sig)
            : new NginxSignature(sig.substring(0, w), sig.substring(w + 7), e, sig));
      }
      for (String sig : s.client()) {
        String lower = sig.toLowerCase(Locale.ROOT);
        client.add(new ClientSignature(lower, e, sig));
        String body = chromeCodeBody(lower);
        if (body != null) {
          client.add(new ClientSignature(body, e, sig));
        }
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
      for (String sig : s.contexts()) {
        contexts.add(new ClientSignature(sig, e, sig));
      }
    }
    for (String r : reasons.keySet()) {
      if (!NOT_IN_FREE_TEXT.contains(r) && r.indexOf(' ') > 0) {
        reasonPhrases.add(r);
      }
    }
    for (String v : verify.keySet()) {
      if (v.indexOf(' ') > 0) {
        verifyPhrases.add(v);
      }
    }
    verifyPhrases.sort((a, b) -> b.length() != a.length() ? Integer.compare(b.length(), a.length()) : a.compareTo(b));
    reasonPhrases.sort((a, b) -> b.length() != a.length() ? Integer.compare(b.length(), a.length()) : a.compareTo(b));
    // Longer nginx message texts first, so "client SSL certificate verify error" beats a shorter prefix.
    nginx.sort((a, b) -> Integer.compare(b.message.length() + b.action.length(), a.message.length() + a.action.length()));
    client.sort((a, b) -> Integer.compare(b.lower.length(), a.lower.length()));
  }

  /**
   * An nginx message quoted inside other words ("proxy_ssl_server_name error [upstream SSL certificate does not match
   * ...]", behind a bracket or a quote): the signatures of nginx's own messages are specific (the generic ones are not among them). With its
   * action text when the words hold it; without, only when one entry has that message.
   */
  public Optional<Match> quotedNginxMessage(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    List<Match> out = new ArrayList<>();
    for (boolean withAction : new boolean[] {true, false}) {
      for (NginxSignature s : nginx) {
        if (s.message.length() >= 24 && quoted(text, s.message)
            && (!withAction || s.action.isEmpty() || text.contains(s.action))) {
          addDistinct(out, new Match(s.entry, Kind.NGINX, s.text));
        }
      }
      if (!out.isEmpty() && (withAction || out.stream().map(Match::entry).distinct().count() == 1)) {
        return Optional.of(keepLongest(out).get(0));
      }
      out.clear();
    }
    return Optional.empty();
  }

  /** Whether {@code message} is in {@code text} behind an opening bracket or quote (a space between allowed). */
  private static boolean quoted(String text, String message) {
    for (int at = text.indexOf(message); at > 0; at = text.indexOf(message, at + 1)) {
      int before = text.charAt(at - 1) == ' ' && at > 1 ? at - 2 : at - 1;
      if ("\u3010[(\"'\u00ab\u201c\u2018`<{".indexOf(text.charAt(before)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The name of a Chrome network error without its {@code ERR_} prefix ({@code cert_common_name_invalid}), when it has
   * three words or more: people retype these codes from a screen and the prefix is what they get wrong
   * ({@code NET::ER_CERT_...}, {@code NET::CERT_...}); the rest is specific enough on its own. Null otherwise.
   */
  static String chromeCodeBody(String lowerSignature) {
    if (!lowerSignature.startsWith("err_") || lowerSignature.indexOf(' ') >= 0) {
      return null;
    }
    String body = lowerSignature.substring(4);
    int first = body.indexOf('_');
    return first > 0 && body.indexOf('_', first + 1) > first + 1 ? body : null;
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
        // case-blind: a message typed from memory ("SSL_Write() failed") still names the same situation
        if (ev.nginxMessage().regionMatches(true, 0, s.message, 0, s.message.length())
            && (s.action.isEmpty() || ev.action().startsWith(s.action))) {
          addDistinct(out, new Match(s.entry, Kind.NGINX, s.text));
        }
      }
      if (!out.isEmpty()) {
        return keepLongest(out);
      }
    }
    String where = !ev.nginxMessage().isEmpty() ? ev.nginxMessage() : ev.text();
    if (!where.isEmpty()) {
      for (ClientSignature s : contexts) {
        if (where.contains(s.text)) {
          addDistinct(out, new Match(s.entry, Kind.CONTEXT, s.text));
        }
      }
      if (!out.isEmpty()) {
        return loadContext(ev, keepLongest(out));
      }
    }
    // OpenSSL 1.x names the loading function inside the error: "SSL_CTX_use_certificate:ca md too weak"
    for (int i = ev.errors().size() - 1; i >= 0; i--) {
      String entry = LOAD_FUNCTIONS.get(ev.errors().get(i).function().toLowerCase(Locale.ROOT));
      if (entry != null && entries.containsKey(entry)) {
        OpensslError err = ev.errors().get(i);
        return loadContext(ev, List.of(new Match(entries.get(entry), Kind.CONTEXT,
            err.function() + ":" + err.reason())));
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
    Optional<Match> quoted = quotedNginxMessage(ev.text());
    if (quoted.isPresent()) {
      return List.of(quoted.get());
    }
    if (!ev.verify().isEmpty()) {
      KbEntry e = verify.get(normalizeVerify(ev.verify()));
      if (e != null) {
        return List.of(new Match(e, Kind.VERIFY, ev.verify()));
      }
    }
    if (ev.verify().isEmpty() && ev.errors().isEmpty() && !ev.text().isEmpty()) {
      // a verification result in a program's own words: "Certificate verification failed: self signed
      // certificate", "SSL error: unable to get local issuer certificate (preverify_ok=0;err=20;depth=1)"
      Optional<String> v = phraseIn(ev.text(), verifyPhrases, normalizeVerify(ev.text()));
      if (v.isPresent()) {
        return List.of(new Match(verify.get(v.get()), Kind.VERIFY, v.get()));
      }
    }
    Optional<Match> exact = exactReason(ev);
    if (exact.isPresent()) {
      return List.of(exact.get());
    }
    if (ev.alert().isPresent()) {
      KbEntry e = alerts.get(ev.alert().get());
      if (e != null) {
        return List.of(new Match(e, Kind.ALERT, "alert " + ev.alert().get()));
      }
    }
    if (ev.errors().isEmpty() && !ev.text().isEmpty()) {
      Optional<Match> m = reasonInText(ev.text());
      if (m.isPresent()) {
        return List.of(m.get());
      }
    }
    // an unusual or cut-off reason text: the packed code still names the reason
    for (int i = ev.errors().size() - 1; i >= 0; i--) {
      OpensslError err = ev.errors().get(i);
      KbEntry e = OpensslReasons.get().decode(err.packed()).reason()
          .map(r -> reasons.get(OpensslReasons.normalize(r.text()))).orElse(null);
      if (e != null) {
        return List.of(new Match(e, Kind.REASON, err.reason().isEmpty() ? err.packed() : err.reason()));
      }
    }
    return out;
  }

  /**
   * OpenSSL 1.x functions that load a certificate or key (lower case), and the entry a failure in them belongs to:
   * the load failed, whatever reason follows.
   */
  private static final Map<String, String> LOAD_FUNCTIONS = Map.ofEntries(
      Map.entry("ssl_ctx_use_certificate", "certificate-load-error"),
      Map.entry("ssl_ctx_use_certificate_file", "certificate-load-error"),
      Map.entry("ssl_ctx_use_certificate_chain_file", "certificate-load-error"),
      Map.entry("ssl_use_certificate", "certificate-load-error"),
      Map.entry("ssl_set_cert", "certificate-load-error"),
      Map.entry("pem_read_bio_x509_aux", "certificate-load-error"),
      Map.entry("ssl_ctx_use_privatekey", "certificate-key-load-error"),
      Map.entry("ssl_ctx_use_privatekey_file", "certificate-key-load-error"),
      Map.entry("ssl_use_privatekey", "certificate-key-load-error"),
      Map.entry("ssl_set_pkey", "certificate-key-load-error"),
      Map.entry("x509_check_private_key", "certificate-key-mismatch"));

  /**
   * Loading nginx's own certificate or key failed: a load error whatever reason follows; a reason that a
   * certificate-load entry names says more precisely why (a key that does not match, a certificate too weak).
   */
  private List<Match> loadContext(Evidence ev, List<Match> context) {
    Optional<Match> precise = exactReason(ev).filter(m -> m.entry().failureClass()
        == FailureClass.CERTIFICATE_LOAD_ERROR);
    return precise.map(List::of).orElse(context);
  }

  /**
   * Reasons whose meaning the raising function changes (OpenSSL 1.0.2 and 1.1.1 print the function): in 1.0.x a
   * server's {@code SSL3_GET_CLIENT_HELLO:wrong version number} is a client offering a version the server has
   * disabled (not a record from a non-TLS peer, which is {@code ssl3_get_record}), a client's
   * {@code SSL3_GET_SERVER_HELLO:wrong version number} a server choosing a version the client refuses; in 1.1.1
   * {@code tls_choose_sigalg:internal error} is the server finding no signature algorithm the client accepts for
   * its certificate; in 1.0.x and 1.1.1 {@code ssl23_write:ssl handshake failure} (and the same in {@code ssl23_read},
   * {@code ssl3_read_bytes}, {@code ssl3_write_bytes}) is the implicit handshake ending with the peer's close.
   * Function (lower case), reason, entry id.
   */
  private static final String[][] BY_FUNCTION = {
      {"ssl3_get_client_hello", "wrong version number", "protocol-version-mismatch"},
      {"ssl3_get_server_hello", "wrong version number", "protocol-version-mismatch"},
      {"tls_choose_sigalg", "internal error", "signature-algorithm-mismatch"},
      // a server verifying its client's certificate (OpenVPN, a TLS server other than nginx): the client's is refused
      {"ssl3_get_client_certificate", "certificate verify failed", "client-certificate-invalid"},
      {"tls_process_client_certificate", "certificate verify failed", "client-certificate-invalid"},
      // the handshake that a read or write started returned 0: the peer closed the connection in it
      {"ssl23_write", "ssl handshake failure", "peer-closed-handshake"},
      {"ssl23_read", "ssl handshake failure", "peer-closed-handshake"},
      {"ssl3_read_bytes", "ssl handshake failure", "peer-closed-handshake"},
      {"ssl3_write_bytes", "ssl handshake failure", "peer-closed-handshake"}};

  /** The newest error of the queue whose reason the knowledge base knows, by its text in any spelling. */
  private Optional<Match> exactReason(Evidence ev) {
    for (int i = ev.errors().size() - 1; i >= 0; i--) {
      OpensslError err = ev.errors().get(i);
      for (String[] f : BY_FUNCTION) {
        if (err.function().equalsIgnoreCase(f[0]) && OpensslReasons.normalize(err.reason()).equals(f[1])) {
          KbEntry byFunction = entries.get(f[2]);
          if (byFunction != null) {
            return Optional.of(new Match(byFunction, Kind.REASON, err.function() + ":" + err.reason()));
          }
        }
      }
      KbEntry e = reasons.get(err.reason()); // OpenSSL prints reasons in their canonical lower-case form
      if (e == null) {
        e = reasons.get(OpensslReasons.normalize(err.reason()));
      }
      if (e == null) {
        e = OpensslReasons.get().byText(err.reason()).map(r -> reasons.get(OpensslReasons.normalize(r.text())))
            .orElse(null);
      }
      if (e == null) {
        e = OpensslReasons.get().bySymbolText(err.reason()).map(r -> reasons.get(OpensslReasons.normalize(r.text())))
            .orElse(null);
      }
      if (e == null && err.reason().isEmpty()) {
        e = OpensslReasons.get().decode(err.packed()).reason()
            .map(r -> reasons.get(OpensslReasons.normalize(r.text()))).orElse(null);
      }
      if (e != null) {
        return Optional.of(new Match(e, Kind.REASON, err.reason()));
      }
    }
    return Optional.empty();
  }

  /**
   * An OpenSSL reason in free text, as libraries and programs print it without OpenSSL's {@code error:} prefix:
   * {@code SSL_connect returned=1 errno=0 state=error: certificate verify failed}, {@code no shared cipher},
   * BoringSSL's and Node's upper-case symbols ({@code TLSV1_ALERT_INTERNAL_ERROR}, {@code ERR_SSL_WRONG_VERSION_NUMBER})
   * or a packed code alone among other words. The longest reason text found as whole words wins.
   */
  private Optional<Match> reasonInText(String text) {
    Optional<String> phrase = phraseIn(text, reasonPhrases, OpensslReasons.collapseSpace(text.toLowerCase(Locale.ROOT)));
    if (phrase.isPresent()) {
      return Optional.of(new Match(reasons.get(phrase.get()), Kind.REASON, phrase.get()));
    }
    java.util.regex.Matcher sym = SYMBOL.matcher(text);
    while (sym.find()) {
      Optional<OpensslReason> known = OpensslReasons.get().bySymbolText(sym.group(1));
      if (known.isPresent()) {
        KbEntry e = reasons.get(OpensslReasons.normalize(known.get().text()));
        if (e != null) {
          return Optional.of(new Match(e, Kind.REASON, known.get().text()));
        }
      }
    }
    java.util.regex.Matcher packed = PACKED.matcher(text);
    while (packed.find()) {
      Optional<OpensslReason> known = OpensslReasons.get().decode(packed.group(1).toUpperCase(Locale.ROOT)).reason();
      if (known.isPresent()) {
        KbEntry e = reasons.get(OpensslReasons.normalize(known.get().text()));
        if (e != null) {
          return Optional.of(new Match(e, Kind.REASON, known.get().text()));
        }
      }
    }
    return Optional.empty();
  }

  /** The first of {@code phrases} (longest first) found as whole words in {@code lower}, the text in lower case. */
  private static Optional<String> phraseIn(String text, List<String> phrases, String lower) {
    for (String r : phrases) {
      int at = lower.indexOf(r);
      while (at >= 0) {
        int end = at + r.length();
        if ((at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1)))
            && (end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end)))) {
          return Optional.of(r);
        }
        at = lower.indexOf(r, at + 1);
      }
    }
    return Optional.empty();
  }

  /** An upper-case reason symbol, bare or with Node's {@code ERR_SSL_} or OpenSSL's {@code SSL_R_} prefix. */
  private static final java.util.regex.Pattern SYMBOL =
      java.util.regex.Pattern.compile("\\b(?:ERR_SSL_|SSL_R_)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+){1,})\\b");
  /** A packed code of the SSL library (0x14 in 1.x, 0x0A in 3.x) standing alone. */
  private static final java.util.regex.Pattern PACKED =
      java.util.regex.Pattern.compile("(?<![0-9A-Fa-f])((?:14|0[Aa])[0-9A-Fa-f]{6})(?![0-9A-Fa-f])");

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
