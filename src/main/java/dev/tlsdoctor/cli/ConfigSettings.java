package dev.tlsdoctor.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.tlsdoctor.nginx.policy.IgnoreRule;
import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings of {@code tlsdoctor config} in a YAML file ({@code --settings FILE}, else {@code .tlsdoctor.yml} in
 * the working directory): a mapping with the keys {@code failOn} (error, warning, info or never) and {@code ignore}
 * (a list of {@code ID[@FILE[:LINE]]}, or one such string). Anything else is refused with the file, the line and
 * the key: an unknown key, a key given twice, a value of the wrong kind.
 *
 * @param file the file as it is to be named in messages and the report
 * @param failOn null when the file does not set it
 * @param ignore null when the file does not set it
 */
record ConfigSettings(String file, String failOn, List<IgnoreRule> ignore) {
  /** The file looked for in the working directory. */
  static final String DEFAULT_FILE = ".tlsdoctor.yml";
  static final List<String> FAIL_ON = List.of("error", "warning", "info", "never");
  private static final List<String> KEYS = List.of("failOn", "ignore");
  /** Far more than settings need: a larger file is refused rather than read. */
  private static final int MAX_BYTES = 1 << 20;

  /** A settings file that cannot be used; the message names the file and, when there is one, the line and key. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** Reads {@code path}, named {@code name} in messages. */
  static ConfigSettings read(Path path, String name) throws Invalid {
    byte[] bytes;
    try {
      bytes = BoundedRead.file(path, new BoundedRead.Limit(MAX_BYTES, "a settings file"));
    } catch (IOException e) {
      throw new Invalid(name + ": " + BoundedRead.reason(e));
    }
    return parse(bytes, name);
  }

  /** The settings in {@code yaml}; an empty file (or one of comments) sets nothing. */
  static ConfigSettings parse(byte[] yaml, String name) throws Invalid {
    String failOn = null;
    List<IgnoreRule> ignore = null;
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new ConfigSettings(name, null, null);
      }
      if (t != JsonToken.START_OBJECT) {
        throw invalid(name, p.currentTokenLocation(), null, "the settings are a mapping of keys ("
            + String.join(", ", KEYS) + "), not " + kind(t));
      }
      Set<String> seen = new HashSet<>();
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonLocation at = p.currentTokenLocation();
        if (!KEYS.contains(key)) {
          throw invalid(name, at, null, "unknown key '" + key + "' (the keys are " + String.join(" and ", KEYS)
              + ")");
        }
        if (!seen.add(key)) {
          throw invalid(name, at, key, "given twice");
        }
        t = p.nextToken();
        if (key.equals("failOn")) {
          if (t != JsonToken.VALUE_STRING || !FAIL_ON.contains(p.getText())) {
            throw invalid(name, p.currentTokenLocation(), key, (t == JsonToken.VALUE_STRING ? "'" + p.getText()
                + "'" : kind(t)) + " is not one of: " + String.join(", ", FAIL_ON));
          }
          failOn = p.getText();
        } else {
          ignore = new ArrayList<>();
          if (t == JsonToken.VALUE_STRING) {
            ignore.add(rule(p, name));
          } else if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (t != JsonToken.VALUE_STRING) {
                throw invalid(name, p.currentTokenLocation(), key, "each rule is a string ID[@FILE[:LINE]], not "
                    + kind(t));
              }
              ignore.add(rule(p, name));
            }
          } else {
            throw invalid(name, p.currentTokenLocation(), key, "a list of rules ID[@FILE[:LINE]] is wanted, not "
                + kind(t));
          }
        }
      }
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
    return new ConfigSettings(name, failOn, ignore == null ? null : List.copyOf(ignore));
  }

  private static IgnoreRule rule(JsonParser p, String name) throws IOException, Invalid {
    JsonLocation at = p.currentTokenLocation();
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      throw invalid(name, at, "ignore", "*" + p.getText() + " is a YAML alias; a rule that starts with * is quoted:"
          + " \"*" + p.getText() + "\"");
    }
    try {
      return IgnoreRule.parse(p.getText(), name + ":" + at.getLineNr());
    } catch (IllegalArgumentException e) {
      throw invalid(name, at, "ignore", e.getMessage());
    }
  }

  private static Invalid invalid(String name, JsonLocation at, String key, String message) {
    return new Invalid(name + ":" + at.getLineNr() + ": " + (key == null ? "" : key + ": ") + message);
  }

  /** What a YAML value is, for messages. */
  private static String kind(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "an empty value";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      default -> "a " + t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }
}
