package dev.tlsdoctor.nginx.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One problem in an nginx configuration: a stable {@code id}, how bad it is, where (the directive to change, or
 * the block to add one to), which sockets and server it concerns, who is hurt, and the change that fixes it as a
 * unified diff of the configuration file (null when no single-line change fixes it or the file's text is unknown).
 *
 * @param severity {@code error} (handshakes fail), {@code warning} (insecure or not what the config says) or
 *     {@code info}
 */
public record Finding(String id, String severity, String file, int line, List<String> listen, String serverName,
    String message, String affected, String fix) {

  public static final String ERROR = "error";
  public static final String WARNING = "warning";
  public static final String INFO = "info";

  public Finding {
    listen = List.copyOf(listen);
  }

  @JsonIgnore
  public boolean isProblem() {
    return !severity.equals(INFO);
  }

  /** Sorts errors first, then warnings, then info. */
  @JsonIgnore
  public int rank() {
    return switch (severity) {
      case ERROR -> 0;
      case WARNING -> 1;
      default -> 2;
    };
  }
}
