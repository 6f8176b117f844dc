package dev.tlsdoctor.tls;

/** How a TLS 1.2-and-below cipher suite agrees on the premaster secret; {@link #ANY} for TLS 1.3 suites. */
public enum KeyExchange {
  /** No key exchange: TLS_NULL_WITH_NULL_NULL and the signaling values. */
  NULL,
  /** The client encrypts the premaster secret to the server's RSA key (RFC 5246). No forward secrecy. */
  RSA,
  /** Static Diffie-Hellman from the server certificate (RFC 5246; removed from OpenSSL in 1.1.0). */
  DH,
  /** Ephemeral finite-field Diffie-Hellman (RFC 5246, RFC 7919); includes the anonymous DH_anon suites. */
  DHE,
  /** Static elliptic-curve Diffie-Hellman from the server certificate (RFC 8422; removed from OpenSSL in 1.1.0). */
  ECDH,
  /** Ephemeral elliptic-curve Diffie-Hellman (RFC 8422); includes the anonymous ECDH_anon suites. */
  ECDHE,
  /** A pre-shared key alone (RFC 4279). */
  PSK,
  /** Ephemeral Diffie-Hellman authenticated by a pre-shared key (RFC 4279). */
  DHE_PSK,
  /** A pre-shared key plus an RSA-encrypted secret (RFC 4279). */
  RSA_PSK,
  /** Ephemeral ECDH authenticated by a pre-shared key (RFC 5489). */
  ECDHE_PSK,
  /** Secure Remote Password (RFC 5054). */
  SRP,
  /** Kerberos 5 (RFC 2712; removed from OpenSSL in 1.1.0). */
  KRB5,
  /** Password-authenticated elliptic-curve exchange (RFC 8492). */
  ECCPWD,
  /** GOST R 34.10 key agreement (VKO; RFC 9189 and the earlier CryptoPro drafts). */
  GOST,
  /** FORTEZZA KEA, defined by SSL 3.0 only and never deployed. */
  FORTEZZA,
  /** TLS 1.3: the suite does not fix the key exchange (negotiated through key_share). */
  ANY,
  /** A code point this table does not know. */
  UNKNOWN
}
