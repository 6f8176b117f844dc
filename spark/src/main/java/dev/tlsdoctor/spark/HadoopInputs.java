package dev.tlsdoctor.spark;

import dev.tlsdoctor.logs.LogInputs;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The log files named by the job's arguments on any Hadoop file system (local paths, {@code hdfs://},
 * {@code s3a://}, ...), in the order {@code tlsdoctor logs} reads them (rotated sets oldest first), and the byte
 * ranges the executors read.
 */
final class HadoopInputs {
  private HadoopInputs() {
  }

  /** A file to read: its name as the summary shows it, its full path and size. */
  record File(String name, String path, long length) implements Serializable {
  }

  /** An argument that names nothing readable. */
  record Problem(String argument, String message) {
  }

  /** The files and the problems found while looking for them. */
  record Resolved(List<File> files, List<Problem> problems) {
  }

  /**
   * Expands the arguments: a file, a glob (Hadoop's syntax, which includes the shell's {@code * ? [...]}), or a
   * directory (its files, not those below it, leaving out names starting with {@code .} or {@code _}). A file is
   * named as given, or as its directory was given followed by its name; a file named twice is read once.
   */
  static Resolved resolve(List<String> args, Configuration conf) throws IOException {
    Map<String, File> byPath = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (String a : args) {
      Path p = new Path(a);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matched = fs.globStatus(p);
      if (matched == null || matched.length == 0) {
        problems.add(new Problem(a, LogInputs.isGlob(a) ? "no file matches this pattern" : "no such file"));
        continue;
      }
      for (FileStatus st : matched) {
        if (st.isDirectory()) {
          String dir = matched.length == 1 && !LogInputs.isGlob(a) ? a : st.getPath().toString();
          for (FileStatus f : fs.listStatus(st.getPath())) {
            String n = f.getPath().getName();
            if (f.isFile() && !n.startsWith(".") && !n.startsWith("_")) {
              add(byPath, f, dir.endsWith("/") ? dir + n : dir + "/" + n);
            }
          }
        } else if (st.isFile()) {
          add(byPath, st, name(a, st));
        }
      }
    }
    List<File> files = new ArrayList<>(byPath.values());
    files.sort((x, y) -> LogInputs.rotationOrder(x.name(), y.name()));
    return new Resolved(files, problems);
  }

  private static void add(Map<String, File> byPath, FileStatus st, String name) {
    byPath.putIfAbsent(st.getPath().toString(), new File(name, st.getPath().toString(), st.getLen()));
  }

  /** The argument itself for a file named without wildcards; else the argument's directory and the file's name. */
  private static String name(String arg, FileStatus st) {
    if (!LogInputs.isGlob(arg)) {
      return arg;
    }
    int slash = arg.lastIndexOf('/');
    String dir = slash < 0 ? "" : arg.substring(0, slash + 1);
    return LogInputs.isGlob(dir) ? st.getPath().toString() : dir + st.getPath().getName();
  }

  /**
   * One task's work: a byte range of a file.
   *
   * @param whole the range is the whole file (read as one stream, as {@code tlsdoctor logs} reads it)
   */
  record Split(int id, int input, String name, String path, long from, long length, boolean whole)
      implements Serializable {
  }

  /**
   * Cuts the files into ranges of about {@code splitBytes}; a file no larger, or named {@code .gz} (gzip data cannot
   * be split), is one range.
   */
  static List<Split> splits(List<File> files, long splitBytes) {
    List<Split> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      File f = files.get(i);
      if (f.length() <= splitBytes || f.path().endsWith(".gz")) {
        out.add(new Split(out.size(), i, f.name(), f.path(), 0, f.length(), true));
        continue;
      }
      long n = (f.length() + splitBytes - 1) / splitBytes;
      long step = f.length() / n;
      for (long k = 0; k < n; k++) {
        long from = k * step;
        long to = k == n - 1 ? f.length() : (k + 1) * step;
        out.add(new Split(out.size(), i, f.name(), f.path(), from, to - from, false));
      }
    }
    return out;
  }

  /** The Hadoop configuration as plain entries, to rebuild it in the executors (Configuration is not serializable). */
  static HashMap<String, String> entries(Configuration conf) {
    HashMap<String, String> m = new HashMap<>();
    conf.forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  static Configuration configuration(Map<String, String> entries) {
    Configuration conf = new Configuration(false);
    entries.forEach(conf::set);
    return conf;
  }
}
