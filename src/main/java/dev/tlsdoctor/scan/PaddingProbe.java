package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.KeyExchange;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.Tls12Client;
import java.io.IOException;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The padding oracles. ROBOT (Return Of Bleichenbacher's Oracle Threat, 2017): a server whose answer to an RSA
 * ClientKeyExchange depends on whether the decrypted PKCS#1 v1.5 block is well formed lets an attacker decrypt
 * recorded RSA key exchanges. POODLE against TLS (2014): a server that checks only the last byte of CBC padding, as
 * SSL 3.0 did, lets an attacker recover secrets a byte at a time.
 */
final class PaddingProbe {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CHANGE_CIPHER_SPEC = 20;
  private static final int HANDSHAKE = 22;
  /** How long one answer to a ClientKeyExchange is waited for: servers that answer at all answer at once. */
  private static final Duration ANSWER = Duration.ofSeconds(2);
  /** How the POODLE check's detail begins when the server completes no handshake at {@code v} with the CBC suites. */
  static String noCbcHandshake(ProtocolVersion v) {
    return "no " + v.displayName() + " handshake with a CBC suite";
  }

  /** The version a POODLE check's detail says no CBC handshake was possible at, or null when it says otherwise. */
  static ProtocolVersion noCbcHandshakeAt(String detail) {
    for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2)) {
      if (detail.startsWith(noCbcHandshake(v) + " (")) {
        return v;
      }
    }
    return null;
  }

  /** The malformed premaster secrets of the ROBOT paper, the well-formed one first. */
  enum Variant {
    CORRECT("well formed"),
    WRONG_FIRST_BYTES("wrong first bytes"),
    NO_SEPARATOR("no zero separator"),
    SEPARATOR_MISPLACED("zero separator misplaced"),
    WRONG_VERSION("wrong version in the secret");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  private PaddingProbe() {
  }

  /**
   * ROBOT: the five ClientKeyExchange variants, each on its own connection and followed by ChangeCipherSpec and a
   * Finished that cannot decrypt; a server that answers all five alike has no oracle. Different answers are asked
   * again, and only the same difference twice counts, so that one lost packet is no verdict.
   */
  static ServerProfile.Check robot(Connector c, ProtocolVersion v, String sni) throws InterruptedException {
    List<CipherSuite> rsa = ScanHellos.candidates(v).stream().filter(s -> s.keyExchange() == KeyExchange.RSA
        && !s.is(CipherSuite.Flag.EXPORT)).toList();
    Map<Variant, String> first = round(c, v, rsa, sni);
    if (first == null) {
      return new ServerProfile.Check("robot", ServerProfile.Check.OK, "the server refuses RSA key exchange");
    }
    if (first.values().stream().distinct().count() == 1) {
      return new ServerProfile.Check("robot", ServerProfile.Check.OK, "all five malformed and well-formed RSA"
          + " ClientKeyExchange variants got the same answer: " + first.get(Variant.CORRECT));
    }
    Map<Variant, String> second = round(c, v, rsa, sni);
    if (!first.equals(second)) {
      return new ServerProfile.Check("robot", ServerProfile.Check.UNKNOWN, "the answers to malformed RSA"
          + " ClientKeyExchange variants differ, but not the same way twice: " + describe(first) + "; then "
          + (second == null ? "RSA refused" : describe(second)));
    }
    return new ServerProfile.Check("robot", ServerProfile.Check.VULNERABLE, "the server answers malformed RSA"
        + " ClientKeyExchange messages differently (" + describe(first) + "): a Bleichenbacher oracle (ROBOT);"
        + " recorded RSA key exchanges can be decrypted; turn off RSA key exchange or update the TLS stack");
  }

  private static String describe(Map<Variant, String> answers) {
    List<String> out = new ArrayList<>();
    answers.forEach((k, a) -> out.add(k.label + ": " + a));
    return String.join(", ", out);
  }

  /** Each variant's answer, or null when the server refuses RSA key exchange. */
  private static Map<Variant, String> round(Connector c, ProtocolVersion v, List<CipherSuite> rsa, String sni)
      throws InterruptedException {
    if (rsa.isEmpty()) {
      return null;
    }
    byte[] hello = ScanHellos.legacy(v, rsa, sni).build().toRecords();
    Map<Variant, String> out = new LinkedHashMap<>();
    try (ExecutorService pool = Tasks.perTask()) {
      Map<Variant, Future<String>> fs = new LinkedHashMap<>();
      for (Variant x : Variant.values()) {
        fs.put(x, pool.submit(() -> c.withSocket(s -> {
          ServerFlight f = Connector.send(s, hello, c.readTimeout());
          RSAPublicKey key = f.isComplete() && f.version().filter(v::equals).isPresent()
              ? TargetScan.Served.of(f).chain().stream().findFirst().map(x509 -> x509.getPublicKey())
                  .filter(RSAPublicKey.class::isInstance).map(RSAPublicKey.class::cast).orElse(null) : null;
          if (key == null) {
            return null;
          }
          byte[] secret = encrypt(key, premaster(x, key, v));
          byte[] cke = new byte[4 + 2 + secret.length];
          cke[0] = 16;
          cke[2] = (byte) ((secret.length + 2) >> 8);
          cke[3] = (byte) (secret.length + 2);
          cke[4] = (byte) (secret.length >> 8);
          cke[5] = (byte) secret.length;
          System.arraycopy(secret, 0, cke, 6, secret.length);
          byte[] finished = new byte[64];
          RANDOM.nextBytes(finished);
          WeaknessProbe.send(s, concat(WeaknessProbe.record(HANDSHAKE, v, cke),
              WeaknessProbe.record(CHANGE_CIPHER_SPEC, v, new byte[] {1}), WeaknessProbe.record(HANDSHAKE, v,
              finished)));
          return WeaknessProbe.answer(s, Connector.min(ANSWER, c.readTimeout())).describe();
        })));
      }
      for (Map.Entry<Variant, Future<String>> e : fs.entrySet()) {
        String a = Tasks.get(e.getValue());
        if (a == null) {
          return null;
        }
        out.put(e.getKey(), a);
      }
    }
    return out;
  }

  /**
   * The premaster secret block of one variant, as long as the modulus: {@code 00 02 || non-zero padding || 00 ||
   * version || 46 random bytes} when well formed (RFC 5246 section 7.4.7.1, PKCS#1 v1.5 type 2).
   */
  static byte[] premaster(Variant x, RSAPublicKey key, ProtocolVersion v) {
    int k = (key.getModulus().bitLength() + 7) / 8;
    byte[] b = new byte[k];
    for (int i = 0; i < k; i++) {
      b[i] = (byte) (1 + RANDOM.nextInt(255));
    }
    b[0] = 0;
    b[1] = 2;
    int separator = k - 49;
    b[separator] = 0;
    b[separator + 1] = (byte) (v.wire() >> 8);
    b[separator + 2] = (byte) v.wire();
    switch (x) {
      case WRONG_FIRST_BYTES -> {
        b[0] = 0x41;
        b[1] = 0x17;
      }
      case NO_SEPARATOR -> b[separator] = 0x11;
      case SEPARATOR_MISPLACED -> {
        b[separator] = 0x11;
        b[separator - 8] = 0;
      }
      case WRONG_VERSION -> {
        b[separator + 1] = 2;
        b[separator + 2] = 2;
      }
      case CORRECT -> {
      }
    }
    return b;
  }

  /** Textbook RSA: the block to the public exponent, as long as the modulus. */
  private static byte[] encrypt(RSAPublicKey key, byte[] block) {
    int k = block.length;
    byte[] raw = new BigInteger(1, block).modPow(key.getPublicExponent(), key.getModulus()).toByteArray();
    byte[] out = new byte[k];
    int copy = Math.min(raw.length, k);
    System.arraycopy(raw, raw.length - copy, out, k - copy, copy);
    return out;
  }

  /**
   * POODLE against TLS: a complete handshake at {@code v} (TLS 1.0, 1.1 or 1.2: the best version below TLS 1.3 the
   * server accepts) with a CBC suite, then a request in a record whose padding bytes are wrong (its last byte, the
   * length, is right and the MAC is good). A correct server refuses it with bad_record_mac(20); one that answers took
   * it.
   */
  static ServerProfile.Check poodleTls(Connector c, ProtocolVersion v, String sni) {
    List<CipherSuite> cbc = Tls12Client.completable(ScanHellos.candidates(v), v, true);
    String host = sni != null ? sni : c.address().getHostAddress();
    try {
      return c.withSocket(s -> {
        Tls12Client t;
        try {
          t = Tls12Client.handshake(s, ScanHellos.legacy(v, cbc, sni));
        } catch (IOException e) {
          return e.getMessage() != null && e.getMessage().startsWith("alert ") ? new ServerProfile.Check(
              "poodle-tls", ServerProfile.Check.OK, noCbcHandshake(v) + " (" + e.getMessage() + ")")
              : new ServerProfile.Check("poodle-tls", ServerProfile.Check.UNKNOWN, noCbcHandshake(v) + ": "
              + e.getMessage());
        }
        t.send(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(
            StandardCharsets.US_ASCII), true);
        s.setSoTimeout((int) Connector.min(ANSWER, c.readTimeout()).toMillis());
        String suite = t.session().suite().name();
        try {
          byte[] answer = t.receive();
          return new ServerProfile.Check("poodle-tls", ServerProfile.Check.VULNERABLE, "the server took a record"
              + " with bad CBC padding and answered (" + answer.length + " bytes) with " + suite + ": it checks only"
              + " the padding length, as SSL 3.0 did (POODLE against TLS)");
        } catch (SocketTimeoutException e) {
          return new ServerProfile.Check("poodle-tls", ServerProfile.Check.UNKNOWN, "no answer to a record with bad"
              + " CBC padding (" + suite + "): neither refused nor answered");
        } catch (IOException e) {
          return new ServerProfile.Check("poodle-tls", ServerProfile.Check.OK, "a record with bad CBC padding was"
              + " refused (" + e.getMessage() + ", " + suite + ")");
        }
      });
    } catch (Connector.ConnectFailed e) {
      return new ServerProfile.Check("poodle-tls", ServerProfile.Check.UNKNOWN, e.getMessage());
    }
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
