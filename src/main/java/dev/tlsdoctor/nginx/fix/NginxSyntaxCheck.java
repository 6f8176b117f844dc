package dev.tlsdoctor.nginx.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code nginx -t} on a patched copy of a configuration read from the disk: the main file's directory is copied to
 * a temporary one (at most {@link #MAX_FILES} files and {@link #MAX_BYTES} bytes), the patched files written over
 * their copies, every path naming the original directory pointed at the copy, and nginx asked whether it accepts
 * the result — within {@link #TIMEOUT_SECONDS}. (It is only an oracle where it accepts the unchanged copy:
 * {@link FixVerifier} asks that first.) nginx checks what tlsdoctor cannot: its own syntax rules and the
 * certificates and keys it would load. The copy is removed afterwards.
 */
public final class NginxSyntaxCheck implements FixVerifier.SyntaxCheck {
  static final int MAX_FILES = 2000;
  static final long MAX_BYTES = 64L << 20;
  static final long TIMEOUT_SECONDS = 10;

  private final String nginx;
  /** The module block the main file is included in ({@code http}, {@code stream}, {@code mail}); null: none. */
  private final String inside;
  /** The directory copied (nginx's conf prefix) when it is not the main file's; null: the main file's. */
  private final String prefix;

  private NginxSyntaxCheck(String nginx, String inside, String prefix) {
    this.nginx = nginx;
    this.inside = inside;
    this.prefix = prefix;
  }

  /**
   * This check for a main file that is a file nginx.conf includes inside {@code module} {} (a {@code conf.d} file
   * given alone): nginx is asked about a main file of its own, in {@code confPrefix} (nginx.conf's directory, copied
   * whole), that includes the copy there. Null module: as it is.
   */
  public NginxSyntaxCheck inside(String module, String confPrefix) {
    return new NginxSyntaxCheck(nginx, module, module == null ? null : confPrefix);
  }

  /** The check with the nginx found on PATH (or in /usr/sbin), or null when there is none. */
  public static NginxSyntaxCheck onPath() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx")) && !Files.isDirectory(Path.of(dir, "nginx"))) {
        return new NginxSyntaxCheck(Path.of(dir, "nginx").toString(), null, null);
      }
    }
    return null;
  }

  @Override
  public Result check(Map<String, String> files, String mainFile) {
    Path main = Path.of(mainFile);
    Path dir = prefix != null ? Path.of(prefix) : main.getParent();
    if (dir == null || !Files.isRegularFile(main)) {
      return new Result(false, null, "nginx -t not run: the configuration was not read from files on the disk");
    }
    for (String f : files.keySet()) {
      if (!Path.of(f).startsWith(dir)) {
        return new Result(false, null, "nginx -t not run: " + f + " lies outside " + dir + ", the directory copied");
      }
    }
    Path copy = null;
    try {
      copy = Files.createTempDirectory("tlsdoctor-fix-");
      if (!copyTree(dir, copy)) {
        return new Result(false, null, "nginx -t not run: " + dir + " holds more than " + MAX_FILES + " files or "
            + (MAX_BYTES >> 20) + " MiB");
      }
      String from = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
      String to = copy + "/";
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path target = copy.resolve(dir.relativize(Path.of(e.getKey())));
        Files.writeString(target, e.getValue().replace(from, to), StandardCharsets.UTF_8);
      }
      Path copied = copy.resolve(dir.relativize(main));
      return run(inside == null ? copied : wrapper(copy, copied), copy);
    } catch (IOException e) {
      return new Result(false, null, "nginx -t not run: cannot copy the configuration (" + e.getMessage() + ")");
    } finally {
      delete(copy);
    }
  }

  /**
   * A main file that includes {@code included} inside {@link #inside} {}, with the dynamic module it needs when the
   * nginx build has it as one (Debian's stream and mail modules).
   */
  private Path wrapper(Path dir, Path included) throws IOException {
    StringBuilder sb = new StringBuilder();
    Path module = Path.of("/usr/lib/nginx/modules/ngx_" + inside + "_module.so");
    if (!inside.equals("http") && Files.isRegularFile(module)) {
      sb.append("load_module ").append(module).append(";\n");
    }
    sb.append("events {}\n").append(inside).append(" {\n    include \"").append(included).append("\";\n}\n");
    Path main = Files.createTempFile(dir, ".tlsdoctor-main-", ".conf");
    Files.writeString(main, sb.toString(), StandardCharsets.UTF_8);
    return main;
  }

  private Result run(Path main, Path prefix) throws IOException {
    // nginx's own prefix is kept, so that relative log and pid paths mean what they mean for the original
    Process p = new ProcessBuilder(nginx, "-t", "-q", "-c", main.toString())
        .redirectErrorStream(true).redirectOutput(prefix.resolve(".nginx-t.out").toFile()).start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly); // a wrapper script's nginx too
        p.destroyForcibly();
        return new Result(false, null, "nginx -t not run: no answer within " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(false, null, "nginx -t not run: interrupted");
    }
    String said = Files.readString(prefix.resolve(".nginx-t.out"), StandardCharsets.UTF_8).strip()
        .replace(prefix + "/", "");
    if (p.exitValue() == 0) {
      return new Result(true, null, null);
    }
    String first = said.lines().filter(l -> l.contains("[emerg]")).findFirst().orElse(said.lines().findFirst()
        .orElse("exit " + p.exitValue()));
    return new Result(true, message(first), null);
  }

  /**
   * What nginx said, without what only its log needs: {@code nginx: [emerg] }, or the time and the process of
   * {@code 2026/12/06 21:43:43 [emerg] 12561#12561: } (which would differ from run to run).
   */
  public static String message(String line) {
    return line.replaceFirst("^nginx: ", "")
        .replaceFirst("^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ", "")
        .replaceFirst("^\\[(emerg|alert|crit|error|warn)\\] (\\d+#\\d+: )?", "");
  }

  /** Copies {@code from} into {@code to}; false when it is larger than the limits. */
  private static boolean copyTree(Path from, Path to) throws IOException {
    long[] count = {0, 0};
    boolean[] tooBig = {false};
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(d).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(f)) {
          return FileVisitResult.CONTINUE; // sockets, FIFOs: nothing nginx reads as configuration
        }
        if (++count[0] > MAX_FILES || (count[1] += Files.size(f)) > MAX_BYTES) {
          tooBig[0] = true;
          return FileVisitResult.TERMINATE;
        }
        Files.copy(f, to.resolve(from.relativize(f).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return !tooBig[0];
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a temporary file left behind is all it costs
        }
      });
    } catch (IOException e) {
      // likewise
    }
  }
}
