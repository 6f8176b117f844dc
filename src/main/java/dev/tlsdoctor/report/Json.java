package dev.tlsdoctor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** The JSON writer all commands share: stable field order, nulls written (absent values are explicit). */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {
  }

  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes what {@link #pretty} returns to {@code out} as it is made, without holding it whole (a large configuration's
   * report is tens of megabytes); {@code out} is left open.
   */
  public static void pretty(Object value, java.io.Writer out) {
    try {
      MAPPER.writerWithDefaultPrettyPrinter()
          .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
