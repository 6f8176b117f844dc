package dev.tlsdoctor.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;

/**
 * A TLS 1.2 client that completes a full handshake with its own keys, for the probes that need them: session
 * resumption (the session id and ticket it gets) and POODLE against TLS (a record with bad padding). Key exchange
 * ECDHE (x25519, x448, secp256r1/384r1/521r1) or RSA; the AES-GCM (128 and 256) and AES-CBC suites of
 * {@link #SUITES}; the extended master secret
 * when the server agrees. It does not judge the server's certificate or key-exchange signature: it probes, it does
 * not protect anything.
 */
public final class Tls12Client {
  /** A suite's record protection: MAC hash ({@code null} for GCM), key length and the PRF's hash. */
  private record Protection(String macHash, int keyLength, String prfHash) {
    Protection(String macHash, int keyLength) {
      this(macHash, keyLength, "SHA-256");
    }

    boolean gcm() {
      return macHash == null;
    }
  }

  /** The suites this client completes, by code point. */
  private static final Map<Integer, Protection> SUITES = Map.ofEntries(
      Map.entry(0xC02B, new Protection(null, 16)), Map.entry(0xC02F, new Protection(null, 16)),
      Map.entry(0x009C, new Protection(null, 16)), Map.entry(0xC02C, new Protection(null, 32, "SHA-384")),
      Map.entry(0xC030, new Protection(null, 32, "SHA-384")), Map.entry(0x009D, new Protection(null, 32, "SHA-384")),
      Map.entry(0xC009, new Protection("SHA-1", 16)), Map.entry(0xC013, new Protection("SHA-1", 16)),
      Map.entry(0x002F, new Protection("SHA-1", 16)), Map.entry(0xC00A, new Protection("SHA-1", 32)),
      Map.entry(0xC014, new Protection("SHA-1", 32)), Map.entry(0x0035, new Protection("SHA-1", 32)),
      Map.entry(0xC023, new Protection("SHA-256", 16)), Map.entry(0xC027, new Protection("SHA-256", 16)),
      Map.entry(0x003C, new Protection("SHA-256", 16)));
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The outcome of a complete handshake. */
  public record Session(CipherSuite suite, Bytes sessionId, Bytes ticket, boolean extendedMasterSecret) {
  }

  private final RecordIo io;
  private Session session;

  private Tls12Client(Socket s) throws IOException {
    io = new RecordIo(s);
  }

  /** The suites of {@code offered} this client can complete: CBC ones when {@code cbcOnly}. */
  public static List<CipherSuite> completable(List<CipherSuite> offered, boolean cbcOnly) {
    return offered.stream().filter(s -> SUITES.containsKey(s.code()) && (!cbcOnly || !SUITES.get(s.code()).gcm()))
        .toList();
  }

