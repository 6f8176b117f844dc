package dev.tlsdoctor.nginx.config;

import dev.tlsdoctor.util.BoundedRead;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Configuration files on the disk, with {@code include} resolved as nginx resolves it. Only regular files of at most
 * {@link BoundedRead.Limit#CONFIG} are read (a device or a FIFO named by an {@code include} is refused).
 */
final class DiskSource implements ConfigSource {
  private final String mainFile;

  /** {@code main} as given, made absolute against the working directory (nginx: against its prefix). */
  DiskSource(Path main) {
    this.mainFile = main.isAbsolute() ? main.toString() : main.toAbsolutePath().toString();
  }

  @Override
  public String mainFile() {
    return mainFile;
  }

  @Override
  public byte[] read(String path) throws Unreadable {
    Path p;
    try {
      p = Path.of(path);
    } catch (InvalidPathException e) {
      throw new Unreadable("open() \"" + path + "\" failed (" + e.getReason() + ")");
    }
    if (Files.isDirectory(p)) {
      throw new Unreadable("pread() \"" + path + "\" failed (21: Is a directory)");
    }
    try {
      return BoundedRead.file(p, BoundedRead.Limit.CONFIG);
    } catch (BoundedRead.Refused e) {
      throw new Unreadable(e.getMessage());
    } catch (NoSuchFileException e) {
      throw new Unreadable("open() \"" + path + "\" failed (2: No such file or directory)");
    } catch (AccessDeniedException e) {
      throw new Unreadable("open() \"" + path + "\" failed (13: Permission denied)");
    } catch (NotDirectoryException e) {
      throw new Unreadable("open() \"" + path + "\" failed (20: Not a directory)");
    } catch (FileSystemException e) {
      throw new Unreadable("open() \"" + path + "\" failed (" + e.getReason() + ")");
    } catch (IOException e) {
      throw new Unreadable("read() \"" + path + "\" failed (" + e.getMessage() + ")");
    }
  }

  @Override
  public List<String> glob(String pattern) {
    return Glob.expand(pattern, new Glob.Directory() {
      @Override
      public List<String> list(String dir) {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
          return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException | RuntimeException e) {
          return null;
        }
      }

      @Override
      public boolean exists(String path) {
        try {
          return Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
          return false;
        }
      }

      @Override
      public boolean isDirectory(String path) {
        try {
          return Files.isDirectory(Path.of(path));
        } catch (InvalidPathException e) {
          return false;
        }
      }
    });
  }

  @Override
  public String identity(String path) {
    try {
      Path p = Path.of(path);
      try {
        return p.toRealPath().toString();
      } catch (IOException e) {
        return p.toAbsolutePath().normalize().toString();
      }
    } catch (InvalidPathException e) {
      return path;
    }
  }
}
