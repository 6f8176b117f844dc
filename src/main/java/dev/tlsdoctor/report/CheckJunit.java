package dev.tlsdoctor.report;

import dev.tlsdoctor.gate.Change;
import dev.tlsdoctor.gate.CheckResult;
import dev.tlsdoctor.gate.Verdict;
import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The result of {@code tlsdoctor check} as JUnit XML, the report format GitLab, GitHub actions and Jenkins show
 * beside a pipeline: one {@code testsuite} per target, one {@code testcase} per policy verdict (skipped rules as
 * {@code skipped}) and per baseline change (a regression is a {@code failure} whose message names it), and one
 * failing test case for a target that could not be scanned.
 */
public final class CheckJunit {
  private CheckJunit() {
  }

  public static String render(CheckResult r) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "tlsdoctor check");
      x.writeAttribute("tests", String.valueOf(r.targets().stream().mapToInt(CheckJunit::cases).sum()));
      x.writeAttribute("failures", String.valueOf(r.targets().stream().mapToInt(CheckJunit::failures).sum()));
      x.writeCharacters("\n");
      for (CheckResult.Target t : r.targets()) {
        suite(x, t, r.checkedAt());
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing JUnit XML", e);
    }
    return out.toString();
  }

  private static int cases(CheckResult.Target t) {
    return t.verdicts().size() + t.changes().size() + (t.error() != null ? 1 : 0);
  }

  private static int failures(CheckResult.Target t) {
    return (int) (t.verdicts().stream().filter(Verdict::failed).count()
        + t.changes().stream().filter(Change::regression).count()) + (t.error() != null ? 1 : 0);
  }

  private static void suite(XMLStreamWriter x, CheckResult.Target t, String time) throws XMLStreamException {
    x.writeCharacters("  ");
    x.writeStartElement("testsuite");
    x.writeAttribute("name", xml(t.target()));
    x.writeAttribute("tests", String.valueOf(cases(t)));
    x.writeAttribute("failures", String.valueOf(failures(t)));
    x.writeAttribute("skipped", String.valueOf(t.verdicts().stream().filter(v -> v.status().equals(
        Verdict.SKIPPED)).count()));
    x.writeAttribute("timestamp", time);
    x.writeCharacters("\n");
    String classname = "tlsdoctor.check." + xml(t.target());
    if (t.error() != null) {
      test(x, classname, "scan", "failure", "could not be scanned: " + t.error());
    }
    for (Verdict v : t.verdicts()) {
      // a finding id can occur more than once (TLSv1.0 and TLSv1.1 deprecated): its message keeps the names apart
      String name = v.rule() + (v.finding() == null ? "" : " " + v.finding() + ": " + v.message());
      String where = v.file() == null ? "" : " (" + v.file() + ":" + v.line() + ")";
      test(x, classname, name, v.failed() ? "failure" : v.status().equals(Verdict.SKIPPED) ? "skipped" : null,
          v.message() + where);
    }
    for (Change c : t.changes()) {
      test(x, classname, "baseline " + c.aspect() + ": " + c.message(), c.regression() ? "failure" : null,
          "regression: " + c.aspect() + ": " + c.message());
    }
    x.writeCharacters("  ");
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  private static void test(XMLStreamWriter x, String classname, String name, String outcome, String message)
      throws XMLStreamException {
    x.writeCharacters("    ");
    x.writeStartElement("testcase");
    x.writeAttribute("classname", classname);
    x.writeAttribute("name", xml(name));
    if (outcome == null) {
      x.writeEndElement();
    } else {
      x.writeStartElement(outcome);
      x.writeAttribute("message", xml(message));
      if (outcome.equals("failure")) {
        x.writeAttribute("type", "tlsdoctor");
        x.writeCharacters(xml(message));
      }
      x.writeEndElement();
      x.writeEndElement();
    }
    x.writeCharacters("\n");
  }

  /** Text XML 1.0 can hold: the controls escaped as the terminal text escapes them. */
  static String xml(String s) {
    String t = Safe.text(s);
    return t.replace('\uFFFE', '\uFFFD').replace('\uFFFF', '\uFFFD');
  }
}
