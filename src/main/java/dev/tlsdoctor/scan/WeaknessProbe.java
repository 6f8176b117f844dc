package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.Alert;
import dev.tlsdoctor.tls.Bytes;
import dev.tlsdoctor.tls.ExtensionType;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.ServerHello;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The probes for known implementation flaws that a hello and a record or two reveal: Heartbleed (CVE-2014-0160),
 * the early ChangeCipherSpec of CVE-2014-0224, and TLS compression (CRIME). Each speaks the version the server
 * accepts best below TLS 1.3 (these flaws live in the TLS 1.2-and-earlier code paths) and never sends application
 * data; each answer says what the server did.
 */
final class WeaknessProbe {
  /** heartbeat_request (RFC 6520) claiming 16384 bytes of payload while carrying none. */
  static final int HEARTBEAT_CLAIM = 0x4000;
  private static final int HEARTBEAT = 24;
  private static final int CHANGE_CIPHER_SPEC = 20;
  private static final int ALERT = 21;

  private WeaknessProbe() {
  }

  /**
   * Heartbleed: offers the heartbeat extension; a server that takes it gets a heartbeat_request whose
   * payload_length claims 16384 bytes that are not there. A fixed server drops it (RFC 6520 section 4) or alerts; a
   * vulnerable one answers with a heartbeat_response carrying that much of its memory.
   */
  static ServerProfile.Check heartbleed(Connector c, ProtocolVersion v, String sni) {
    byte[] hello = ScanHellos.legacy(v, ScanHellos.candidates(v), sni)
        .extension(ExtensionType.HEARTBEAT.code(), Bytes.of((byte) 1)).build().toRecords();
    return c.withSocket(s -> {
      ServerFlight f = Connector.send(s, hello, c.readTimeout());
      if (!f.isComplete() || f.serverHello().isEmpty()) {
        return unknown("heartbleed", "the server did not complete its hello: " + Reason.of(f));
      }
      if (f.serverHello().get().extension(ExtensionType.HEARTBEAT).isEmpty()) {
        return new ServerProfile.Check("heartbleed", ServerProfile.Check.OK,
            "the server does not offer the heartbeat extension");
      }
      if (!send(s, record(HEARTBEAT, v, new byte[] {1, (byte) (HEARTBEAT_CLAIM >> 8), (byte) HEARTBEAT_CLAIM}))) {
        return new ServerProfile.Check("heartbleed", ServerProfile.Check.OK, "the server offers heartbeats but"
            + " closed the connection before a heartbeat could be sent");
      }
      Answer a = answer(s, c.readTimeout());
      if (a.type() == HEARTBEAT && a.length() > 3) {
        return new ServerProfile.Check("heartbleed", ServerProfile.Check.VULNERABLE, "a heartbeat claiming "
            + HEARTBEAT_CLAIM + " bytes and carrying none was answered with " + a.length() + " bytes of the"
            + " server's memory (CVE-2014-0160)");
      }
      return new ServerProfile.Check("heartbleed", ServerProfile.Check.OK, "the server offers heartbeats but"
          + " answered a heartbeat with a false length " + a.describe());
    });
  }

  /**
   * CVE-2014-0224: a ChangeCipherSpec sent right after the server's hello, before any key exchange. A fixed server
   * refuses it with unexpected_message(10); a vulnerable one takes it and switches to keys made from an empty
   * secret, so the next record (a second ChangeCipherSpec) fails to decrypt: bad_record_mac(20) or
   * decryption_failed(21).
   */
  static ServerProfile.Check earlyCcs(Connector c, ProtocolVersion v, String sni) {
    byte[] hello = ScanHellos.legacy(v, ScanHellos.candidates(v), sni).build().toRecords();
    byte[] ccs = record(CHANGE_CIPHER_SPEC, v, new byte[] {1});
    return c.withSocket(s -> {
      ServerFlight f = Connector.send(s, hello, c.readTimeout());
      if (!f.isComplete() || f.serverHello().isEmpty()) {
        return unknown("ccs-injection", "the server did not complete its hello: " + Reason.of(f));
      }
      if (!send(s, ccs)) {
        return unknown("ccs-injection", "the server closed the connection after its hello");
      }
      Answer first = answer(s, Duration.ofMillis(Math.min(c.readTimeout().toMillis(), 1500)));
      if (first.type() == ALERT) {
        return first.alert() == 20 || first.alert() == 21 ? vulnerableCcs(first) : refusedCcs(first);
      }
      if (first.type() != -1 || !first.silent()) {
        return refusedCcs(first);
      }
      // silence: the change was taken; the next record tells whether keys changed
      if (!send(s, ccs)) {
        return unknown("ccs-injection", "the server said nothing to an early ChangeCipherSpec and then closed");
      }
      Answer second = answer(s, c.readTimeout());
      if (second.type() == ALERT && (second.alert() == 20 || second.alert() == 21)) {
        return vulnerableCcs(second);
      }
      return second.type() == ALERT ? refusedCcs(second) : unknown("ccs-injection", "the server said nothing to"
          + " an early ChangeCipherSpec and " + second.describe() + " to a second one");
    });
  }

