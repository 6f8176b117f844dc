package dev.tlsdoctor.nginx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of real-looking configurations (src/test/resources/nginx/fuzz-seeds): the strict and the lenient
 * reader either return or throw {@link ConfigException}, nothing else, each within a time limit. Mutations insert
 * nginx's special characters, includes (globs, loops), over-long parameters, bad UTF-8, and cut and copy ranges.
 * The seed is fixed, so a failure names an input that reproduces.
 */
class ConfigFuzzTest {
  /** Longer or other runs: {@code -Dfuzz.inputs=200000 -Dfuzz.seed=1}. */
  private static final long SEED = Long.getLong("fuzz.seed", 0x7115d0c7L);
  private static final int INPUTS = Integer.getInteger("fuzz.inputs", 3000);
  private static final long LIMIT_MILLIS = 2000;
  private static final String[] SEEDS = {"tls-proxy.conf", "stream-mail.conf", "lexical.conf"};
  private static final byte[][] INSERTS = {
      b(";"), b("{"), b("}"), b("\""), b("'"), b("\\"), b("#"), b("$"), b("${"), b(")"), b(" "), b("\n"), b("\r\n"),
      b("\t"), b("include a.conf;"), b("include *.conf;"), b("include loop.conf;"), b("include missing.conf;"),
      b("include [a-z]*.conf;"), b("server {"), b("location / {"), b("\"a\"b"), b("x".repeat(4100)),
      b("\"" + "y".repeat(4094) + "\" "), b("#" + "z".repeat(4096) + "\n"), b("é"), b("\u0000"),
      {(byte) 0xff, (byte) 0xfe}, {(byte) 0xe2, (byte) 0x82}};

  private static final byte[] MIME_TYPES = b("types { text/html html; application/json json; }\n");

  private static final List<byte[]> seeds = new ArrayList<>();
  private static ExecutorService worker;

  @BeforeAll
  static void load() throws IOException {
    for (String s : SEEDS) {
      try (InputStream in = ConfigFuzzTest.class.getResourceAsStream("/nginx/fuzz-seeds/" + s)) {
        seeds.add(in.readAllBytes());
      }
    }
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "config-fuzz");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
  }

  @Test
  void read_mutatedConfigs_parseOrConfigExceptionWithinLimit() throws Exception {
    Random random = new Random(SEED);
    int parsed = 0;
    int rejected = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] main = mutate(random, seeds.get(random.nextInt(seeds.size())));
      byte[] other = mutate(random, seeds.get(random.nextInt(seeds.size())));
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("/f/nginx.conf", main);
      files.put("/f/a.conf", other);
      files.put("/f/loop.conf", b("http { include nginx.conf; }"));
      files.put("/f/mime.types", MIME_TYPES);
      boolean ok = check(i, files, NginxConfigReader.strict());
      check(i, files, NginxConfigReader.lenient(5));
      if (ok) {
        parsed++;
      } else {
        rejected++;
      }
    }
    // the mutations must exercise both outcomes, or the test proves little
    String counts = parsed + " parsed, " + rejected + " rejected";
    assertThat(parsed).as(counts).isGreaterThan(INPUTS / 20);
    assertThat(rejected).as(counts).isGreaterThan(INPUTS / 3);
  }

  @Test
  void read_seedsUnchanged_parseStrictly() throws Exception {
    for (int i = 0; i < seeds.size(); i++) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("/f/" + SEEDS[i], seeds.get(i));
      files.put("/f/mime.types", MIME_TYPES);
      NginxConfig c = NginxConfigReader.strict().read(new DumpSource(files));
      assertThat(c.directives()).as(SEEDS[i]).isNotEmpty();
    }
  }

  /** Reads in the worker thread; true if it parsed, false on ConfigException, a test failure otherwise. */
  private static boolean check(int i, Map<String, byte[]> files, NginxConfigReader reader) throws Exception {
    Future<Boolean> f = worker.submit(() -> {
      try {
        reader.read(new DumpSource(files));
        return true;
      } catch (ConfigException e) {
        return false;
      }
    });
    try {
      return f.get(LIMIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      fail("input " + i + " took longer than " + LIMIT_MILLIS + " ms: " + describe(files));
    } catch (ExecutionException e) {
      throw new AssertionError("input " + i + " threw " + e.getCause() + ": " + describe(files), e.getCause());
    }
    return false;
  }

  private static byte[] mutate(Random r, byte[] seed) {
    byte[] b = seed;
    int n = 1 + r.nextInt(5);
    for (int k = 0; k < n; k++) {
      int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      switch (r.nextInt(5)) {
        case 0 -> b = splice(b, at, INSERTS[r.nextInt(INSERTS.length)], 0);
        case 1 -> b = splice(b, at, new byte[0], Math.min(b.length - at, 1 + r.nextInt(40)));
        case 2 -> {
          int from = b.length == 0 ? 0 : r.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + r.nextInt(200));
          b = splice(b, at, Arrays.copyOfRange(b, from, from + len), 0);
        }
        case 3 -> {
          if (b.length > 0) {
            b = b.clone();
            b[Math.min(at, b.length - 1)] = (byte) r.nextInt(256);
          }
        }
        default -> b = Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, byte[] insert, int delete) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
    out.write(b, 0, at);
    out.write(insert, 0, insert.length);
    out.write(b, at + delete, b.length - at - delete);
    return out.toByteArray();
  }

  private static String describe(Map<String, byte[]> files) {
    StringBuilder s = new StringBuilder();
    files.forEach((k, v) -> s.append('\n').append(k).append(" (base64) ").append(Base64.getEncoder().encodeToString(v)));
    return s.toString();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
