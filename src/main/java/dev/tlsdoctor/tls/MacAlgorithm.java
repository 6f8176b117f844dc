package dev.tlsdoctor.tls;

/** The record integrity check of a cipher suite: an HMAC hash, a GOST MAC, or {@link #AEAD} for AEAD ciphers. */
public enum MacAlgorithm {
  /** No integrity protection (TLS_NULL_WITH_NULL_NULL, signaling values). */
  NULL,
  /** HMAC-MD5. */
  MD5,
  /** HMAC-SHA1 (suite names end in _SHA). */
  SHA1,
  /** HMAC-SHA256. */
  SHA256,
  /** HMAC-SHA384. */
  SHA384,
  /** GOST 28147-89 IMIT. */
  GOST28147,
  /** HMAC with GOST R 34.11-94. */
  GOSTR3411_94,
  /** HMAC with GOST R 34.11-2012 (Streebog). */
  GOSTR3411_2012,
  /** OMAC with Kuznyechik or Magma (RFC 9189). */
  OMAC,
  /** SM3 (RFC 8998). */
  SM3,
  /** The cipher is an AEAD; the suite's hash only drives the PRF. */
  AEAD,
  /** A code point this table does not know. */
  UNKNOWN
}
