package dev.tlsdoctor.tls;

/** The record encryption algorithm of a cipher suite, with its mode. */
public enum BulkCipher {
  /** No encryption: records travel in clear. */
  NULL(false),
  /** RC4 with a 40-bit key (export). RC4 is prohibited in TLS by RFC 7465 (2015). */
  RC4_40(false),
  /** RC4 with a 56-bit key (the EXPORT1024 drafts). */
  RC4_56(false),
  /** RC4 with a 128-bit key. Prohibited by RFC 7465. */
  RC4_128(false),
  /** RC2 in CBC mode with a 40-bit key (export). */
  RC2_CBC_40(false),
  /** RC2 in CBC mode with a 56-bit key (the EXPORT1024 drafts). */
  RC2_CBC_56(false),
  /** IDEA in CBC mode (historic: RFC 8996 and the IESG status change of 2021). */
  IDEA_CBC(false),
  /** DES with a 40-bit effective key (export). */
  DES40_CBC(false),
  /** Single DES, 56-bit key (historic). */
  DES_CBC(false),
  /** Triple DES (EDE, 168-bit key, 112 bits of strength); 64-bit blocks make it weak (Sweet32, 2016). */
  TRIPLE_DES_EDE_CBC(false),
  /** SEED in CBC mode (RFC 4162). */
  SEED_CBC(false),
  AES_128_CBC(false),
  AES_256_CBC(false),
  AES_128_GCM(true),
  AES_256_GCM(true),
  AES_128_CCM(true),
  AES_256_CCM(true),
  /** AES-CCM with an 8-byte tag. */
  AES_128_CCM_8(true),
  /** AES-CCM with an 8-byte tag. */
  AES_256_CCM_8(true),
  CAMELLIA_128_CBC(false),
  CAMELLIA_256_CBC(false),
  CAMELLIA_128_GCM(true),
  CAMELLIA_256_GCM(true),
  ARIA_128_CBC(false),
  ARIA_256_CBC(false),
  ARIA_128_GCM(true),
  ARIA_256_GCM(true),
  /** ChaCha20-Poly1305 (RFC 7905, RFC 8446). */
  CHACHA20_POLY1305(true),
  /** SM4 in GCM mode (RFC 8998, TLS 1.3). */
  SM4_GCM(true),
  /** SM4 in CCM mode (RFC 8998, TLS 1.3). */
  SM4_CCM(true),
  /** GOST 28147-89 in counter mode (CNT). */
  GOST28147_CNT(false),
  /** Kuznyechik (GOST R 34.12-2015, 128-bit block) in CTR mode, with OMAC (RFC 9189). */
  KUZNYECHIK_CTR(false),
  /** Magma (GOST R 34.12-2015, 64-bit block) in CTR mode, with OMAC (RFC 9189). */
  MAGMA_CTR(false),
  /** Kuznyechik in MGM mode, TLS 1.3 (RFC 9367), long and short variants. */
  KUZNYECHIK_MGM_L(true),
  KUZNYECHIK_MGM_S(true),
  /** Magma in MGM mode, TLS 1.3 (RFC 9367), long and short variants. */
  MAGMA_MGM_L(true),
  MAGMA_MGM_S(true),
  /** AEGIS-256 (draft-irtf-cfrg-aegis-aead, TLS 1.3). */
  AEGIS_256(true),
  /** AEGIS-128L (draft-irtf-cfrg-aegis-aead, TLS 1.3). */
  AEGIS_128L(true),
  /** FORTEZZA's Skipjack in CBC mode (SSL 3.0 only). */
  FORTEZZA_CBC(false),
  /** A code point this table does not know. */
  UNKNOWN(false);

  private final boolean aead;

  BulkCipher(boolean aead) {
    this.aead = aead;
  }

  /** True for authenticated-encryption modes (GCM, CCM, ChaCha20-Poly1305, MGM, AEGIS). */
  public boolean isAead() {
    return aead;
  }
}
