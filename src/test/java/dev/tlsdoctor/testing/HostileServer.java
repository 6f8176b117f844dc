package dev.tlsdoctor.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A "TLS server" on 127.0.0.1 that misbehaves in one chosen way ({@link Behaviour}) with every connection, for the
 * scanner's robustness tests. It records what each connection did ({@link #connections()}): bytes read and written,
 * how it ended and when.
 *
 * <pre>
 * try (HostileServer server = HostileServer.start(HostileServer.Behaviour.RESET_AFTER_HELLO)) {
 *   ... connect to 127.0.0.1:server.port() ...
 *   assertThat(server.awaitEnd(1, Duration.ofSeconds(2)).end()).isEqualTo(HostileServer.End.SERVER_RESET);
 * }
 * </pre>
 */
public final class HostileServer implements AutoCloseable {
  /** The plain-HTTP answer of {@link Behaviour#HTTP_RESPONSE}. */
  static final String HTTP_400 = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n"
      + "Connection: close\r\n\r\nBad Request\n";
  static final String SSH_BANNER_TEXT = "SSH-2.0-OpenSSH_9.2\r\n";
  static final String SMTP_BANNER_TEXT = "220 mail.example ESMTP\r\n";
  /** The records of {@link Behaviour#HUGE_RECORD}: 1024 × 2^14 bytes = 16 MiB of handshake payload. */
  static final int HUGE_RECORDS = 1024;
  /** The ServerHello random of {@link Behaviour#SERVER_HELLO_THEN_JUNK} and {@link Behaviour#DRIP}. */
  private static final byte[] SERVER_RANDOM = "hostile server random, not safe!".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GARBAGE_BYTES = garbageBytes();
  private static final byte[] JUNK = junkBytes();
  private static final Duration DRIP_INTERVAL = Duration.ofSeconds(1);
  /** The pace of {@link Behaviour#TRICKLE_FOREVER}: well under any read timeout a scan uses. */
  public static final Duration TRICKLE_INTERVAL = Duration.ofMillis(100);

