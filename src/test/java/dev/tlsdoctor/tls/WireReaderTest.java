package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The presentation-language verbs, their limits, and the error text with its hex dump. */
class WireReaderTest {
  @Test
  void verbs_readBigEndian() {
    WireReader r = WireReader.of("M", Hex.decode("01 0203 040506 02 aabb 0001 cc"));

    assertThat(r.readUint8("a")).isEqualTo(1);
    assertThat(r.readUint16("b")).isEqualTo(0x0203);
    assertThat(r.readUint24("c")).isEqualTo(0x040506);
    assertThat(r.readOpaque8("d", 0, 255)).isEqualTo(Bytes.fromHex("aabb"));
    assertThat(r.readOpaque16("e", 1, 1)).isEqualTo(Bytes.fromHex("cc"));
    r.expectEnd("e");
  }

  @Test
  void vectorLongerThanItsEnclosure_failsBeforeReading() {
    WireReader outer = WireReader.of("M", Hex.decode("0004 0003 aabbcc ff"));
    WireReader inner = outer.readVector16("list", 0, 0xFFFF);

    assertThatThrownBy(() -> inner.readOpaque16("item", 0, 0xFFFF)).isInstanceOf(TlsDecodeException.class)
        .hasMessage("M.item at offset 2: length 3 exceeds the 2 bytes left\n  0000  00 04 [00] 03 aa bb cc ff");
  }

  @Test
  void lengthOutsideTheStructsRange_fails() {
    assertThatThrownBy(() -> WireReader.of("M", Hex.decode("00")).readOpaque8("x", 1, 255))
        .hasMessageStartingWith("M.x at offset 0: length 0 is below the minimum 1");
    assertThatThrownBy(() -> WireReader.of("M", Hex.decode("03 010203")).readOpaque8("x", 0, 2))
        .hasMessageStartingWith("M.x at offset 0: length 3 exceeds the maximum 2");
    WireReader r = WireReader.of("M", Hex.decode("0002 01"));
    r.readUint16("x");
    assertThatThrownBy(() -> r.readUint16("y")).hasMessageStartingWith("M.y at offset 2: needs 2 bytes, 1 left");
  }

  @Test
  void hexDump_rowsAroundTheOffendingByte_endMarkedWithEmptyBrackets() {
    byte[] b = new byte[100];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    assertThat(Hex.dump(b, 0x50, 0)).isEqualTo(String.join("\n",
        "  0030  30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f",
        "  0040  40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f",
        "  0050  [50] 51 52 53 54 55 56 57 58 59 5a 5b 5c 5d 5e 5f",
        "  0060  60 61 62 63"));
    assertThat(Hex.dump(Hex.decode("0102"), 2, 0x100)).isEqualTo("  0100  01 02 []");
    assertThat(Hex.dump(Hex.decode("0102"), 1, 0)).isEqualTo("  0000  01 [02]");
  }

  @Test
  void hex_decodeIgnoresWhitespace_rejectsOthers() {
    assertThat(Hex.decode(" 0a\n0B ")).isEqualTo(new byte[] {10, 11});
    assertThatThrownBy(() -> Hex.decode("0g")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a hex digit at index 1: 'g'");
    assertThatThrownBy(() -> Hex.decode("abc")).hasMessage("odd number of hex digits");
  }

  @Test
  void writer_refusesValuesThatDoNotFit() {
    assertThatThrownBy(() -> new WireWriter().writeUint8(256)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uint8 out of range: 256");
    assertThatThrownBy(() -> new WireWriter().writeOpaque8(Bytes.of(new byte[256])))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("vector of 256 bytes does not fit a 8-bit length");
  }
}
