package dev.tlsdoctor.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reads a whole input into memory only when it is a regular file (after following symbolic links) no larger than
 * a limit, or a stream up to a limit. A device ({@code /dev/zero}), a FIFO (which blocks on opening) or a huge file
 * named by mistake is refused with a message naming it, rather than ending in an {@link OutOfMemoryError} or a hang.
 * <pre>{@code
 * byte[] pem = BoundedRead.file(Path.of("/etc/nginx/site.crt"), BoundedRead.Limit.PEM);
 * }</pre>
 */
public final class BoundedRead {
  private static final int MIB = 1 << 20;

  private BoundedRead() {
  }

  /**
   * The most that is read of one kind of input, and the kind's name for messages.
   *
   * @param bytes at most this many bytes (below 2 GiB: the input is held in one array)
   * @param what  the kind of input, e.g. {@code "a configuration file"}
   */
  public record Limit(int bytes, String what) {
    /** A configuration file read from the disk: the main one or an {@code include}d one. */
    public static final Limit CONFIG = new Limit(16 * MIB, "a configuration file");
    /** The output of {@code nginx -T}, all files of a configuration in one: from standard input or a saved file. */
    public static final Limit DUMP = new Limit(64 * MIB, "nginx -T output");
    /** A PEM file of certificates or a private key ({@code ssl_certificate}, {@code *_trusted_certificate}...). */
    public static final Limit PEM = new Limit(MIB, "a certificate or key file");
    /** A PEM bundle of CA certificates ({@code *_trusted_certificate}): a system bundle holds ~150 of them. */
    public static final Limit CA_BUNDLE = new Limit(4 * MIB, "a file of trusted certificates");

    public Limit {
      if (bytes < 0 || bytes == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("limit " + bytes + " is not between 0 and 2 GiB - 2");
      }
    }

    /** {@code larger than 16 MiB, the limit for a configuration file}. */
    String exceeded() {
      return "larger than " + size(bytes) + ", the limit for " + what;
    }
  }

  /**
   * An input refused: not a regular file, or larger than its limit. The message is {@code NAME is REASON}, e.g.
   * {@code "/dev/zero" is a character device, not a regular file}.
   */
  public static final class Refused extends IOException {
    private final String reason;

    Refused(String name, String reason) {
      super(name + " is " + reason);
      this.reason = reason;
    }

    /** Why, without the name: {@code a FIFO, not a regular file}; {@code larger than 1 MiB, the limit for ...}. */
    public String reason() {
      return reason;
    }
  }

  /** The bytes of the regular file {@code path} (symbolic links followed) if it holds at most {@code limit}. */
  public static byte[] file(Path path, Limit limit) throws IOException {
    String name = "\"" + path + "\"";
    try (InputStream in = openRegular(path, name, limit)) {
      return stream(in, name, limit); // the size may have grown, or be unknown (files of /proc say 0)
    }
  }

  /** The first {@code n} bytes (fewer when it is shorter) of the regular file {@code path}. */
  public static byte[] head(Path path, int n) throws IOException {
    try (InputStream in = openRegular(path, "\"" + path + "\"", null)) {
      return in.readNBytes(n);
    }
  }

  /**
   * The attributes of {@code path} (symbolic links followed) when it is a regular file; a {@link Refused} naming
   * its kind otherwise. For readers that open the file themselves: a FIFO must not be opened to find out.
   */
  public static BasicFileAttributes requireRegular(Path path) throws IOException {
    return requireRegular(path, "\"" + path + "\"");
  }

  private static BasicFileAttributes requireRegular(Path path, String name) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new Refused(name, notRegular(path, a));
    }
    return a;
  }

  /** Opens {@code path} once it is known to be a regular file no larger than {@code limit} (null: any size). */
  private static InputStream openRegular(Path path, String name, Limit limit) throws IOException {
    BasicFileAttributes a = requireRegular(path, name);
    if (limit != null && a.size() > limit.bytes()) {
      throw new Refused(name, limit.exceeded());
    }
    return Files.newInputStream(path);
  }

  /** What {@code in} holds up to its end, if that is at most {@code limit}; {@code name} is for the message. */
  public static byte[] stream(InputStream in, String name, Limit limit) throws IOException {
    byte[] b = in.readNBytes(limit.bytes() + 1);
    if (b.length > limit.bytes()) {
      throw new Refused(name, limit.exceeded());
    }
    return b;
  }

  /**
   * Why an input could not be read, in a few words for a message: {@code no such file}, {@code permission denied},
   * the reason of a {@link Refused}, else the exception's own message.
   */
  public static String reason(IOException e) {
    if (e instanceof Refused r) {
      return r.reason();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "a part of the path is not a directory";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** {@code a FIFO, not a regular file}, naming the kind when the platform tells it. */
  private static String notRegular(Path path, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory, not a regular file";
    }
    String kind = kind(path);
    return kind == null ? "not a regular file" : kind + ", not a regular file";
  }

  /** The kind of a special file from its Unix mode, or null when unknown. */
  private static String kind(Path path) {
    try {
      int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
      return switch (type) {
        case 0010000 -> "a FIFO";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> null;
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      return null;
    }
  }

  /** {@code 16 MiB}, {@code 512 KiB}, {@code 100 bytes}. */
  static String size(long bytes) {
    if (bytes >= MIB && bytes % MIB == 0) {
      return bytes / MIB + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return String.format(Locale.ROOT, "%d bytes", bytes);
  }
}
