package dev.tlsdoctor.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The protection of the records one side sends, with its own sequence number: AES-CBC with HMAC (MAC-then-encrypt;
 * TLS 1.1 and 1.2 with an explicit IV per record, RFC 5246 section 6.2.3.2; TLS 1.0 with the IV chained from the
 * previous record, RFC 2246 section 6.2.3.2), AES-GCM in TLS 1.2 (RFC 5288), ChaCha20-Poly1305 in TLS 1.2 (RFC 7905)
 * and AES-GCM or ChaCha20-Poly1305 in TLS 1.3 (RFC 8446 section 5.2). {@link #seal} gives a whole record, header included; {@link #open} takes the fragment.
 */
public abstract class RecordCipher {
  private static final SecureRandom RANDOM = new SecureRandom();
  private long sequence;

  /** The record (header included) carrying {@code plaintext} of content type {@code type}. */
  public final byte[] seal(int type, int version, byte[] plaintext) {
    try {
      return seal(sequence++, type, version, plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused to encrypt a record", e);
    }
  }

  /**
   * The plaintext of a record's {@code fragment}; for TLS 1.3 the inner plaintext's last non-zero byte is the real
   * content type, returned first: {@code [type, content...]}. Throws when the record does not authenticate.
   */
  public final byte[] open(int type, int version, byte[] fragment) throws GeneralSecurityException {
    return open(sequence++, type, version, fragment);
  }

  abstract byte[] seal(long seq, int type, int version, byte[] plaintext) throws GeneralSecurityException;

  abstract byte[] open(long seq, int type, int version, byte[] fragment) throws GeneralSecurityException;

  /** AES-CBC with HMAC-{@code macHash} ({@code SHA-1} or {@code SHA-256}), explicit IV. */
  public static Cbc cbc(String macHash, byte[] macKey, byte[] key) {
    return new Cbc(macHash, macKey, key, null);
  }

  /** AES-CBC of TLS 1.0: no IV in the record; the first is {@code iv} (from the key block), then the last block. */
  public static Cbc cbc10(String macHash, byte[] macKey, byte[] key, byte[] iv) {
    return new Cbc(macHash, macKey, key, iv);
  }

  /** ChaCha20-Poly1305 of TLS 1.2 (RFC 7905): the nonce is the 12-byte {@code iv} XOR the sequence number. */
  public static RecordCipher chacha12(byte[] key, byte[] iv) {
    return new Chacha12(key, iv);
  }

  /** AES-GCM of TLS 1.2: a 4-byte implicit salt, an 8-byte explicit nonce (the sequence number). */
  public static RecordCipher gcm12(byte[] key, byte[] salt) {
    return new Gcm12(key, salt);
  }

  /** AES-GCM of TLS 1.3, with the traffic key and IV of one direction. */
  public static RecordCipher tls13(byte[] key, byte[] iv) {
    return new Tls13(key, iv, false);
  }

  /** ChaCha20-Poly1305 of TLS 1.3, with the traffic key and IV of one direction. */
  public static RecordCipher tls13Chacha(byte[] key, byte[] iv) {
    return new Tls13(key, iv, true);
  }

  /** {@code iv} XOR the sequence number, right-aligned (RFC 8446 section 5.3, RFC 7905 section 2). */
  static byte[] nonce(byte[] iv, long seq) {
    byte[] n = iv.clone();
    byte[] s = uint64(seq);
    for (int i = 0; i < 8; i++) {
      n[n.length - 8 + i] ^= s[i];
    }
    return n;
  }

  /** A ChaCha20-Poly1305 cipher set up for one record. */
  static Cipher chacha(int mode, SecretKeySpec key, byte[] nonce) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
    c.init(mode, key, new IvParameterSpec(nonce));
    return c;
  }

  static byte[] header(int type, int version, int length) {
    return new byte[] {(byte) type, (byte) (version >> 8), (byte) version, (byte) (length >> 8), (byte) length};
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static byte[] uint64(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (56 - 8 * i));
    }
    return b;
  }

  /**
   * CBC, MAC-then-encrypt: {@code IV || E(content || MAC || padding)}, the MAC over {@code seq_num || type ||
   * version || length || content}. {@link #badPadding} fills the padding with bytes that are not the padding length
   * (only its last byte is right), which a correct receiver refuses (RFC 5246 section 6.2.3.2: every padding byte
   * must equal the padding length) and a receiver that checks only the last byte, as SSL 3.0 did, takes (POODLE
   * against TLS).
   */
  public static final class Cbc extends RecordCipher {
    private final String macHash;
    private final byte[] macKey;
    private final SecretKeySpec key;
    private volatile boolean badPadding;
    /** TLS 1.0: the IV of the next record (the last ciphertext block); null when each record carries its own. */
    private byte[] chained;

    Cbc(String macHash, byte[] macKey, byte[] key, byte[] iv) {
      this.macHash = macHash;
      this.macKey = macKey.clone();
      this.key = new SecretKeySpec(key, "AES");
      this.chained = iv == null ? null : iv.clone();
    }

    /** From now on, padding whose bytes (all but the last) are wrong. */
    public void badPadding(boolean on) {
      badPadding = on;
    }

    @Override
    byte[] seal(long seq, int type, int version, byte[] plaintext) throws GeneralSecurityException {
      byte[] mac = TlsKeys.hmac(macHash, macKey, uint64(seq), header(type, version, plaintext.length), plaintext);
      int padLength = 16 - (plaintext.length + mac.length + 1) % 16;
      if (badPadding && padLength < 4) {
        padLength += 16; // room for wrong bytes: a padding of up to 255 bytes is allowed
      }
      byte[] padding = new byte[padLength + 1];
      Arrays.fill(padding, (byte) padLength);
      if (badPadding) {
        for (int i = 0; i < padLength; i++) {
          padding[i] = (byte) (padLength ^ (0x5A + i));
        }
      }
      byte[] iv = new byte[16];
      if (chained != null) {
        iv = chained;
      } else {
        RANDOM.nextBytes(iv);
      }
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      byte[] encrypted = c.doFinal(concat(plaintext, mac, padding));
      byte[] body = chained != null ? encrypted : concat(iv, encrypted);
      if (chained != null) {
        chained = Arrays.copyOfRange(encrypted, encrypted.length - 16, encrypted.length);
      }
      return concat(header(type, version, body.length), body);
    }

    @Override
    byte[] open(long seq, int type, int version, byte[] fragment) throws GeneralSecurityException {
      int ivLength = chained != null ? 0 : 16;
      if (fragment.length < ivLength + 16 || fragment.length % 16 != 0) {
        throw new GeneralSecurityException("a CBC record of " + fragment.length + " bytes");
      }
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, chained != null ? new IvParameterSpec(chained)
          : new IvParameterSpec(fragment, 0, 16));
      byte[] p = c.doFinal(fragment, ivLength, fragment.length - ivLength);
      if (chained != null) {
        chained = Arrays.copyOfRange(fragment, fragment.length - 16, fragment.length);
      }
      int padLength = p[p.length - 1] & 0xFF;
      int macLength = TlsKeys.length(macHash);
      int contentLength = p.length - padLength - 1 - macLength;
      if (contentLength < 0) {
        throw new GeneralSecurityException("bad record padding");
      }
      for (int i = p.length - padLength - 1; i < p.length; i++) {
        if ((p[i] & 0xFF) != padLength) {
          throw new GeneralSecurityException("bad record padding");
        }
      }
      byte[] content = Arrays.copyOf(p, contentLength);
      byte[] mac = TlsKeys.hmac(macHash, macKey, uint64(seq), header(type, version, contentLength), content);
      if (!java.security.MessageDigest.isEqual(mac, Arrays.copyOfRange(p, contentLength, contentLength
          + macLength))) {
        throw new GeneralSecurityException("bad record MAC");
      }
      return content;
    }
  }

  private static final class Gcm12 extends RecordCipher {
    private final SecretKeySpec key;
    private final byte[] salt;

    Gcm12(byte[] key, byte[] salt) {
      this.key = new SecretKeySpec(key, "AES");
      this.salt = salt.clone();
    }

    @Override
    byte[] seal(long seq, int type, int version, byte[] plaintext) throws GeneralSecurityException {
      byte[] explicit = uint64(seq);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, concat(salt, explicit)));
      c.updateAAD(concat(explicit, header(type, version, plaintext.length)));
      byte[] body = concat(explicit, c.doFinal(plaintext));
      return concat(header(type, version, body.length), body);
    }

    @Override
    byte[] open(long seq, int type, int version, byte[] fragment) throws GeneralSecurityException {
      if (fragment.length < 24) {
        throw new GeneralSecurityException("a GCM record of " + fragment.length + " bytes");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, concat(salt, Arrays.copyOf(fragment, 8))));
      c.updateAAD(concat(uint64(seq), header(type, version, fragment.length - 24)));
      return c.doFinal(fragment, 8, fragment.length - 8);
    }
  }

  private static final class Chacha12 extends RecordCipher {
    private final SecretKeySpec key;
    private final byte[] iv;

    Chacha12(byte[] key, byte[] iv) {
      this.key = new SecretKeySpec(key, "ChaCha20");
      this.iv = iv.clone();
    }

    @Override
    byte[] seal(long seq, int type, int version, byte[] plaintext) throws GeneralSecurityException {
      Cipher c = chacha(Cipher.ENCRYPT_MODE, key, nonce(iv, seq));
      c.updateAAD(concat(uint64(seq), header(type, version, plaintext.length)));
      byte[] body = c.doFinal(plaintext);
      return concat(header(type, version, body.length), body);
    }

    @Override
    byte[] open(long seq, int type, int version, byte[] fragment) throws GeneralSecurityException {
      if (fragment.length < 16) {
        throw new GeneralSecurityException("a ChaCha20-Poly1305 record of " + fragment.length + " bytes");
      }
      Cipher c = chacha(Cipher.DECRYPT_MODE, key, nonce(iv, seq));
      c.updateAAD(concat(uint64(seq), header(type, version, fragment.length - 16)));
      return c.doFinal(fragment);
    }
  }

  private static final class Tls13 extends RecordCipher {
    private final SecretKeySpec key;
    private final byte[] iv;
    private final boolean chacha;

    Tls13(byte[] key, byte[] iv, boolean chacha) {
      this.key = new SecretKeySpec(key, chacha ? "ChaCha20" : "AES");
      this.iv = iv.clone();
      this.chacha = chacha;
    }

    private Cipher cipher(int mode, long seq) throws GeneralSecurityException {
      if (chacha) {
        return chacha(mode, key, nonce(iv, seq));
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, key, new GCMParameterSpec(128, nonce(iv, seq)));
      return c;
    }

    @Override
    byte[] seal(long seq, int type, int version, byte[] plaintext) throws GeneralSecurityException {
      byte[] inner = concat(plaintext, new byte[] {(byte) type});
      byte[] head = header(23, 0x0303, inner.length + 16);
      Cipher c = cipher(Cipher.ENCRYPT_MODE, seq);
      c.updateAAD(head);
      return concat(head, c.doFinal(inner));
    }

    @Override
    byte[] open(long seq, int type, int version, byte[] fragment) throws GeneralSecurityException {
      Cipher c = cipher(Cipher.DECRYPT_MODE, seq);
      c.updateAAD(header(type, version, fragment.length));
      byte[] inner = c.doFinal(fragment);
      int end = inner.length - 1;
      while (end >= 0 && inner[end] == 0) {
        end--;
      }
      if (end < 0) {
        throw new GeneralSecurityException("a TLS 1.3 record without a content type");
      }
      byte[] out = new byte[end + 1];
      out[0] = inner[end];
      System.arraycopy(inner, 0, out, 1, end);
      return out;
    }
  }
}
