package dev.tlsdoctor.explain;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.KbEntry;
import dev.tlsdoctor.kb.KbMatcher;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.kb.OpensslError;
import dev.tlsdoctor.kb.OpensslReason;
import dev.tlsdoctor.kb.OpensslReasons;
import dev.tlsdoctor.logs.ErrorLogLine;
import dev.tlsdoctor.logs.LogClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code tlsdoctor explain} says about a message: the parsed fields, the knowledge-base entry it belongs to
 * (or the closest entries when none), and how the match was made. This is the JSON shape of the command.
 */
public record Explanation(String input, Fields parsed, boolean recognized, Matched match, KbEntry entry,
                          List<String> closest, String holder, List<String> clientFixes) {

  /** The fields found in the message; absent ones are null. */
  public record Fields(String kind, String direction, String time, String level, Long connection, String client,
                       String server, String request, String upstream, String host, String message, String action,
                       String reason, String code, String symbol, String function, String generation,
                       String alert, Integer verifyCode, String verify, List<String> errors) {
  }

  /** How the entry was found: the kind of signature and the text that matched. */
  public record Matched(String kind, String signature,
                        @com.fasterxml.jackson.annotation.JsonProperty("class") String failureClass) {
  }

  public static Explanation of(String input, KnowledgeBase kb) {
    ParsedMessage p = MessageParser.parse(input);
    Optional<KbMatcher.Match> m = kb.matcher().match(p.evidence());
    Direction dir = p.direction();
    if (m.isPresent() && p.nginx().isPresent() && dir != Direction.UNKNOWN) {
      dir = LogClassifier.direction(p.nginx().get(), m.get().entry().failureClass());
    }
    Fields f = fields(p, dir, m);
    String holder = ClientAdvice.holder(p.kind(), input);
    if (m.isPresent()) {
      KbEntry e = m.get().entry();
      // whoever holds a client's message runs the client: its side comes first
      List<String> clientFixes = holder.equals("client") ? ClientAdvice.of(e, p.kind()) : List.of();
      return new Explanation(input, f, true,
          new Matched(m.get().kind().name().toLowerCase(Locale.ROOT), m.get().signature(), e.failureClass().id()),
          e, List.of(), holder, clientFixes);
    }
    return new Explanation(input, f, false, null, null, closest(input, kb, 3), holder, List.of());
  }

  private static Fields fields(ParsedMessage p, Direction dir, Optional<KbMatcher.Match> m) {
    ErrorLogLine l = p.nginx().orElse(null);
    OpensslError decisive = null;
    if (m.isPresent() && m.get().kind() == KbMatcher.Kind.REASON) {
      decisive = p.errors().stream().filter(e -> e.reason().equals(m.get().signature())).findFirst().orElse(null);
    }
    if (decisive == null && !p.errors().isEmpty()) {
      decisive = p.errors().get(p.errors().size() - 1);
    }
    String reason = decisive == null ? null : decisive.reason().isEmpty() ? null : decisive.reason();
    Optional<OpensslReason> known = decisive == null ? Optional.empty()
        : reason != null ? OpensslReasons.get().byText(reason) : OpensslReasons.get().decode(decisive.packed()).reason();
    if (reason == null && known.isPresent()) {
      reason = known.get().text();
    }
    String function = decisive == null || decisive.function().isEmpty() ? null : decisive.function();
    if (function == null && decisive != null) {
      function = OpensslReasons.get().decode(decisive.packed()).function().orElse(null);
    }
    return new Fields(p.kind(), dir.id(),
        l == null || l.time() == null ? null : l.time().toString(),
        l == null || l.level().isEmpty() ? null : l.level(),
        l == null || l.connection() < 0 ? null : l.connection(),
        l == null ? null : blankToNull(l.client()), l == null ? null : blankToNull(l.server()),
        l == null ? null : blankToNull(l.request()), l == null ? null : blankToNull(l.upstream()),
        l == null ? null : blankToNull(l.host()), l == null ? null : blankToNull(l.message()),
        l == null ? null : blankToNull(l.action()),
        reason, decisive == null ? null : decisive.packed(), known.map(OpensslReason::symbol).orElse(null),
        function, blankToNull(p.generation()), p.alert().map(Object::toString).orElse(null),
        p.verifyCode() < 0 ? null : p.verifyCode(), blankToNull(p.verify()),
        p.errors().stream().map(OpensslError::render).toList());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The entries whose texts share the most words with the message. */
  static List<String> closest(String input, KnowledgeBase kb, int n) {
    Set<String> words = words(input);
    record Scored(String id, double score) {
    }
    List<Scored> scored = new ArrayList<>();
    for (KbEntry e : kb.entries()) {
      List<String> texts = new ArrayList<>();
      texts.add(e.title());
      texts.addAll(e.signatures().reasons());
      texts.addAll(e.signatures().nginx());
      texts.addAll(e.signatures().verify());
      texts.addAll(e.signatures().client());
      Set<String> ew = words(String.join(" ", texts));
      Set<String> common = new HashSet<>(words);
      common.retainAll(ew);
      if (!common.isEmpty()) {
        scored.add(new Scored(e.id(), (double) common.size() / Math.sqrt(ew.size() + 1.0)));
      }
    }
    if (scored.isEmpty()) {
      return kb.entries().stream().filter(e -> e.id().equals(e.failureClass().id())
          && e.failureClass() == FailureClass.HANDSHAKE_FAILURE_ALERT).map(KbEntry::id).toList();
    }
    return scored.stream().sorted(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id))
        .limit(n).map(Scored::id).toList();
  }

  private static final Set<String> STOP = Set.of("the", "a", "an", "of", "to", "in", "ssl", "error", "failed", "while",
      "and", "or", "is", "not", "no", "routines", "client", "server");

  private static Set<String> words(String s) {
    return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
        .filter(w -> w.length() > 2 && !STOP.contains(w))
        .collect(Collectors.toSet());
  }
}
