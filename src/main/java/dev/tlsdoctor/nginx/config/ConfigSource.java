package dev.tlsdoctor.nginx.config;

import java.util.List;

/**
 * Where the reader finds configuration files: the disk, or the files an {@code nginx -T} dump carries. Paths are
 * strings built as nginx builds them, so that positions name files as nginx does.
 */
interface ConfigSource {

  /** The main configuration file. */
  String mainFile();

  /**
   * nginx's conf prefix unless the reader is given another: the main file's directory, with its trailing slash.
   * nginx resolves every relative {@code include} against it, also in files included from another directory.
   */
  default String confPrefix() {
    String main = mainFile();
    return main.substring(0, main.lastIndexOf('/') + 1);
  }


  /** The bytes of a file; {@link Unreadable} carries nginx's message for why not. */
  byte[] read(String path) throws Unreadable;

  /** The files a glob pattern matches, in nginx's order; none is not an error. */
  List<String> glob(String pattern) throws Unreadable;

  /** A key under which two names of one file compare equal (for include-loop detection). */
  String identity(String path);

  /** A file that cannot be read; the message is what nginx says, e.g. {@code open() "/x" failed (2: ...)}. */
  final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }
}
