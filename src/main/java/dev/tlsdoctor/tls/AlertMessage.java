package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * An alert as received (RFC 8446 section 6, RFC 5246 section 7.2).
 *
 * <pre>
 * enum { warning(1), fatal(2), (255) } AlertLevel;
 * struct {
 *     AlertLevel level;
 *     AlertDescription description;
 * } Alert;
 * </pre>
 *
 * @param level 1 (warning) or 2 (fatal); other values are kept as sent
 * @param description what went wrong
 */
public record AlertMessage(int level, Alert description) {
  public static final int WARNING = 1;
  public static final int FATAL = 2;

  /**
   * The alerts of one alert record's fragment: normally exactly one; an even number of bytes is read as several
   * (TLS 1.2 allowed that), an odd one is malformed.
   */
  public static List<AlertMessage> parseAll(byte[] fragment) {
    WireReader r = WireReader.of("Alert", fragment);
    if (fragment.length == 0 || fragment.length % 2 != 0) {
      throw r.fail("level", "fragment of " + fragment.length + " bytes; an alert is 2");
    }
    List<AlertMessage> out = new ArrayList<>();
    while (r.hasRemaining()) {
      out.add(new AlertMessage(r.readUint8("level"), Alert.of(r.readUint8("description"))));
    }
    return out;
  }

  public byte[] toBytes() {
    return new byte[] {(byte) level, (byte) description.code()};
  }

  /** True for a fatal alert, and for close_notify, which ends the connection at any level. */
  public boolean endsConnection() {
    return level != WARNING || description.equals(Alert.CLOSE_NOTIFY);
  }

  @Override
  public String toString() {
    return (level == WARNING ? "warning " : level == FATAL ? "fatal " : "level " + level + " ") + description;
  }
}
