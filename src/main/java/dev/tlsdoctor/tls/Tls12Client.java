package dev.tlsdoctor.tls;

import java.io.IOException;
import java.math.BigInteger;
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
 * A TLS 1.2, 1.1 and 1.0 client that completes a full handshake with its own keys, for the probes that need them:
 * session resumption (the session id and ticket it gets) and POODLE against TLS (a record with bad padding). Key
 * exchange ECDHE (x25519, x448, secp256r1/384r1/521r1), finite-field DHE or RSA; the AES-GCM, ChaCha20-Poly1305 and
 * AES-CBC suites of {@link #SUITES} (at TLS 1.0 and 1.1 the CBC suites with SHA-1, the only ones defined there); the
 * extended master secret when the server agrees. It does not judge the server's certificate or key-exchange
 * signature: it probes, it does not protect anything.
 */
public final class Tls12Client {
  /** How a suite protects records. */
  private enum Mode { CBC, GCM, CHACHA }

  /** A suite's record protection: mode, MAC hash (CBC only), key length and the PRF's hash (TLS 1.2). */
  private record Protection(Mode mode, String macHash, int keyLength, String prfHash) {
    static Protection cbc(String macHash, int keyLength) {
      return new Protection(Mode.CBC, macHash, keyLength, macHash.equals("SHA-384") ? "SHA-384" : "SHA-256");
    }

    static Protection gcm(int keyLength) {
      return new Protection(Mode.GCM, null, keyLength, keyLength == 32 ? "SHA-384" : "SHA-256");
    }

    static Protection chacha() {
      return new Protection(Mode.CHACHA, null, 32, "SHA-256");
    }

    /** The suite exists below TLS 1.2: CBC with SHA-1. */
    boolean beforeTls12() {
      return mode == Mode.CBC && macHash.equals("SHA-1");
    }

    /** The fixed IV's length taken from the key block: GCM's salt, ChaCha's nonce, TLS 1.0's first CBC IV. */
    int ivLength(int version) {
      return mode == Mode.GCM ? 4 : mode == Mode.CHACHA ? 12 : version == ProtocolVersion.TLSv1.wire() ? 16 : 0;
    }
  }

  /** The suites this client completes, by code point: ECDHE, DHE and RSA key exchange. */
  private static final Map<Integer, Protection> SUITES = Map.ofEntries(
      // AES-GCM (RFC 5288, RFC 5289)
      Map.entry(0xC02B, Protection.gcm(16)), Map.entry(0xC02F, Protection.gcm(16)),
      Map.entry(0x009E, Protection.gcm(16)), Map.entry(0x009C, Protection.gcm(16)),
      Map.entry(0xC02C, Protection.gcm(32)), Map.entry(0xC030, Protection.gcm(32)),
      Map.entry(0x009F, Protection.gcm(32)), Map.entry(0x009D, Protection.gcm(32)),
      // ChaCha20-Poly1305 (RFC 7905)
      Map.entry(0xCCA8, Protection.chacha()), Map.entry(0xCCA9, Protection.chacha()),
      Map.entry(0xCCAA, Protection.chacha()),
      // AES-CBC with SHA-1 (TLS 1.0 and later)
      Map.entry(0xC009, Protection.cbc("SHA-1", 16)), Map.entry(0xC013, Protection.cbc("SHA-1", 16)),
      Map.entry(0x0033, Protection.cbc("SHA-1", 16)), Map.entry(0x002F, Protection.cbc("SHA-1", 16)),
      Map.entry(0xC00A, Protection.cbc("SHA-1", 32)), Map.entry(0xC014, Protection.cbc("SHA-1", 32)),
      Map.entry(0x0039, Protection.cbc("SHA-1", 32)), Map.entry(0x0035, Protection.cbc("SHA-1", 32)),
      // AES-CBC with SHA-256 and SHA-384 (TLS 1.2)
      Map.entry(0xC023, Protection.cbc("SHA-256", 16)), Map.entry(0xC027, Protection.cbc("SHA-256", 16)),
      Map.entry(0x0067, Protection.cbc("SHA-256", 16)), Map.entry(0x003C, Protection.cbc("SHA-256", 16)),
      Map.entry(0x006B, Protection.cbc("SHA-256", 32)), Map.entry(0x003D, Protection.cbc("SHA-256", 32)),
      Map.entry(0xC024, Protection.cbc("SHA-384", 32)), Map.entry(0xC028, Protection.cbc("SHA-384", 32)));
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The outcome of a complete handshake. */
  public record Session(CipherSuite suite, Bytes sessionId, Bytes ticket, boolean extendedMasterSecret) {
  }

  private final RecordIo io;
  private Session session;

  private Tls12Client(Socket s) throws IOException {
    io = new RecordIo(s);
  }

  /** The suites of {@code offered} this client can complete at TLS 1.2: CBC ones when {@code cbcOnly}. */
  public static List<CipherSuite> completable(List<CipherSuite> offered, boolean cbcOnly) {
    return completable(offered, ProtocolVersion.TLSv1_2, cbcOnly);
  }

  /** The suites of {@code offered} this client can complete at {@code v}: CBC ones when {@code cbcOnly}. */
  public static List<CipherSuite> completable(List<CipherSuite> offered, ProtocolVersion v, boolean cbcOnly) {
    return offered.stream().filter(s -> SUITES.containsKey(s.code())
        && (!cbcOnly || SUITES.get(s.code()).mode() == Mode.CBC)
        && (v == ProtocolVersion.TLSv1_2 || SUITES.get(s.code()).beforeTls12())).toList();
  }

  /** True for the versions this client speaks: TLS 1.0, 1.1 and 1.2. */
  public static boolean speaks(ProtocolVersion v) {
    return v == ProtocolVersion.TLSv1 || v == ProtocolVersion.TLSv1_1 || v == ProtocolVersion.TLSv1_2;
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
        ProtocolVersion v = ProtocolVersion.forWire(sh.versionCode()).orElse(null);
        Protection p = SUITES.get(sh.cipherSuite().code());
        if (v == null || !speaks(v) || sh.versionCode() > hello.legacyVersion() || p == null
            || v != ProtocolVersion.TLSv1_2 && !p.beforeTls12()) {
          throw new RecordIo.Failed("the server chose " + sh.cipherSuite() + String.format(" at 0x%04X",
              sh.versionCode()));
        }
        io.version = sh.versionCode();
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
      } else if (ske != null && ske.dhe().isPresent()) {
        byte[][] dh = dhe(ske.dhe().get());
        pms = dh[0];
        exchange = RecordCipher.concat(new byte[] {(byte) (dh[1].length >> 8), (byte) dh[1].length}, dh[1]);
      } else if (ske == null && leaf != null) {
        pms = new byte[48];
        RANDOM.nextBytes(pms);
        // the version the client offered (RFC 5246 section 7.4.7.1), not the one negotiated
        pms[0] = (byte) (hello.legacyVersion() >> 8);
        pms[1] = (byte) hello.legacyVersion();
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
    int version = sh.versionCode();
    boolean tls12 = version == ProtocolVersion.TLSv1_2.wire();
    String prf = p.prfHash();
    byte[] master = ems ? prf(tls12, prf, pms, "extended master secret", 48, hash(tls12, prf, io.transcript()))
        : prf(tls12, prf, pms, "master secret", 48, random);
    int mac = p.mode() == Mode.CBC ? TlsKeys.length(p.macHash()) : 0;
    int ivLength = p.ivLength(version);
    byte[] block = prf(tls12, prf, master, "key expansion", 2 * mac + 2 * p.keyLength() + 2 * ivLength,
        RecordCipher.concat(sh.random().toByteArray(), hello.random().toByteArray()));
    int at = 2 * mac;
    byte[] clientKey = Arrays.copyOfRange(block, at, at + p.keyLength());
    byte[] serverKey = Arrays.copyOfRange(block, at + p.keyLength(), at + 2 * p.keyLength());
    at += 2 * p.keyLength();
    byte[] clientIv = Arrays.copyOfRange(block, at, at + ivLength);
    byte[] serverIv = Arrays.copyOfRange(block, at + ivLength, at + 2 * ivLength);
    RecordCipher write = cipher(p, version, Arrays.copyOf(block, mac), clientKey, clientIv);
    RecordCipher read = cipher(p, version, Arrays.copyOfRange(block, mac, 2 * mac), serverKey, serverIv);
    io.send(20, new byte[] {1});
    io.writer = write;
    byte[] verify = prf(tls12, prf, master, "client finished", 12, hash(tls12, prf, io.transcript()));
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
    byte[] expected = prf(tls12, prf, master, "server finished", 12, hash(tls12, prf, io.transcript()));
    byte[] fin = io.message();
    if (fin == null || RecordIo.type(fin) != 20 || !Arrays.equals(RecordIo.body(fin), expected)) {
      throw new RecordIo.Failed("the server's Finished does not verify");
    }
    session = new Session(sh.cipherSuite(), sh.sessionId(), ticket, ems);
  }

  /** TLS 1.2's PRF with the suite's hash, or TLS 1.0 and 1.1's MD5/SHA-1 one. */
  private static byte[] prf(boolean tls12, String hash, byte[] secret, String label, int length, byte[] seed) {
    return tls12 ? TlsKeys.prf(hash, secret, label, length, seed) : TlsKeys.prf10(secret, label, length, seed);
  }

  /** The handshake hash the Finished messages and the extended master secret take. */
  private static byte[] hash(boolean tls12, String hash, byte[] transcript) {
    return tls12 ? TlsKeys.digest(hash, transcript) : TlsKeys.digest10(transcript);
  }

  private static RecordCipher cipher(Protection p, int version, byte[] macKey, byte[] key, byte[] iv) {
    return switch (p.mode()) {
      case GCM -> RecordCipher.gcm12(key, iv);
      case CHACHA -> RecordCipher.chacha12(key, iv);
      case CBC -> version == ProtocolVersion.TLSv1.wire() ? RecordCipher.cbc10(p.macHash(), macKey, key, iv)
          : RecordCipher.cbc(p.macHash(), macKey, key);
    };
  }

  /**
   * Finite-field DHE (RFC 5246 section 8.1.2): the premaster secret (the shared value, leading zero bytes removed)
   * and this side's public value, as long as the prime.
   */
  private static byte[][] dhe(ServerKeyExchange.Dhe d) throws GeneralSecurityException {
    BigInteger p = d.p();
    if (p.bitLength() < 512 || d.ys().compareTo(BigInteger.ONE) <= 0
        || d.ys().compareTo(p.subtract(BigInteger.ONE)) >= 0) {
      throw new GeneralSecurityException("unusable DHE parameters (" + p.bitLength() + "-bit prime)");
    }
    BigInteger x = new BigInteger(Math.min(p.bitLength() - 1, 512), RANDOM).setBit(0);
    int n = (p.bitLength() + 7) / 8;
    byte[] mine = unsigned(d.g().modPow(x, p), n);
    byte[] shared = d.ys().modPow(x, p).toByteArray();
    int skip = 0;
    while (skip < shared.length - 1 && shared[skip] == 0) {
      skip++;
    }
    return new byte[][] {Arrays.copyOfRange(shared, skip, shared.length), mine};
  }

  private static byte[] unsigned(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  private static byte[] rsaEncrypt(PublicKey key, byte[] pms) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    c.init(Cipher.ENCRYPT_MODE, key);
    return c.doFinal(pms);
  }
}
