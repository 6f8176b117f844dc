package dev.tlsdoctor.kb;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build step: reads the knowledge-base YAML files, checks them (ids, classes, unique signatures) and writes the
 * compiled form that {@link KnowledgeBase} loads at run time. Run by Maven after the classes are compiled.
 */
public final class KbCompiler {
  private KbCompiler() {
  }

  /** {@code args[0]}: the classes directory to write {@code tlsdoctor/kb.bin} into. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: KbCompiler OUTPUT_CLASSES_DIR");
    }
    List<KbEntry> entries = new ArrayList<>(KnowledgeBase.loadYaml());
    KnowledgeBase.of(entries); // validates: duplicate ids and signatures throw
    Path out = Path.of(args[0], KnowledgeBase.COMPILED.substring(1));
    Files.createDirectories(out.getParent());
    try (OutputStream os = Files.newOutputStream(out);
         DataOutputStream data = new DataOutputStream(new BufferedOutputStream(os))) {
      KbCodec.write(entries, data);
    }
  }
}
