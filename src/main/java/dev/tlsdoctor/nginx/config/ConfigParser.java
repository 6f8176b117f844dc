package dev.tlsdoctor.nginx.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the directive tree from tokens as nginx's {@code ngx_conf_parse} does, and splices included files in place
 * of their {@code include}. Like nginx, every file is parsed on its own: a block opened in a file must be closed in
 * it, and a {@code }} cannot close a block of the including file.
 */
final class ConfigParser {
  /** Deeper nesting than this is refused rather than risking the stack (real configurations nest a few levels). */
  static final int MAX_DEPTH = 200;

  private final ConfigSource source;
  private final ErrorList errors;
  private final List<Step> includeChain = new ArrayList<>();
  private final Set<String> files = new LinkedHashSet<>();
  private final ConfigLexer.Words words = new ConfigLexer.Words();

  /** A file being parsed: its name, its identity, and where it was included (null for the main file). */
  private record Step(String file, String identity, Position includedAt) {
  }

  /** Included files parsed before, or null. */
  private final NginxConfigReader.Cache cache;
  /** For each include being parsed (innermost last): the files read for it, with their bytes. */
  private final List<Map<String, byte[]>> reading = new ArrayList<>();

  ConfigParser(ConfigSource source, ErrorList errors) {
    this(source, errors, null);
  }

  ConfigParser(ConfigSource source, ErrorList errors, NginxConfigReader.Cache cache) {
    this(source, errors, cache, false);
  }

  /** {@code policyOnly}: see {@link NginxConfigReader#policyOnly()}. */
  ConfigParser(ConfigSource source, ErrorList errors, NginxConfigReader.Cache cache, boolean policyOnly) {
    this(source, errors, cache, policyOnly, false, source.confPrefix());
  }

  /**
   * {@code noteMissing}: see {@link NginxConfigReader#notingMissingIncludes()}; {@code prefix}: nginx's conf prefix
   * (with its trailing slash), which relative includes resolve against.
   */
  ConfigParser(ConfigSource source, ErrorList errors, NginxConfigReader.Cache cache, boolean policyOnly,
      boolean noteMissing, String prefix) {
    this.source = source;
    this.prefix = prefix;
    this.errors = errors;
    this.cache = cache;
    this.policyOnly = policyOnly;
    this.missing = noteMissing ? new ArrayList<>() : null;
  }

  private final String prefix;

  /** The includes whose file could not be read, when they are noted rather than errors (else empty). */
  private final List<ConfigError> missing;

  List<ConfigError> missing() {
    return missing == null ? List.of() : List.copyOf(missing);
  }

  private final boolean policyOnly;

  /** Whether a simple directive {@code name} in {@code context} is left out of a {@link #policyOnly} tree. */
  private boolean leftOut(String name, String context) {
    return policyOnly && context.equals("location") && !name.startsWith("proxy_") && !name.startsWith("grpc_")
        && !name.startsWith("uwsgi_") && !name.startsWith("ssl_") && !name.equals("set");
  }

  /** Files read, in the order they were first read. */
  List<String> files() {
    return List.copyOf(files);
  }

  List<Directive> parseMain() throws ConfigException {
    String main = source.mainFile();
    byte[] bytes;
    try {
      bytes = source.read(main);
    } catch (ConfigSource.Unreadable e) {
      throw new ConfigException(new ConfigError(Position.of(main), e.getMessage()));
    }
    List<Directive> out = new ArrayList<>();
    parseFile(main, bytes, null, out, "", 0);
    return out;
  }

  private void parseFile(String file, byte[] bytes, Position includedAt, List<Directive> out, String context,
                         int depth) throws ConfigException {
    for (Map<String, byte[]> r : reading) {
      r.putIfAbsent(file, bytes);
    }
    files.add(file);
    includeChain.add(new Step(file, source.identity(file), includedAt));
    try {
      ConfigLexer lexer = new ConfigLexer(new ConfigCursor(file, bytes), errors, words);
      parseBlock(lexer, out, context, true, depth);
    } finally {
      includeChain.remove(includeChain.size() - 1);
    }
  }

  /**
   * A name that starts with a byte order mark (an editor's, at the start of a file) is no directive of nginx's, which
   * reads the mark as part of the name; in map, types, ... blocks it is merely part of a key.
   */
  private void checkName(Token first, String context) throws ConfigException {
    if (first.text().startsWith("\uFEFF") && DirectiveKinds.isDirectiveContext(context)) {
      errors.add(first.position(), "unknown directive \"" + first.text()
          + "\" (the name starts with a UTF-8 byte order mark, invisible in most editors)");
    }
  }

