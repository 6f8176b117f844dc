package dev.tlsdoctor.nginx.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: configurations from strings, and an outline of a tree for exact assertions. */
final class Configs {
  static final String MAIN = "/etc/nginx/nginx.conf";

  private Configs() {
  }

  /** Reads {@code text} as {@value #MAIN} with a strict reader; includes find nothing. */
  static NginxConfig parse(String text) throws ConfigException {
    return NginxConfigReader.strict().read(source(MAIN, text));
  }

  /** Reads {@code text} as {@value #MAIN} with a lenient reader. */
  static NginxConfig lenient(int max, String text) throws ConfigException {
    return NginxConfigReader.lenient(max).read(source(MAIN, text));
  }

  /** Named files (name, text, name, text, ...), the first being the main one. */
  static ConfigSource source(String... nameText) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < nameText.length; i += 2) {
      files.put(nameText[i], nameText[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return new DumpSource(files);
  }

  /**
   * One line per directive, indented by depth: {@code name args;} or {@code name args {}, then {@code @} and the
   * file's last name component, line and column.
   */
  static List<String> outline(NginxConfig c) {
    List<String> out = new ArrayList<>();
    outline(c.directives(), "", out);
    return out;
  }

  private static void outline(List<Directive> ds, String indent, List<String> out) {
    for (Directive d : ds) {
      StringBuilder b = new StringBuilder(indent).append(d.name());
      for (Arg a : d.args()) {
        b.append(' ').append(a);
      }
      String file = d.file().substring(d.file().lastIndexOf('/') + 1);
      b.append(d.isBlock() ? " {" : ";").append(" @").append(file).append(':').append(d.line()).append(':')
          .append(d.col());
      out.add(b.toString());
      if (d.isBlock()) {
        outline(d.block(), indent + "  ", out);
      }
    }
  }
}
