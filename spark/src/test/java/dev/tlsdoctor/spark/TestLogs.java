package dev.tlsdoctor.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A rotated set of nginx error logs over four days, made from what a real nginx logged (examples/error.log, made by
 * scripts/make-sample-log): its lines repeated at other times and for many clients, with a burst (a spike), junk
 * (binary bytes, invalid UTF-8, an overlong line, CRLF, lines without a time), two gzip files and a truncated one.
 */
final class TestLogs {
  private TestLogs() {
  }

  /** The lines nginx wrote, from the repository's example. */
  static List<String> nginxLines() throws IOException {
    return Files.readAllLines(Path.of("..", "examples", "error.log"), StandardCharsets.ISO_8859_1); // bytes as they are
  }

  /** The set in {@code dir}: error.log.4.gz (truncated), error.log.3.gz, error.log.2.gz, error.log.1, error.log. */
  static void write(Path dir) throws IOException {
    List<String> lines = nginxLines();
    Random r = new Random(15);
    Files.write(dir.resolve("error.log.4.gz"), truncated(gzip(day(lines, 19, 20, r, false))));
    Files.write(dir.resolve("error.log.3.gz"), gzip(day(lines, 20, 30, r, false)));
    Files.write(dir.resolve("error.log.2.gz"), gzip(day(lines, 21, 30, r, true)));
    Files.write(dir.resolve("error.log.1"), day(lines, 22, 40, r, false));
    Files.write(dir.resolve("error.log"), junk(day(lines, 23, 40, r, true), r));
  }

  /** The example's lines {@code repeats} times on 2026-11-{@code day}, every 17 minutes, from skewed clients. */
  private static byte[] day(List<String> lines, int day, int repeats, Random r, boolean burst) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < repeats; k++) {
      int minute = k * 17;
      String time = String.format("2026/11/%02d %02d:%02d", day, minute / 60 % 24, minute % 60);
      for (String line : lines) {
        // clients: a few frequent ones and a long tail, so that the top lists are decided by counts
        String client = r.nextInt(3) == 0 ? "198.51.100." + r.nextInt(200) : "203.0.113." + r.nextInt(4);
        sb.append(time).append(line, 16, line.length()).append('\n');
        int at = sb.lastIndexOf("client: 127.0.0.1");
        if (at > sb.length() - line.length()) {
          sb.replace(at, at + "client: 127.0.0.1".length(), "client: " + client);
        }
      }
      if (burst && k == repeats / 2) {
        String tls = lines.stream().filter(l -> l.contains("no shared cipher")).findFirst().orElseThrow();
        for (int i = 0; i < 60; i++) {
          sb.append(time).append(tls, 16, tls.length()).append('\n');
        }
      }
    }
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Junk between the lines: binary bytes, invalid UTF-8 in a TLS line, an overlong line, CRLF, no time. */
  private static byte[] junk(byte[] log, Random r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] lines = new String(log, StandardCharsets.ISO_8859_1).split("\n");
    for (int i = 0; i < lines.length; i++) {
      out.write(lines[i].getBytes(StandardCharsets.ISO_8859_1));
      out.write(i % 97 == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
      if (i % 500 == 250) {
        byte[] b = new byte[200];
        r.nextBytes(b);
        for (int j = 0; j < b.length; j++) {
          b[j] = b[j] == '\n' ? 0 : b[j];
        }
        out.write(b);
        out.write('\n');
        out.write(("2026/11/23 05:00:00 [info] 1#1: *9 SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::"
            + "no shared cipher) while SSL handshaking, client: 192.0.2.\u00e9, server: 0.0.0.0:443\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(("peer closed connection in SSL handshake while SSL handshaking, client: 192.0.2.7, server: "
            + "x".repeat(70_000) + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] truncated(byte[] b) {
    return Arrays.copyOf(b, b.length * 2 / 3);
  }
}
