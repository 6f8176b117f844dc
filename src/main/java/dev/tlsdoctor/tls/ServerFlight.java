package dev.tlsdoctor.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a server sent in answer to a ClientHello, up to the end of its first flight or whatever ended the
 * exchange first, and why it ended. Nothing read before the end is lost: a flight cut by a reset still has its
 * ServerHello, a plain-text answer keeps its bytes in {@link #firstBytes()}, and {@link #bytesRead()} holds every
 * byte received.
 */
public final class ServerFlight {

  /** Why reading stopped. The first five are complete answers; the others say what went wrong instead. */
  public enum End {
    /** ServerHelloDone: a complete TLS 1.2-and-earlier first flight. */
    SERVER_HELLO_DONE(true),
    /** A TLS 1.3 ServerHello: the rest of the flight is encrypted. */
    TLS13_SERVER_HELLO(true),
    /** A HelloRetryRequest: the server wants a second ClientHello (usually a key share for another group). */
    HELLO_RETRY_REQUEST(true),
    /** ChangeCipherSpec after a TLS 1.2-and-earlier ServerHello: the server resumed a session. */
    CHANGE_CIPHER_SPEC(true),
    /** An SSL 2.0 SERVER-HELLO: the server speaks SSL 2.0. */
    SSLV2_SERVER_HELLO(true),
    /** An SSL 2.0 ERROR (e.g. NO-CIPHER-ERROR): an SSL 2.0 server refused. */
    SSLV2_ERROR(false),
    /** A fatal alert, or close_notify: the server refused (e.g. handshake_failure(40), protocol_version(70)). */
    ALERT(false),
    /** The server closed the connection between records without a word. */
    EOF(false),
    /** The server closed the connection in the middle of a record or a handshake message. */
    TRUNCATED(false),
    /** The connection was reset. */
    RESET(false),
    /** The deadline passed before the flight was complete. */
    TIMEOUT(false),
    /** Another I/O failure. */
    IO_ERROR(false),
    /** The server sent TLS records that break the protocol: see {@link #cause()}. */
    MALFORMED(false),
    /** The first bytes were no TLS (an HTTP response, an SSH banner...): see {@link #firstBytes()}. */
    NOT_TLS(false);

    private final boolean complete;

    End(boolean complete) {
      this.complete = complete;
    }

    /** True when the server gave a complete answer that continues the handshake. */
    public boolean isComplete() {
      return complete;
    }
  }

  /** How much of the stream {@link #firstBytes()} shows. */
  public static final int FIRST_BYTES = 256;

  private final End end;
  private final List<HandshakeMessage> messages;
  private final Parsed parsed;
  private final List<AlertMessage> alerts;
  private final Bytes bytesRead;
  private final Exception cause;

  /** The messages decoded so far; nulls for those not received. */
  record Parsed(ServerHello serverHello, CertificateMessage certificate, CertificateStatus certificateStatus,
      ServerKeyExchange serverKeyExchange, CertificateRequest certificateRequest, boolean serverHelloDone,
      SslV2ServerHello sslV2ServerHello, SslV2Error sslV2Error) {
  }

  ServerFlight(End end, List<HandshakeMessage> messages, Parsed parsed, List<AlertMessage> alerts, Bytes bytesRead,
      Exception cause) {
    this.end = end;
    this.messages = List.copyOf(messages);
    this.parsed = parsed;
    this.alerts = List.copyOf(alerts);
    this.bytesRead = bytesRead;
    this.cause = cause;
  }

  /** Reads a flight from {@code in} until it is complete or the stream ends, fails or times out. Never throws. */
  public static ServerFlight read(InputStream in) {
    return new FlightReader(in).read();
  }

  /** Reads a flight from {@code socket}, all of it within {@code timeout}. Never throws. */
  public static ServerFlight read(Socket socket, Duration timeout) {
    try {
      return read(new DeadlineInputStream(socket, timeout));
    } catch (IOException e) {
      return new FlightReader(InputStream.nullInputStream()).failed(e);
    }
  }

  /**
   * Sends {@code hello} (the bytes of {@link ClientHello#toRecords()} or {@link SslV2ClientHello#toRecord()}) and
   * reads the answer within {@code timeout}. A failed write is not the end: the server may have answered (an alert)
   * before closing, so the answer is read anyway. Never throws.
   */
  public static ServerFlight exchange(Socket socket, byte[] hello, Duration timeout) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(hello);
      out.flush();
    } catch (IOException e) {
      // read what the server said before it went away; the read reports the reset or EOF
    }
    return read(socket, timeout);
  }

  public End end() {
    return end;
  }

  /** True when the server gave a complete answer ({@link End#isComplete()}). */
  public boolean isComplete() {
    return end.isComplete();
  }

  /** Every handshake message received, in order, including those of types this package does not decode. */
  public List<HandshakeMessage> messages() {
    return messages;
  }

  public Optional<ServerHello> serverHello() {
    return Optional.ofNullable(parsed.serverHello());
  }

  /** The negotiated version, from the ServerHello. */
  public Optional<ProtocolVersion> version() {
    return serverHello().flatMap(ServerHello::version);
  }

  public Optional<CertificateMessage> certificate() {
    return Optional.ofNullable(parsed.certificate());
  }

  public Optional<CertificateStatus> certificateStatus() {
    return Optional.ofNullable(parsed.certificateStatus());
  }

  public Optional<ServerKeyExchange> serverKeyExchange() {
    return Optional.ofNullable(parsed.serverKeyExchange());
  }

  public Optional<CertificateRequest> certificateRequest() {
    return Optional.ofNullable(parsed.certificateRequest());
  }

  public boolean serverHelloDone() {
    return parsed.serverHelloDone();
  }

  public Optional<SslV2ServerHello> sslV2ServerHello() {
    return Optional.ofNullable(parsed.sslV2ServerHello());
  }

  public Optional<SslV2Error> sslV2Error() {
    return Optional.ofNullable(parsed.sslV2Error());
  }

  /** The alert that ended the flight, if one did. */
  public Optional<AlertMessage> alert() {
    return end == End.ALERT ? Optional.of(alerts.get(alerts.size() - 1)) : Optional.empty();
  }

  /** Every alert received, warnings included. */
  public List<AlertMessage> alerts() {
    return alerts;
  }

  /** The first bytes received, for naming what answered when it was not TLS. */
  public FirstBytes firstBytes() {
    byte[] all = bytesRead.toByteArray();
    return new FirstBytes(Bytes.wrap(java.util.Arrays.copyOf(all, Math.min(all.length, FIRST_BYTES))));
  }

  /** Every byte received (the first {@link RecordReader#MAX_TRANSCRIPT}). */
  public Bytes bytesRead() {
    return bytesRead;
  }

  /** What ended a failed flight: the {@link TlsDecodeException} of a malformed one, the I/O exception of the others. */
  public Optional<Exception> cause() {
    return Optional.ofNullable(cause);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ServerFlight(").append(end);
    serverHello().ifPresent(h -> b.append(", ").append(h));
    if (!messages.isEmpty()) {
      b.append(", messages ").append(messages.stream().map(m -> m.type().name()).toList());
    }
    alerts.forEach(a -> b.append(", ").append(a));
    if (end == End.NOT_TLS) {
      b.append(", first bytes \"").append(firstBytes().text()).append('"');
    }
    if (cause != null) {
      b.append(", ").append(cause.getClass().getSimpleName()).append(": ")
          .append(cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse(""));
    }
    return b.append(')').toString();
  }
}
