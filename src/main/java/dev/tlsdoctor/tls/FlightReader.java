package dev.tlsdoctor.tls;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads one {@link ServerFlight}: the loop over records, and how each way of ending is classified. */
final class FlightReader {
  /** A flight larger than this (1 MiB) is not a server's first flight. */
  static final int MAX_FLIGHT = 1 << 20;

  private final RecordReader records;
  private final HandshakeAssembler assembler = new HandshakeAssembler();
  private final List<HandshakeMessage> messages = new ArrayList<>();
  private final List<AlertMessage> alerts = new ArrayList<>();
  private ServerHello serverHello;
  private CertificateMessage certificate;
  private CertificateStatus certificateStatus;
  private ServerKeyExchange serverKeyExchange;
  private CertificateRequest certificateRequest;
  private boolean serverHelloDone;
  private SslV2ServerHello sslV2ServerHello;
  private SslV2Error sslV2Error;
  private ServerFlight.End end;

  FlightReader(InputStream in) {
    this.records = new RecordReader(in);
  }

  ServerFlight read() {
    try {
      start();
      while (end == null) {
        step();
      }
      return flight(null);
    } catch (TlsDecodeException e) {
      end = ServerFlight.End.MALFORMED;
      return flight(e);
    } catch (IOException e) {
      return failed(e);
    }
  }

  /** The flight ended by an I/O failure. */
  ServerFlight failed(IOException e) {
    if (e instanceof SocketTimeoutException) {
      // the socket's timeout or the DeadlineInputStream's deadline: the peer is still there, saying nothing
      end = ServerFlight.End.TIMEOUT;
    } else if (e instanceof EOFException) {
      // RecordReader's own: the peer closed inside a record or a handshake message
      end = ServerFlight.End.TRUNCATED;
    } else if (e instanceof SocketException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
        .contains("reset")) {
      // the JDK reports an RST only through the message ("Connection reset", "Connection reset by peer")
      end = ServerFlight.End.RESET;
    } else {
      // anything else the socket reports (a closed socket, a broken pipe, no route): kept as the cause
      end = ServerFlight.End.IO_ERROR;
    }
    return flight(e);
  }

  private ServerFlight flight(Exception cause) {
    ServerFlight.Parsed parsed = new ServerFlight.Parsed(serverHello, certificate, certificateStatus,
        serverKeyExchange, certificateRequest, serverHelloDone, sslV2ServerHello, sslV2Error);
    return new ServerFlight(end, messages, parsed, alerts, records.transcript(), cause);
  }

  /** Looks at the first bytes: TLS goes on record by record; SSL 2.0 and anything else are dealt with here. */
  private void start() throws IOException {
    byte[] head = records.peek(3);
    if (head.length == 0) {
      end = ServerFlight.End.EOF;
    } else if (FirstBytes.looksLikeSslV2ServerMessage(head)) {
      readSslV2();
    } else if (!FirstBytes.looksLikeTlsRecord(head)) {
      // keep what arrived with the first bytes (an HTTP status line, a banner) for the caller to name
      records.readAvailable(ServerFlight.FIRST_BYTES);
      end = ServerFlight.End.NOT_TLS;
    }
  }

  private void readSslV2() throws IOException {
    byte[] message = records.nextSslV2();
    if (message[0] == SslV2ServerHello.MSG_SERVER_HELLO) {
      sslV2ServerHello = SslV2ServerHello.parse(message);
      end = ServerFlight.End.SSLV2_SERVER_HELLO;
    } else {
      sslV2Error = SslV2Error.parse(message);
      end = ServerFlight.End.SSLV2_ERROR;
    }
  }

