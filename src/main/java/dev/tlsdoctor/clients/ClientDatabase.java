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
      synchronized (ClientDatabase.class) {
        l = all;
        if (l == null) {
          l = load();
          all = l;
        }
      }
    }
    return l;
  }

  /**
   * Starts reading the profiles on a thread of their own (about a quarter of a second of parsing on a cold JVM),
   * for a command that needs them after its network work: {@link #all()} then waits for it or finds them read.
   */
  public static void preload() {
    if (all == null) {
      Thread.ofPlatform().daemon().name("tlsdoctor-client-profiles").start(() -> {
        try {
          all();
        } catch (RuntimeException | Error e) {
          // a packaging bug, or a heap too small for the input: all() meets it again where the profiles are used,
          // and says it there (out of memory: exit 70, one line); a warm-up prints nothing
        }
      });
    }
  }

  /** The profile with this id. */
  public static java.util.Optional<ClientProfile> find(String id) {
    return all().stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The ids closest to {@code id} (edit distance, then order), at most {@code max}: for "did you mean". */
  public static List<String> nearest(String id, int max) {
    String want = id.toLowerCase(java.util.Locale.ROOT);
    return all().stream().map(ClientProfile::id).sorted(java.util.Comparator.comparingInt((String c) ->
        distance(want, c) - (c.startsWith(want) || want.startsWith(c) ? want.length() : 0))).limit(max).toList();
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1)
            ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
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
