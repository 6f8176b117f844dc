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
  private static final int VERSION = 1;

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
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new IOException("not a compiled knowledge base of this version");
    }
    int n = count(in);
    List<KbEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = string(in);
      String classId = string(in);
      FailureClass c = FailureClass.find(classId)
          .orElseThrow(() -> new IOException("entry '" + id + "': unknown class '" + classId + "'"));
      String title = string(in);
      String meaning = string(in);
      String side = string(in);
      List<String> reasons = strings(in);
      List<String> nginx = strings(in);
      List<String> verify = strings(in);
      int alertCount = count(in);
      List<Integer> alerts = new ArrayList<>(alertCount);
      for (int k = 0; k < alertCount; k++) {
        alerts.add(in.readInt());
      }
      List<String> client = strings(in);
      KbEntry.Signatures signatures = new KbEntry.Signatures(reasons, nginx, verify, alerts, client);
      List<String> examples = strings(in);
      List<String> causes = strings(in);
      KbEntry.Fixes fixes = new KbEntry.Fixes(fixes(in), fixes(in));
      int deadEndCount = count(in);
      List<KbEntry.DeadEnd> deadEnds = new ArrayList<>(deadEndCount);
      for (int k = 0; k < deadEndCount; k++) {
        deadEnds.add(new KbEntry.DeadEnd(string(in), string(in)));
      }
      entries.add(new KbEntry(id, c, title, meaning, side, signatures, examples, causes, fixes, deadEnds,
          strings(in), strings(in), strings(in)));
    }
    if (in.read() != -1) {
      throw new IOException("bytes after the last entry");
    }
    return entries;
  }

  private static void fixes(DataOutputStream out, List<KbEntry.Fix> fixes) throws IOException {
    out.writeInt(fixes.size());
    for (KbEntry.Fix f : fixes) {
      string(out, f.when());
      string(out, f.change());
    }
  }

  private static List<KbEntry.Fix> fixes(DataInputStream in) throws IOException {
    int n = count(in);
    List<KbEntry.Fix> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new KbEntry.Fix(string(in), string(in)));
    }
    return out;
  }

  private static void strings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      string(out, s);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = count(in);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string(in));
    }
    return out;
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

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > 1 << 20) {
      throw new IOException("bad string length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 16) {
      throw new IOException("bad count " + n);
    }
    return n;
  }
}
