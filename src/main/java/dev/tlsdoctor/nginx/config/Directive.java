package dev.tlsdoctor.nginx.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One nginx directive such as {@code ssl_protocols TLSv1.2 TLSv1.3;} or {@code server { ... }}: its name, its
 * parameters, its block ({@code null} for a simple directive, a list, maybe empty, for a block directive) and where
 * its name stands. Directives brought in by {@code include} keep their own file and line.
 */
public record Directive(String name, List<Arg> args, List<Directive> block, Position position) {

  public Directive {
    args = List.copyOf(args);
    block = block == null ? null : List.copyOf(block);
  }

  public String file() {
    return position.file();
  }

  public int line() {
    return position.line();
  }

  public int col() {
    return position.col();
  }

  public boolean isBlock() {
    return block != null;
  }

  /** The parameter values, in order. */
  public List<String> values() {
    String[] v = new String[args.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = args.get(i).value();
    }
    return List.of(v);
  }

  /** The value of parameter {@code i} (0 is the first after the name), if there is one. */
  public Optional<String> value(int i) {
    return i < args.size() ? Optional.of(args.get(i).value()) : Optional.empty();
  }

  /**
   * Whether {@code word} is the name of a common nginx directive ({@code listen}, {@code ssl_certificate},
   * {@code proxy_pass}, ...): a word that appears where a value was expected, after a missing {@code ;}.
   */
  public static boolean isDirectiveName(String word) {
    return DirectiveKinds.isKnownName(word);
  }

  /** The directives directly in this block named {@code name}, in order; empty for a simple directive. */
  public List<Directive> children(String name) {
    List<Directive> out = new ArrayList<>();
    if (block != null) {
      for (Directive d : block) {
        if (d.name.equals(name)) {
          out.add(d);
        }
      }
    }
    return out;
  }

  /** {@code name args;} or {@code name args { n directives }}, then the position: for messages and failures. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name);
    for (Arg a : args) {
      b.append(' ').append(a);
    }
    b.append(block == null ? ";" : " { " + block.size() + " directives }");
    return b.append(" at ").append(position).toString();
  }
}
