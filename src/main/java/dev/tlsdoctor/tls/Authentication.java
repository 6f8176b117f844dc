package dev.tlsdoctor.tls;

/** How the server proves its identity in a TLS 1.2-and-below cipher suite; {@link #ANY} for TLS 1.3 suites. */
public enum Authentication {
  /** None: anonymous suites (DH_anon, ECDH_anon) and TLS_NULL_WITH_NULL_NULL. Open to active attackers. */
  NULL,
  /** An RSA certificate. */
  RSA,
  /** A DSA certificate (DSS). */
  DSS,
  /** An ECDSA certificate. */
  ECDSA,
  /** Knowledge of a pre-shared key. */
  PSK,
  /** Knowledge of the SRP password verifier. */
  SRP,
  /** A Kerberos ticket. */
  KRB5,
  /** Knowledge of the password (RFC 8492). */
  ECCPWD,
  /** A GOST R 34.10 certificate. */
  GOST,
  /** FORTEZZA (SSL 3.0 only). */
  FORTEZZA,
  /** TLS 1.3: the suite does not fix the signature algorithm. */
  ANY,
  /** A code point this table does not know. */
  UNKNOWN
}