  private static ServerProfile.Check vulnerableCcs(Answer a) {
    return new ServerProfile.Check("ccs-injection", ServerProfile.Check.VULNERABLE, "the server took a"
        + " ChangeCipherSpec before any key exchange and then failed to decrypt (" + a.describe() + ")"
        + " (CVE-2014-0224)");
  }

  private static ServerProfile.Check refusedCcs(Answer a) {
    return new ServerProfile.Check("ccs-injection", ServerProfile.Check.OK, "an early ChangeCipherSpec was refused ("
        + a.describe() + ")");
  }

  /** TLS compression (CRIME): a hello offering DEFLATE (1) before null (0); the server's choice decides. */
  static ServerProfile.Check compression(Connector c, ProtocolVersion v, String sni) {
    ServerFlight f = c.exchange(ScanHellos.legacy(v, ScanHellos.candidates(v), sni).compressionMethods(1, 0).build()
        .toRecords());
    if (f.serverHello().isEmpty()) {
      return unknown("compression", "no hello with compression offered was answered: " + Reason.of(f));
    }
    int method = f.serverHello().get().compressionMethod();
    return method == 0 ? new ServerProfile.Check("compression", ServerProfile.Check.OK, "the server chose no"
        + " compression") : new ServerProfile.Check("compression", ServerProfile.Check.VULNERABLE, "the server"
        + " chose compression method " + method + (method == 1 ? " (DEFLATE)" : "") + ": secrets in requests can be"
        + " recovered by CRIME");
  }

  private static ServerProfile.Check unknown(String id, String why) {
    return new ServerProfile.Check(id, ServerProfile.Check.UNKNOWN, why);
  }

  /** What came back after a record of ours: the first record's type and length, an alert's code, or the end. */
  record Answer(int type, int length, int alert, String end) {
    boolean silent() {
      return "silence".equals(end);
    }

    String describe() {
      if (type == ALERT) {
        return "alert " + Alert.of(alert);
      }
      if (type >= 0) {
        return "a record of type " + type + " (" + length + " bytes)";
      }
      return end;
    }
  }

  /** Reads one record header (and an alert's two bytes) within {@code timeout}. */
  static Answer answer(Socket s, Duration timeout) {
    try {
      s.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(5);
      if (head.length < 5) {
        return new Answer(-1, 0, -1, head.length == 0 ? "the connection closed" : "a truncated record");
      }
      int type = head[0] & 0xFF;
      int length = ((head[3] & 0xFF) << 8) | (head[4] & 0xFF);
      int alert = -1;
      if (type == ALERT && length >= 2) {
        byte[] body = in.readNBytes(2);
        alert = body.length == 2 ? body[1] & 0xFF : -1;
      }
      return new Answer(type, length, alert, null);
    } catch (SocketTimeoutException e) {
      return new Answer(-1, 0, -1, "silence");
    } catch (IOException e) {
      return new Answer(-1, 0, -1, "a reset");
    }
  }

  /** Sends {@code bytes}; false when the server has gone away (its reset or close is an answer, not an error). */
  static boolean send(Socket s, byte[] bytes) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static byte[] record(int type, ProtocolVersion v, byte[] body) {
    byte[] r = new byte[5 + body.length];
    r[0] = (byte) type;
    r[1] = (byte) (v.wire() >> 8);
    r[2] = (byte) v.wire();
    r[3] = (byte) (body.length >> 8);
    r[4] = (byte) body.length;
    System.arraycopy(body, 0, r, 5, body.length);
    return r;
  }
}
