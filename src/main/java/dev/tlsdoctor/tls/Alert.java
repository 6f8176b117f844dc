package dev.tlsdoctor.tls;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A TLS alert description (RFC 8446 section 6, RFC 5246 section 7.2, RFC 7301, RFC 7507, RFC 8446 errata),
 * e.g. {@code handshake_failure(40)}. Unknown codes survive as values.
 *
 * @param code the wire value, 0-255
 * @param name the registry name, or {@code unknown} for an unregistered code
 */
public record Alert(int code, String name) {
  private static final Map<Integer, Alert> BY_CODE = new HashMap<>();
  private static final Map<String, Alert> BY_NAME = new HashMap<>();

  // IANA TLS Alerts registry, current as of 2026-11.
  public static final Alert CLOSE_NOTIFY = register(0, "close_notify");
  public static final Alert UNEXPECTED_MESSAGE = register(10, "unexpected_message");
  public static final Alert BAD_RECORD_MAC = register(20, "bad_record_mac");
  public static final Alert DECRYPTION_FAILED = register(21, "decryption_failed");
  public static final Alert RECORD_OVERFLOW = register(22, "record_overflow");
  public static final Alert DECOMPRESSION_FAILURE = register(30, "decompression_failure");
  public static final Alert HANDSHAKE_FAILURE = register(40, "handshake_failure");
  public static final Alert NO_CERTIFICATE = register(41, "no_certificate");
  public static final Alert BAD_CERTIFICATE = register(42, "bad_certificate");
  public static final Alert UNSUPPORTED_CERTIFICATE = register(43, "unsupported_certificate");
  public static final Alert CERTIFICATE_REVOKED = register(44, "certificate_revoked");
  public static final Alert CERTIFICATE_EXPIRED = register(45, "certificate_expired");
  public static final Alert CERTIFICATE_UNKNOWN = register(46, "certificate_unknown");
  public static final Alert ILLEGAL_PARAMETER = register(47, "illegal_parameter");
  public static final Alert UNKNOWN_CA = register(48, "unknown_ca");
  public static final Alert ACCESS_DENIED = register(49, "access_denied");
  public static final Alert DECODE_ERROR = register(50, "decode_error");
  public static final Alert DECRYPT_ERROR = register(51, "decrypt_error");
  public static final Alert EXPORT_RESTRICTION = register(60, "export_restriction");
  public static final Alert PROTOCOL_VERSION = register(70, "protocol_version");
  public static final Alert INSUFFICIENT_SECURITY = register(71, "insufficient_security");
  public static final Alert INTERNAL_ERROR = register(80, "internal_error");
  public static final Alert INAPPROPRIATE_FALLBACK = register(86, "inappropriate_fallback");
  public static final Alert USER_CANCELED = register(90, "user_canceled");
  public static final Alert NO_RENEGOTIATION = register(100, "no_renegotiation");
  public static final Alert MISSING_EXTENSION = register(109, "missing_extension");
  public static final Alert UNSUPPORTED_EXTENSION = register(110, "unsupported_extension");
  public static final Alert CERTIFICATE_UNOBTAINABLE = register(111, "certificate_unobtainable");
  public static final Alert UNRECOGNIZED_NAME = register(112, "unrecognized_name");
  public static final Alert BAD_CERTIFICATE_STATUS_RESPONSE = register(113, "bad_certificate_status_response");
  public static final Alert BAD_CERTIFICATE_HASH_VALUE = register(114, "bad_certificate_hash_value");
  public static final Alert UNKNOWN_PSK_IDENTITY = register(115, "unknown_psk_identity");
  public static final Alert CERTIFICATE_REQUIRED = register(116, "certificate_required");
  public static final Alert NO_APPLICATION_PROTOCOL = register(120, "no_application_protocol");
  public static final Alert ECH_REQUIRED = register(121, "ech_required");

  /** Go's crypto/tls prints its own descriptions ("remote error: tls: unknown certificate authority"). */
  private static final Map<String, Integer> GO_NAMES = Map.ofEntries(
      Map.entry("bad record mac", 20), Map.entry("revoked certificate", 44), Map.entry("expired certificate", 45),
      Map.entry("unknown certificate", 46), Map.entry("unknown certificate authority", 48),
      Map.entry("error decoding message", 50), Map.entry("error decrypting message", 51),
      Map.entry("protocol version not supported", 70), Map.entry("insufficient security level", 71),
      Map.entry("unknown psk identity", 115), Map.entry("encrypted client hello required", 121));

  private static Alert register(int code, String name) {
    Alert a = new Alert(code, name);
    BY_CODE.put(code, a);
    BY_NAME.put(name, a);
    return a;
  }

  /** The alert with this code; an unregistered code gives {@code unknown(code)}. Never null. */
  public static Alert of(int code) {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("alert code out of range 0-255: " + code);
    }
    Alert a = BY_CODE.get(code);
    return a != null ? a : new Alert(code, "unknown");
  }

  /**
   * Finds an alert by name as libraries print it: {@code handshake_failure} (Java, RFC), {@code handshake failure}
   * (OpenSSL, Go), {@code HANDSHAKE_FAILURE}, and Go's own descriptions such as {@code unknown certificate
   * authority}. {@code user_cancelled} (OpenSSL's spelling) is accepted.
   */
  public static Optional<Alert> byName(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    Integer go = GO_NAMES.get(lower);
    if (go != null) {
      return Optional.of(of(go));
    }
    String n = lower.replace(' ', '_').replace("cancelled", "canceled");
    return Optional.ofNullable(BY_NAME.get(n));
  }

  @Override
  public String toString() {
    return name + "(" + code + ")";
  }
}
