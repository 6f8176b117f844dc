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

  DumpSource(Map<String, byte[]> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a dump needs at least one file");
    }
    this.files = new LinkedHashMap<>(files);
  }

  @Override
  public String mainFile() {
    return files.keySet().iterator().next();
  }

  @Override
  public byte[] read(String path) throws Unreadable {
    byte[] b = files.get(path);
    if (b == null) {
      throw new Unreadable("open() \"" + path + "\" failed (the file is not in the nginx -T output)");
    }
    return b;
  }

  @Override
  public List<String> glob(String pattern) {
    List<String> out = new ArrayList<>();
    for (String f : files.keySet()) {
      if (Glob.matchesPath(pattern, f)) {
        out.add(f);
      }
    }
    out.sort(Glob.BYTE_ORDER);
    return out;
  }

  @Override
  public String identity(String path) {
    try {
      return Path.of(path).normalize().toString();
    } catch (RuntimeException e) {
      return path;
    }
  }
}
