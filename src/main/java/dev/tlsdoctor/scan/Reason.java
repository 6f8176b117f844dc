package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;

/**
 * Why a server did not give the answer a probe hoped for: the alert it sent, a reset, silence, a plain-text reply.
 * Every negative result carries one.
 *
 * @param kind a stable word: {@code alert}, {@code reset}, {@code timeout}, {@code closed}, {@code truncated},
 *     {@code not-tls}, {@code malformed}, {@code io-error}, {@code other-version}, {@code connect-failed},
 *     {@code not-applicable}
 * @param detail what exactly, for people: {@code handshake_failure(40)}, {@code "HTTP/1.1 400 Bad Request"}
 */
public record Reason(String kind, String detail) {

  /** Why {@code flight} is not the answer hoped for. */
  public static Reason of(ServerFlight flight) {
    return switch (flight.end()) {
      case ALERT -> new Reason("alert", flight.alert().map(a -> a.description().toString()).orElse("alert"));
      case SSLV2_ERROR -> new Reason("alert", "SSL 2.0 error " + flight.sslV2Error().map(Object::toString)
          .orElse(""));
      case EOF -> new Reason("closed", "the server closed the connection without a word");
      case TRUNCATED -> new Reason("truncated", "the server closed the connection in the middle of a message");
      case RESET -> new Reason("reset", "the connection was reset");
      case TIMEOUT -> new Reason("timeout", flight.bytesRead().isEmpty() ? "no answer before the read timeout"
          : "the answer stopped before it was complete");
      case NOT_TLS -> new Reason("not-tls", "plain-text reply \"" + clip(flight.firstBytes().text()) + "\"");
      case MALFORMED -> new Reason("malformed", flight.cause().map(Throwable::getMessage).map(Reason::firstLine)
          .orElse("malformed TLS"));
      case IO_ERROR -> new Reason("io-error", flight.cause().map(Object::toString).orElse("I/O error"));
      // a complete answer, but not to the question asked: an SSL 2.0 hello answered in TLS, or the reverse
      case SERVER_HELLO_DONE, TLS13_SERVER_HELLO, HELLO_RETRY_REQUEST, CHANGE_CIPHER_SPEC -> new Reason(
          "other-version", "the server answered with " + flight.serverHello().map(h -> h.version()
              .map(ProtocolVersion::opensslName).orElse(String.format("version 0x%04X", h.versionCode())))
              .orElse("a TLS ServerHello"));
      case SSLV2_SERVER_HELLO -> new Reason("other-version", "the server answered with SSLv2");
    };
  }

  public static Reason notApplicable(String why) {
    return new Reason("not-applicable", why);
  }

  /** True when the server sent this alert (by code). */
  public boolean isAlert(int code) {
    return kind.equals("alert") && detail.endsWith("(" + code + ")");
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  @Override
  public String toString() {
    return kind + ": " + detail;
  }
}
