package dev.tlsdoctor.scan;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.io.IOException;

/**
 * A protocol version as the JSON documents of {@code scan} and {@code check} name it: OpenSSL's name except for TLS
 * 1.0, written {@code TLSv1.0} (SSLv2, SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3). The models keep
 * {@link ProtocolVersion}; only JSON and the renderers see the names.
 */
public final class ProtocolKey {
  private ProtocolKey() {
  }

  /** The name written: {@code TLSv1.0}, {@code TLSv1.2}, {@code SSLv3}. */
  public static String name(ProtocolVersion v) {
    return v == ProtocolVersion.TLSv1 ? "TLSv1.0" : v.opensslName();
  }

  /** Writes a map key of protocol versions by {@link #name}. */
  public static final class Serializer extends JsonSerializer<ProtocolVersion> {
    @Override
    public void serialize(ProtocolVersion v, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeFieldName(name(v));
    }
  }

  /** Writes a protocol version as a value by {@link #name}. */
  public static final class ValueSerializer extends JsonSerializer<ProtocolVersion> {
    @Override
    public void serialize(ProtocolVersion v, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeString(name(v));
    }
  }

  /** Reads a value written by {@link ValueSerializer}; also any name {@link ProtocolVersion#forName} knows. */
  public static final class ValueDeserializer extends JsonDeserializer<ProtocolVersion> {
    @Override
    public ProtocolVersion deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String s = p.getValueAsString();
      if (s == null) {
        return (ProtocolVersion) ctxt.handleUnexpectedToken(ProtocolVersion.class, p);
      }
      return ProtocolVersion.forName(s).orElseThrow(() -> ctxt.weirdStringException(s, ProtocolVersion.class,
          "not a protocol version (SSLv2, SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3)"));
    }
  }

  /** Reads a map key written by {@link Serializer}; also any name {@link ProtocolVersion#forName} knows. */
  public static final class Deserializer extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      return ProtocolVersion.forName(key).orElseThrow(() -> ctxt.weirdKeyException(ProtocolVersion.class, key,
          "not a protocol version (SSLv2, SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3)"));
    }
  }
}