  /** What the server does with each connection. Each one reads what the client sends, unless it says otherwise. */
  public enum Behaviour {
    /** Accepts and reads, never answers; closes only after the client has closed. */
    ACCEPT_AND_SILENT {
      @Override
      void serve(HostileSession s) throws IOException {
        s.silentUntilClientCloses();
      }
    },
    /** Sends a FIN at once, before reading anything (then reads and discards until the client closes). */
    CLOSE_IMMEDIATELY {
      @Override
      void serve(HostileSession s) throws IOException {
        s.fin();
      }
    },
    /** Resets the connection at once (SO_LINGER 0), before reading anything. */
    RESET_IMMEDIATELY {
      @Override
      void serve(HostileSession s) throws IOException {
        s.reset();
      }
    },
    /** Reads the ClientHello record (or the client's first bytes), then resets the connection. */
    RESET_AFTER_HELLO {
      @Override
      void serve(HostileSession s) throws IOException {
        s.readFirstMessage();
        s.reset();
      }
    },
    /** Reads the ClientHello, answers the 1024 bytes of {@link #garbage()}, then stays silent. */
    GARBAGE {
      @Override
      void serve(HostileSession s) throws IOException {
        s.readFirstMessage();
        s.send(GARBAGE_BYTES);
        s.silentUntilClientCloses();
      }
    },
    /** Reads the client's first bytes and answers like a plain HTTP server: {@code HTTP/1.1 400 Bad Request}; FIN. */
    HTTP_RESPONSE {
      @Override
      void serve(HostileSession s) throws IOException {
        s.readFirstMessage();
        s.send(HTTP_400.getBytes(StandardCharsets.US_ASCII));
        s.fin();
      }
    },
    /** Sends {@code SSH-2.0-OpenSSH_9.2\r\n} on accept, then reads silently until the client closes. */
    SSH_BANNER {
      @Override
      void serve(HostileSession s) throws IOException {
        s.send(SSH_BANNER_TEXT.getBytes(StandardCharsets.US_ASCII));
        s.silentUntilClientCloses();
      }
    },
    /** Sends {@code 220 mail.example ESMTP\r\n} on accept, then reads silently until the client closes. */
    SMTP_BANNER {
      @Override
      void serve(HostileSession s) throws IOException {
        s.send(SMTP_BANNER_TEXT.getBytes(StandardCharsets.US_ASCII));
        s.silentUntilClientCloses();
      }
    },
    /**
     * Reads the ClientHello, then sends {@link #HUGE_RECORDS} handshake records of 2^14 bytes (legal records) whose
     * payload starts with a ServerHello header announcing 2^24 - 1 bytes (the largest uint24, 16 MiB) followed by
     * zeros: 16 MiB in all, as fast as the client reads, so the message stays 3 bytes short. Then silent.
     */
    HUGE_RECORD {
      @Override
      void serve(HostileSession s) throws IOException {
        s.readFirstMessage();
        byte[] first = new byte[HostileTls.MAX_FRAGMENT];
        System.arraycopy(HostileTls.handshakeHeader(HostileTls.SERVER_HELLO, 0xffffff), 0, first, 0, 4);
        s.send(HostileTls.record(HostileTls.HANDSHAKE, HostileTls.TLS_1_2, first));
        byte[] zeros = HostileTls.record(HostileTls.HANDSHAKE, HostileTls.TLS_1_2, new byte[HostileTls.MAX_FRAGMENT]);
        for (int i = 1; i < HUGE_RECORDS; i++) {
          s.send(zeros);
        }
        s.silentUntilClientCloses();
      }
    },
    /**
     * Reads the ClientHello and sends the ServerHello record of {@link #SERVER_HELLO_THEN_JUNK} one byte per second
     * (byte i no earlier than i seconds after the hello was read), then stays silent.
     */
    DRIP {
      @Override
      void serve(HostileSession s) throws IOException, InterruptedException {
        byte[] record = serverHelloRecord(s.readHello());
        long start = System.nanoTime();
        for (int i = 0; i < record.length; i++) {
          long wait = start + i * DRIP_INTERVAL.toNanos() - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
          }
          s.send(new byte[] {record[i]});
        }
        s.silentUntilClientCloses();
      }
    },
    /**
     * Reads the client's first bytes, sends the header of a 16 KiB handshake record, then one byte every
     * {@link #TRICKLE_INTERVAL} for as long as the client stays: every read gets a byte long before any read timeout,
     * so only a deadline on the whole connection ends it.
     */
    TRICKLE_FOREVER {
      @Override
      void serve(HostileSession s) throws IOException, InterruptedException {
        s.readFirstMessage();
        s.send(new byte[] {HostileTls.HANDSHAKE, 3, 3, 0x40, 0});
        trickle(s);
      }
    },
    /**
     * Reads the client's first bytes, sends a handshake record whose ServerHello announces 2^24 - 1 bytes (16 MiB),
     * then zeros one byte every {@link #TRICKLE_INTERVAL} for as long as the client stays.
     */
    HUGE_LENGTH_THEN_TRICKLE {
      @Override
      void serve(HostileSession s) throws IOException, InterruptedException {
        s.readFirstMessage();
        s.send(new byte[] {HostileTls.HANDSHAKE, 3, 3, 0x40, 0, HostileTls.SERVER_HELLO, (byte) 0xff, (byte) 0xff,
            (byte) 0xff});
        trickle(s);
      }
    },
    /**
     * Reads the ClientHello and answers a well-formed TLS 1.2 ServerHello record: the fixed random
     * {@code "hostile server random, not safe!"}, the client's session id echoed, the first offered cipher suite a
     * TLS 1.2 server may select (no TLS 1.3 suite, SCSV or GREASE), no compression, and an empty renegotiation_info
     * when the client signalled it; then 64 bytes of {@link #junk()} in place of the next record. Then silent.
     * A ClientHello it cannot read (or with no TLS 1.2 suite) gets a reset, recorded as {@link End#BAD_INPUT}.
     */
    SERVER_HELLO_THEN_JUNK {
      @Override
      void serve(HostileSession s) throws IOException {
        byte[] record = serverHelloRecord(s.readHello());
        byte[] both = new byte[record.length + JUNK.length];
        System.arraycopy(record, 0, both, 0, record.length);
        System.arraycopy(JUNK, 0, both, record.length, JUNK.length);
        s.send(both);
        s.silentUntilClientCloses();
      }
    },
    /**
     * Reads the ClientHello and answers a fatal handshake_failure(40) alert, with the record version of the client's
     * legacy_version (at most TLS 1.2); FIN.
     */
    ALERT_HANDSHAKE_FAILURE {
      @Override
      void serve(HostileSession s) throws IOException {
        s.send(HostileTls.fatalAlert(alertVersion(s.readHello()), 40));
        s.fin();
      }
    },
    /** As {@link #ALERT_HANDSHAKE_FAILURE} with a fatal protocol_version(70) alert. */
    ALERT_PROTOCOL_VERSION {
      @Override
      void serve(HostileSession s) throws IOException {
        s.send(HostileTls.fatalAlert(alertVersion(s.readHello()), 70));
        s.fin();
      }
    };

