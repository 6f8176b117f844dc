package dev.tlsdoctor.clients;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client profiles shipped with tlsdoctor: resource {@code clients/index.txt} names one JSON file per profile
 * (in the order reports list them); each is a {@link ClientProfile}.
 */
public final class ClientDatabase {
  static final ObjectMapper READER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static volatile List<ClientProfile> all;

  private ClientDatabase() {
  }

  /** Every shipped profile; a missing or broken file is a packaging bug and throws naming it. */
  public static List<ClientProfile> all() {
    List<ClientProfile> l = all;
    if (l == null) {
      l = load();
      all = l;
    }
    return l;
  }

  /** The profile with this id. */
  public static java.util.Optional<ClientProfile> find(String id) {
    return all().stream().filter(p -> p.id().equals(id)).findFirst();
  }

  private static List<ClientProfile> load() {
    List<ClientProfile> out = new ArrayList<>();
    for (String line : read("clients/index.txt").split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      out.add(parse(read("clients/" + name), name));
    }
    return List.copyOf(out);
  }

  /** Parses one profile; checks that every name in it is known. */
  public static ClientProfile parse(String json, String where) {
    try {
      ClientProfile p = READER.readValue(json, ClientProfile.class);
      p.versions();
      p.suites();
      p.tls13Suites();
      p.namedGroups();
      p.namedKeyShares();
      p.schemes();
      p.certSchemes();
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("client profile " + where + ": " + e.getMessage(), e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = ClientDatabase.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
