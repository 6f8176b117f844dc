package dev.tlsdoctor.host;

import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where an nginx configuration writes its error logs, as the inputs {@code logs} and {@code diagnose} read. */
public final class ErrorLogs {
  private ErrorLogs() {
  }

  /**
   * The error logs a configuration writes: every {@code error_log} file (not {@code stderr}, {@code syslog:},
   * {@code memory:}), each with its rotated siblings ({@code error.log.1}, {@code error.log.2.gz}); nginx's usual
   * {@code /var/log/nginx/error.log} when none is named.
   */
  public static List<String> named(NginxConfig config) {
    Set<String> out = new LinkedHashSet<>();
    for (Directive d : config.find("error_log")) {
      String file = d.value(0).orElse("");
      if (!file.isEmpty() && !file.equals("stderr") && !file.startsWith("syslog:") && !file.startsWith("memory:")
          && file.startsWith("/")) {
        out.add(file + "*");
      }
    }
    if (out.isEmpty()) {
      out.add("/var/log/nginx/error.log*");
    }
    return List.copyOf(out);
  }
}