    abstract void serve(HostileSession s) throws IOException, InterruptedException;
  }

  /** One zero byte every {@link #TRICKLE_INTERVAL} until the client goes away (the write fails). */
  private static void trickle(HostileSession s) throws IOException, InterruptedException {
    while (true) {
      Thread.sleep(TRICKLE_INTERVAL);
      s.send(new byte[] {0});
    }
  }

  /** How a connection ended. The first cause wins: a reset by the client after the server's FIN is still FIN. */
  public enum End {
    /** Still open. */
    OPEN,
    /** The server sent a FIN as its behaviour prescribes (and then waited for the client to close). */
    SERVER_FIN,
    /** The server reset the connection as its behaviour prescribes. */
    SERVER_RESET,
    /** The client closed (FIN) while the server was waiting for it or reading. */
    CLIENT_FIN,
    /** The client reset the connection, or a write found it gone. */
    CLIENT_RESET,
    /** The client's bytes were not a ClientHello the behaviour could answer; the server reset the connection. */
    BAD_INPUT,
    /** {@link HostileServer#close()} ended it. */
    STOPPED
  }

  /**
   * What one connection did: its number (from 1, in accept order), how it ended, the bytes read and written, how
   * long the server kept its socket open (until now when still open), and a detail about the end (an exception
   * message, empty when none).
   */
  public record Connection(int number, End end, long bytesRead, long bytesWritten, Duration openFor, String detail) {
  }

  private final Behaviour behaviour;
  private final ServerSocket listener;
  private final List<HostileSession> sessions = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Thread acceptor;
  private volatile boolean stopping;

  private HostileServer(Behaviour behaviour, ServerSocket listener) {
    this.behaviour = behaviour;
    this.listener = listener;
    this.acceptor = Thread.ofVirtual().name("hostile-" + behaviour + "-accept").unstarted(this::acceptLoop);
  }

  /** Listens on a free port of 127.0.0.1 and serves every connection with {@code behaviour}. */
  public static HostileServer start(Behaviour behaviour) {
    ServerSocket listener;
    try {
      listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getByName(Tools.LOOPBACK), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + Tools.LOOPBACK, e);
    }
    HostileServer server = new HostileServer(behaviour, listener);
    server.acceptor.start();
    return server;
  }

  public int port() {
    return listener.getLocalPort();
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  /** The answer of {@link Behaviour#GARBAGE}: 1024 bytes from a fixed seed, the first not a TLS content type. */
  public static byte[] garbage() {
    return GARBAGE_BYTES.clone();
  }

  /** What {@link Behaviour#SERVER_HELLO_THEN_JUNK} sends after the ServerHello: 64 bytes, not a TLS record. */
  public static byte[] junk() {
    return JUNK.clone();
  }

  /** Every connection so far, in accept order. */
  public synchronized List<Connection> connections() {
    return sessions.stream().map(HostileSession::snapshot).toList();
  }

  /** Waits until connection {@code number} (from 1) has ended and returns it; fails after {@code timeout}. */
  public synchronized Connection awaitEnd(int number, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (sessions.size() < number || sessions.get(number - 1).end == End.OPEN) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(behaviour + ": connection " + number + " has not ended within " + timeout
            + "; connections: " + connections());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return sessions.get(number - 1).snapshot();
  }

  private void acceptLoop() {
    while (!stopping) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      synchronized (this) {
        HostileSession s = new HostileSession(this, sessions.size() + 1, socket);
        sessions.add(s);
        if (stopping) {
          s.end(End.STOPPED, "");
          s.closeSocket();
          continue;
        }
        Thread t = Thread.ofVirtual().name("hostile-" + behaviour + "-" + s.number).unstarted(() -> serve(s));
        threads.add(t);
        t.start();
      }
    }
  }

  private void serve(HostileSession s) {
    try {
      behaviour.serve(s);
    } catch (HostileTls.MalformedException e) {
      s.end(End.BAD_INPUT, e.getMessage());
      s.resetSocket();
    } catch (EOFException e) {
      s.end(stopping ? End.STOPPED : End.CLIENT_FIN, e.getMessage());
    } catch (IOException e) {
      s.end(stopping ? End.STOPPED : End.CLIENT_RESET, String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      s.end(End.STOPPED, "");
    } finally {
      s.closeSocket();
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Stops listening, ends every open connection and waits for their threads. */
  @Override
  public void close() {
    stopping = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    join(acceptor);
    List<Thread> all;
    synchronized (this) {
      for (HostileSession s : sessions) {
        s.end(End.STOPPED, "");
        s.closeSocket();
      }
      all = List.copyOf(threads);
    }
    all.forEach(Thread::interrupt);
    all.forEach(HostileServer::join);
    if (all.stream().anyMatch(Thread::isAlive) || acceptor.isAlive()) {
      throw new IllegalStateException(behaviour + ": threads still running 5 s after close");
    }
  }

  private static void join(Thread t) {
    try {
      t.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] serverHelloRecord(HostileTls.Offer hello) throws HostileTls.MalformedException {
    byte[] extensions = hello.signalsRenegotiationInfo() ? HostileTls.emptyRenegotiationInfo() : new byte[0];
    byte[] message = HostileTls.serverHello(HostileTls.TLS_1_2, SERVER_RANDOM, hello.sessionId(),
        hello.firstTls12Suite(), extensions);
    return HostileTls.record(HostileTls.HANDSHAKE, HostileTls.TLS_1_2, message);
  }

  /** The client's legacy_version, at most TLS 1.2 (a TLS 1.3 client says 0x0303 there anyway). */
  private static int alertVersion(HostileTls.Offer hello) {
    return Math.min(hello.legacyVersion(), HostileTls.TLS_1_2);
  }

  private static byte[] garbageBytes() {
    byte[] b = new byte[1024];
    new Random(0x7157_D0C7L).nextBytes(b);
    int first = b[0] & 0xff;
    if (first >= HostileTls.CHANGE_CIPHER_SPEC && first <= HostileTls.HEARTBEAT) {
      b[0] = (byte) (first | 0x80);
    }
    return b;
  }

  private static byte[] junkBytes() {
    byte[] b = new byte[64];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (0xe0 + (i % 16));
    }
    return b;
  }
}