  /** One record. */
  private void step() throws IOException {
    if (records.offset() > MAX_FLIGHT) {
      throw new TlsDecodeException("flight", records.offset(), "more than " + MAX_FLIGHT
          + " bytes without the end of the first flight", new byte[0], 0, records.offset());
    }
    Optional<TlsRecord> next = records.next();
    if (next.isEmpty()) {
      if (assembler.hasPartial()) {
        throw new EOFException("end of stream inside a handshake message at offset " + records.offset());
      }
      end = ServerFlight.End.EOF;
      return;
    }
    TlsRecord record = next.get();
    if (record.type() != ContentType.HANDSHAKE && assembler.hasPartial()) {
      throw record.fail("TLSPlaintext.type", record.type() + " record inside a fragmented handshake message");
    }
    switch (record.type()) {
      case HANDSHAKE -> handshake(record);
      case ALERT -> alert(record);
      case CHANGE_CIPHER_SPEC -> {
        if (serverHello == null) {
          throw record.fail("TLSPlaintext.type", "change_cipher_spec before the ServerHello");
        }
        // a TLS 1.2 server resuming a session; a TLS 1.3 flight already ended at its ServerHello
        end = ServerFlight.End.CHANGE_CIPHER_SPEC;
      }
      case APPLICATION_DATA -> throw record.fail("TLSPlaintext.type", "application_data before the handshake");
      case HEARTBEAT -> {
        // RFC 6520 allows heartbeats at any time; they carry nothing about the handshake
      }
    }
  }

  private void handshake(TlsRecord record) {
    assembler.add(record);
    Optional<HandshakeMessage> m;
    while (end == null && (m = assembler.next()).isPresent()) {
      messages.add(m.get());
      message(m.get());
    }
  }

  private void alert(TlsRecord record) {
    for (AlertMessage a : AlertMessage.parseAll(record.fragment().toByteArray())) {
      alerts.add(a);
      if (a.endsConnection()) {
        // a warning (say unrecognized_name) lets the handshake go on; fatal and close_notify end it
        end = ServerFlight.End.ALERT;
        return;
      }
    }
  }

  /** Decodes one handshake message of the first flight. */
  private void message(HandshakeMessage m) {
    byte[] body = m.body().toByteArray();
    int type = m.type().code();
    if (type == HandshakeType.HELLO_REQUEST.code()) {
      return; // may come at any time; asks for nothing a probe does
    }
    if (type == HandshakeType.SERVER_HELLO.code()) {
      serverHello(body);
      return;
    }
    if (serverHello == null) {
      throw new TlsDecodeException("Handshake.msg_type", 0, m.type() + " before the ServerHello", body, 0, 0);
    }
    int version = serverHello.versionCode();
    switch (type) {
      case 11 /* certificate */ -> certificate = CertificateMessage.parseTls12(body);
      case 22 /* certificate_status */ -> certificateStatus = CertificateStatus.parse(body);
      case 12 /* server_key_exchange */ ->
          serverKeyExchange = ServerKeyExchange.parse(body, serverHello.cipherSuite(), version);
      case 13 /* certificate_request */ -> certificateRequest = CertificateRequest.parse(body, version);
      case 14 /* server_hello_done */ -> {
        ServerHelloDone.parse(body);
        serverHelloDone = true;
        end = ServerFlight.End.SERVER_HELLO_DONE;
      }
      default -> {
        // kept in messages() undecoded (NewSessionTicket, supplemental data, unknown types)
      }
    }
  }

  private void serverHello(byte[] body) {
    if (serverHello != null) {
      throw new TlsDecodeException("Handshake.msg_type", 0, "a second ServerHello", body, 0, 0);
    }
    serverHello = ServerHello.parse(body);
    if (serverHello.isHelloRetryRequest()) {
      end = ServerFlight.End.HELLO_RETRY_REQUEST;
    } else if (serverHello.selectedVersionCode().orElse(0) >= ProtocolVersion.TLSv1_3.wire()) {
      // TLS 1.3, a draft (0x7FXX) or later: everything after the ServerHello is encrypted
      end = ServerFlight.End.TLS13_SERVER_HELLO;
    }
  }
}
