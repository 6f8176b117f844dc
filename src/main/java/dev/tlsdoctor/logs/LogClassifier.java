package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.Evidence;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.kb.KbMatcher;
import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.kb.OpensslError;
import dev.tlsdoctor.kb.OpensslReasons;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether an error.log line is TLS-related and, if so, which failure class and direction it belongs to.
 * Stateless and thread-safe; free of CLI concerns so that it can run inside other engines.
 */
public final class LogClassifier {
  /** Lines are kept (in events and examples) up to this many characters. nginx itself cuts at 2048 bytes. */
  public static final int MAX_LINE_CHARS = 4096;

  private static final Pattern VERIFY = Pattern.compile("verify error: ?\\((\\d+):([^)]*)\\)");
  private static final Pattern LUA_VERIFY = Pattern.compile(": \\d{1,2}: ((?:unable to|self[- ]signed|certificate "
      + "(?:has expired|is not yet valid)|hostname mismatch)[a-z -]*)");

  private final java.util.function.Supplier<KnowledgeBase> kb;
  private volatile KbMatcher matcher;

  public LogClassifier(KnowledgeBase kb) {
    this.kb = () -> kb;
    this.matcher = kb.matcher();
  }

  /**
   * A classifier that asks {@code kb} for the knowledge base when it classifies its first message (and waits for it
   * there): the readers of a log can start while the knowledge base is still being loaded.
   */
  public LogClassifier(java.util.function.Supplier<KnowledgeBase> kb) {
    this.kb = kb;
  }

  private KbMatcher matcher() {
    KbMatcher m = matcher;
    if (m == null) {
      m = kb.get().matcher();
      matcher = m;
    }
    return m;
  }

  /** Sets up the classes the classifier uses (their regular expressions): ahead of the first line, on any thread. */
  public static void prepare() {
    ErrorLogParser.parseMessageOnly("SSL_do_handshake() failed, client: -");
  }

