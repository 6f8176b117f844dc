package dev.tlsdoctor.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key derivations of TLS: the TLS 1.2 PRF (RFC 5246 section 5) and the TLS 1.3 key schedule's HKDF functions
 * (RFC 8446 section 7.1, RFC 5869). {@code hash} is a JDK digest name: {@code SHA-256} or {@code SHA-384}.
 */
public final class TlsKeys {
  private TlsKeys() {
  }

  /** HMAC-{@code hash} of the concatenated {@code data}. */
  public static byte[] hmac(String hash, byte[] key, byte[]... data) {
    try {
      String name = "Hmac" + hash.replace("-", "");
      Mac m = Mac.getInstance(name);
      // an empty key pads to a block of zeros, as one zero byte does (RFC 2104); the JDK refuses an empty key
      m.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, name));
      for (byte[] d : data) {
        m.update(d);
      }
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HMAC for " + hash, e);
    }
  }

  public static byte[] digest(String hash, byte[] data) {
    try {
      return MessageDigest.getInstance(hash).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + hash, e);
    }
  }

  public static int length(String hash) {
    return hash.equals("SHA-384") ? 48 : hash.equals("SHA-1") ? 20 : hash.equals("MD5") ? 16 : 32;
  }

  /**
   * The TLS 1.2 PRF: P_hash(secret, label + seed), {@code length} bytes.
   *
   * <pre>
   * P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
   * A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
   * </pre>
   */
  public static byte[] prf(String hash, byte[] secret, String label, byte[]... seeds) {
    return prf(hash, secret, label, 0, seeds);
  }

  /** {@link #prf} cut to {@code length} bytes ({@code 0}: one block of the hash). */
  public static byte[] prf(String hash, byte[] secret, String label, int length, byte[]... seeds) {
    ByteArrayOutputStream seed = new ByteArrayOutputStream();
    seed.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    for (byte[] s : seeds) {
      seed.writeBytes(s);
    }
    byte[] labelSeed = seed.toByteArray();
    int want = length == 0 ? length(hash) : length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] a = labelSeed;
    while (out.size() < want) {
      a = hmac(hash, secret, a);
      out.writeBytes(hmac(hash, secret, a, labelSeed));
    }
    return java.util.Arrays.copyOf(out.toByteArray(), want);
  }

  /**
   * The PRF of TLS 1.0 and 1.1 (RFC 2246 section 5): P_MD5 over the secret's first half XOR P_SHA-1 over its second
   * half (the halves share the middle byte when the length is odd), {@code length} bytes.
   */
  public static byte[] prf10(byte[] secret, String label, int length, byte[]... seeds) {
    int half = (secret.length + 1) / 2;
    byte[] md5 = prf("MD5", java.util.Arrays.copyOf(secret, half), label, length, seeds);
    byte[] sha1 = prf("SHA-1", java.util.Arrays.copyOfRange(secret, secret.length - half, secret.length), label,
        length, seeds);
    for (int i = 0; i < length; i++) {
      md5[i] ^= sha1[i];
    }
    return md5;
  }

  /** The handshake hash of TLS 1.0 and 1.1: MD5 and SHA-1 of the messages, concatenated (36 bytes). */
  public static byte[] digest10(byte[] messages) {
    byte[] md5 = digest("MD5", messages);
    byte[] sha1 = digest("SHA-1", messages);
    byte[] out = java.util.Arrays.copyOf(md5, md5.length + sha1.length);
    System.arraycopy(sha1, 0, out, md5.length, sha1.length);
    return out;
  }

  /** HKDF-Extract(salt, ikm); an empty salt or ikm stands for a string of zeros of the hash's length. */
  public static byte[] extract(String hash, byte[] salt, byte[] ikm) {
    byte[] zeros = new byte[length(hash)];
    return hmac(hash, salt.length == 0 ? zeros : salt, ikm.length == 0 ? zeros : ikm);
  }

  /**
   * HKDF-Expand-Label (RFC 8446 section 7.1).
   *
   * <pre>
   * struct {
   *     uint16 length = Length;
   *     opaque label&lt;7..255&gt; = "tls13 " + Label;
   *     opaque context&lt;0..255&gt; = Context;
   * } HkdfLabel;
   * </pre>
   */
  public static byte[] expandLabel(String hash, byte[] secret, String label, byte[] context, int length) {
    byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
    byte[] info = new WireWriter().writeUint16(length).writeOpaque8(Bytes.of(l)).writeOpaque8(Bytes.of(context))
        .toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; out.size() < length; i++) {
      t = hmac(hash, secret, t, info, new byte[] {(byte) i});
      out.writeBytes(t);
    }
    return java.util.Arrays.copyOf(out.toByteArray(), length);
  }

  /** Derive-Secret(secret, label, messages) = HKDF-Expand-Label(secret, label, Hash(messages), Hash.length). */
  public static byte[] deriveSecret(String hash, byte[] secret, String label, byte[] messages) {
    return expandLabel(hash, secret, label, digest(hash, messages), length(hash));
  }
}
