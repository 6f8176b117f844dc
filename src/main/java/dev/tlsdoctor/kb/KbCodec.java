package dev.tlsdoctor.kb;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled form of the knowledge base: the entries field by field in a plain binary layout (a magic number, a
 * format version, then counts, strings as UTF-8 with their length, and class ids). Written at build time by
 * {@link KbCompiler}; reading it takes a few milliseconds where Java serialisation of the same entries took 0.1 s,
 * which every command paid at start.
 */
final class KbCodec {
  private static final int MAGIC = 0x746c_6b62; // "tlkb"
  private static final int VERSION = 2;

  private KbCodec() {
  }

  static void write(List<KbEntry> entries, DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(entries.size());
    for (KbEntry e : entries) {
      string(out, e.id());
      string(out, e.failureClass().id());
      string(out, e.title());
      string(out, e.meaning());
      string(out, e.side());
      KbEntry.Signatures s = e.signatures();
      strings(out, s.reasons());
      strings(out, s.nginx());
      strings(out, s.verify());
      out.writeInt(s.alerts().size());
      for (int a : s.alerts()) {
        out.writeInt(a);
      }
      strings(out, s.client());
      strings(out, s.contexts());
      strings(out, e.examples());
      strings(out, e.causes());
      fixes(out, e.fixes().server());
      fixes(out, e.fixes().upstream());
      out.writeInt(e.deadEnds().size());
      for (KbEntry.DeadEnd d : e.deadEnds()) {
        string(out, d.remedy());
        string(out, d.why());
      }
      strings(out, e.reproduce());
      strings(out, e.diagnose());
      strings(out, e.related());
    }
  }

  static List<KbEntry> read(DataInputStream in) throws IOException {
    return read(in.readAllBytes());
  }

  /** Reads the entries from the whole compiled form (parsed from the array: far fewer calls than a stream). */
  static List<KbEntry> read(byte[] bytes) throws IOException {
    Cursor in = new Cursor(bytes);
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new IOException("not a compiled knowledge base of this version");
    }
    int n = in.count();
    List<KbEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = in.string();
      String classId = in.string();
      FailureClass c = FailureClass.find(classId)
          .orElseThrow(() -> new IOException("entry '" + id + "': unknown class '" + classId + "'"));
      String title = in.string();
      String meaning = in.string();
      String side = in.string();
      List<String> reasons = in.strings();
      List<String> nginx = in.strings();
      List<String> verify = in.strings();
      int alertCount = in.count();
      List<Integer> alerts = new ArrayList<>(alertCount);
      for (int k = 0; k < alertCount; k++) {
        alerts.add(in.readInt());
      }
      List<String> client = in.strings();
      List<String> contexts = in.strings();
      KbEntry.Signatures signatures = new KbEntry.Signatures(reasons, nginx, verify, alerts, client, contexts);
      List<String> examples = in.strings();
      List<String> causes = in.strings();
      KbEntry.Fixes fixes = new KbEntry.Fixes(in.fixes(), in.fixes());
      int deadEndCount = in.count();
      List<KbEntry.DeadEnd> deadEnds = new ArrayList<>(deadEndCount);
      for (int k = 0; k < deadEndCount; k++) {
        deadEnds.add(new KbEntry.DeadEnd(in.string(), in.string()));
      }
      entries.add(new KbEntry(id, c, title, meaning, side, signatures, examples, causes, fixes, deadEnds,
          in.strings(), in.strings(), in.strings()));
    }
    if (in.at != bytes.length) {
      throw new IOException("bytes after the last entry");
    }
    return entries;
  }

  /** Reads the layout {@link #write} writes from an array; running past its end is an {@link EOFException}. */
  private static final class Cursor {
    private final byte[] b;
    private int at;

    Cursor(byte[] b) {
      this.b = b;
    }

    int readInt() throws IOException {
      if (b.length - at < 4) {
        throw new java.io.EOFException("compiled knowledge base cut short at byte " + at);
      }
      int v = (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
      at += 4;
      return v;
    }

    int count() throws IOException {
      int n = readInt();
      if (n < 0 || n > 1 << 16) {
        throw new IOException("bad count " + n);
      }
      return n;
    }

    /** A string as its UTF-8 length and bytes; length -1 is null. */
    String string() throws IOException {
      int n = readInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || n > b.length - at) {
        throw n < 0 || n > 1 << 20 ? new IOException("bad string length " + n)
            : new java.io.EOFException("compiled knowledge base cut short at byte " + at);
      }
      String s = new String(b, at, n, StandardCharsets.UTF_8);
      at += n;
      return s;
    }

    List<String> strings() throws IOException {
      int n = count();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(string());
      }
      return out;
    }

    List<KbEntry.Fix> fixes() throws IOException {
      int n = count();
      List<KbEntry.Fix> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new KbEntry.Fix(string(), string()));
      }
      return out;
    }
  }

  private static void fixes(DataOutputStream out, List<KbEntry.Fix> fixes) throws IOException {
    out.writeInt(fixes.size());
    for (KbEntry.Fix f : fixes) {
      string(out, f.when());
      string(out, f.change());
    }
  }

  private static void strings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      string(out, s);
    }
  }

  /** A string as its UTF-8 length and bytes; null as length -1. */
  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }
}
