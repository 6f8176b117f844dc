package dev.tlsdoctor.nginx.config;

import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads an nginx configuration into an {@link NginxConfig}: from the disk (the main file and its includes), or from
 * the output of {@code nginx -T} (whose includes are resolved against the dumped files, not the disk).
 *
 * <p>A strict reader throws the first error; a lenient one keeps up to {@code maxErrors} errors in the result and
 * reads on. A main file that cannot be read is an exception either way.
 * <pre>{@code
 * NginxConfig c = NginxConfigReader.strict().read(Path.of("/etc/nginx/nginx.conf"));
 * for (Directive server : c.httpServers()) {
 *   Optional<Directive> protocols = c.effective("ssl_protocols", server);
 * }
 * }</pre>
 */
public final class NginxConfigReader {
  private final int maxErrors;
  private final boolean policyOnly;
  private final boolean noteMissingIncludes;
  /** nginx's conf prefix for relative includes when it is not the main file's directory; null: that directory. */
  private final String confPrefix;

  private NginxConfigReader(int maxErrors, boolean policyOnly, boolean noteMissingIncludes) {
    this(maxErrors, policyOnly, noteMissingIncludes, null);
  }

  private NginxConfigReader(int maxErrors, boolean policyOnly, boolean noteMissingIncludes, String confPrefix) {
    this.maxErrors = maxErrors;
    this.policyOnly = policyOnly;
    this.noteMissingIncludes = noteMissingIncludes;
    this.confPrefix = confPrefix;
  }

  /**
   * This reader with {@code prefix} (a directory, with or without its trailing slash) as nginx's conf prefix, the
   * directory relative includes resolve against: that of a configuration whose main file was not given (a conf.d file
   * read alone, or copies of it). Null: the main file's directory.
   */
  public NginxConfigReader withConfPrefix(String prefix) {
    return new NginxConfigReader(maxErrors, policyOnly, noteMissingIncludes,
        prefix == null || prefix.endsWith("/") ? prefix : prefix + "/");
  }

  /**
   * This reader, going on past an included file it cannot read (a configuration copied without its
   * {@code mime.types}, or whose includes name another machine's paths): the include is noted
   * ({@link NginxConfig#missingIncludes()}) and the rest read. nginx refuses to start with such an include; the
   * caller says so.
   */
  public NginxConfigReader notingMissingIncludes() {
    return new NginxConfigReader(maxErrors, policyOnly, true, confPrefix);
  }

  /**
   * This reader, keeping of a {@code location} only what the TLS policy reads there: its blocks (nested locations,
   * {@code if}) and the directives of the upstream modules and {@code ssl_}, {@code set} (names starting with
   * {@code proxy_}, {@code grpc_}, {@code uwsgi_}, {@code ssl_}, and {@code set}); a location left with nothing is
   * left out too. The rest of a location (headers, paths, rewrites: the bulk of an application's configuration) is
   * checked as it is read and then left out, so that
   * the tree of a large configuration grows with its servers and passes rather than with its bytes.
   */
  public NginxConfigReader policyOnly() {
    return new NginxConfigReader(maxErrors, true, noteMissingIncludes, confPrefix);
  }

  public static NginxConfigReader strict() {
    return new NginxConfigReader(0, false, false);
  }

  /** A reader that collects up to {@code maxErrors} (at least 1) errors and goes on. */
  public static NginxConfigReader lenient(int maxErrors) {
    ErrorList.tracking(maxErrors); // validates
    return new NginxConfigReader(maxErrors, false, false);
  }

  /** Reads {@code mainFile} and its includes; relative includes resolve against {@code mainFile}'s directory. */
  public NginxConfig read(Path mainFile) throws ConfigException {
    NginxConfig c = read(new DiskSource(mainFile));
    if (confPrefix == null && c.readInside().isPresent()) {
      // a file nginx.conf includes, given alone: its relative includes resolve against nginx.conf's directory
      Path dir = mainFile.toAbsolutePath().getParent();
      for (int up = 0; up < 2 && dir != null && dir.getParent() != null; up++) {
        dir = dir.getParent();
        Path conf = dir.resolve("nginx.conf");
        if (java.nio.file.Files.isRegularFile(conf) && !conf.equals(mainFile.toAbsolutePath())) {
          return withConfPrefix(dir.toString()).read(mainFile);
        }
      }
    }
    return c;
  }

  /** Reads the output of {@code nginx -T}; the first dumped file is the main one. */
  public NginxConfig readDump(byte[] dump) throws ConfigException {
    Map<String, int[]> files = NginxDump.sections(dump);
    if (files.isEmpty()) {
      throw new ConfigException(new ConfigError(Position.of("nginx -T output"),
          "no \"# configuration file PATH:\" line: not the output of nginx -T"));
    }
    return read(new DumpSource(dump, files));
  }

