package dev.tlsdoctor.testing;

import dev.tlsdoctor.tls.RecordCipher;
import dev.tlsdoctor.tls.TlsKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RSA key exchange of {@link FlawedServer}'s ROBOT and POODLE_TLS servers, with a real certificate and key: the
 * flight up to ServerHelloDone, then either a PKCS#1 check that answers differently for a block with wrong first
 * bytes (a Bleichenbacher oracle), or a complete TLS 1.2 handshake with TLS_RSA_WITH_AES_128_CBC_SHA whose record
 * layer checks only the last byte of the padding (POODLE against TLS).
 */
final class FlawedKeyExchange {
  static final int RSA_AES_128_CBC_SHA = 0x002F;
  private static final byte[] RANDOM = "flawed server random, with keys!".getBytes(StandardCharsets.US_ASCII);
  private final List<byte[]> chain;
  private final PrivateKey key;

  FlawedKeyExchange(TestCerts.Pair pair) throws IOException, GeneralSecurityException {
    chain = pem(Files.readString(pair.cert()), "CERTIFICATE");
    key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(pair.key()),
        "PRIVATE KEY").get(0)));
  }

  private static List<byte[]> pem(String text, String label) {
    List<byte[]> out = new ArrayList<>();
    String begin = "-----BEGIN " + label + "-----";
    for (int at = text.indexOf(begin); at >= 0; at = text.indexOf(begin, at + 1)) {
      int end = text.indexOf("-----END " + label + "-----", at);
      out.add(Base64.getMimeDecoder().decode(text.substring(at + begin.length(), end)));
    }
    return out;
  }

  /** ServerHello (the suite given), Certificate, ServerHelloDone; the handshake messages sent, for the transcript. */
  byte[] flight(HostileTls.Offer offer, int suite) {
    return flight(offer, suite, HostileTls.TLS_1_2);
  }

  /** {@link #flight(HostileTls.Offer, int)} at {@code version} (TLS 1.1 or 1.2). */
  byte[] flight(HostileTls.Offer offer, int suite, int version) {
    ByteArrayOutputStream certs = new ByteArrayOutputStream();
    for (byte[] c : chain) {
      certs.writeBytes(uint24(c.length));
      certs.writeBytes(c);
    }
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    byte[] extensions = offer.signalsRenegotiationInfo() ? HostileTls.emptyRenegotiationInfo() : new byte[0];
    m.writeBytes(HostileTls.serverHello(version, RANDOM, new byte[0], suite, extensions));
    m.writeBytes(HostileTls.handshakeHeader(11, certs.size() + 3));
    m.writeBytes(uint24(certs.size()));
    m.writeBytes(certs.toByteArray());
    m.writeBytes(HostileTls.handshakeHeader(14, 0));
    return m.toByteArray();
  }

  /**
   * ROBOT: decrypts the ClientKeyExchange and, when the block does not start with 00 02, refuses at once with
   * decrypt_error(51); otherwise waits for ChangeCipherSpec and Finished and refuses with bad_record_mac(20), as a
   * correct server does for every block.
   */
  void oracle(InputStream in, OutputStream out) throws IOException, GeneralSecurityException {
    byte[] cke = clientKeyExchange(in);
    byte[] block = rsa("RSA/ECB/NoPadding", Arrays.copyOfRange(cke, 6, cke.length));
    int k = block.length;
    if (k < 2 || block[0] != 0 || block[1] != 2) {
      out.write(HostileTls.fatalAlert(HostileTls.TLS_1_2, 51));
      return;
    }
    record(in); // ChangeCipherSpec
    record(in); // Finished, which cannot decrypt
    out.write(HostileTls.fatalAlert(HostileTls.TLS_1_2, 20));
  }

  /**
   * POODLE against TLS: completes the handshake, then answers an application-data record whose MAC is good
   * whatever its padding bytes say.
   */
  void lenientPadding(HostileTls.Offer offer, byte[] flight, InputStream in, OutputStream out, int version)
      throws IOException, GeneralSecurityException {
    boolean tls12 = version == HostileTls.TLS_1_2;
    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    transcript.writeBytes(offer.message());
    transcript.writeBytes(flight);
    byte[] cke = clientKeyExchange(in);
    transcript.writeBytes(cke);
    byte[] pms = rsa("RSA/ECB/PKCS1Padding", Arrays.copyOfRange(cke, 6, cke.length));
    byte[] master = tls12 ? TlsKeys.prf("SHA-256", pms, "master secret", 48, offer.random(), RANDOM)
        : TlsKeys.prf10(pms, "master secret", 48, offer.random(), RANDOM);
    byte[] block = tls12 ? TlsKeys.prf("SHA-256", master, "key expansion", 72, RANDOM, offer.random())
        : TlsKeys.prf10(master, "key expansion", 72, RANDOM, offer.random());
    byte[] clientMac = Arrays.copyOfRange(block, 0, 20);
    byte[] serverMac = Arrays.copyOfRange(block, 20, 40);
    byte[] clientKey = Arrays.copyOfRange(block, 40, 56);
    byte[] serverKey = Arrays.copyOfRange(block, 56, 72);
    record(in); // ChangeCipherSpec
    long[] seq = {0};
    byte[] finished = lenientOpen(clientMac, clientKey, seq, 22, version, record(in));
    transcript.writeBytes(finished);
    byte[] verify = tls12 ? TlsKeys.prf("SHA-256", master, "server finished", 12, TlsKeys.digest("SHA-256",
        transcript.toByteArray())) : TlsKeys.prf10(master, "server finished", 12, TlsKeys.digest10(
        transcript.toByteArray()));
    RecordCipher write = RecordCipher.cbc("SHA-1", serverMac, serverKey);
    out.write(HostileTls.record(20, version, new byte[] {1}));
    byte[] message = new byte[16];
    System.arraycopy(HostileTls.handshakeHeader(20, 12), 0, message, 0, 4);
    System.arraycopy(verify, 0, message, 4, 12);
    out.write(write.seal(22, version, message));
    out.flush();
    byte[] request;
    try {
      request = lenientOpen(clientMac, clientKey, seq, 23, version, record(in));
    } catch (GeneralSecurityException e) {
      out.write(write.seal(21, version, new byte[] {2, 20}));
      return;
    }
    out.write(write.seal(23, version, ("HTTP/1.1 200 OK\r\nContent-Length: " + request.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
  }

  /** Decrypts a CBC record checking the MAC and only the last byte of the padding (its length), as SSL 3.0 did. */
  private static byte[] lenientOpen(byte[] macKey, byte[] key, long[] seq, int type, int version, byte[] fragment)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(fragment, 0, 16));
    byte[] p = c.doFinal(fragment, 16, fragment.length - 16);
    int n = p.length - (p[p.length - 1] & 0xFF) - 1 - 20;
    if (n < 0) {
      throw new GeneralSecurityException("padding longer than the record");
    }
    byte[] content = Arrays.copyOf(p, n);
    byte[] head = {0, 0, 0, 0, 0, 0, 0, 0, (byte) type, 3, (byte) version, (byte) (n >> 8), (byte) n};
    for (int i = 0; i < 8; i++) {
      head[i] = (byte) (seq[0] >>> (56 - 8 * i));
    }
    seq[0]++;
    if (!MessageDigest.isEqual(TlsKeys.hmac("SHA-1", macKey, head, content), Arrays.copyOfRange(p, n, n + 20))) {
      throw new GeneralSecurityException("bad MAC");
    }
    return content;
  }

  private byte[] rsa(String transformation, byte[] data) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(transformation);
    c.init(Cipher.DECRYPT_MODE, key);
    return c.doFinal(data);
  }

  /** A ClientKeyExchange record's fragment: msg_type 16, uint24 length, opaque16 encrypted secret. */
  private static byte[] clientKeyExchange(InputStream in) throws IOException, GeneralSecurityException {
    byte[] m = record(in);
    if (m.length < 7 || m[0] != 16) {
      throw new GeneralSecurityException("not a ClientKeyExchange");
    }
    return m;
  }

  /** One record's fragment. */
  private static byte[] record(InputStream in) throws IOException {
    byte[] head = in.readNBytes(5);
    if (head.length < 5) {
      throw new java.io.EOFException("the client closed");
    }
    return in.readNBytes(((head[3] & 0xFF) << 8) | (head[4] & 0xFF));
  }

  private static byte[] uint24(int n) {
    return new byte[] {(byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }
}
