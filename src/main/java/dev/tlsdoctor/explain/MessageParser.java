package dev.tlsdoctor.explain;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.Evidence;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.OpensslError;
import dev.tlsdoctor.kb.OpensslReasons;
import dev.tlsdoctor.logs.ErrorLogLine;
import dev.tlsdoctor.logs.ErrorLogParser;
import dev.tlsdoctor.logs.LogClassifier;
import dev.tlsdoctor.tls.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes apart any TLS error message a user may paste: an nginx error.log line, a bare OpenSSL error of any
 * generation, a packed code alone, or a client's message (curl, {@code openssl s_client}, Java, Go, browsers).
 */
public final class MessageParser {
  private static final Pattern PACKED_ALONE = Pattern.compile("(?:0[xX])?([0-9A-Fa-f]{8})");
  private static final Pattern CURL = Pattern.compile("(?:curl: )?\\((\\d{1,3})\\) .*", Pattern.DOTALL);
  private static final Pattern S_CLIENT_ERROR = Pattern.compile("(?m)^[0-9A-Fa-f]{6,16}:error:[0-9A-Fa-f]{8}:");
  private static final Pattern BROWSER = Pattern.compile("\\b(?:NET::)?(ERR_[A-Z_]+|SSL_ERROR_[A-Z_]+|SEC_ERROR_[A-Z_]+"
      + "|MOZILLA_PKIX_ERROR_[A-Z_]+)\\b");
  private static final Pattern[] VERIFY = {
      Pattern.compile("verify error: ?\\((\\d+):([^)]*)\\)"),               // nginx
      Pattern.compile("verify error:num=(\\d+):([^\\r\\n]*)"),              // openssl s_client
      Pattern.compile("Verify return code: (\\d+) \\(([^)]*)\\)"),          // openssl s_client summary
      Pattern.compile("SSL certificate problem: ([^\\r\\n]*)"),              // curl (60)
      Pattern.compile("certificate verify failed: ([^(\\r\\n]*[^ (\\r\\n])"), // Python ssl
      Pattern.compile("(?:^|: )(?:verify error|X509_V_ERR)[: ]+(\\d+)?:?([a-z][^\\r\\n]*)")};
  /** Python's ssl module: {@code [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)}. */
  private static final Pattern PYTHON = Pattern.compile("\\[SSL: ([A-Z0-9_]+)\\] ([a-z0-9 /]+?)(?=:| \\(_ssl|$)");
  private static final Pattern ALERT_NUMBER = Pattern.compile("(?i)alert (?:number |code )?(\\d{1,3})\\b");
  private static final Pattern JAVA_ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");
  private static final Pattern GO_ALERT = Pattern.compile("remote error: tls: ([A-Za-z ]+)");
  private static final Pattern S_CLIENT_ALERT = Pattern.compile("SSL3? alert (?:read|write):fatal:([a-z ]+)");

  private MessageParser() {
  }

