package dev.tlsdoctor.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TLS 1.3 client that completes handshakes with its own keys (RFC 8446), for what only a complete handshake shows:
 * the session tickets a server issues, whether it resumes a session with one (pre_shared_key) and whether it accepts
 * early data (0-RTT). Suites TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and TLS_CHACHA20_POLY1305_SHA256; a key
 * share for one group of {@link #GROUPS} (x25519 unless the caller names another): a server that wants another
 * answers with a HelloRetryRequest, which ends the attempt in {@link RetryWith} naming the group to try next. It never
 * sends early data itself: offering it and reading the server's EncryptedExtensions is enough. It does not judge
 * certificates or signatures.
 */
public final class Tls13Client {
  private static final int AES_128 = 0x1301;
  private static final int AES_256 = 0x1302;
  private static final int CHACHA20 = 0x1303;
  private static final int TICKET_WAIT_MILLIS = 1000;
  /** The groups this client makes key shares for, offered in supported_groups in this order. */
  public static final List<NamedGroup> GROUPS = Ecdh.GROUPS;

  /** The server asked (HelloRetryRequest) for a share of {@code group}: start again with that one. */
  public static final class RetryWith extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient NamedGroup group;

    RetryWith(NamedGroup group) {
      super("a HelloRetryRequest for " + group);
      this.group = group;
    }

    public NamedGroup group() {
      return group;
    }
  }

  /**
   * A ticket from a NewSessionTicket, with the key it resumes.
   *
   * @param maxEarlyData the early_data extension's max_early_data_size; 0 when the ticket allows no early data
   */
  public record Ticket(CipherSuite suite, byte[] identity, long ageAdd, long maxEarlyData, byte[] psk,
      long receivedMillis) {
  }

  /**
   * What a handshake showed. {@code resumed}: the server took the ticket offered; {@code earlyDataAccepted}: its
   * EncryptedExtensions accept the early data offered (null when none was offered); {@code tickets}: those issued
   * after a complete handshake.
   */
  public record Result(CipherSuite suite, boolean resumed, Boolean earlyDataAccepted, List<Ticket> tickets) {
  }

  private final RecordIo io;
  private final CipherSuite suite;
  private final String hash;

  private Tls13Client(RecordIo io, CipherSuite suite) {
    this.io = io;
    this.suite = suite;
    this.hash = hashOf(suite);
  }

  /**
   * A full handshake with {@code hello} (a TLS 1.3 builder: its suites, key shares and supported_groups are set
   * here), then a close_notify, collecting the tickets the server sends before it answers the close.
   */
  public static Result handshake(Socket s, ClientHelloBuilder hello) throws IOException {
    return handshake(s, hello, NamedGroup.X25519);
  }

  /** {@link #handshake(Socket, ClientHelloBuilder)} with a key share for {@code group} (one of {@link #GROUPS}). */
  public static Result handshake(Socket s, ClientHelloBuilder hello, NamedGroup group) throws IOException {
    return run(s, hello, group, null, false);
  }

  /**
   * A full handshake with {@code hello} and a key share for {@code group}, then {@code request} sent as application
   * data and the server's answer read until it closes, {@code max} bytes arrived or no record came for
   * {@code waitMillis} (at most the socket's timeout). Returns the answer's bytes, empty when the server closed
   * without one; null when nothing came in time. For an HTTP request without the JDK's TLS stack, whose first use
   * costs a cold process more processor time than the whole handshake.
   */
  public static byte[] request(Socket s, ClientHelloBuilder hello, NamedGroup group, byte[] request, int max,
      int waitMillis) throws IOException {
    Tls13Client c = run(s, hello, group, null, false, true).client();
    int timeout = s.getSoTimeout();
    s.setSoTimeout(timeout > 0 ? Math.min(timeout, waitMillis) : waitMillis);
    c.io.send(23, request);
    java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
    try {
      while (answer.size() < max) {
        RecordIo.Plain r = c.io.record();
        if (r.type() == 23) {
          answer.writeBytes(r.content());
        } else if (r.type() != 22) { // NewSessionTicket and other handshake messages after the handshake: skipped
          break;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      if (answer.size() == 0) {
        return null;
      }
    } catch (RecordIo.Failed | java.io.EOFException e) {
      // close_notify (an alert), or the connection closed: the answer is what came before
    }
    return Arrays.copyOf(answer.toByteArray(), Math.min(answer.size(), max));
  }

  /**
   * A handshake that offers {@code ticket}, and early data when {@code earlyData}; stops after the server's flight.
   * The key share is for {@code group}, the one the ticket's handshake used.
   */
  public static Result resume(Socket s, ClientHelloBuilder hello, NamedGroup group, Ticket ticket, boolean earlyData)
      throws IOException {
    return run(s, hello, group, ticket, earlyData);
  }

  private static Result run(Socket s, ClientHelloBuilder b, NamedGroup group, Ticket ticket, boolean earlyData)
      throws IOException {
    return run(s, b, group, ticket, earlyData, false).result();
  }

  /** What a handshake ended with: the result, or with {@code open} the client whose application keys are set. */
  private record Outcome(Result result, Tls13Client client) {
  }

  private static Outcome run(Socket s, ClientHelloBuilder b, NamedGroup group, Ticket ticket, boolean earlyData,
      boolean open) throws IOException {
    try {
      return attempt(s, b, group, ticket, earlyData, open);
    } catch (TlsDecodeException e) {
      throw new RecordIo.Failed("malformed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  private static Outcome attempt(Socket s, ClientHelloBuilder b, NamedGroup group, Ticket ticket, boolean earlyData,
      boolean open) throws IOException {
    RecordIo io = new RecordIo(s);
    io.version = 0x0303;
    List<Ecdh> shares = new ArrayList<>();
    try {
      shares.add(new Ecdh(group));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a " + group + " key", e);
    }
    b.cipherSuites(ticket != null ? List.of(ticket.suite()) : List.of(CipherSuite.of(AES_128),
        CipherSuite.of(AES_256), CipherSuite.of(CHACHA20)));
    b.supportedVersions(ProtocolVersion.TLSv1_3).supportedGroups(GROUPS.toArray(NamedGroup[]::new))
        .keyShares(shares.stream().map(e -> new KeyShare(e.group(), Bytes.wrap(e.publicValue()))).toList())
        .pskKeyExchangeModes(1);
    if (earlyData) {
      b.extension(ExtensionType.EARLY_DATA.code(), Bytes.EMPTY);
    }
    byte[] early = null;
    byte[] ch;
    if (ticket == null) {
      ch = b.build().toHandshake();
    } else {
      String h = hashOf(ticket.suite());
      int n = TlsKeys.length(h);
      long age = (System.currentTimeMillis() - ticket.receivedMillis() + ticket.ageAdd()) & 0xFFFFFFFFL;
      // pre_shared_key, last: identities<7..2^16-1> (identity<1..2^16-1>, uint32 age), binders<33..2^16-1>
      WireWriter identity = new WireWriter().writeOpaque16(Bytes.of(ticket.identity())).writeUint16((int) (age >>> 16))
          .writeUint16((int) (age & 0xFFFF));
      byte[] ids = identity.toByteArray();
      WireWriter ext = new WireWriter().writeOpaque16(Bytes.of(ids)).writeUint16(n + 1).writeUint8(n)
          .writeBytes(new byte[n]);
      b.extension(ExtensionType.PRE_SHARED_KEY.code(), Bytes.wrap(ext.toByteArray()));
      ch = b.build().toHandshake();
      early = TlsKeys.extract(h, new byte[0], ticket.psk());
      byte[] binderKey = TlsKeys.deriveSecret(h, early, "res binder", new byte[0]);
      byte[] finishedKey = TlsKeys.expandLabel(h, binderKey, "finished", new byte[0], n);
      byte[] truncated = Arrays.copyOf(ch, ch.length - (n + 3));
      byte[] binder = TlsKeys.hmac(h, finishedKey, TlsKeys.digest(h, truncated));
      System.arraycopy(binder, 0, ch, ch.length - n, n);
    }
    io.sendRaw(TlsRecord.encode(ContentType.HANDSHAKE, 0x0301, ch, 1 << 14));
    io.addToTranscript(ch);
    byte[] shm = io.message();
    if (shm == null || RecordIo.type(shm) != 2) {
      throw new RecordIo.Failed("no ServerHello");
    }
    ServerHello sh = ServerHello.parse(RecordIo.body(shm));
    if (sh.isHelloRetryRequest()) {
      NamedGroup wanted = sh.selectedGroup().orElse(null);
      if (wanted != null && GROUPS.contains(wanted) && !wanted.equals(group)) {
        throw new RetryWith(wanted);
      }
      throw new RecordIo.Failed("a HelloRetryRequest for " + (wanted == null ? "?" : wanted));
    }
    if (sh.selectedVersionCode().filter(v -> v == ProtocolVersion.TLSv1_3.wire()).isEmpty()) {
      throw new RecordIo.Failed("the server did not choose TLS 1.3");
    }
    int chosen = sh.cipherSuite().code();
    if (chosen != AES_128 && chosen != AES_256 && chosen != CHACHA20) {
      throw new RecordIo.Failed("the server chose " + sh.cipherSuite() + ", which was not offered");
    }
    Tls13Client c = new Tls13Client(io, sh.cipherSuite());
    boolean resumed = sh.extension(ExtensionType.PRE_SHARED_KEY).isPresent();
    if (ticket != null && resumed && !c.hash.equals(hashOf(ticket.suite()))) {
      throw new RecordIo.Failed("the server resumed with another hash");
    }
    Result r = c.afterServerHello(sh, shares, resumed ? early : null, ticket != null, earlyData, open);
    return new Outcome(r, c);
  }

  private static String hashOf(CipherSuite s) {
    return s.code() == AES_256 ? "SHA-384" : "SHA-256";
  }

  private Result afterServerHello(ServerHello sh, List<Ecdh> shares, byte[] early, boolean resuming,
      boolean earlyData, boolean open) throws IOException {
    KeyShare server = sh.keyShare().orElseThrow(() -> new RecordIo.Failed("no key_share in the ServerHello"));
    Ecdh mine = shares.stream().filter(e -> e.group().equals(server.group())).findFirst()
        .orElseThrow(() -> new RecordIo.Failed("a key share for " + server.group() + ", which was not offered"));
    byte[] shared;
    try {
      shared = mine.agree(server.keyExchange().toByteArray());
    } catch (GeneralSecurityException e) {
      throw new RecordIo.Failed("key exchange failed: " + e.getMessage());
    }
    int n = TlsKeys.length(hash);
    byte[] earlySecret = early != null ? early : TlsKeys.extract(hash, new byte[0], new byte[0]);
    byte[] handshakeSecret = TlsKeys.extract(hash, TlsKeys.deriveSecret(hash, earlySecret, "derived", new byte[0]),
        shared);
    byte[] helloHash = io.transcript();
    byte[] clientHs = TlsKeys.deriveSecret(hash, handshakeSecret, "c hs traffic", helloHash);
    byte[] serverHs = TlsKeys.deriveSecret(hash, handshakeSecret, "s hs traffic", helloHash);
    io.tls13 = true;
    io.reader = cipher(serverHs);
    byte[] ee = io.message();
    if (RecordIo.type(ee) != 8) {
      throw new RecordIo.Failed("a handshake message of type " + RecordIo.type(ee) + " instead of"
          + " EncryptedExtensions");
    }
    Boolean accepted = earlyData ? hasEarlyData(RecordIo.body(ee)) : null;
    if (resuming) {
      // what resumption and early data needed is known; this side never sends the early data it offered
      return new Result(sh.cipherSuite(), early != null, accepted, List.of());
    }
    byte[] requestContext = null;
    byte[] m;
    byte[] beforeFinished;
    do {
      beforeFinished = io.transcript();
      m = io.message();
      if (RecordIo.type(m) == 13) {
        WireReader r = WireReader.of("CertificateRequest", RecordIo.body(m));
        requestContext = r.readOpaque8("certificate_request_context", 0, 255).toByteArray();
      }
    } while (RecordIo.type(m) != 20);
    byte[] serverFinishedKey = TlsKeys.expandLabel(hash, serverHs, "finished", new byte[0], n);
    if (!Arrays.equals(RecordIo.body(m), TlsKeys.hmac(hash, serverFinishedKey, TlsKeys.digest(hash,
        beforeFinished)))) {
      throw new RecordIo.Failed("the server's Finished does not verify");
    }
    byte[] master = TlsKeys.extract(hash, TlsKeys.deriveSecret(hash, handshakeSecret, "derived", new byte[0]),
        new byte[0]);
    byte[] throughServerFinished = io.transcript();
    byte[] clientAp = TlsKeys.deriveSecret(hash, master, "c ap traffic", throughServerFinished);
    byte[] serverAp = TlsKeys.deriveSecret(hash, master, "s ap traffic", throughServerFinished);
    io.send(20, new byte[] {1}); // middlebox compatibility (RFC 8446 appendix D.4)
    io.writer = cipher(clientHs);
    if (requestContext != null) {
      io.sendHandshake(RecordIo.handshake(11, RecordCipher.concat(new byte[] {(byte) requestContext.length},
          requestContext, new byte[3])));
    }
    byte[] clientFinishedKey = TlsKeys.expandLabel(hash, clientHs, "finished", new byte[0], n);
    io.sendHandshake(RecordIo.handshake(20, TlsKeys.hmac(hash, clientFinishedKey, TlsKeys.digest(hash,
        io.transcript()))));
    byte[] resumption = TlsKeys.deriveSecret(hash, master, "res master", io.transcript());
    io.writer = cipher(clientAp);
    io.reader = cipher(serverAp);
    if (open) {
      return new Result(sh.cipherSuite(), false, null, List.of());
    }
    io.send(21, new byte[] {1, 0}); // close_notify: the server's tickets come before its answer to it
    return new Result(sh.cipherSuite(), false, null, tickets(sh.cipherSuite(), resumption));
  }

  /**
   * The NewSessionTickets that arrive before the server closes or a second passes without a record: a server sends
   * them as soon as it has the client's Finished, and one that neither sends a ticket nor answers close_notify must
   * not hold the scan for a whole read timeout.
   */
  private List<Ticket> tickets(CipherSuite suite, byte[] resumption) {
    List<Ticket> out = new ArrayList<>();
    try {
      int timeout = io.socket.getSoTimeout();
      io.socket.setSoTimeout(timeout > 0 ? Math.min(timeout, TICKET_WAIT_MILLIS) : TICKET_WAIT_MILLIS);
      while (out.size() < 8) {
        byte[] m = io.message();
        if (RecordIo.type(m) == 4) {
          out.add(ticket(suite, resumption, RecordIo.body(m)));
        }
      }
    } catch (IOException | TlsDecodeException e) {
      // the close, an alert, a timeout: the tickets are those that came before
    }
    return List.copyOf(out);
  }

  /**
   * <pre>
   * struct {
   *     uint32 ticket_lifetime;
   *     uint32 ticket_age_add;
   *     opaque ticket_nonce&lt;0..255&gt;;
   *     opaque ticket&lt;1..2^16-1&gt;;
   *     Extension extensions&lt;0..2^16-2&gt;;
   * } NewSessionTicket;
   * </pre>
   */
  private Ticket ticket(CipherSuite suite, byte[] resumption, byte[] body) {
    WireReader r = WireReader.of("NewSessionTicket", body);
    r.readBytes("ticket_lifetime", 4);
    long ageAdd = ((long) r.readUint16("ticket_age_add") << 16) | r.readUint16("ticket_age_add");
    byte[] nonce = r.readOpaque8("ticket_nonce", 0, 255).toByteArray();
    byte[] identity = r.readOpaque16("ticket", 1, 0xFFFF).toByteArray();
    long maxEarly = 0;
    for (Extension e : Extension.readList(r, "extensions", 0)) {
      if (e.type().equals(ExtensionType.EARLY_DATA) && e.data().length() == 4) {
        byte[] d = e.data().toByteArray();
        maxEarly = ((long) (d[0] & 0xFF) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
      }
    }
    byte[] psk = TlsKeys.expandLabel(hash, resumption, "resumption", nonce, TlsKeys.length(hash));
    return new Ticket(suite, identity, ageAdd, maxEarly, psk, System.currentTimeMillis());
  }

  private Boolean hasEarlyData(byte[] body) {
    WireReader r = WireReader.of("EncryptedExtensions", body);
    return Extension.readList(r, "extensions", 0).stream().anyMatch(e -> e.type().equals(ExtensionType.EARLY_DATA));
  }

  private RecordCipher cipher(byte[] secret) {
    boolean chacha = suite.code() == CHACHA20;
    int keyLength = hash.equals("SHA-384") || chacha ? 32 : 16;
    byte[] key = TlsKeys.expandLabel(hash, secret, "key", new byte[0], keyLength);
    byte[] iv = TlsKeys.expandLabel(hash, secret, "iv", new byte[0], 12);
    return chacha ? RecordCipher.tls13Chacha(key, iv) : RecordCipher.tls13(key, iv);
  }

}
