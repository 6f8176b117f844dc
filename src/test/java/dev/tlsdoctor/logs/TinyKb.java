package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.KbEntry;
import dev.tlsdoctor.kb.KnowledgeBase;
import java.util.List;

/** A two-entry knowledge base for tests of the reading machinery (the real one is tested on its own). */
public final class TinyKb {
  private TinyKb() {
  }

  public static KnowledgeBase get() {
    return KnowledgeBase.of(List.of(
        entry("no-shared-cipher", FailureClass.NO_SHARED_CIPHER,
            new KbEntry.Signatures(List.of("no shared cipher"), null, null, null, null, null)),
        entry("peer-closed-handshake", FailureClass.PEER_CLOSED_HANDSHAKE,
            new KbEntry.Signatures(null, List.of("peer closed connection in SSL handshake"), null, null, null, null))));
  }

  private static KbEntry entry(String id, FailureClass c, KbEntry.Signatures s) {
    return new KbEntry(id, c, id, "meaning of " + id + ". More.", "side", s, null, List.of("cause"),
        null, null, null, null, null);
  }

  public static LogClassifier classifier() {
    return new LogClassifier(get());
  }
}
