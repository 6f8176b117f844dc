package dev.tlsdoctor.gate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so that a policy's mistakes are named by file, line and key: a scalar
 * ({@code value} a String, Boolean, Number or null), a mapping (key to node, in the file's order) or a list.
 * Aliases and a key given twice are refused; nesting deeper than {@value #MAX_DEPTH} too.
 */
record YamlNode(Object value, int line) {
  static final int MAX_DEPTH = 16;

  /** A file that cannot be used; the message names the file, the line and, when there is one, the key. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** The document in {@code yaml}; null when it is empty (or only comments). */
  static YamlNode parse(byte[] yaml, String name) throws Invalid {
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      return read(p, t, name, 0);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      // the parser's message: what it was doing, what it found, each followed by an indented excerpt
      String why = String.join(": ", e.getOriginalMessage().lines().filter(l -> !l.isBlank()
          && !Character.isWhitespace(l.charAt(0))).toList());
      throw new Invalid(name + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "") + ": not valid YAML: "
          + why);
    } catch (IOException e) {
      throw new Invalid(name + ": " + e.getMessage());
    }
  }

  private static YamlNode read(JsonParser p, JsonToken t, String name, int depth) throws IOException, Invalid {
    int line = p.currentTokenLocation().getLineNr();
    if (depth > MAX_DEPTH) {
      throw new Invalid(name + ":" + line + ": nested deeper than " + MAX_DEPTH + " levels");
    }
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      throw new Invalid(name + ":" + line + ": *" + p.getText() + " is a YAML alias; a value that starts with * is"
          + " quoted: \"*" + p.getText() + "\"");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, YamlNode> m = new LinkedHashMap<>();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          if (m.containsKey(key)) {
            throw new Invalid(name + ":" + keyLine + ": " + key + ": given twice");
          }
          m.put(key, read(p, p.nextToken(), name, depth + 1));
          // the key's own line: a value on the next lines (a list) still belongs to the key
          m.put(key, new YamlNode(m.get(key).value(), keyLine));
        }
        return new YamlNode(m, line);
      }
      case START_ARRAY -> {
        List<YamlNode> l = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, t, name, depth + 1));
        }
        return new YamlNode(l, line);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new YamlNode(t == JsonToken.VALUE_TRUE, line);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new YamlNode(p.getNumberValue(), line);
      }
      case VALUE_NULL -> {
        return new YamlNode(null, line);
      }
      default -> {
        return new YamlNode(p.getText(), line);
      }
    }
  }

  /** What the value is, for messages: {@code a mapping}, {@code a list}, {@code 'TLSv1'}... */
  String kind() {
    if (value == null) {
      return "an empty value";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof Boolean) {
      return "a boolean (" + value + ")";
    }
    if (value instanceof Number) {
      return "a number (" + value + ")";
    }
    return "'" + value + "'";
  }

  @SuppressWarnings("unchecked")
  Map<String, YamlNode> map() {
    return value instanceof Map ? (Map<String, YamlNode>) value : null;
  }

  @SuppressWarnings("unchecked")
  List<YamlNode> list() {
    return value instanceof List ? (List<YamlNode>) value : null;
  }

  /** The value as text when it is a scalar string, number or boolean; null otherwise. */
  String text() {
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value) : null;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
