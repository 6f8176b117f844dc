package dev.tlsdoctor.nginx.config;

import dev.tlsdoctor.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real {@code nginx -t} and {@code nginx -T}, run on a configuration under a temporary prefix. */
final class NginxCheck {
  private static final Pattern FAILURE =
      Pattern.compile("(?m)^nginx: \\[(?:emerg|crit)\\] (.*?)(?: in (/.*):(\\d+))?$");

  /**
   * nginx's verdict: a null message for a configuration it accepts; else the first emerg (or crit) message and its
   * place (null file and line 0 when nginx gives none).
   */
  record Verdict(String message, String file, int line, String output) {
    boolean ok() {
      return message == null;
    }

    /** {@code ok}, {@code LINE: message}, or the message alone when nginx names no line. */
    String summary() {
      return ok() ? "ok" : line == 0 ? message : line + ": " + message;
    }
  }

  private NginxCheck() {
  }

  /** {@code nginx -t -p PREFIX/ -c CONF}. */
  static Verdict test(Path prefix, Path conf) {
    Tools.Result r = run("-t", prefix, conf);
    if (r.exitCode() == 0) {
      return new Verdict(null, null, 0, r.output());
    }
    Matcher m = FAILURE.matcher(r.stderr());
    if (!m.find()) {
      throw new AssertionError("nginx -t failed without an emerg or crit line:\n" + r.output());
    }
    return new Verdict(m.group(1), m.group(2), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), r.output());
  }

  /** {@code nginx -T -p PREFIX/ -c CONF}: the dump on stdout; fails unless nginx accepts the configuration. */
  static Tools.Result dump(Path prefix, Path conf) {
    Tools.Result r = run("-T", prefix, conf);
    if (r.exitCode() != 0) {
      throw new AssertionError("nginx -T failed:\n" + r.output());
    }
    return r;
  }

  /**
   * The main-context lines a configuration under {@code prefix} needs, as NginxServer writes them (pid, lock file
   * and error log inside the prefix), on one line so that a case's own lines start at line 2.
   */
  static String header(Path prefix) {
    return "pid " + prefix.resolve("nginx.pid") + "; lock_file " + prefix.resolve("nginx.lock") + "; error_log "
        + prefix.resolve("error.log") + "; events { worker_connections 64; }\n";
  }

  private static Tools.Result run(String mode, Path prefix, Path conf) {
    String nginx = Tools.require("nginx").toString();
    return Tools.run(List.of(nginx, mode, "-q", "-p", prefix + "/", "-c", conf.toString(), "-e",
        prefix.resolve("error.log").toString()), new byte[0], Duration.ofSeconds(10));
  }
}