  /**
   * Parses directives up to the {@code }} that closes the block (or the end of a file, at file level). Returns true
   * when it stopped at the end of the file, so that enclosing blocks stop too without repeating the error.
   */
  private boolean parseBlock(ConfigLexer lexer, List<Directive> out, String context, boolean fileLevel, int depth)
      throws ConfigException {
    List<Token> words = new ArrayList<>();
    while (true) {
      Token t = lexer.next();
      switch (t.kind()) {
        case WORD -> words.add(t);
        case SEMICOLON -> {
          if (words.isEmpty()) {
            errors.add(t.position(), "unexpected \";\"");
          } else {
            simple(words, t, out, context, depth);
          }
          words.clear();
        }
        case BLOCK_START -> {
          if (block(lexer, words, t, out, context, depth)) {
            return true;
          }
          words.clear();
        }
        case BLOCK_END -> {
          if (!words.isEmpty()) {
            // nginx: a "}" after parameters ("listen 443 }") is a missing ";"; keep the directive and close the block
            errors.add(t.position(), "unexpected \"}\"");
            simple(words, null, out, context, depth);
            words.clear();
          } else if (fileLevel) {
            errors.add(t.position(), "unexpected \"}\"");
          }
          if (!fileLevel) {
            return false;
          }
        }
        case END -> {
          if (!words.isEmpty()) {
            Position quote = lexer.unclosedQuote();
            errors.add(t.position(), "unexpected end of file, expecting \";\" or \"}\""
                + (quote == null ? "" : " (the quoted parameter at " + quote.line() + ":" + quote.col()
                + " is not closed)"));
            simple(words, null, out, context, depth);
          } else if (!fileLevel) {
            errors.add(t.position(), "unexpected end of file, expecting \"}\"");
          }
          return true;
        }
        default -> throw new IllegalStateException("token " + t);
      }
    }
  }

  /** A directive with a block; {@code open} is its {@code {}. Returns true when the file ended inside the block. */
  private boolean block(ConfigLexer lexer, List<Token> words, Token open, List<Directive> out, String context,
                        int depth) throws ConfigException {
    List<Directive> children = new ArrayList<>();
    if (words.isEmpty()) {
      errors.add(open.position(), "unexpected \"{\"");
      return parseBlock(lexer, children, "", false, depth + 1);
    }
    String name = words.get(0).text();
    checkName(words.get(0), context);
    if (name.endsWith("_by_lua_block")) {
      // OpenResty: Lua code, not nginx's syntax; kept as a block with nothing in it
      boolean ended = lexer.skipLuaBlock();
      if (ended) {
        errors.add(open.position(), "unexpected end of file, expecting \"}\" (the " + name + " opened here)");
      }
      out.add(new Directive(name, args(words), List.of(), words.get(0).position()));
      return ended;
    }
    if (DirectiveKinds.of(name, context) == DirectiveKinds.Kind.SIMPLE) {
      errors.add(open.position(), "directive \"" + name + "\" is not terminated by \";\"");
    }
    if (depth + 1 > MAX_DEPTH) {
      errors.add(open.position(), "directive \"" + name + "\" nests blocks deeper than " + MAX_DEPTH + " levels");
      return skipBlock(lexer);
    }
    boolean ended = parseBlock(lexer, children, name, false, depth + 1);
    if (policyOnly && name.equals("location") && children.isEmpty()) {
      return ended; // nothing in it that the policy reads: no pass, no nested location
    }
    if (!name.equals("include")) {
      out.add(new Directive(name, args(words), children, words.get(0).position()));
    }
    return ended;
  }

  /** Skips to the {@code }} that closes the current block; true at the end of the file. */
  private static boolean skipBlock(ConfigLexer lexer) throws ConfigException {
    int open = 1;
    while (true) {
      Token t = lexer.next();
      switch (t.kind()) {
        case BLOCK_START -> open++;
        case BLOCK_END -> {
          if (--open == 0) {
            return false;
          }
        }
        case END -> {
          return true;
        }
        default -> { }
      }
    }
  }

  /** A directive ended by {@code ;} ({@code end}), or by an error (null). */
  private void simple(List<Token> words, Token end, List<Directive> out, String context, int depth)
      throws ConfigException {
    String name = words.get(0).text();
    checkName(words.get(0), context);
    if (end != null && DirectiveKinds.of(name, context) == DirectiveKinds.Kind.BLOCK) {
      errors.add(end.position(), "directive \"" + name + "\" has no opening \"{\"");
    }
    if (name.equals("include")) {
      include(words, out, context, depth);
    } else if (!leftOut(name, context)) {
      out.add(new Directive(name, args(words), null, words.get(0).position()));
    }
  }

  private static List<Arg> args(List<Token> words) {
    List<Arg> args = new ArrayList<>(words.size() - 1);
    for (Token w : words.subList(1, words.size())) {
      args.add(new Arg(w.text(), w.quoted(), w.position()));
    }
    return args;
  }