  public static ParsedMessage parse(String input) {
    String t = input.strip();
    if (ErrorLogParser.prefixStart(t) >= 0) {
      ErrorLogLine l = ErrorLogParser.parse(t);
      Evidence base = LogClassifier.evidence(l);
      // The same evidence the log reader uses, so that explain and logs agree on every line.
      return new ParsedMessage("nginx-line", Optional.of(l), l.sslErrors(), generation(l.sslErrors()),
          base.alert().map(Alert::of), verifyCode(t), base.verify(),
          LogClassifier.direction(l, FailureClass.UNCLASSIFIED), base);
    }
    Matcher packed = PACKED_ALONE.matcher(t);
    if (packed.matches()) {
      OpensslReasons.Decoded d = OpensslReasons.get().decode(packed.group(1));
      List<OpensslError> errors = d.reason().isPresent()
          ? List.of(new OpensslError(d.packed(), d.library(), d.function().orElse(""), d.reason().get().text(), ""))
          : List.of(new OpensslError(d.packed(), d.library(), d.function().orElse(""), "", ""));
      Evidence ev = new Evidence("", "", errors, "", Optional.empty(), "");
      return new ParsedMessage("packed-code", Optional.empty(), errors, d.generation(), Optional.empty(), -1, "",
          Direction.UNKNOWN, ev);
    }
    List<OpensslError> errors = new ArrayList<>(OpensslError.findAll(t));
    Matcher py = PYTHON.matcher(t);
    if (errors.isEmpty() && py.find()) {
      String code = OpensslReasons.get().byText(py.group(2)).map(r -> r.packed3()).orElse("");
      errors.add(new OpensslError(code, "SSL", "", py.group(2), ""));
    }
    ErrorLogLine l = ErrorLogParser.parseMessageOnly(t);
    boolean nginxLike = !l.action().isEmpty() || !l.client().isEmpty();
    String verify = "";
    int verifyCode = -1;
    for (Pattern p : VERIFY) {
      Matcher m = p.matcher(t);
      if (m.find()) {
        verify = m.group(m.groupCount()).strip();
        if (m.groupCount() == 2 && m.group(1) != null) {
          verifyCode = Integer.parseInt(m.group(1));
        }
        break;
      }
    }
    Optional<Alert> alert = alert(t, errors);
    String kind = kind(t, errors, nginxLike);
    Evidence ev = new Evidence(l.message(), l.action(), errors, verify, alert.map(Alert::code), t);
    Direction dir = nginxLike ? LogClassifier.direction(l, FailureClass.UNCLASSIFIED) : Direction.UNKNOWN;
    return new ParsedMessage(kind, nginxLike ? Optional.of(l) : Optional.empty(), errors, generation(errors), alert,
        verifyCode, verify, dir, ev);
  }

  private static String kind(String t, List<OpensslError> errors, boolean nginxLike) {
    if (nginxLike) {
      return "nginx-message";
    }
    if (CURL.matcher(t).matches() || t.startsWith("curl:")) {
      return "curl";
    }
    if (PYTHON.matcher(t).find()) {
      return "python";
    }
    if (t.contains("javax.net.ssl") || t.contains("SSLHandshakeException") || JAVA_ALERT.matcher(t).find()
        || t.contains("No appropriate protocol") || t.contains("PKIX path")) {
      return "java";
    }
    if (GO_ALERT.matcher(t).find() || t.startsWith("tls: ") || t.contains("x509: ")) {
      return "go";
    }
    if (S_CLIENT_ERROR.matcher(t).find() || t.contains("verify error:num=") || t.contains("Verify return code")
        || S_CLIENT_ALERT.matcher(t).find()) {
      return "openssl-s_client";
    }
    if (BROWSER.matcher(t).find()) {
      return "browser";
    }
    if (!errors.isEmpty()) {
      return "openssl-error";
    }
    return "text";
  }

  private static Optional<Alert> alert(String t, List<OpensslError> errors) {
    for (int i = errors.size() - 1; i >= 0; i--) {
      Optional<Integer> a = errors.get(i).alertNumber();
      if (a.isPresent()) {
        return Optional.of(Alert.of(a.get()));
      }
    }
    for (Pattern p : new Pattern[] {JAVA_ALERT, GO_ALERT, S_CLIENT_ALERT}) {
      Matcher m = p.matcher(t);
      if (m.find()) {
        Optional<Alert> a = Alert.byName(m.group(1));
        if (a.isPresent()) {
          return a;
        }
      }
    }
    Matcher m = ALERT_NUMBER.matcher(t);
    if (m.find()) {
      int code = Integer.parseInt(m.group(1));
      if (code <= 255) {
        return Optional.of(Alert.of(code));
      }
    }
    return Optional.empty();
  }

  private static int verifyCode(String t) {
    Matcher m = VERIFY[0].matcher(t);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String generation(List<OpensslError> errors) {
    return errors.isEmpty() ? "" : LogClassifier.generation(errors.get(errors.size() - 1));
  }
}
