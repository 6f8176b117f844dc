package dev.tlsdoctor.tls;

import java.util.HashMap;
import java.util.Map;

/**
 * A hello extension type (RFC 8446 section 4.2), e.g. {@code server_name(0)}. Unknown codes survive as values.
 *
 * @param code the two-byte wire value
 * @param name the IANA registry name, the name an unregistered extension goes by, {@code GREASE} (RFC 8701) or
 *     {@code unknown}
 */
public record ExtensionType(int code, String name) {
  private static final Map<Integer, ExtensionType> BY_CODE = new HashMap<>();

  // IANA TLS ExtensionType Values registry, current as of 2026-11 (reserved and unassigned codes left out).
  /** RFC 6066: the host name the client wants (SNI). */
  public static final ExtensionType SERVER_NAME = register(0, "server_name");
  public static final ExtensionType MAX_FRAGMENT_LENGTH = register(1, "max_fragment_length");
  public static final ExtensionType CLIENT_CERTIFICATE_URL = register(2, "client_certificate_url");
  public static final ExtensionType TRUSTED_CA_KEYS = register(3, "trusted_ca_keys");
  public static final ExtensionType TRUNCATED_HMAC = register(4, "truncated_hmac");
  /** RFC 6066: OCSP stapling. */
  public static final ExtensionType STATUS_REQUEST = register(5, "status_request");
  public static final ExtensionType USER_MAPPING = register(6, "user_mapping");
  public static final ExtensionType CLIENT_AUTHZ = register(7, "client_authz");
  public static final ExtensionType SERVER_AUTHZ = register(8, "server_authz");
  public static final ExtensionType CERT_TYPE = register(9, "cert_type");
  /** RFC 8446 / RFC 8422 (formerly "elliptic_curves", RFC 4492). */
  public static final ExtensionType SUPPORTED_GROUPS = register(10, "supported_groups");
  /** RFC 8422: only "uncompressed" remains. */
  public static final ExtensionType EC_POINT_FORMATS = register(11, "ec_point_formats");
  public static final ExtensionType SRP = register(12, "srp");
  /** RFC 8446 / RFC 5246. */
  public static final ExtensionType SIGNATURE_ALGORITHMS = register(13, "signature_algorithms");
  public static final ExtensionType USE_SRTP = register(14, "use_srtp");
  public static final ExtensionType HEARTBEAT = register(15, "heartbeat");
  /** RFC 7301 (ALPN). */
  public static final ExtensionType ALPN = register(16, "application_layer_protocol_negotiation");
  public static final ExtensionType STATUS_REQUEST_V2 = register(17, "status_request_v2");
  public static final ExtensionType SIGNED_CERTIFICATE_TIMESTAMP = register(18, "signed_certificate_timestamp");
  public static final ExtensionType CLIENT_CERTIFICATE_TYPE = register(19, "client_certificate_type");
  public static final ExtensionType SERVER_CERTIFICATE_TYPE = register(20, "server_certificate_type");
  /** RFC 7685: zero bytes that push a ClientHello past a size some servers choke on. */
  public static final ExtensionType PADDING = register(21, "padding");
  public static final ExtensionType ENCRYPT_THEN_MAC = register(22, "encrypt_then_mac");
  /** RFC 7627. */
  public static final ExtensionType EXTENDED_MASTER_SECRET = register(23, "extended_master_secret");
  public static final ExtensionType TOKEN_BINDING = register(24, "token_binding");
  public static final ExtensionType CACHED_INFO = register(25, "cached_info");
  public static final ExtensionType TLS_LTS = register(26, "tls_lts");
  public static final ExtensionType COMPRESS_CERTIFICATE = register(27, "compress_certificate");
  public static final ExtensionType RECORD_SIZE_LIMIT = register(28, "record_size_limit");
  public static final ExtensionType PWD_PROTECT = register(29, "pwd_protect");
  public static final ExtensionType PWD_CLEAR = register(30, "pwd_clear");
  public static final ExtensionType PASSWORD_SALT = register(31, "password_salt");
  public static final ExtensionType TICKET_PINNING = register(32, "ticket_pinning");
  public static final ExtensionType TLS_CERT_WITH_EXTERN_PSK = register(33, "tls_cert_with_extern_psk");
  public static final ExtensionType DELEGATED_CREDENTIAL = register(34, "delegated_credential");
  /** RFC 5077 (registered as "session_ticket", formerly "SessionTicket TLS"). */
  public static final ExtensionType SESSION_TICKET = register(35, "session_ticket");
  public static final ExtensionType TLMSP = register(36, "TLMSP");
  public static final ExtensionType TLMSP_PROXYING = register(37, "TLMSP_proxying");
  public static final ExtensionType TLMSP_DELEGATE = register(38, "TLMSP_delegate");
  public static final ExtensionType SUPPORTED_EKT_CIPHERS = register(39, "supported_ekt_ciphers");
  public static final ExtensionType PRE_SHARED_KEY = register(41, "pre_shared_key");
  public static final ExtensionType EARLY_DATA = register(42, "early_data");
  /** RFC 8446: how TLS 1.3 is negotiated. */
  public static final ExtensionType SUPPORTED_VERSIONS = register(43, "supported_versions");
  public static final ExtensionType COOKIE = register(44, "cookie");
  public static final ExtensionType PSK_KEY_EXCHANGE_MODES = register(45, "psk_key_exchange_modes");
  public static final ExtensionType CERTIFICATE_AUTHORITIES = register(47, "certificate_authorities");
  public static final ExtensionType OID_FILTERS = register(48, "oid_filters");
  public static final ExtensionType POST_HANDSHAKE_AUTH = register(49, "post_handshake_auth");
  public static final ExtensionType SIGNATURE_ALGORITHMS_CERT = register(50, "signature_algorithms_cert");
  /** RFC 8446: the (EC)DHE public keys of TLS 1.3. */
  public static final ExtensionType KEY_SHARE = register(51, "key_share");
  public static final ExtensionType TRANSPARENCY_INFO = register(52, "transparency_info");
  public static final ExtensionType CONNECTION_ID_DEPRECATED = register(53, "connection_id_deprecated");
  public static final ExtensionType CONNECTION_ID = register(54, "connection_id");
  public static final ExtensionType EXTERNAL_ID_HASH = register(55, "external_id_hash");
  public static final ExtensionType EXTERNAL_SESSION_ID = register(56, "external_session_id");
  public static final ExtensionType QUIC_TRANSPORT_PARAMETERS = register(57, "quic_transport_parameters");
  public static final ExtensionType TICKET_REQUEST = register(58, "ticket_request");
  public static final ExtensionType DNSSEC_CHAIN = register(59, "dnssec_chain");
  public static final ExtensionType SEQUENCE_NUMBER_ENCRYPTION_ALGORITHMS = register(60,
      "sequence_number_encryption_algorithms");
  public static final ExtensionType RRC = register(61, "rrc");
  public static final ExtensionType TLS_FLAGS = register(62, "tls_flags");
  /** Next Protocol Negotiation, ALPN's unregistered predecessor (SPDY era). */
  public static final ExtensionType NEXT_PROTOCOL_NEGOTIATION = register(0x3374, "next_protocol_negotiation");
  /** ALPS, an unregistered Chrome extension (old and new code points). */
  public static final ExtensionType APPLICATION_SETTINGS_OLD = register(0x4469, "application_settings_old");
  public static final ExtensionType APPLICATION_SETTINGS = register(0x44CD, "application_settings");
  public static final ExtensionType ECH_OUTER_EXTENSIONS = register(0xFD00, "ech_outer_extensions");
  public static final ExtensionType ENCRYPTED_CLIENT_HELLO = register(0xFE0D, "encrypted_client_hello");
  /** RFC 5746: secure renegotiation. */
  public static final ExtensionType RENEGOTIATION_INFO = register(0xFF01, "renegotiation_info");

  private static ExtensionType register(int code, String name) {
    ExtensionType t = new ExtensionType(code, name);
    BY_CODE.put(code, t);
    return t;
  }

  /** The type with this code; GREASE values and unlisted codes survive as values. Never null. */
  public static ExtensionType of(int code) {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("extension type out of range 0x0000-0xFFFF: " + code);
    }
    ExtensionType t = BY_CODE.get(code);
    if (t != null) {
      return t;
    }
    return new ExtensionType(code, CipherSuite.isGrease(code) ? "GREASE" : "unknown");
  }

  @Override
  public String toString() {
    return name + "(" + code + ")";
  }
}
