package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.logs.LogAnalysis;
import dev.tlsdoctor.logs.LogClassifier;
import dev.tlsdoctor.logs.LogInputs;
import dev.tlsdoctor.logs.TimeRange;
import dev.tlsdoctor.report.LogReport;
import dev.tlsdoctor.report.LogText;
import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command prints what it read from outside (log lines, messages, configuration files, cipher strings,
 * servers and their certificates) with the characters a terminal acts on escaped as {@code dev.tlsdoctor.report.Safe}
 * documents: {@code ESC ] 0 ; pwned BEL} (which would set the window title) as {@code \x1b]0;pwned\x07}, CSI
 * sequences, C1 U+009B as {@code \x9b}, U+202E RIGHT-TO-LEFT OVERRIDE as <code>&#92;u202e</code>, NUL as
 * {@code \x00}. No output holds a raw control character other than the line feed.
 */
class TerminalEscapeTest {
  private static final String ESC = "\u001b";
  private static final String BEL = "\u0007";
  private static final String TITLE = ESC + "]0;pwned" + BEL;
  private static final String TITLE_SHOWN = "\\x1b]0;pwned\\x07";
  private static final String C1 = "\u009b";
  private static final String RLO = "\u202e";

  @TempDir
  Path dir;

  /** The characters no output may hold raw: C0 but LF, DEL, C1, format characters, line and paragraph separators. */
  static void assertNoRawControl(String what, String s) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0 || Character.getType(c) == Character.FORMAT
          || c == '\u2028' || c == '\u2029') {
        found.add(String.format("U+%04X at %d", (int) c, i));
      }
    }
    assertThat(found).as(what + ":\n" + s).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------- logs

  /** Each field of an nginx line holds a different hostile sequence; the name of the file holds ESC and BEL. */
  private static final String UPSTREAM_LINE = "2026/11/23 01:05:16 [crit] 1#1: *85 SSL_do_handshake() failed (SSL:"
      + " error:0A000458:SSL routines::tlsv1 unrecognized name:SSL alert number 112) while SSL handshaking to"
      + " upstream, client: 127.0.0.1" + TITLE + ", server: gw" + ESC + "[31m.test" + C1 + ", request: \"GET /"
      + ESC + "[2J HTTP/1.1\", upstream: \"https://10.0.0.9" + ESC + "[5m:443/\", host: \"h" + RLO + ".test\"";
  private static final String UNCLASSIFIED_LINE = "2026/11/23 01:05:17 [info] 1#1: *24 SSL_do_handshake() failed"
      + " (SSL: error:0A000102:SSL routines::unsupported protocol" + TITLE + ") while SSL handshaking, client:"
      + " 10.0.0.1" + C1 + ", server: 127.0.0.1:443";
  private static final String NUL_LINE = "2026/11/23 01:05:18 [info] 1#1: *26 SSL_read() failed (SSL: odd" + TITLE
      + "\u0000) while reading, client: 10.0.0.2, server: s" + RLO;

  @Test
  void logs_textWithAndWithoutNoColor_everyFieldEscaped() throws IOException {
    Path log = dir.resolve("hostile" + TITLE + ".log");
    Files.writeString(log, String.join("\n", UPSTREAM_LINE, UNCLASSIFIED_LINE, NUL_LINE) + "\n");
    String file = log.toString().replace(TITLE, TITLE_SHOWN);
    String missing = dir.resolve("missing" + TITLE + ".log").toString(); // no '[': that would make it a glob

    for (boolean noColor : new boolean[] {true, false}) {
      Cli.Result r = noColor ? Cli.run("logs", "--no-color", log.toString(), missing)
          : Cli.run("logs", log.toString(), missing);

      assertThat(r.code()).isEqualTo(ExitCodes.INPUT_ERROR);
      assertThat(r.err()).contains("tlsdoctor: logs: " + missing.replace(TITLE, TITLE_SHOWN) + ": no such file\n");
      assertThat(r.out()).contains("  note: " + file + ":3: 1 TLS-related line(s) hold NUL bytes");
      assertThat(r.out()).contains("  servers:   gw\\x1b[31m.test\\x9b (1)\n");
      assertThat(r.out()).contains("  hosts:     h\\u202e.test (1)\n");
      assertThat(r.out()).contains("  clients:   127.0.0.1" + TITLE_SHOWN + " (1)\n");
      assertThat(r.out()).contains("  example:   " + file + ":1\n"
          + "             " + UPSTREAM_LINE.replace(TITLE, TITLE_SHOWN).replace(ESC, "\\x1b").replace(C1, "\\x9b")
          .replace(RLO, "\\u202e") + "\n");
      // the packed code decides the class even with junk glued to the reason: the line is an example, escaped
      assertThat(r.out()).contains("  example:   " + file + ":2\n             2026/11/23 01:05:17 [info] 1#1: *24"
          + " SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol" + TITLE_SHOWN
          + ") while SSL handshaking, client: 10.0.0.1\\x9b, server: 127.0.0.1:443\n");
      assertThat(r.out()).contains("  reasons:   unsupported protocol" + TITLE_SHOWN + " (1)\n");
      assertThat(r.out()).contains("SSL_read() failed (SSL: odd" + TITLE_SHOWN + "\\x00) while reading, client:"
          + " 10.0.0.2, server: s\\u202e\n");
      assertNoRawControl("logs out", r.out());
      assertNoRawControl("logs err", r.err());
    }

    // the plain command line (no picocli) takes the same path
    Path plain = dir.resolve("plain.log");
    Files.writeString(plain, UNCLASSIFIED_LINE + "\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Main.runPlain(new String[] {"logs", plain.toString()}, new PrintWriter(out), new PrintWriter(err));
    assertThat(out.toString()).contains("unsupported protocol" + TITLE_SHOWN + ") while SSL handshaking,"
        + " client: 10.0.0.1\\x9b,");
    assertNoRawControl("plain logs out", out.toString());

    // --events: JSON on standard output (unchanged), the notes on standard error
    Cli.Result events = Cli.run("logs", "--events", log.toString(), missing);
    assertThat(events.err()).contains("tlsdoctor: logs: " + missing.replace(TITLE, TITLE_SHOWN) + ": no such file\n")
        .contains("tlsdoctor: logs: note: " + file + ":3: 1 TLS-related line(s) hold NUL bytes");
    assertThat(events.out()).contains("\"client\":\"127.0.0.1\\u001B]0;pwned\\u0007\"");
    assertNoRawControl("logs --events err", events.err());

    // with colour (which needs a terminal in the command): Style's sequences are the only ones
    KnowledgeBase kb = KnowledgeBase.get();
    LogAnalysis.Result result = new LogAnalysis(new LogClassifier(kb), TimeRange.ALL, 1)
        .run(LogInputs.resolve(List.of(log.toString())).inputs(), null);
    StringWriter colored = new StringWriter();
    PrintWriter w = TerminalWriter.wrap(new PrintWriter(colored), new Style(true));
    LogText.render(LogReport.of(result, kb, 5), w, new Style(true));
    w.flush();
    String c = colored.toString();
    assertThat(c).contains("\u001b[1mtlsdoctor logs:\u001b[0m").contains("\u001b[2m2026/11/23 01:05:16 [crit]")
        .contains("  clients:   127.0.0.1" + TITLE_SHOWN + " (1)\n");
    Matcher m = Pattern.compile("\u001b\\[(\\d+)m").matcher(c);
    String withoutStyle = m.replaceAll(x -> List.of("0", "1", "2", "31", "32", "33").contains(x.group(1)) ? ""
        : x.group());
    assertNoRawControl("logs in colour, Style's sequences taken out", withoutStyle);
  }

  @Test
  void logs_follow_eventLinesEscaped() throws Exception {
    Path log = dir.resolve("follow.log");
    Files.writeString(log, "");
    Cli.Result[] result = new Cli.Result[1];
    Thread t = new Thread(() -> result[0] = Cli.run("logs", "--follow", "--for", "2s", "--interval", "60",
        log.toString()));
    t.start();
    Thread.sleep(800);
    Files.writeString(log, UPSTREAM_LINE + "\n", java.nio.file.StandardOpenOption.APPEND);
    t.join(10_000);

    assertThat(result[0].out()).contains("2026-11-23 01:05:16 sni-rejected                 upstream 127.0.0.1"
        + TITLE_SHOWN + " -> https://10.0.0.9\\x1b[5m:443/  (tlsv1 unrecognized name)\n");
    assertNoRawControl("logs --follow out", result[0].out());
  }

  @Test
  void internalError_messageEscapedTraceIndentKept() {
    StringWriter err = new StringWriter();
    int code = Main.internalError(new IllegalStateException("bad " + TITLE + RLO, new java.io.IOException("c"
        + C1)), new PrintWriter(err));

    assertThat(code).isEqualTo(ExitCodes.SOFTWARE);
    assertThat(err.toString()).startsWith("tlsdoctor: internal error: java.lang.IllegalStateException: bad "
        + TITLE_SHOWN + "\\u202e\njava.lang.IllegalStateException: bad " + TITLE_SHOWN + "\\u202e\n\tat ")
        .contains("\nCaused by: java.io.IOException: c\\x9b\n");
    assertNoRawControl("internal error", err.toString().replace("\t", ""));
  }

  // ------------------------------------------------------------------------------------------------- explain

  @Test
  void explain_text_everyParsedFieldEscaped() {
    String line = "2026/11/23 01:05:16 [crit] 1#1: *85 SSL_do_handshake(" + TITLE + ") failed (SSL: error:0A000458"
        + ":SSL routines:fn" + ESC + "[1m:tlsv1 unrecognized name:SSL alert number 112) while SSL handshaking "
        + RLO + "to upstream, client: 127.0.0.1" + TITLE + ", server: gw" + C1 + ", request: \"GET /" + ESC
        + "[2J HTTP/1.1\", upstream: \"https://10.0.0.9:443/" + RLO + "\", host: \"h\u0000\"";

    Cli.Result r = Cli.runWithStdin(line, "explain", "--no-color", "-");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith("Parsed (nginx-line)\n"
        + "  direction:  upstream (nginx connected to an upstream; nginx was the TLS client)\n"
        + "  time:       2026-11-23 01:05:16\n"
        + "  level:      crit\n"
        + "  connection: *85\n"
        + "  client:     127.0.0.1" + TITLE_SHOWN + "\n"
        + "  server:     gw\\x9b\n"
        + "  request:    GET /\\x1b[2J HTTP/1.1\n"
        + "  upstream:   https://10.0.0.9:443/\\u202e\n"
        + "  host:       h\\x00\n"
        + "  message:    SSL_do_handshake(" + TITLE_SHOWN + ") failed\n"
        + "  while:      SSL handshaking \\u202eto upstream\n"
        + "  reason:     tlsv1 unrecognized name\n"
        + "  code:       0A000458 (SSL_R_TLSV1_UNRECOGNIZED_NAME)\n"
        + "  function:   fn\\x1b[1m\n");
    assertNoRawControl("explain out", r.out());

    // an unrecognised message: the reason, function and verify text it holds
    Cli.Result u = Cli.run("explain", "error:14094410:SSL routines:ssl3_read_bytes" + ESC + "[5m:sslv3 alert"
        + " handshake failure" + TITLE + C1);
    // recognised by its packed code whatever is glued to the reason; the fields it shows are escaped all the same
    assertThat(u.code()).isEqualTo(ExitCodes.OK);
    assertThat(u.out()).contains("  reason:     sslv3 alert handshake failure" + TITLE_SHOWN + "\\x9b\n")
        .contains("  function:   ssl3_read_bytes\\x1b[5m\n");
    assertNoRawControl("explain unrecognised out", u.out());
    Cli.Result v = Cli.runWithStdin("verify error:num=10:certificate has expired" + TITLE + RLO + "\r\n",
        "explain", "-");
    assertThat(v.out()).contains("  verify:     10: certificate has expired" + TITLE_SHOWN + "\\u202e\n");
    assertNoRawControl("explain verify out", v.out());
  }

  // -------------------------------------------------------------------------------------------------- config

  @Test
  void config_text_serverNamePathsArgumentsAndFileNamesEscaped() throws IOException {
    String include = "sites" + TITLE + ".conf";
    Files.writeString(dir.resolve("nginx.conf"), "events {}\nhttp {\n  include \"" + dir.resolve(include)
        + "\";\n}\n");
    Files.writeString(dir.resolve(include), String.join("\n",
        "server {",
        "  listen 443 ssl;",
        "  server_name \"ex" + TITLE + ".test\" " + RLO + "moc.example;",
        "  ssl_certificate /etc/ssl/c" + ESC + "[2J.pem;",
        "  ssl_certificate_key /etc/ssl/k" + C1 + ".key;",
        "  ssl_protocols TLSv1 TLSv1.2;",
        "  ssl_ciphers \"HIGH:!aNULL:RC4" + ESC + "[1m\";",
        "  location / { proxy_pass https://back" + ESC + "[31m.test; proxy_ssl_name n" + RLO + "; }",
        "}", ""));
    String file = dir.resolve(include).toString().replace(TITLE, TITLE_SHOWN);

    Cli.Result r = Cli.run("config", "--nginx-version", "1.26.2", dir.resolve("nginx.conf").toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FOUND);
    assertThat(r.out()).contains("\nWARNING protocol-deprecated  " + file + ":6  listen *:443  server_name"
        + " \"ex" + TITLE_SHOWN + ".test\"\n");
    assertThat(r.out()).contains("    --- a" + file + "\n    +++ b" + file + "\n");
    assertThat(r.out()).contains("  ssl_ciphers names what OpenSSL 3.0 ignores without a word: \"RC4\\x1b[1m\"");
    assertThat(r.out()).contains("    -  ssl_ciphers \"HIGH:!aNULL:RC4\\x1b[1m\";\n");
    assertThat(r.out()).contains("\nserver \"ex" + TITLE_SHOWN + ".test \\u202emoc.example\" at " + file + ":1\n");
    assertThat(r.out()).contains("  ssl_certificate        /etc/ssl/c\\x1b[2J.pem  (" + file + ":4)\n");
    assertThat(r.out()).contains("  ssl_ciphers            HIGH:!aNULL:RC4\\x1b[1m  (" + file + ":7)\n");
    assertThat(r.out()).contains("\nproxy_pass https://back\\x1b[31m.test at " + file + ":8 (server \"ex"
        + TITLE_SHOWN + ".test\")\n");
    assertThat(r.out()).contains("  proxy_ssl_name         n\\u202e  (" + file + ":8)\n");
    assertNoRawControl("config out", r.out());
    assertNoRawControl("config err", r.err());

    // an include that cannot be read, quoting the file: a finding (the rest is analysed)
    Files.writeString(dir.resolve("bad.conf"), "events {}\nhttp { include \"/nonexistent/m" + TITLE
        + ".conf\"; }\n");
    Cli.Result bad = Cli.run("config", "--nginx-version", "1.26.2", dir.resolve("bad.conf").toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.FOUND);
    assertThat(bad.out()).contains("  nginx refuses to start with: open() \"/nonexistent/m" + TITLE_SHOWN
        + ".conf\" failed (2: No such file or directory) in " + dir.resolve("bad.conf") + ":2;");
    assertNoRawControl("config missing include", bad.out());
    // an error quoting the file: on standard error
    Files.writeString(dir.resolve("worse.conf"), "events {}\nhttp { server { listen \"1" + TITLE + "\" }\n");
    Cli.Result worse = Cli.run("config", "--nginx-version", "1.26.2", dir.resolve("worse.conf").toString());
    assertThat(worse.code()).isEqualTo(ExitCodes.INPUT_ERROR);
    assertThat(worse.err()).startsWith(dir.resolve("worse.conf") + ":");
    assertNoRawControl("config error", worse.err());
  }

  // ------------------------------------------------------------------------------------------------- ciphers

  @Test
  void ciphers_text_ignoredWordsAndErrorsEscaped() {
    Cli.Result r = Cli.run("ciphers", "ECDHE+AESGCM:RC4" + ESC + "[1m:F" + RLO + "OO:X" + TITLE + ":@SECLEVEL=1"
        + C1);

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).isEqualTo("ECDHE-ECDSA-AES256-GCM-SHA384\nECDHE-RSA-AES256-GCM-SHA384\n"
        + "ECDHE-ECDSA-AES128-GCM-SHA256\nECDHE-RSA-AES128-GCM-SHA256\n");
    assertThat(r.err()).contains("tlsdoctor: ignored 'RC4\\x1b[1m' at offset 13: RC4 needs the legacy provider")
        .contains("tlsdoctor: ignored 'F\\u202eOO' at offset 21: ")
        .contains("tlsdoctor: ignored 'X\\x1b]0' at offset 26: X is not a suite")
        .contains("tlsdoctor: ignored 'pwned\\x07' at offset 31: pwned is not a suite")
        .contains("tlsdoctor: ignored '\\x9b' at offset 49: OpenSSL skips what follows @SECLEVEL=1");
    assertNoRawControl("ciphers err", r.err());

    Cli.Result bad = Cli.run("ciphers", TITLE);
    assertThat(bad.code()).isEqualTo(ExitCodes.FOUND);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).startsWith("tlsdoctor: invalid command at offset 0: U+001B is not allowed");
    assertNoRawControl("ciphers error", bad.err());
  }

  // ---------------------------------------------------------------------------------------------------- scan

  @Test
  void scan_text_certificateNamesAiaCaNamesBannerAndProgressEscaped() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    TestCerts ca = TestCerts.create(certs);
    // a leaf of the test intermediate, served without it (so the AIA URL is followed), with hostile names: the
    // subject from a configuration file (UTF-8, for the C1 and U+202E), SANs and the AIA URL from the extensions
    Files.writeString(certs.resolve("evil.cnf"), String.join("\n",
        "[req]", "prompt = no", "utf8 = yes", "string_mask = utf8only", "distinguished_name = dn",
        "[dn]", "CN = evil" + TITLE + C1 + RLO + "x", "O = O" + ESC + "[31m", ""), StandardCharsets.UTF_8);
    Files.writeString(certs.resolve("evil.ext"), String.join("\n",
        "basicConstraints=critical,CA:false",
        "subjectAltName=DNS:san" + TITLE + ".test,DNS:ok.test",
        "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:1/ca" + ESC + "[2J.der", ""));
    Tools.openssl(certs, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "evil.key", "-out", "evil.csr", "-config", "evil.cnf");
    Tools.openssl(certs, "x509", "-req", "-in", "evil.csr", "-CA", "intermediate-ca.crt", "-CAkey",
        "intermediate-ca.key", "-CAcreateserial", "-days", "30", "-sha256", "-extfile", "evil.ext", "-out",
        "evil.crt");
    // the CA the server names in its CertificateRequest
    Files.writeString(certs.resolve("client-ca.cnf"), String.join("\n",
        "[req]", "prompt = no", "utf8 = yes", "string_mask = utf8only", "distinguished_name = dn",
        "[dn]", "CN = client CA" + TITLE + RLO, ""), StandardCharsets.UTF_8);
    Tools.openssl(certs, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "evil-client-ca.key", "-out", "evil-client-ca.crt", "-days", "30", "-config", "client-ca.cnf");

    try (TlsServer tls = new TlsServer(certs.resolve("evil.crt"), certs.resolve("evil.key"),
        certs.resolve("evil-client-ca.crt"));
         BannerServer banner = new BannerServer(("220 mail" + TITLE + " " + C1 + RLO + " ESMTP\u0000\r\n")
             .getBytes(StandardCharsets.UTF_8))) {
      String tlsTarget = "127.0.0.1:" + tls.port();
      String bannerTarget = "127.0.0.1:" + banner.port();

      Cli.Result r = Cli.run("scan", "--timeout", "30", "--ca-file", ca.rootCa().toString(), tlsTarget,
          bannerTarget);

      String subject = "O=O\\x1b[31m,CN=evil\\x1b]0\\;pwned\\x07\\x9b\\u202ex";
      String url = "http://127.0.0.1:1/ca\\x1b[2J.der";
      String reply = "plain-text reply \"220 mail\\x1b]0;pwned\\x07 \\xc2\\x9b\\xe2\\x80\\xae ESMTP\\x00\\r\\n\"";
      assertThat(r.out()).as(r.out() + r.err()).contains("\n    " + subject + ", issued by CN=tlsdoctor test"
          + " intermediate CA, ECDSA 256, SHA256withECDSA, until ");
      assertThat(r.out()).contains(", DNS:san" + TITLE_SHOWN + ".test DNS:ok.test\n");
      assertThat(r.out()).contains("    AIA: not downloaded (" + url + "): not fetched: not a URL: " + url + "\n");
      assertThat(r.out()).contains("Client certificate: optional, CAs [CN=client CA\\x1b]0\\;pwned\\x07\\u202e]\n");
      assertThat(r.out()).contains("error    hostname-mismatch: '127.0.0.1' is not among [DNS:san" + TITLE_SHOWN
          + ".test, DNS:ok.test]");
      assertThat(r.out()).contains("\n" + bannerTarget + ", no SNI, ")
          .contains("  could not be scanned completely: not TLS: not-tls: " + reply + "\n");
      assertThat(r.err()).contains(" " + bannerTarget + ": not TLS: not-tls: " + reply + "\n")
          .contains(" " + tlsTarget + "\n");
      assertThat(r.err()).startsWith("scan: 1/2 ");
      assertNoRawControl("scan out", r.out());
      assertNoRawControl("scan err", r.err());
    }
  }

  /** An in-process JSSE server on 127.0.0.1: TLS 1.2 and 1.3, asks for (wants) a client certificate. */
  private static final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;

    TlsServer(Path certFile, Path keyFile, Path clientCa) throws Exception {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      X509Certificate cert;
      X509Certificate ca;
      try (InputStream in = Files.newInputStream(certFile); InputStream c = Files.newInputStream(clientCa)) {
        cert = (X509Certificate) cf.generateCertificate(in);
        ca = (X509Certificate) cf.generateCertificate(c);
      }
      String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
          Base64.getDecoder().decode(pem)));
      char[] password = "secret".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", key, password, new java.security.cert.Certificate[] {cert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("client-ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 100,
          InetAddress.getLoopbackAddress());
      socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      socket.setWantClientAuth(true);
      Thread.ofPlatform().daemon().start(() -> {
        while (!socket.isClosed()) {
          try {
            Socket s = socket.accept();
            Thread.ofPlatform().daemon().start(() -> serve((SSLSocket) s));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    private static void serve(SSLSocket s) {
      try (s) {
        s.setSoTimeout(10_000);
        s.startHandshake();
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // probes that end the handshake on purpose
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close(); // ends the acceptor, a daemon thread like the connections'
    }
  }

  /** A plain TCP server on 127.0.0.1 that greets every connection with a banner, then waits for the client. */
  private static final class BannerServer implements AutoCloseable {
    private final ServerSocket socket;

    BannerServer(byte[] banner) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().start(() -> {
        while (!socket.isClosed()) {
          try {
            Socket s = socket.accept();
            Thread.ofPlatform().daemon().start(() -> {
              try (s) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(banner);
                s.getOutputStream().flush();
                s.getInputStream().transferTo(OutputStream.nullOutputStream());
              } catch (IOException e) {
                // the client went away
              }
            });
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close(); // ends the acceptor, a daemon thread like the connections'
    }
  }
}