  /**
   * A full TLS 1.2 handshake on {@code s} with {@code hello} (a builder whose suites this client completes; its
   * supported_groups are replaced by those it computes). Throws {@link IOException} with what the server did when it
   * does not complete.
   */
  public static Tls12Client handshake(Socket s, ClientHelloBuilder hello) throws IOException {
    Tls12Client c = new Tls12Client(s);
    try {
      c.run(hello.supportedGroups(Ecdh.GROUPS.toArray(NamedGroup[]::new)).build());
    } catch (TlsDecodeException e) {
      throw new RecordIo.Failed("malformed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    return c;
  }

  public Session session() {
    return session;
  }

  /** Sends application data; with {@code badPadding}, CBC padding bytes that are wrong (only the last is right). */
  public void send(byte[] data, boolean badPadding) throws IOException {
    if (io.writer instanceof RecordCipher.Cbc cbc) {
      cbc.badPadding(badPadding);
    } else if (badPadding) {
      throw new IllegalStateException("bad padding needs a CBC suite");
    }
    io.send(23, data);
  }

  /** The next record's decrypted content, or the IOException that says how the server answered instead. */
  public byte[] receive() throws IOException {
    return io.record().content();
  }

  private void run(ClientHello hello) throws IOException {
    io.sendRaw(hello.toRecords());
    io.addToTranscript(hello.toHandshake());
    ServerHello sh = null;
    X509Certificate leaf = null;
    ServerKeyExchange ske = null;
    boolean certificateRequested = false;
    for (byte[] m = io.message(); ; m = io.message()) {
      if (m == null) {
        throw new RecordIo.Failed("the server resumed a session it was not offered");
      }
      int type = RecordIo.type(m);
      byte[] body = RecordIo.body(m);
      if (type == 2) {
        sh = ServerHello.parse(body);
        if (sh.versionCode() != ProtocolVersion.TLSv1_2.wire() || !SUITES.containsKey(sh.cipherSuite().code())) {
          throw new RecordIo.Failed("the server chose " + sh.cipherSuite() + String.format(" at 0x%04X",
              sh.versionCode()));
        }
      } else if (type == 11) {
        List<X509Certificate> chain = CertificateMessage.parseTls12(body).x509();
        leaf = chain.isEmpty() ? null : chain.get(0);
      } else if (type == 12 && sh != null) {
        ske = ServerKeyExchange.parse(body, sh.cipherSuite(), sh.versionCode());
      } else if (type == 13) {
        certificateRequested = true;
      } else if (type == 14) {
        break;
      }
    }
    if (sh == null) {
      throw new RecordIo.Failed("no ServerHello before ServerHelloDone");
    }
    finish(hello, sh, leaf, ske, certificateRequested);
  }

  private void finish(ClientHello hello, ServerHello sh, X509Certificate leaf, ServerKeyExchange ske,
      boolean certificateRequested) throws IOException {
    byte[] random = RecordCipher.concat(hello.random().toByteArray(), sh.random().toByteArray());
    byte[] pms;
    byte[] exchange;
    try {
      if (ske != null && ske.ecdhe().isPresent()) {
        Ecdh mine = new Ecdh(ske.ecdhe().get().group());
        pms = mine.agree(ske.ecdhe().get().point().toByteArray());
        exchange = RecordCipher.concat(new byte[] {(byte) mine.publicValue().length}, mine.publicValue());
      } else if (ske == null && leaf != null) {
        pms = new byte[48];
        RANDOM.nextBytes(pms);
        pms[0] = 3;
        pms[1] = 3;
        byte[] encrypted = rsaEncrypt(leaf.getPublicKey(), pms);
        exchange = RecordCipher.concat(new byte[] {(byte) (encrypted.length >> 8), (byte) encrypted.length},
            encrypted);
      } else {
        throw new RecordIo.Failed("a key exchange this client does not do (" + sh.cipherSuite() + ")");
      }
    } catch (GeneralSecurityException e) {
      throw new RecordIo.Failed("key exchange failed: " + e.getMessage());
    }
    if (certificateRequested) {
      io.sendHandshake(RecordIo.handshake(11, new byte[3])); // no client certificate
    }
    io.sendHandshake(RecordIo.handshake(16, exchange));
    boolean ems = sh.extendedMasterSecret();
    Protection p = SUITES.get(sh.cipherSuite().code());
    String prf = p.prfHash();
    byte[] master = ems ? TlsKeys.prf(prf, pms, "extended master secret", 48, TlsKeys.digest(prf, io.transcript()))
        : TlsKeys.prf(prf, pms, "master secret", 48, random);
    int mac = p.gcm() ? 0 : TlsKeys.length(p.macHash());
    byte[] block = TlsKeys.prf(prf, master, "key expansion", 2 * mac + 2 * p.keyLength() + 8,
        sh.random().toByteArray(), hello.random().toByteArray());
    int at = 2 * mac;
    byte[] clientKey = Arrays.copyOfRange(block, at, at + p.keyLength());
    byte[] serverKey = Arrays.copyOfRange(block, at + p.keyLength(), at + 2 * p.keyLength());
    at += 2 * p.keyLength();
    RecordCipher write = p.gcm() ? RecordCipher.gcm12(clientKey, Arrays.copyOfRange(block, at, at + 4))
        : RecordCipher.cbc(p.macHash(), Arrays.copyOf(block, mac), clientKey);
    RecordCipher read = p.gcm() ? RecordCipher.gcm12(serverKey, Arrays.copyOfRange(block, at + 4, at + 8))
        : RecordCipher.cbc(p.macHash(), Arrays.copyOfRange(block, mac, 2 * mac), serverKey);
    io.send(20, new byte[] {1});
    io.writer = write;
    byte[] verify = TlsKeys.prf(prf, master, "client finished", 12, TlsKeys.digest(prf, io.transcript()));
    io.sendHandshake(RecordIo.handshake(20, verify));
    Bytes ticket = null;
    byte[] m = io.message();
    if (m != null && RecordIo.type(m) == 4) {
      // NewSessionTicket: uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>;
      WireReader r = WireReader.of("NewSessionTicket", RecordIo.body(m));
      r.readBytes("ticket_lifetime_hint", 4);
      ticket = r.readOpaque16("ticket", 0, 0xFFFF);
      m = io.message();
    }
    if (m != null) {
      throw new RecordIo.Failed("a handshake message of type " + RecordIo.type(m) + " where ChangeCipherSpec was"
          + " expected");
    }
    io.reader = read;
    byte[] expected = TlsKeys.prf(prf, master, "server finished", 12, TlsKeys.digest(prf, io.transcript()));
    byte[] fin = io.message();
    if (fin == null || RecordIo.type(fin) != 20 || !Arrays.equals(RecordIo.body(fin), expected)) {
      throw new RecordIo.Failed("the server's Finished does not verify");
    }
    session = new Session(sh.cipherSuite(), sh.sessionId(), ticket, ems);
  }

  private static byte[] rsaEncrypt(PublicKey key, byte[] pms) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    c.init(Cipher.ENCRYPT_MODE, key);
    return c.doFinal(pms);
  }
}
