package dev.tlsdoctor.nginx.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of an {@code nginx -T} dump (or any set of named texts): {@code include} is resolved against them, not
 * against the disk. The first file is the main one.
 */
final class DumpSource implements ConfigSource {
  private final Map<String, byte[]> files;
  /** The dump the files are copied from when read, or null when {@code files} holds them. */
  private final byte[] dump;
  private final Map<String, int[]> sections;

  DumpSource(Map<String, byte[]> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a dump needs at least one file");
    }
    this.files = new LinkedHashMap<>(files);
    this.dump = null;
    this.sections = null;
  }

  /**
   * The files of {@code dump} at {@code sections} ({@link NginxDump#sections}), each copied out when it is read, so
   * that a large dump is not held twice.
   */
  DumpSource(byte[] dump, Map<String, int[]> sections) {
    if (sections.isEmpty()) {
      throw new IllegalArgumentException("a dump needs at least one file");
    }
    this.files = null;
    this.dump = dump;
    this.sections = new LinkedHashMap<>(sections);
  }

  private java.util.Set<String> names() {
    return files != null ? files.keySet() : sections.keySet();
  }

  @Override
  public String mainFile() {
    return names().iterator().next();
  }

  @Override
  public byte[] read(String path) throws Unreadable {
    int[] range = sections == null ? null : sections.get(path);
    byte[] b = files != null ? files.get(path) : range == null ? null
        : java.util.Arrays.copyOfRange(dump, range[0], range[1]);
    if (b == null) {
      throw new Unreadable("open() \"" + path + "\" failed (the file is not in the nginx -T output)");
    }
    return b;
  }

  @Override
  public List<String> glob(String pattern) {
    List<String> out = new ArrayList<>();
    for (String f : names()) {
      if (Glob.matchesPath(pattern, f)) {
        out.add(f);
      }
    }
    out.sort(Glob.BYTE_ORDER);
    return out;
  }

  /** Identities already worked out: a snippet included by every server is asked for again and again. */
  private final Map<String, String> identities = new java.util.HashMap<>();

  @Override
  public String identity(String path) {
    return identities.computeIfAbsent(path, p -> {
      try {
        return Path.of(p).normalize().toString();
      } catch (RuntimeException e) {
        return p;
      }
    });
  }
}