  /**
   * {@code include FILE;}: FILE is made absolute with the conf prefix; with none of {@code *?[} in it, it must
   * exist; otherwise it is a glob, which may match nothing. Each file's directives are spliced here.
   */
  private void include(List<Token> words, List<Directive> out, String context, int depth) throws ConfigException {
    if (words.size() != 2) {
      errors.add(words.get(0).position(), "invalid number of arguments in \"include\" directive");
      return;
    }
    Token arg = words.get(1);
    String path = arg.text().startsWith("/") ? arg.text() : prefix + arg.text(); // the file name nginx opens
    List<String> matches;
    try {
      matches = Glob.hasMagic(path) ? source.glob(path) : List.of(path);
    } catch (ConfigSource.Unreadable e) {
      errors.add(arg.position(), "include \"" + arg.text() + "\": " + e.getMessage());
      return;
    }
    for (String file : matches) {
      String loop = loop(file, arg.position());
      if (loop != null) {
        errors.add(arg.position(), "include \"" + arg.text() + "\" makes a loop: " + loop);
        continue;
      }
      byte[] bytes;
      try {
        bytes = source.read(file);
      } catch (ConfigSource.Unreadable e) {
        if (missing != null) {
          missing.add(new ConfigError(arg.position(), "include \"" + arg.text() + "\": " + e.getMessage()));
        } else {
          errors.add(arg.position(), "include \"" + arg.text() + "\": " + e.getMessage());
        }
        continue;
      }
      if (cache == null) {
        parseFile(file, bytes, arg.position(), out, context, depth);
      } else {
        cached(file, bytes, arg.position(), out, context, depth);
      }
    }
  }

  /**
   * {@link #parseFile} of an included file, or what it gave before for the same bytes in the same context and depth
   * when every file it read then (its own includes) still has the same bytes: the directives are immutable, so they
   * are shared. Only a parse without error is kept.
   */
  private void cached(String file, byte[] bytes, Position includedAt, List<Directive> out, String context,
      int depth) throws ConfigException {
    String key = file + "\u0000" + context + "\u0000" + depth + (policyOnly ? "\u0000policy" : "");
    NginxConfigReader.Cache.Entry e = cache.entries.get(key);
    boolean valid = e != null && e.valid(bytes, source);
    if (valid) {
      for (Map<String, byte[]> r : reading) {
        e.read().forEach(r::putIfAbsent);
      }
      files.addAll(e.read().keySet());
      // a file's directives appear once in a tree (its blocks are looked up by identity): a file included again in
      // this read, or one within it, gets a copy of them (what parsing it again would give, for less)
      if (!used.contains(e) && e.nested().stream().noneMatch(used::contains)) {
        use(e);
        out.addAll(e.directives());
      } else {
        for (Directive d : e.directives()) {
          out.add(copy(d));
        }
      }
      return;
    }
    int missingBefore = missing == null ? 0 : missing.size();
    List<Directive> sub = new ArrayList<>();
    Map<String, byte[]> read = new java.util.LinkedHashMap<>();
    List<NginxConfigReader.Cache.Entry> inner = new ArrayList<>();
    reading.add(read);
    nesting.add(inner);
    try {
      parseFile(file, bytes, includedAt, sub, context, depth);
    } finally {
      reading.remove(reading.size() - 1);
      nesting.remove(nesting.size() - 1);
    }
    NginxConfigReader.Cache.Entry made = new NginxConfigReader.Cache.Entry(file, List.copyOf(sub), read, inner);
    // the first read's entry stays: copies that each change another file all share the unchanged configuration's;
    // a file with an include that could not be read is not kept (a reuse would not note that include again)
    if (missing == null || missing.size() == missingBefore) {
      cache.entries.putIfAbsent(key, made);
    }
    use(made);
    out.addAll(sub);
  }

  /** {@code d} and its block's directives as new directives, equal to them (the parameters are shared). */
  private static Directive copy(Directive d) {
    if (!d.isBlock()) {
      return new Directive(d.name(), d.args(), null, d.position());
    }
    List<Directive> block = new ArrayList<>(d.block().size());
    for (Directive c : d.block()) {
      block.add(copy(c));
    }
    return new Directive(d.name(), d.args(), block, d.position());
  }

  /** Entries whose directives are in this read's tree. */
  private final Set<NginxConfigReader.Cache.Entry> used =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /** For each cached include being parsed (innermost last): the entries used within it. */
  private final List<List<NginxConfigReader.Cache.Entry>> nesting = new ArrayList<>();

  private void use(NginxConfigReader.Cache.Entry e) {
    used.add(e);
    used.addAll(e.nested());
    for (List<NginxConfigReader.Cache.Entry> n : nesting) {
      n.add(e);
      n.addAll(e.nested());
    }
  }

  /** The chain {@code a.conf:2:9 includes b.conf, b.conf:1:9 includes a.conf} if {@code file} is being parsed. */
  private String loop(String file, Position at) {
    String id = source.identity(file);
    for (int i = 0; i < includeChain.size(); i++) {
      if (includeChain.get(i).identity().equals(id)) {
        StringBuilder b = new StringBuilder();
        for (int j = i + 1; j < includeChain.size(); j++) {
          Step s = includeChain.get(j);
          b.append(s.includedAt()).append(" includes ").append(s.file()).append(", ");
        }
        return b.append(at).append(" includes ").append(file).toString();
      }
    }
    return null;
  }
}
