package dev.tlsdoctor.nginx.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One problem in an nginx configuration: a stable {@code id}, how bad it is, where (the directive to change, or
 * the block to add one to), which sockets and server it concerns, who is hurt, and the change that fixes it as a
 * unified diff of the configuration file (null when no single-line change fixes it, the file's text is unknown, or
 * the change could not be verified).
 *
 * @param severity {@code error} (handshakes fail), {@code warning} (insecure or not what the config says) or
 *     {@code info}
 * @param fixVerified true when {@code fix} was applied to a copy of the configuration and the analysis of the copy
 *     no longer has this finding and has no new error; false when a change was proposed and failed that test (then
 *     {@code fix} is null); null when there was nothing to verify
 * @param fixVerification what the verification found, or what the operator must supply instead of a diff
 */
public record Finding(String id, String severity, String file, int line, List<String> listen, String serverName,
    String message, String affected, String fix, Boolean fixVerified, String fixVerification) {

  public static final String ERROR = "error";
  public static final String WARNING = "warning";
  public static final String INFO = "info";

  public Finding {
    listen = List.copyOf(listen);
  }

  /** A finding whose fix is not verified yet. */
  public Finding(String id, String severity, String file, int line, List<String> listen, String serverName,
      String message, String affected, String fix) {
    this(id, severity, file, line, listen, serverName, message, affected, fix, null, null);
  }

  /** This finding with the verdict on its fix: {@code diff} is the fix kept (null when it is withdrawn). */
  public Finding verified(String diff, Boolean ok, String why) {
    return new Finding(id, severity, file, line, listen, serverName, message, affected, diff, ok, why);
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
