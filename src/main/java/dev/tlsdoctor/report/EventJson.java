package dev.tlsdoctor.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tlsdoctor.logs.TlsEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** One TLS event as a JSON object (the {@code --events} JSON Lines format; schema in the README). */
public final class EventJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private EventJson() {
  }

  public static String of(TlsEvent e) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      write(g, e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return w.toString();
  }

  public static void write(JsonGenerator g, TlsEvent e) throws IOException {
    g.writeStartObject();
    g.writeStringField("file", e.file());
    g.writeNumberField("line", e.line());
    g.writeStringField("time", e.time() == null ? null : isoSeconds(e));
    g.writeStringField("level", nullIfEmpty(e.level()));
    g.writeStringField("class", e.failureClass().id());
    g.writeStringField("direction", e.direction().id());
    g.writeStringField("entry", nullIfEmpty(e.entry()));
    g.writeStringField("reason", nullIfEmpty(e.reason()));
    g.writeStringField("code", nullIfEmpty(e.code()));
    g.writeStringField("generation", nullIfEmpty(e.generation()));
    g.writeStringField("client", nullIfEmpty(e.client()));
    g.writeStringField("server", nullIfEmpty(e.server()));
    g.writeStringField("host", nullIfEmpty(e.host()));
    g.writeStringField("upstream", nullIfEmpty(e.upstream()));
    if (e.connection() < 0) {
      g.writeNullField("connection");
    } else {
      g.writeNumberField("connection", e.connection());
    }
    g.writeEndObject();
  }

  private static String isoSeconds(TlsEvent e) {
    String s = e.time().toString();
    return s.length() == 16 ? s + ":00" : s;
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
