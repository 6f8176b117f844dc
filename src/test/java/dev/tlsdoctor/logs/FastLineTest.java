package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FastLineTest {
  @Test
  void epochDay_agreesWithLocalDate() {
    for (LocalDate d = LocalDate.of(1896, 1, 1); d.isBefore(LocalDate.of(2104, 12, 31)); d = d.plusDays(1)) {
      assertThat(FastLine.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).as("%s", d)
          .isEqualTo(d.toEpochDay());
    }
    assertThat(FastLine.epochDay(0, 1, 1)).isEqualTo(LocalDate.of(0, 1, 1).toEpochDay());
    assertThat(FastLine.epochDay(9999, 12, 31)).isEqualTo(LocalDate.of(9999, 12, 31).toEpochDay());
  }

  @Test
  void hash_plainAscii_neverTheNotAsciiValue_equalBytesEqualHashes() {
    byte[] b = "xx2026/06/27 peer closed connection in SSL handshake, client: 192.0.2.1".getBytes(
        StandardCharsets.US_ASCII);
    for (int from = 0; from < 12; from++) {
      for (int to = from + 1; to <= b.length; to++) {
        int h = FastLine.hash(b, from, to);
        assertThat(h).isNotEqualTo(FastLine.NOT_ASCII_HASH);
        byte[] copy = java.util.Arrays.copyOfRange(b, from, to);
        assertThat(FastLine.hash(copy, 0, copy.length)).isEqualTo(h);
      }
    }
  }

  @Test
  void hash_nulOrNonAsciiAnywhere_notAscii() {
    byte[] b = "peer closed connection in SSL handshake".getBytes(StandardCharsets.US_ASCII);
    for (int at = 0; at < b.length; at++) {
      for (byte odd : new byte[] {0, (byte) 0x80, (byte) 0xC3, (byte) 0xFF}) {
        byte[] c = b.clone();
        c[at] = odd;
        assertThat(FastLine.hash(c, 0, c.length)).as("byte %d at %d", odd, at).isEqualTo(FastLine.NOT_ASCII_HASH);
        assertThat(FastLine.hash(c, at, Math.min(c.length, at + 3))).isEqualTo(FastLine.NOT_ASCII_HASH);
      }
    }
  }
}