  /** Reads the output of {@code nginx -T} saved in a file. */
  public NginxConfig readDump(Path dumpFile) throws ConfigException {
    byte[] bytes;
    try {
      bytes = BoundedRead.file(dumpFile, BoundedRead.Limit.DUMP);
    } catch (BoundedRead.Refused e) {
      throw new ConfigException(new ConfigError(Position.of(dumpFile.toString()),
          "cannot read the nginx -T output (" + e.reason() + ")"));
    } catch (IOException e) {
      throw new ConfigException(new ConfigError(Position.of(dumpFile.toString()),
          "cannot read the nginx -T output (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
    }
    return readDump(bytes);
  }

  /**
   * Reads the output of {@code nginx -T} from a stream (e.g. standard input) to its end, which must come within
   * {@link BoundedRead.Limit#DUMP}.
   */
  public NginxConfig readDump(InputStream in) throws ConfigException, IOException {
    try {
      return readDump(BoundedRead.stream(in, "nginx -T output", BoundedRead.Limit.DUMP));
    } catch (BoundedRead.Refused e) {
      throw new ConfigException(new ConfigError(Position.of("nginx -T output"), e.reason()));
    }
  }

  NginxConfig read(ConfigSource source) throws ConfigException {
    return read(source, null);
  }

  private NginxConfig read(ConfigSource source, Cache cache) throws ConfigException {
    ErrorList errors = maxErrors == 0 ? ErrorList.strict() : ErrorList.tracking(maxErrors);
    // a lenient read goes on after errors, which a shared result would not repeat: it parses every file
    String prefix = confPrefix != null ? confPrefix : source.confPrefix();
    // a strict read without a cache of earlier reads keeps its own: a file included by many servers (the TLS
    // settings every server includes) is parsed once and copied
    ConfigParser parser = new ConfigParser(source, errors, maxErrors != 0 ? null : cache != null ? cache : new Cache(),
        policyOnly,
        noteMissingIncludes, prefix);
    List<Directive> main = parser.parseMain();
    String module = includedModule(main);
    if (module != null) {
      main = List.of(new Directive(module, List.of(), main, Position.of(source.mainFile())));
    }
    return new NginxConfig(main, parser.files(), errors.errors(), errors.dropped(), module, parser.missing(),
        prefix);
  }

  /**
   * The module a file is written for when it is not a main configuration but a file that one includes inside a
   * module's block ({@code conf.d/*.conf}, {@code sites-enabled/*}): {@code server} blocks at its top level and no
   * {@code http}, {@code stream}, {@code mail} or {@code events} block. {@code mail} when a server names a mail
   * protocol or the file sets {@code auth_http}; {@code stream} when a server prereads TLS or passes to an address
   * without a scheme and none has a {@code location}; {@code http} otherwise. Null for a main configuration.
   */
  static String includedModule(List<Directive> top) {
    boolean servers = false;
    for (Directive d : top) {
      if (d.isBlock() && List.of("http", "stream", "mail", "events").contains(d.name())) {
        return null;
      }
      servers |= d.isBlock() && d.name().equals("server");
    }
    if (!servers) {
      return null;
    }
    boolean mail = false;
    boolean stream = false;
    boolean http = false;
    for (Directive d : top) {
      mail |= d.name().equals("auth_http") || d.name().equals("imap_capabilities") || d.name().equals("smtp_auth");
      if (!d.isBlock() || !d.name().equals("server")) {
        continue;
      }
      for (Directive c : d.block()) {
        switch (c.name()) {
          case "location", "server_name", "root", "return", "rewrite", "try_files", "index" -> http = true;
          case "protocol", "auth_http", "starttls", "imap_capabilities", "smtp_auth" -> mail = true;
          case "ssl_preread" -> stream = true;
          case "proxy_pass" -> stream |= !c.args().isEmpty() && !c.args().get(0).value().contains("://");
          default -> {
          }
        }
      }
    }
    return mail && !http ? "mail" : stream && !http ? "stream" : "http";
  }

  /**
   * {@link #readDump(byte[])}, reusing what {@code cache} holds of earlier reads: an included file whose bytes (and
   * those of the files it includes) are those of an earlier read, in the same context, is not parsed again. For
   * copies of one configuration that differ in a file or two, as the fixes' trials are.
   */
  public NginxConfig readDump(byte[] dump, Cache cache) throws ConfigException {
    Map<String, int[]> files = NginxDump.sections(dump);
    if (files.isEmpty()) {
      throw new ConfigException(new ConfigError(Position.of("nginx -T output"),
          "no \"# configuration file PATH:\" line: not the output of nginx -T"));
    }
    return read(new DumpSource(dump, files), cache);
  }

  /**
   * Reads named files as the files of an {@code nginx -T} dump (the first is the main one; includes resolve against
   * them), reusing what {@code cache} (may be null) holds as {@link #readDump(byte[], Cache)} does. The bytes must
   * not change afterwards.
   */
  public NginxConfig readFiles(Map<String, byte[]> files, Cache cache) throws ConfigException {
    if (files.isEmpty()) {
      throw new ConfigException(new ConfigError(Position.of("nginx -T output"), "no configuration file"));
    }
    return read(new DumpSource(files), cache);
  }

  /**
   * Included files as parsed by earlier reads (see {@link #readDump(byte[], Cache)}): the first parse of each file in
   * each context is kept, so copies of one configuration that each change another file share the first one's.
   */
  public static final class Cache {
    /** Concurrent: copies are read on several threads at once ({@code FixVerifier}). */
    final Map<String, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A file's directives, the bytes of every file read to make them (the file first), and the entries whose
     * directives are among them (its includes, cached in their own right). Compared by identity.
     */
    record Entry(String file, List<Directive> directives, Map<String, byte[]> read, List<Entry> nested) {
      boolean valid(byte[] bytes, ConfigSource source) {
        for (Map.Entry<String, byte[]> e : read.entrySet()) {
          byte[] now;
          try {
            now = e.getKey().equals(file) ? bytes : source.read(e.getKey());
          } catch (ConfigSource.Unreadable x) {
            return false;
          }
          if (!java.util.Arrays.equals(now, e.getValue())) {
            return false;
          }
        }
        return true;
      }
    }
  }
}
