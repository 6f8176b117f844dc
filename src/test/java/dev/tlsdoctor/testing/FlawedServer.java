package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A TLS 1.2 server with one known implementation flaw, for the scan's weakness checks where no nginx can be made
 * vulnerable. It answers every ClientHello with a ServerHello (the first TLS 1.2 suite offered) and ServerHelloDone
 * — enough for the probes, which stop before any key exchange — and then behaves as the flawed implementations did.
 */
public final class FlawedServer implements AutoCloseable {
  /** The flaw. */
  public enum Flaw {
    /**
     * Offers the heartbeat extension when asked, and answers a heartbeat_request with a heartbeat_response of the
     * length the request claims, filled from its "memory" ({@link #MEMORY}): OpenSSL 1.0.1 to 1.0.1f.
     */
    HEARTBLEED,
    /**
     * Takes a ChangeCipherSpec before any key exchange without a word and switches to keys of an empty secret, so
     * the next record fails to decrypt: bad_record_mac(20). OpenSSL before 1.0.1h (CVE-2014-0224).
     */
    EARLY_CCS,
    /** Chooses DEFLATE compression (method 1). */
    COMPRESSION,
    /**
     * RSA key exchange whose answer tells a PKCS#1 block with wrong first bytes (decrypt_error(51), at once) from
     * one that starts well (bad_record_mac(20) after Finished): a Bleichenbacher oracle (ROBOT).
     */
    ROBOT,
    /**
     * Completes TLS 1.2 handshakes with TLS_RSA_WITH_AES_128_CBC_SHA and takes records whose padding bytes are wrong
     * as long as the last one (the length) and the MAC are right: POODLE against TLS (F5 and A10 load balancers,
     * 2014).
     */
    POODLE_TLS,
    /** {@link #POODLE_TLS} at TLS 1.1, the only version it speaks (it answers a TLS 1.2 hello with TLS 1.1). */
    POODLE_TLS_1_1
  }

