package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** A scan's maps by version with the names its JSON uses ({@link ProtocolKey#name}), for assertions. */
final class ProtocolNames {
  private ProtocolNames() {
  }

  /** {@code m} keyed by {@code TLSv1.0}, {@code TLSv1.2}..., in its order. */
  static <V> Map<String, V> byName(Map<ProtocolVersion, V> m) {
    Map<String, V> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(ProtocolKey.name(k), v));
    return out;
  }
}
