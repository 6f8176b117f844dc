package dev.tlsdoctor.finding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;

/**
 * One problem found in TLS evidence, by the configuration analysis ({@code config}), a scan ({@code scan}) or both:
 * a stable {@code id}, how bad it is, where (the directive to change, or the block to add one to), which sockets and
 * server it concerns, who is hurt, and the change that fixes it as a unified diff of the configuration file (null
 * when no single-line change fixes it, the file's text is unknown, or the change could not be verified). A finding
 * about a live endpoint ({@link #of}) has no file, sockets, server or fix: its JSON is {@link Brief}.
 *
 * @param fixVerified true when {@code fix} was applied to a copy of the configuration and the analysis of the copy
 *     no longer has this finding and has no new error; false when a change was proposed and failed that test (then
 *     {@code fix} is null); null when there was nothing to verify
 * @param fixVerification what the verification found, or what the operator must supply instead of a diff
 */
public record Finding(String id, Severity severity, String file, int line, List<String> listen, String serverName,
    String message, String affected, String fix, Boolean fixVerified, String fixVerification) {

  public Finding {
    listen = listen == null ? List.of() : List.copyOf(listen);
  }

  /** A finding whose fix is not verified yet. */
  public Finding(String id, Severity severity, String file, int line, List<String> listen, String serverName,
      String message, String affected, String fix) {
    this(id, severity, file, line, listen, serverName, message, affected, fix, null, null);
  }

  /** A finding about an endpoint as seen on the wire: no configuration line, socket list or fix. */
  public static Finding of(String id, Severity severity, String message) {
    return new Finding(id, severity, null, 0, List.of(), null, message, null, null);
  }

  /** This finding with the verdict on its fix: {@code diff} is the fix kept (null when it is withdrawn). */
  public Finding verified(String diff, Boolean ok, String why) {
    return new Finding(id, severity, file, line, listen, serverName, message, affected, diff, ok, why);
  }

  /** This finding with another text for who is hurt. */
  public Finding withAffected(String text) {
    return new Finding(id, severity, file, line, listen, serverName, message, text, fix, fixVerified,
        fixVerification);
  }

  @JsonIgnore
  public boolean isProblem() {
    return severity.isProblem();
  }

  /** Sorts errors first, then warnings, then info. */
  @JsonIgnore
  public int rank() {
    return severity.ordinal();
  }

  /**
   * The JSON of a finding about an endpoint, {@code {"id", "severity", "message"}}: what {@code scan} writes for each
   * of its findings.
   */
  public static final class Brief extends StdSerializer<Finding> {
    private static final long serialVersionUID = 1L;

    public Brief() {
      super(Finding.class);
    }

    @Override
    public void serialize(Finding f, JsonGenerator g, SerializerProvider provider) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", f.id());
      g.writeStringField("severity", f.severity().label());
      g.writeStringField("message", f.message());
      g.writeEndObject();
    }
  }
}
