package dev.tlsdoctor.kb;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * A class of the failure taxonomy. The ids are a public contract: they appear in JSON output, in the knowledge base
 * and in scripts that users write against tlsdoctor.
 */
public enum FailureClass {
  PROTOCOL_VERSION_MISMATCH("protocol-version-mismatch", true),
  NO_SHARED_CIPHER("no-shared-cipher", true),
  NOT_TLS("not-tls", true),
  KEY_SHARE_MISMATCH("key-share-mismatch", true),
  SIGNATURE_ALGORITHM_MISMATCH("signature-algorithm-mismatch", true),
  HANDSHAKE_FAILURE_ALERT("handshake-failure-alert", true),
  SNI_REJECTED("sni-rejected", true),
  CERTIFICATE_UNTRUSTED("certificate-untrusted", true),
  CERTIFICATE_EXPIRED("certificate-expired", true),
  CERTIFICATE_NAME_MISMATCH("certificate-name-mismatch", true),
  CLIENT_CERTIFICATE_REQUIRED("client-certificate-required", true),
  CLIENT_CERTIFICATE_INVALID("client-certificate-invalid", true),
  WEAK_KEY_OR_PARAMETERS("weak-key-or-parameters", true),
  HANDSHAKE_TIMEOUT("handshake-timeout", true),
  PEER_CLOSED_HANDSHAKE("peer-closed-handshake", true),
  INAPPROPRIATE_FALLBACK("inappropriate-fallback", true),
  RENEGOTIATION_REFUSED("renegotiation-refused", true),
  RECORD_LAYER_ERROR("record-layer-error", true),
  PROTOCOL_VIOLATION("protocol-violation", true),
  INTERNAL_ERROR_ALERT("internal-error-alert", true),
  ALPN_MISMATCH("alpn-mismatch", true),
  /** SSL_read()/SSL_write()/SSL_shutdown() failures after the handshake. */
  TLS_IO_ERROR("tls-io-error", false),
  /** nginx cannot load a certificate or key: a start-up or per-connection configuration problem. */
  CERTIFICATE_LOAD_ERROR("certificate-load-error", false),
  /** A line that looks TLS-related but fits no class. Not a knowledge-base class. */
  UNCLASSIFIED("unclassified", false);

  private final String id;
  private final boolean handshakeFailure;

  FailureClass(String id, boolean handshakeFailure) {
    this.id = id;
    this.handshakeFailure = handshakeFailure;
  }

  /** The public id, e.g. {@code no-shared-cipher}. */
  @JsonValue
  public String id() {
    return id;
  }

  /** True when events of this class are failed handshakes (as opposed to I/O after it, or start-up problems). */
  public boolean isHandshakeFailure() {
    return handshakeFailure;
  }

  public static Optional<FailureClass> find(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }

  /** Looks up a class by its public id; names the bad id otherwise. */
  public static FailureClass forId(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown failure class id: '" + id + "'"));
  }

  @Override
  public String toString() {
    return id;
  }
}
