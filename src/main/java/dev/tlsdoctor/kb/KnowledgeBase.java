package dev.tlsdoctor.kb;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knowledge base: one YAML file per failure class under {@code tlsdoctor/kb/<class-id>.yaml}, each holding the
 * class's entries (the class itself first, then its variants).
 */
public final class KnowledgeBase {
  private static volatile KnowledgeBase instance;

  private final Map<String, KbEntry> byId;
  private final KbMatcher matcher;

  KnowledgeBase(List<KbEntry> entries) {
    Map<String, KbEntry> map = new LinkedHashMap<>();
    for (KbEntry e : entries) {
      if (map.putIfAbsent(e.id(), e) != null) {
        throw new KbException("duplicate knowledge-base id '" + e.id() + "'");
      }
    }
    this.byId = Collections.unmodifiableMap(map);
    this.matcher = new KbMatcher(List.copyOf(map.values()));
  }

  /** A knowledge base of the given entries (for embedding and tests); the built-in one is {@link #get()}. */
  public static KnowledgeBase of(List<KbEntry> entries) {
    return new KnowledgeBase(entries);
  }

  /** The built-in knowledge base, loaded once. */
  public static KnowledgeBase get() {
    KnowledgeBase kb = instance;
    if (kb == null) {
      synchronized (KnowledgeBase.class) {
        kb = instance;
        if (kb == null) {
          kb = new KnowledgeBase(loadBuiltIn());
          instance = kb;
        }
      }
    }
    return kb;
  }

  public List<KbEntry> entries() {
    return List.copyOf(byId.values());
  }

  public Optional<KbEntry> entry(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The class's own entry: the one whose id equals the class id. */
  public KbEntry classEntry(FailureClass c) {
    KbEntry e = byId.get(c.id());
    if (e == null) {
      throw new KbException("no knowledge-base entry for class '" + c.id() + "'");
    }
    return e;
  }

  public KbMatcher matcher() {
    return matcher;
  }

  /** The compiled form of the YAML files, written at build time by {@link KbCompiler}. */
  static final String COMPILED = "/tlsdoctor/kb.bin";

  /**
   * The built-in entries: from the compiled form when the build made one (it loads several times faster than
   * parsing YAML at every start), otherwise from the YAML files.
   */
  static List<KbEntry> loadBuiltIn() {
    try (InputStream in = KnowledgeBase.class.getResourceAsStream(COMPILED)) {
      if (in != null) {
        return KbCodec.read(in.readAllBytes());
      }
    } catch (IOException e) {
      // fall back to the YAML files
    }
    return loadYaml();
  }

  /** Reads the YAML files under {@code tlsdoctor/kb/}. */
  public static List<KbEntry> loadYaml() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    List<KbEntry> all = new ArrayList<>();
    for (FailureClass c : FailureClass.values()) {
      if (c == FailureClass.UNCLASSIFIED) {
        continue;
      }
      String name = "/tlsdoctor/kb/" + c.id() + ".yaml";
      try (InputStream in = KnowledgeBase.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new KbException("knowledge-base file missing: " + name);
        }
        List<KbEntry> entries = yaml.readValue(in, new TypeReference<List<KbEntry>>() { });
        for (KbEntry e : entries) {
          if (e.failureClass() != c) {
            throw new KbException(name + ": entry '" + e.id() + "' has class '" + e.failureClass()
                + "' but the file is for '" + c.id() + "'");
          }
        }
        all.addAll(entries);
      } catch (IOException e) {
        throw new KbException(name + ": " + e.getMessage(), e);
      }
    }
    return all;
  }

  /** A knowledge-base file that cannot be read or is inconsistent. */
  public static final class KbException extends RuntimeException {
    public KbException(String message) {
      super(message);
    }

    public KbException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