  /** What a heartbleeding server leaks: this text, repeated. */
  public static final byte[] MEMORY = "Cookie: session=secret; ".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] RANDOM = "flawed server random, not safe!!".getBytes(StandardCharsets.US_ASCII);
  private final Flaw flaw;
  private final ServerSocket socket;

  private final FlawedKeyExchange keys;

  private FlawedServer(Flaw flaw, FlawedKeyExchange keys) throws IOException {
    this.flaw = flaw;
    this.keys = keys;
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), 0), 64);
    Thread.ofPlatform().daemon().name("flawed-" + flaw).start(this::acceptLoop);
  }

  public static FlawedServer start(Flaw flaw) {
    try {
      return new FlawedServer(flaw, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server with a flaw of RSA key exchange ({@link Flaw#ROBOT}, {@link Flaw#POODLE_TLS}), serving {@code rsa}. */
  public static FlawedServer start(Flaw flaw, TestCerts.Pair rsa) {
    try {
      return new FlawedServer(flaw, new FlawedKeyExchange(rsa));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket c = socket.accept();
        Thread.ofVirtual().start(() -> serve(c));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket c) {
    try (c) {
      c.setSoTimeout(10_000);
      InputStream in = c.getInputStream();
      OutputStream out = c.getOutputStream();
      HostileTls.Offer offer = HostileTls.readClientHello(in);
      if (keys != null) {
        serveWithKeys(offer, in, out);
        return;
      }
      out.write(HostileTls.record(HostileTls.HANDSHAKE, HostileTls.TLS_1_2, serverHello(offer)));
      out.write(HostileTls.record(HostileTls.HANDSHAKE, HostileTls.TLS_1_2, HostileTls.handshakeHeader(14, 0)));
      out.flush();
      byte[] head = in.readNBytes(5);
      if (head.length < 5) {
        return;
      }
      byte[] body = in.readNBytes(((head[3] & 0xFF) << 8) | (head[4] & 0xFF));
      if (flaw == Flaw.HEARTBLEED && head[0] == HostileTls.HEARTBEAT && body.length >= 3 && body[0] == 1) {
        int claimed = ((body[1] & 0xFF) << 8) | (body[2] & 0xFF);
        byte[] response = new byte[3 + claimed + 16];
        response[0] = 2; // heartbeat_response
        response[1] = body[1];
        response[2] = body[2];
        for (int i = 0; i < claimed; i++) {
          response[3 + i] = MEMORY[i % MEMORY.length];
        }
        out.write(HostileTls.record(HostileTls.HEARTBEAT, HostileTls.TLS_1_2, response));
      } else if (flaw == Flaw.EARLY_CCS && head[0] == HostileTls.CHANGE_CIPHER_SPEC) {
        // taken in silence; the next record is "decrypted" with keys of an empty secret and fails
        if (in.readNBytes(5).length == 5) {
          out.write(HostileTls.fatalAlert(HostileTls.TLS_1_2, 20));
        }
      } else {
        out.write(HostileTls.fatalAlert(HostileTls.TLS_1_2, 10)); // unexpected_message, as fixed servers say
      }
      out.flush();
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // the scanner went away or sent what no behaviour expects
    }
  }

  /**
   * ROBOT and POODLE_TLS: ServerHello with the first TLS 1.2 suite offered, Certificate, ServerHelloDone (no
   * ServerKeyExchange: the client takes it for RSA key exchange); POODLE_TLS goes on only with
   * TLS_RSA_WITH_AES_128_CBC_SHA and refuses other suites' key exchange with unexpected_message(10).
   */
  private void serveWithKeys(HostileTls.Offer offer, InputStream in, OutputStream out) throws IOException {
    int suite = offer.firstTls12Suite();
    boolean rsa = flaw == Flaw.ROBOT || suite == FlawedKeyExchange.RSA_AES_128_CBC_SHA;
    // POODLE_TLS_1_1 answers any hello of TLS 1.1 or later with TLS 1.1, as a server whose best version it is
    int version = flaw == Flaw.POODLE_TLS_1_1 ? 0x0302 : HostileTls.TLS_1_2;
    if (flaw == Flaw.POODLE_TLS_1_1 && offer.legacyVersion() < version) {
      out.write(HostileTls.fatalAlert(offer.legacyVersion(), 70)); // protocol_version
      out.flush();
      return;
    }
    byte[] flight = keys.flight(offer, suite, version);
    out.write(HostileTls.record(HostileTls.HANDSHAKE, version, flight));
    out.flush();
    try {
      if (!rsa) {
        in.readNBytes(5);
        out.write(HostileTls.fatalAlert(HostileTls.TLS_1_2, 10));
      } else if (flaw == Flaw.ROBOT) {
        keys.oracle(in, out);
      } else {
        keys.lenientPadding(offer, flight, in, out, version);
      }
      out.flush();
      in.transferTo(OutputStream.nullOutputStream());
    } catch (java.security.GeneralSecurityException e) {
      out.write(HostileTls.fatalAlert(HostileTls.TLS_1_2, 51));
    }
  }

  private byte[] serverHello(HostileTls.Offer offer) throws HostileTls.MalformedException {
    byte[] extensions = offer.signalsRenegotiationInfo() ? HostileTls.emptyRenegotiationInfo() : new byte[0];
    if (flaw == Flaw.HEARTBLEED && offer.extensionTypes().contains(15)) {
      byte[] heartbeat = {0x00, 0x0f, 0x00, 0x01, 0x01}; // peer_allowed_to_send
      byte[] both = Arrays.copyOf(extensions, extensions.length + heartbeat.length);
      System.arraycopy(heartbeat, 0, both, extensions.length, heartbeat.length);
      extensions = both;
    }
    byte[] hello = HostileTls.serverHello(HostileTls.TLS_1_2, RANDOM, offer.sessionId(), offer.firstTls12Suite(),
        extensions);
    if (flaw == Flaw.COMPRESSION) {
      hello[4 + 2 + 32 + 1 + offer.sessionId().length + 2] = 1; // compression_method: DEFLATE
    }
    return hello;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
