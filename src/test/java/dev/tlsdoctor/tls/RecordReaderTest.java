package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RecordReaderTest {
  static RecordReader reader(String hex) {
    return new RecordReader(new ByteArrayInputStream(Hex.decode(hex)));
  }

  @Test
  void twoRecordsThenEndOfStream() throws IOException {
    RecordReader r = reader("1603030002aabb 15030100020228");

    assertThat(r.next()).contains(new TlsRecord(ContentType.HANDSHAKE, 0x0303, Bytes.fromHex("aabb"), 0));
    assertThat(r.next()).contains(new TlsRecord(ContentType.ALERT, 0x0301, Bytes.fromHex("0228"), 7));
    assertThat(r.next()).isEmpty();
    assertThat(r.offset()).isEqualTo(14);
    assertThat(r.transcript()).isEqualTo(Bytes.fromHex("1603030002aabb15030100020228"));
  }

  @Test
  void largestFragmentAccepted_oneMoreRejected() throws IOException {
    byte[] max = new byte[5 + RecordReader.MAX_FRAGMENT];
    max[0] = 23;
    max[1] = 3;
    max[2] = 3;
    max[3] = (byte) (RecordReader.MAX_FRAGMENT >> 8);
    max[4] = (byte) RecordReader.MAX_FRAGMENT;
    assertThat(new RecordReader(new ByteArrayInputStream(max)).next().orElseThrow().fragment().length())
        .isEqualTo(18432);

    assertThatThrownBy(() -> reader("1703034801").next()).isInstanceOf(TlsDecodeException.class)
        .hasMessage("TLSPlaintext.length at offset 3: length 18433 exceeds the limit 18432\n  0000  17 03 03 [48] 01");
  }

  @Test
  void headerCutShort_eofException() {
    assertThatThrownBy(() -> reader("160303").next()).isInstanceOf(EOFException.class)
        .hasMessage("end of stream after 3 of 5 bytes of the record header at offset 0");
    assertThatThrownBy(() -> reader("1603030004aabb").next()).isInstanceOf(EOFException.class)
        .hasMessage("end of stream after 2 of 4 bytes of the handshake(22) record fragment at offset 5");
  }

  @Test
  void notARecordHeader_namesTheField() {
    assertThatThrownBy(() -> reader("485454502f").next()).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("TLSPlaintext.type at offset 0: unknown content type 0x48");
    assertThatThrownBy(() -> reader("1602000001ff").next()).isInstanceOf(TlsDecodeException.class)
        .hasMessageStartingWith("TLSPlaintext.legacy_record_version at offset 1: 0x0200 is not an SSL 3.0/TLS "
            + "version (0x03XX)");
  }

  @Test
  void peek_doesNotConsume() throws IOException {
    RecordReader r = reader("15030300020228");

    assertThat(r.peek(3)).isEqualTo(Hex.decode("150303"));
    assertThat(r.next().orElseThrow().type()).isEqualTo(ContentType.ALERT);
  }

  @Test
  void sslV2Records_twoAndThreeByteHeaders() throws IOException {
    assertThat(reader("8003 000001").nextSslV2()).isEqualTo(Hex.decode("000001"));
    assertThat(reader("0003 00 000001").nextSslV2()).isEqualTo(Hex.decode("000001"));
    assertThatThrownBy(() -> reader("8005 0000").nextSslV2()).isInstanceOf(EOFException.class)
        .hasMessage("end of stream after 2 of 5 bytes of the SSLv2 record at offset 2");
  }

  @Test
  void encode_splitsAtTheMaximumFragment() {
    byte[] wire = TlsRecord.encode(ContentType.HANDSHAKE, 0x0303, new byte[5], 2);

    assertThat(Hex.encode(wire)).isEqualTo("16030300020000" + "16030300020000" + "160303000100");
    assertThat(Hex.encode(TlsRecord.encode(ContentType.ALERT, 0x0303, new byte[0], 10))).isEqualTo("1503030000");
  }
}
