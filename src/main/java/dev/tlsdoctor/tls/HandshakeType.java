package dev.tlsdoctor.tls;

import java.util.HashMap;
import java.util.Map;

/**
 * The type of a handshake message (RFC 8446 section 4, RFC 5246 section 7.4), e.g. {@code server_hello(2)}.
 * Unknown codes survive as values.
 *
 * @param code the one-byte wire value
 * @param name the IANA registry name, or {@code unknown}
 */
public record HandshakeType(int code, String name) {
  private static final Map<Integer, HandshakeType> BY_CODE = new HashMap<>();

  // IANA TLS HandshakeType registry, current as of 2026-11.
  /** TLS 1.2 and earlier: the server asks the client to start a new handshake. */
  public static final HandshakeType HELLO_REQUEST = register(0, "hello_request");
  public static final HandshakeType CLIENT_HELLO = register(1, "client_hello");
  /** Also the HelloRetryRequest of TLS 1.3, told apart by its random. */
  public static final HandshakeType SERVER_HELLO = register(2, "server_hello");
  public static final HandshakeType HELLO_VERIFY_REQUEST = register(3, "hello_verify_request");
  public static final HandshakeType NEW_SESSION_TICKET = register(4, "new_session_ticket");
  public static final HandshakeType END_OF_EARLY_DATA = register(5, "end_of_early_data");
  public static final HandshakeType ENCRYPTED_EXTENSIONS = register(8, "encrypted_extensions");
  public static final HandshakeType REQUEST_CONNECTION_ID = register(9, "request_connection_id");
  public static final HandshakeType NEW_CONNECTION_ID = register(10, "new_connection_id");
  public static final HandshakeType CERTIFICATE = register(11, "certificate");
  /** TLS 1.2 and earlier: the server's (EC)DHE parameters, signed. */
  public static final HandshakeType SERVER_KEY_EXCHANGE = register(12, "server_key_exchange");
  public static final HandshakeType CERTIFICATE_REQUEST = register(13, "certificate_request");
  /** TLS 1.2 and earlier: the end of the server's first flight. */
  public static final HandshakeType SERVER_HELLO_DONE = register(14, "server_hello_done");
  public static final HandshakeType CERTIFICATE_VERIFY = register(15, "certificate_verify");
  public static final HandshakeType CLIENT_KEY_EXCHANGE = register(16, "client_key_exchange");
  public static final HandshakeType CLIENT_CERTIFICATE_REQUEST = register(17, "client_certificate_request");
  public static final HandshakeType FINISHED = register(20, "finished");
  public static final HandshakeType CERTIFICATE_URL = register(21, "certificate_url");
  /** RFC 6066: the stapled OCSP response. */
  public static final HandshakeType CERTIFICATE_STATUS = register(22, "certificate_status");
  public static final HandshakeType SUPPLEMENTAL_DATA = register(23, "supplemental_data");
  public static final HandshakeType KEY_UPDATE = register(24, "key_update");
  public static final HandshakeType COMPRESSED_CERTIFICATE = register(25, "compressed_certificate");
  public static final HandshakeType EKT_KEY = register(26, "ekt_key");
  public static final HandshakeType MESSAGE_HASH = register(254, "message_hash");

  private static HandshakeType register(int code, String name) {
    HandshakeType t = new HandshakeType(code, name);
    BY_CODE.put(code, t);
    return t;
  }

  /** The type with this code; an unregistered code gives {@code unknown(code)}. Never null. */
  public static HandshakeType of(int code) {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("handshake type out of range 0-255: " + code);
    }
    HandshakeType t = BY_CODE.get(code);
    return t != null ? t : new HandshakeType(code, "unknown");
  }

  @Override
  public String toString() {
    return name + "(" + code + ")";
  }
}
