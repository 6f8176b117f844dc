package dev.tlsdoctor.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * One hello extension as it is on the wire: its type and its undecoded data. {@link HelloExtensions} and
 * {@link KeyShare} encode and decode the data of the types this package knows.
 *
 * <pre>
 * struct {
 *     ExtensionType extension_type;
 *     opaque extension_data&lt;0..2^16-1&gt;;
 * } Extension;
 * </pre>
 *
 * @param type the extension type
 * @param data the extension_data
 */
public record Extension(ExtensionType type, Bytes data) {

  /** An extension with this type code and data. */
  public static Extension of(int type, Bytes data) {
    return new Extension(ExtensionType.of(type), data);
  }

  /** An extension whose data is empty (extended_master_secret, the server's acknowledgements). */
  public static Extension empty(ExtensionType type) {
    return new Extension(type, Bytes.EMPTY);
  }

  /** The type code. */
  public int code() {
    return type.code();
  }

  /** {@code Extension extensions<min..2^16-1>} of a hello, in wire order (duplicates kept). */
  static List<Extension> readList(WireReader r, String field, int min) {
    WireReader v = r.readVector16(field, min, 0xFFFF);
    List<Extension> out = new ArrayList<>();
    while (v.hasRemaining()) {
      int type = v.readUint16(field + "[" + out.size() + "].extension_type");
      Bytes data = v.readOpaque16(field + "[" + out.size() + "].extension_data", 0, 0xFFFF);
      out.add(Extension.of(type, data));
    }
    return out;
  }

  static void writeList(WireWriter w, List<Extension> extensions) {
    w.vector16(v -> {
      for (Extension e : extensions) {
        v.writeUint16(e.code()).writeOpaque16(e.data());
      }
    });
  }

  @Override
  public String toString() {
    return type + (data.isEmpty() ? "" : "=" + data);
  }
}
