package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of captured server flights for fuzzing: bit flips, truncations, length fields set to 0 or their maximum,
 * records duplicated, dropped, swapped, bytes inserted. Used by the codec's fuzz test and by the scan's end-to-end
 * one.
 */
public final class FlightMutator {
  private FlightMutator() {
  }

  /** A mutation of a stream of records: any byte-level one, or one that works on whole records. */
  public static byte[] mutate(byte[] data, Random random) {
    List<byte[]> records = split(data);
    int kind = random.nextInt(records.size() > 1 ? 10 : 7);
    return switch (kind) {
      case 0, 1, 2, 3 -> mutateBytes(data, random);
      case 4 -> setRecordLength(data, records, random);
      case 5 -> setHandshakeLength(data, records, random);
      case 6 -> mutateBytes(mutateBytes(data, random), random);
      case 7 -> duplicateRecord(records, random);
      case 8 -> dropRecord(records, random);
      default -> swapRecords(records, random);
    };
  }

  /** A byte-level mutation. */
  public static byte[] mutateBytes(byte[] data, Random random) {
    if (data.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    byte[] b = data.clone();
    int at = random.nextInt(b.length);
    switch (random.nextInt(8)) {
      case 0 -> {
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          int p = random.nextInt(b.length);
          b[p] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> b = Arrays.copyOf(b, at);
      case 2 -> fill(b, at, 2, 0x00);
      case 3 -> fill(b, at, 2, 0xFF);
      case 4 -> fill(b, at, 3, random.nextBoolean() ? 0xFF : 0x00);
      case 5 -> b[at] = (byte) random.nextInt(256);
      case 6 -> {
        byte[] junk = new byte[1 + random.nextInt(16)];
        random.nextBytes(junk);
        b = concat(Arrays.copyOf(b, at), junk, Arrays.copyOfRange(b, at, b.length));
      }
      default -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
    }
    return b;
  }

  private static byte[] setRecordLength(byte[] data, List<byte[]> records, Random random) {
    byte[] b = data.clone();
    int at = recordStart(records, random.nextInt(records.size()));
    int[] values = {0, 1, 0xFFFF, RecordReader.MAX_FRAGMENT, RecordReader.MAX_FRAGMENT + 1, random.nextInt(0x10000)};
    int v = values[random.nextInt(values.length)];
    if (at + 4 < b.length) {
      b[at + 3] = (byte) (v >> 8);
      b[at + 4] = (byte) v;
    }
    return b;
  }

  private static byte[] setHandshakeLength(byte[] data, List<byte[]> records, Random random) {
    byte[] b = data.clone();
    int at = recordStart(records, random.nextInt(records.size())) + TlsRecord.HEADER;
    int[] values = {0, 1, 0xFFFFFF, HandshakeAssembler.MAX_MESSAGE, HandshakeAssembler.MAX_MESSAGE + 1,
        random.nextInt(0x1000)};
    int v = values[random.nextInt(values.length)];
    if (at + 3 < b.length) {
      b[at + 1] = (byte) (v >> 16);
      b[at + 2] = (byte) (v >> 8);
      b[at + 3] = (byte) v;
    }
    return b;
  }

  private static byte[] duplicateRecord(List<byte[]> records, Random random) {
    List<byte[]> r = new ArrayList<>(records);
    int i = random.nextInt(r.size());
    r.add(i, r.get(i));
    return concat(r.toArray(byte[][]::new));
  }

  private static byte[] dropRecord(List<byte[]> records, Random random) {
    List<byte[]> r = new ArrayList<>(records);
    r.remove(random.nextInt(r.size()));
    return concat(r.toArray(byte[][]::new));
  }

  private static byte[] swapRecords(List<byte[]> records, Random random) {
    List<byte[]> r = new ArrayList<>(records);
    java.util.Collections.swap(r, random.nextInt(r.size()), random.nextInt(r.size()));
    return concat(r.toArray(byte[][]::new));
  }

  /** The records of a well-formed stream (the rest, if any, as one last piece). */
  public static List<byte[]> split(byte[] data) {
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    while (at + 5 <= data.length) {
      int end = Math.min(data.length, at + 5 + ((data[at + 3] & 0xFF) << 8 | (data[at + 4] & 0xFF)));
      out.add(Arrays.copyOfRange(data, at, end));
      at = end;
    }
    if (at < data.length) {
      out.add(Arrays.copyOfRange(data, at, data.length));
    }
    return out;
  }

  private static int recordStart(List<byte[]> records, int index) {
    int at = 0;
    for (int i = 0; i < index; i++) {
      at += records.get(i).length;
    }
    return at;
  }

  private static void fill(byte[] b, int at, int n, int value) {
    for (int i = at; i < Math.min(b.length, at + n); i++) {
      b[i] = (byte) value;
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