  /**
   * A cheap test on raw bytes: could this line be TLS-related? Lines failing it are counted and skipped without
   * being decoded. True for any line containing {@code SSL}, {@code TLS}, {@code HTTPS} (nginx's "plain HTTP
   * request to HTTPS port"), {@code ssl_} (a directive name) or a TLS record header, escaped ({@code \x16\x03}) or
   * raw. OpenSSL's lower-case reason texts such as {@code tlsv1 alert ...} always come inside nginx's
   * {@code (SSL: ...)}.
   */
  public static boolean mayBeTls(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (triggerAt(b, from, i, to) || lowerTriggerAt(b, i, to)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The TLS messages that name neither SSL nor TLS in capitals: OpenResty's {@code lua ssl certificate verify error}
   * and nginx's OCSP stapling messages ({@code OCSP response not successful}). Both begin the message.
   */
  static boolean lowerTriggerAt(byte[] b, int i, int to) {
    return (i + 8 <= to && b[i] == 'l' && b[i + 1] == 'u' && b[i + 2] == 'a' && b[i + 3] == ' ' && b[i + 4] == 's'
        && b[i + 5] == 's' && b[i + 6] == 'l' && b[i + 7] == ' ')
        || (i + 4 <= to && b[i] == 'O' && b[i + 1] == 'C' && b[i + 2] == 'S' && b[i + 3] == 'P');
  }

  /** The bytes at which the triggers of {@link #mayBeTls} are recognised. */
  static final byte[] TRIGGER_BYTES = {'S', 'T', '_', '\\', 0x16};

  /** Whether a trigger is recognised at {@code i} of the line [{@code from}, {@code to}). */
  static boolean triggerAt(byte[] b, int from, int i, int to) {
    return switch (b[i]) {
      case 'S' -> i + 2 < to && b[i + 1] == 'S' && b[i + 2] == 'L';
      case 'T' -> i + 2 < to && ((b[i + 1] == 'L' && b[i + 2] == 'S')
          || (b[i + 1] == 'T' && b[i + 2] == 'P' && i + 3 < to && b[i + 3] == 'S'));
      case '_' -> i - 3 >= from && b[i - 3] == 's' && b[i - 2] == 's' && b[i - 1] == 'l';
      case '\\' -> i + 3 < to && b[i + 1] == 'x' && b[i + 2] == '1' && b[i + 3] == '6';
      case 0x16 -> i + 1 < to && b[i + 1] == 0x03; // a raw TLS record header
      default -> false;
    };
  }

  /** Classifies a line; empty when the line is not TLS-related. */
  public Optional<TlsEvent> classify(String file, long lineNo, String text) {
    ErrorLogLine l = ErrorLogParser.parse(text);
    if (l.message().startsWith("client sent invalid method") && !looksLikeTlsRecord(l.request())) {
      return Optional.empty(); // garbage or a non-TLS protocol on a plain-HTTP port: not ours
    }
    Verdict v = verdict(l);
    if (v == null) {
      return Optional.empty();
    }
    String cut = text.length() > MAX_LINE_CHARS ? text.substring(0, MAX_LINE_CHARS) : text;
    return Optional.of(new TlsEvent(file, lineNo, l.time(), l.level(), v.failureClass(), v.direction(), v.entry(),
        v.reason(), v.code(), v.generation(), l.client(), l.server(), l.host(), l.upstream(), l.connection(), cut));
  }

  /**
   * What a line's message says, independent of its fields (except for {@link Direction#LOCAL}, which needs to know
   * whether there was a client): the class, direction, entry, reason, code and generation.
   *
   * @param fieldsDecide whether the line's fields can change the direction: a handshake failure logged without
   *                     nginx's action text ({@code peer closed connection in SSL handshake, client: ...}) is nginx's
   *                     own outgoing handshake when the line has a {@code request:} field (see {@link #direction})
   */
  public record Verdict(FailureClass failureClass, Direction direction, String entry, String reason, String code,
                        String generation, boolean fieldsDecide) {
  }

  /** Verdicts of messages ({@link #messageVerdict}) already computed, shared by the readers of one analysis. */
  private final java.util.concurrent.ConcurrentHashMap<String, Optional<Verdict>> byMessage =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED = 8192;

  /**
   * The verdict for a line's message alone (the text between the line prefix and {@code , client: }), classified
   * as the message of a client connection; null when it is not TLS-related. Remembered for the first
   * {@value #MAX_REMEMBERED} messages of up to 2048 characters (nginx's longest line), so that parallel readers
   * meeting the same messages classify each once.
   */
  public Verdict messageVerdict(String message) {
    Optional<Verdict> known = byMessage.get(message);
    if (known == null) {
      // classified inside computeIfAbsent: a reader meeting a message another is classifying waits for that verdict
      // rather than working it out again (both readers meet the same messages in their first lines)
      known = byMessage.size() < MAX_REMEMBERED && message.length() <= FastLine.MAX_MESSAGE_BYTES
          ? byMessage.computeIfAbsent(message, this::classifyMessage) : classifyMessage(message);
    }
    return known.orElse(null);
  }

  private Optional<Verdict> classifyMessage(String message) {
    // a stand-in client, so that the direction rule sees a client connection
    return Optional.ofNullable(verdict(ErrorLogParser.parseMessageOnly(message + ", client: -")));
  }

  /**
   * A name lookup failing for nginx's OCSP stapling: a DNS problem at start-up or while fetching the response, which
   * the taxonomy leaves to the network (the certificate and its stapling set-up are fine).
   */
  private static final Pattern OCSP_NAME_LOOKUP = Pattern.compile("host not found in OCSP responder");

  /** The verdict for a parsed line, or null when it is not TLS-related. */
  public Verdict verdict(ErrorLogLine l) {
    if (OCSP_NAME_LOOKUP.matcher(l.message()).find()) {
      return null;
    }
    KbMatcher matcher = matcher();
    Optional<KbMatcher.Match> match = matcher.match(evidence(l));
    if (match.isEmpty() && l.sslErrors().isEmpty()) {
      // an nginx message quoted inside other words: "proxy_ssl_server_name error [upstream SSL certificate does
      // not match ...]"
      match = matcher.quotedNginxMessage(l.message());
    }
    if (match.isEmpty() && !mentionsTls(l)) {
      return null;
    }
    FailureClass c = match.map(m -> m.entry().failureClass()).orElse(FailureClass.UNCLASSIFIED);
    String reason = match.map(KbMatcher.Match::signature).orElseGet(() -> fallbackReason(l));
    String code = "";
    String generation = "";
    Optional<OpensslError> err = match.filter(m -> m.kind() == KbMatcher.Kind.REASON)
        .flatMap(m -> l.sslErrors().stream().filter(e -> e.reason().equals(m.signature())).findFirst())
        .or(() -> l.sslErrors().isEmpty() ? Optional.empty()
            : Optional.of(l.sslErrors().get(l.sslErrors().size() - 1)));
    if (err.isPresent()) {
      code = err.get().packed();
      generation = generation(err.get());
    }
    Direction d = direction(l, c);
    boolean fieldsDecide = c.isHandshakeFailure() && l.action().isEmpty() && d == Direction.CLIENT;
    return new Verdict(c, d, match.map(m -> m.entry().id()).orElse(""), reason, code, generation, fieldsDecide);
  }

  /** The evidence the knowledge base matches against. */
  public static Evidence evidence(ErrorLogLine l) {
    String verify = "";
    Matcher vm = VERIFY.matcher(l.message());
    if (vm.find()) {
      verify = vm.group(2).strip();
    } else if (l.message().startsWith("[lua] ") || LUA_VERIFY_TAIL.matcher(l.message()).lookingAt()) {
      // a Lua cosocket's verification, as sslhandshake() returns it: "... failed: 20: unable to get local issuer
      // certificate"
      Matcher lua = LUA_VERIFY.matcher(": " + l.message());
      if (lua.find()) {
        verify = lua.group(1).strip();
      }
    }
    Optional<Integer> alert = Optional.empty();
    for (OpensslError e : l.sslErrors()) {
      Optional<Integer> a = e.alertNumber();
      if (a.isPresent()) {
        alert = a;
      }
    }
    if (alert.isEmpty() && l.sslErrors().isEmpty()) {
      Matcher elided = ELIDED_ALERT.matcher(l.message());
      if (elided.find()) {
        alert = Optional.of(Integer.parseInt(elided.group(1))); // "SSL_do_handshake() failed ... SSL alert number 40"
      }
    }
    Matcher lua = LUA_HANDSHAKE.matcher(l.message());
    if (l.sslErrors().isEmpty() && verify.isEmpty() && lua.find()) {
      // a Lua cosocket's handshake (lua-resty-healthcheck, lua-resty-http): the error string sslhandshake() returned
      String err = lua.group(1).strip();
      String said = err.startsWith("timeout") ? "handshake timed out"
          : err.startsWith("closed") || err.contains("reset by peer") ? "connection closed by the peer during the handshake"
          : err.startsWith("certificate host mismatch") ? "hostname mismatch"
          : err.replaceFirst("^\\d{1,2}: ", "");
      return new Evidence(l.message(), l.action(), l.sslErrors(), verify, alert, said);
    }
    return new Evidence(l.message(), l.action(), l.sslErrors(), verify, alert, "");
  }

  /** The end of a Lua cosocket's verification error pasted alone: {@code 20: unable to get local issuer ...}. */
  private static final Pattern LUA_VERIFY_TAIL = Pattern.compile("\\d{1,2}: (?:unable to|self[- ]signed|certificate "
      + "(?:has expired|is not yet valid)|hostname mismatch)[a-z -]*, context: ");
  /** An OpenSSL error queue cut out of a pasted line, its alert number kept. */
  private static final Pattern ELIDED_ALERT = Pattern.compile("(?:\\.\\.\\.|…) ?SSL alert number (\\d{1,3})\\b");
  /**
   * OpenResty Lua code reporting a cosocket's failed handshake and the error {@code sslhandshake()} returned: {@code
   * failed SSL handshake with 'name (192.0.2.1:443)': timeout}, {@code failed to do SSL handshake: closed}, {@code
   * ssl handshake failed: 20: unable to get local issuer certificate}.
   */
  private static final Pattern LUA_HANDSHAKE = Pattern.compile(
      "(?i)(?:failed (?:to do )?ssl handshake|ssl handshake failed)(?: with '[^']*')?: ([^,]{1,120})");

  /** The direction of a classified line: who was the TLS client. */
  public static Direction direction(ErrorLogLine l, FailureClass c) {
    if (c == FailureClass.CERTIFICATE_LOAD_ERROR) {
      return Direction.LOCAL; // nginx's own files, whatever connection triggered the load
    }
    if (l.action().contains("upstream") || l.message().startsWith("upstream ")
        || l.action().contains("fetch target") || l.message().startsWith("lua ssl ")
        || l.message().startsWith("js http fetch ")) {
      // OpenResty's cosockets and njs's fetch are nginx's own outgoing connections
      return Direction.UPSTREAM;
    }
    if (l.action().startsWith("SSL handshaking") || l.action().contains(" SSL ")) {
      // nginx's own action text: a client's handshake, also in a fragment without fields; OpenResty's handshake
      // phases ("while loading SSL certificate by lua", "while fetching SSL session by lua") are a client's too
      return Direction.CLIENT;
    }
    if (l.action().contains("client") || l.action().startsWith("waiting for request")) {
      // "while reading client request headers", "while sending to client": the connection of a client of nginx
      return Direction.CLIENT;
    }
    if (!l.context().isEmpty() && l.action().isEmpty()) {
      return Direction.UPSTREAM; // logged from Lua code (context: ngx.timer, ...): a cosocket's own connection
    }
    if (c.isHandshakeFailure() && l.action().isEmpty() && !l.request().isEmpty()) {
      // a client's handshake ends before any request is read; a handshake during a request is nginx's own (a
      // subrequest, a Lua cosocket)
      return Direction.UPSTREAM;
    }
    if (l.client().isEmpty() && l.connection() < 0) {
      if (c != FailureClass.UNCLASSIFIED && l.action().isEmpty() && !l.sslErrors().isEmpty()
          && !CONFIGURING.matcher(l.message()).find() && !"emerg".equals(l.level())) {
        // a fragment cut before nginx's action text and fields: a connection's failure, not start-up; OpenSSL's
        // function names the role nginx had, and nginx says "to upstream" for its own handshakes
        return byFunction(l.sslErrors()).or(() -> byAlert(l.sslErrors())).orElse(Direction.CLIENT);
      }
      return Direction.LOCAL; // start-up and configuration messages have neither a client nor a connection
    }
    return Direction.CLIENT;
  }

  /**
   * nginx (or OpenResty's init_by_lua) setting up its own SSL contexts: {@code SSL_CTX_set_cipher_list("...") failed},
   * {@code SSL_CTX_new() failed}, Lua's {@code ssl.context:setCipherList} — start-up, whatever the error says.
   */
  private static final Pattern CONFIGURING = Pattern.compile(
      "^(?:nginx: )?(?:\\[emerg\\] )?SSL_CTX_\\w+ ?\\(|init_by_lua error|ssl\\.context:");

  /** OpenSSL 1.x functions that only a server runs (its peer is the client) and that only a client runs. */
  private static final Pattern SERVER_FUNCTION = Pattern.compile(
      "(?i)client_hello|tls_parse_ctos|tls_construct_server|tls_choose_sigalg|ssl_bytes_to_cipher_list|ssl3_accept"
          + "|ssl23_get_client|ssl3_get_client|tls_process_client|tls_post_process_client");
  private static final Pattern CLIENT_FUNCTION = Pattern.compile(
      "(?i)server_hello|tls_parse_stoc|tls_construct_client|get_server_certificate|tls_process_server|ssl3_connect"
          + "|connect_cr_|choose_client_version|tls_process_ske|ssl3_get_key_exchange|ssl3_get_new_session_ticket");

  /**
   * Alerts that only a server sends (refusing the client's version, suites, name, protocol or missing certificate):
   * nginx received one as the client of an upstream. Alerts about a certificate are mostly a client's verdict on
   * nginx's certificate.
   */
  private static final java.util.Set<Integer> SERVER_ALERTS = java.util.Set.of(40, 70, 71, 86, 109, 112, 116, 120);
  private static final java.util.Set<Integer> CERTIFICATE_ALERTS = java.util.Set.of(42, 43, 44, 45, 46, 48, 49);

  /** The direction a received alert implies, if it does. */
  private static Optional<Direction> byAlert(java.util.List<OpensslError> errors) {
    for (int i = errors.size() - 1; i >= 0; i--) {
      OpensslError e = errors.get(i);
      Optional<Integer> a = e.alertNumber().or(() -> alertOfReason(e.reason()));
      if (a.isPresent()) {
        return SERVER_ALERTS.contains(a.get()) ? Optional.of(Direction.UPSTREAM)
            : CERTIFICATE_ALERTS.contains(a.get()) ? Optional.of(Direction.CLIENT) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The alert a reason text names ({@code tlsv1 alert protocol version}), if it is one. */
  private static Optional<Integer> alertOfReason(String reason) {
    int at = reason.indexOf(" alert ");
    if (at < 0) {
      return Optional.empty();
    }
    dev.tlsdoctor.tls.Alert a = dev.tlsdoctor.tls.Alert.byName(reason.substring(at + 7)).orElse(null);
    return a == null ? Optional.empty() : Optional.of(a.code());
  }

  /** The direction OpenSSL's function names imply (newest error first), if any does. */
  private static Optional<Direction> byFunction(java.util.List<OpensslError> errors) {
    for (int i = errors.size() - 1; i >= 0; i--) {
      String f = errors.get(i).function();
      if (SERVER_FUNCTION.matcher(f).find()) {
        return Optional.of(Direction.CLIENT);
      }
      if (CLIENT_FUNCTION.matcher(f).find()) {
        return Optional.of(Direction.UPSTREAM);
      }
    }
    return Optional.empty();
  }

  /** Which OpenSSL generation printed an error: from the packing of the code and the spelling of the reason. */
  public static String generation(OpensslError e) {
    Optional<String> bySpelling = OpensslReasons.generationOfSpelling(e.reason());
    if (bySpelling.isPresent()) {
      return bySpelling.get();
    }
    OpensslReasons.Decoded d = OpensslReasons.get().decode(e.packed());
    if (d.generation().equals("1.0.2/1.1.1") && !e.function().isEmpty()) {
      // 1.0.1 and some 1.0.2 functions print in upper case; 1.1.1 never does.
      if (!e.function().equals(e.function().toLowerCase(java.util.Locale.ROOT))) {
        return "1.0.x";
      }
    }
    return d.generation();
  }

  private static String fallbackReason(ErrorLogLine l) {
    if (!l.sslErrors().isEmpty()) {
      return l.sslErrors().get(l.sslErrors().size() - 1).reason();
    }
    return l.message();
  }

  /** nginx writes a TLS record header as {@code \x16\x03} (escaped) or as the raw byte 0x16. */
  static boolean looksLikeTlsRecord(String request) {
    return request.startsWith("\\x16\\x03") || (request.length() > 1 && request.charAt(0) == 0x16
        && request.charAt(1) == 0x03);
  }

  /**
   * Whether a line no knowledge-base entry claims is still TLS-related (it is then reported as unclassified): its
   * message, OpenSSL errors or context name SSL or TLS the way nginx and OpenSSL write them, or an ssl_ directive.
   * Fields are not looked at: a request for {@code /ssl/} or a host {@code tls.example} says nothing.
   */
  static boolean mentionsTls(ErrorLogLine l) {
    if (!l.sslErrors().isEmpty()) {
      return true;
    }
    // OpenResty's Lua phase and module names (ssl_certificate_by_lua, resty.auto-ssl.ssl_certificate,
    // ssl_certificate.lua) name where Lua code ran, not a TLS failure
    String m = LUA_NAMES.matcher(l.message()).replaceAll("");
    if (m.contains("SSL") || m.contains("TLS") || m.contains("ssl_")) {
      if (l.level().isEmpty() && l.pid() < 0 && l.client().isEmpty() && l.connection() < 0
          && !FAILING.matcher(m).find()) {
        // another program's line that names SSL without anything failing (a controller's flag, a renewal timer
        // started): nothing of nginx's, no error
        return false;
      }
      // nginx's configuration parser (unknown directive "ssl_...", "ssl_..." directive is duplicate) and its debug
      // trace (SSL_do_handshake: -1, SSL ALPN selected: h2) name SSL without any connection failing
      return !m.contains("directive") && !DEBUG_TRACE.matcher(m).matches();
    }
    if (l.action().contains("SSL")) {
      // only the action names the handshake: a TLS event when the connection itself ended there (an errno, a close,
      // a reset, a timeout); not nginx's bookkeeping (upstream server temporarily disabled, auth request
      // unexpected status), nor a connect() failure, which comes before any handshake
      return !m.startsWith("connect() ") && (l.errno() > 0 || CONNECTION_ENDED.matcher(m).find());
    }
    return false;
  }

  /**
   * A debug trace line's message: a name and one value, perhaps with a descriptor and more values (SSL_get_error: 2,
   * SSL server name: "a.example", SSL_do_handshake(24): -1 err:11), or nginx's debug notes about a TLS connection.
   */
  private static final Pattern DEBUG_TRACE = Pattern.compile("[A-Za-z_][\\w .]*(?:\\(\\d+\\))?: (\"[^\"]*\"|-?[\\w.:/-]+)"
      + "(?: [a-z]+:-?\\w+)*|peer shutdown SSL cleanly|SSL (?:renegotiation|no shutdown|reused session|handshake "
      + "handler)\\b.*");
  private static final Pattern LUA_NAMES =
      Pattern.compile("[\\w.-]*ssl_\\w*by_lua\\w*\\*?|[\\w./-]*ssl[\\w-]*\\.lua\\b|resty\\.[\\w.-]+");
  /** Words of a failure, in a line that is not nginx's. */
  private static final Pattern FAILING = Pattern.compile("(?i)fail|error|alert|invalid|unable|cannot|can't|refus|"
      + "reject|expired|not (?:yet )?valid|untrusted|verif|unknown|wrong|bad |mismatch|closed|reset|timed? ?out|eof\\b"
      + "|abort|denied|handshake");
  private static final Pattern CONNECTION_ENDED =
      Pattern.compile("\\(\\d+: |closed|reset|timed out|[Bb]roken pipe|eof\\b|EOF|failed");
}
