package dev.tlsdoctor.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Which public roots a profile's store lacks (resource {@code clients/roots.tsv}): an old Android or Java release
 * that predates a CA's root refuses a chain every current client accepts.
 */
public final class RootStores {
  /** A public root and the profiles whose store does not hold it. */
  public record Root(X500Principal subject, String name, Set<String> missing, String since, String source) {
  }

  private static final List<Root> ROOTS = load();

  private RootStores() {
  }

  public static List<Root> all() {
    return ROOTS;
  }

  /**
   * The root {@code rootSubject} names when the store of {@code profileId} lacks it; empty when the store holds it or
   * nothing is known of it. A subject that is not a distinguished name is empty too.
   */
  public static Optional<Root> lacking(String rootSubject, String profileId) {
    if (rootSubject == null) {
      return Optional.empty();
    }
    X500Principal p;
    try {
      p = new X500Principal(rootSubject);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (Root r : ROOTS) {
      if (r.subject.equals(p) && r.missing.contains(profileId)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static List<Root> load() {
    String resource = "/clients/roots.tsv";
    try (InputStream in = RootStores.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the build");
      }
      List<Root> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int no = 0;
      boolean header = true;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
          throw new IllegalStateException(resource + " line " + no + ": 4 tab-separated columns expected, not "
              + f.length);
        }
        X500Principal subject = new X500Principal(f[0]);
        String name = f[0].startsWith("CN=") ? f[0].substring(3, f[0].indexOf(',') < 0 ? f[0].length()
            : f[0].indexOf(',')) : f[0];
        out.add(new Root(subject, name, Set.of(f[1].trim().split("\\s+")), f[2], f[3]));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
