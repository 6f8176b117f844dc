package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ErrorLogParserTest {

  @Test
  void parse_clientHandshakeFailure_allPartsSplit() {
    ErrorLogLine l = ErrorLogParser.parse("2026/06/27 11:48:19 [info] 2841#2842: *902 SSL_do_handshake() failed "
        + "(SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 198.51.100.22, "
        + "server: 0.0.0.0:443");
    assertThat(l.time()).isEqualTo(LocalDateTime.of(2026, 6, 27, 11, 48, 19));
    assertThat(l.level()).isEqualTo("info");
    assertThat(l.pid()).isEqualTo(2841);
    assertThat(l.tid()).isEqualTo(2842);
    assertThat(l.connection()).isEqualTo(902);
    assertThat(l.message()).isEqualTo("SSL_do_handshake() failed");
    assertThat(l.sslErrors()).hasSize(1);
    assertThat(l.sslErrors().get(0).packed()).isEqualTo("0A000102");
    assertThat(l.sslErrors().get(0).reason()).isEqualTo("unsupported protocol");
    assertThat(l.action()).isEqualTo("SSL handshaking");
    assertThat(l.client()).isEqualTo("198.51.100.22");
    assertThat(l.server()).isEqualTo("0.0.0.0:443");
    assertThat(l.request()).isEmpty();
    assertThat(l.errno()).isEqualTo(-1);
  }

  @Test
  void parse_upstreamVerifyError_requestFieldsUnquoted() {
    ErrorLogLine l = ErrorLogParser.parse("2026/01/02 03:04:05 [error] 10#10: *7 upstream SSL certificate verify "
        + "error: (10:certificate has expired) while SSL handshaking to upstream, client: 127.0.0.1, server: "
        + "app.example, request: \"GET /a?b=\\\"c\\\", d HTTP/1.1\", upstream: \"https://127.0.0.1:8443/a\", "
        + "host: \"app.example:8080\"");
    assertThat(l.message()).isEqualTo("upstream SSL certificate verify error: (10:certificate has expired)");
    assertThat(l.action()).isEqualTo("SSL handshaking to upstream");
    assertThat(l.server()).isEqualTo("app.example");
    assertThat(l.request()).isEqualTo("GET /a?b=\\\"c\\\", d HTTP/1.1");
    assertThat(l.upstream()).isEqualTo("https://127.0.0.1:8443/a");
    assertThat(l.host()).isEqualTo("app.example:8080");
  }

  @Test
  void parse_errnoSuffix_separatedFromMessage() {
    ErrorLogLine l = ErrorLogParser.parse("2026/01/02 03:04:05 [info] 10#10: *8 peer closed connection in SSL "
        + "handshake (104: Connection reset by peer) while SSL handshaking, client: 127.0.0.1, server: "
        + "127.0.0.1:8443");
    assertThat(l.message()).isEqualTo("peer closed connection in SSL handshake");
    assertThat(l.errno()).isEqualTo(104);
    assertThat(l.errnoText()).isEqualTo("Connection reset by peer");
    assertThat(l.action()).isEqualTo("SSL handshaking");
  }

  @Test
  void parse_sslDataWithWhile_actionIsTheLastOne() {
    ErrorLogLine l = ErrorLogParser.parse("2026/01/02 03:04:05 [crit] 10#10: *9 SSL_do_handshake() failed (SSL: "
        + "error:0A000126:SSL routines::unexpected eof while reading) while SSL handshaking, client: 10.0.0.1, "
        + "server: 0.0.0.0:443");
    assertThat(l.sslErrors().get(0).reason()).isEqualTo("unexpected eof while reading");
    assertThat(l.action()).isEqualTo("SSL handshaking");
  }

  @Test
  void parse_twoQueuedErrorsWithAlertData_oldestFirst() {
    ErrorLogLine l = ErrorLogParser.parse("2026/01/02 03:04:05 [error] 10#10: *9 SSL_do_handshake() failed (SSL: "
        + "error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40 "
        + "error:0A000438:SSL routines::tlsv1 alert internal error:SSL alert number 80) while SSL handshaking to "
        + "upstream, client: 10.0.0.1, server: x, request: \"GET / HTTP/1.1\", upstream: \"https://10.0.0.2:443/\","
        + " host: \"x\"");
    assertThat(l.sslErrors()).extracting(e -> e.reason() + "|" + e.data())
        .containsExactly("sslv3 alert handshake failure|SSL alert number 40",
            "tlsv1 alert internal error|SSL alert number 80");
    assertThat(l.sslErrors().get(1).alertNumber()).contains(80);
  }

  @Test
  void parse_streamLine_bytesFieldsIgnored() {
    ErrorLogLine l = ErrorLogParser.parse("2026/01/02 03:04:05 [error] 5#5: *3 SSL_do_handshake() failed (SSL: "
        + "error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1,"
        + " server: 0.0.0.0:9000, upstream: \"127.0.0.1:9001\", bytes from/to client:0/0, bytes from/to "
        + "upstream:0/0");
    assertThat(l.upstream()).isEqualTo("127.0.0.1:9001");
    assertThat(l.server()).isEqualTo("0.0.0.0:9000");
  }

  @Test
  void parse_collectorPrefix_timestampFound() {
    ErrorLogLine l = ErrorLogParser.parse("nginx    | 2026/01/02 03:04:05 [info] 1#1: *2 handshake rejected while "
        + "SSL handshaking, client: 172.17.0.1, server: 0.0.0.0:443");
    assertThat(l.time()).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
    assertThat(l.message()).isEqualTo("handshake rejected");
    assertThat(l.connection()).isEqualTo(2);
  }

  @Test
  void parse_startupStderr_levelAndMessage() {
    ErrorLogLine l = ErrorLogParser.parse("nginx: [emerg] cannot load certificate \"/etc/x.pem\": BIO_new_file() "
        + "failed (SSL: error:80000002:system library::No such file or directory:calling fopen(/etc/x.pem, r) "
        + "error:10000080:BIO routines::no such file)");
    assertThat(l.level()).isEqualTo("emerg");
    assertThat(l.time()).isNull();
    assertThat(l.message()).isEqualTo("cannot load certificate \"/etc/x.pem\": BIO_new_file() failed");
    assertThat(l.sslErrors()).extracting(e -> e.reason())
        .containsExactly("No such file or directory", "no such file");
    assertThat(l.sslErrors().get(0).data()).isEqualTo("calling fopen(/etc/x.pem, r)");
  }

  @Test
  void parse_oldEmptySslSuffix_noErrors() {
    ErrorLogLine l = ErrorLogParser.parse("2014/03/02 10:00:00 [crit] 1#0: *5 SSL_write() failed (SSL:), client: "
        + "192.0.2.7, server: example.com");
    assertThat(l.message()).isEqualTo("SSL_write() failed");
    assertThat(l.sslErrors()).isEmpty();
    assertThat(l.client()).isEqualTo("192.0.2.7");
  }

  @Test
  void parse_garbage_neverThrowsAndKeepsText() {
    ErrorLogLine l = ErrorLogParser.parse("\u0000\u0001 not a log line (SSL: error:zz");
    assertThat(l.time()).isNull();
    assertThat(l.message()).isEqualTo("\u0000\u0001 not a log line");
    assertThat(l.sslErrors()).isEmpty();
  }

  @Test
  void parse_invalidDate_timeNullRestParsed() {
    ErrorLogLine l = ErrorLogParser.parse("2026/13/45 99:00:00 [info] 1#1: *1 handshake rejected while SSL "
        + "handshaking, client: 1.2.3.4, server: 0.0.0.0:443");
    assertThat(l.time()).isNull();
    assertThat(l.level()).isEqualTo("info");
    assertThat(l.message()).isEqualTo("handshake rejected");
  }

  @org.junit.jupiter.api.Test
  void anotherProgramsTimeIsNotAnNginxPrefix() {
    org.assertj.core.api.Assertions.assertThat(ErrorLogParser.prefixStart(
        "2021/08/21 03:02:28 [Info] [1825122968] app/proxyman/outbound: failed > x509: certificate signed by unknown authority"))
        .isEqualTo(-1);
    org.assertj.core.api.Assertions.assertThat(ErrorLogParser.prefixStart(
        "2020/08/18 16:31:20 84778#6 [debug] id=100001: failed to read request")).isEqualTo(-1);
    org.assertj.core.api.Assertions.assertThat(ErrorLogParser.prefixStart(
        "nginx    | 2018/11/16 15:35:38 [emerg] 22#22: PEM_read_bio_X509_AUX(\"/etc/nginx/ssl/\") failed")).isEqualTo(11);
  }

  @org.junit.jupiter.api.Test
  void fragmentsKeepLevelProcessAndConnection() {
    ErrorLogLine l = ErrorLogParser.parseFragment("[crit] 619#0: *39975386 SSL_do_handshake() failed (SSL: "
        + "error:140A1175:SSL routines:SSL_BYTES_TO_CIPHER_LIST:inappropriate fallback) while SSL handshaking,");
    org.assertj.core.api.Assertions.assertThat(l.level()).isEqualTo("crit");
    org.assertj.core.api.Assertions.assertThat(l.pid()).isEqualTo(619);
    org.assertj.core.api.Assertions.assertThat(l.connection()).isEqualTo(39975386);
    org.assertj.core.api.Assertions.assertThat(l.message()).isEqualTo("SSL_do_handshake() failed");
    ErrorLogLine m = ErrorLogParser.parseFragment("error] 20920#20920: *692819 peer closed connection in SSL handshake"
        + " while SSL handshaking to upstream,");
    org.assertj.core.api.Assertions.assertThat(m.level()).isEqualTo("error");
    org.assertj.core.api.Assertions.assertThat(m.action()).startsWith("SSL handshaking to upstream");
    ErrorLogLine n = ErrorLogParser.parseFragment("23681 peer closed connection in SSL handshake");
    org.assertj.core.api.Assertions.assertThat(n.connection()).isEqualTo(23681);
    org.assertj.core.api.Assertions.assertThat(n.message()).isEqualTo("peer closed connection in SSL handshake");
  }

  @org.junit.jupiter.api.Test
  void fragmentAfterOtherText_levelProcessAndMessageFound() {
    ErrorLogLine l = ErrorLogParser.parseFragment("... [crit] 3496#3496: *39847 SSL_read() failed (SSL: "
        + "error:0A000461:SSL routines::reason(1121):SSL alert number 121) while waiting for request, client: <HOST>, se");
    org.assertj.core.api.Assertions.assertThat(l.level()).isEqualTo("crit");
    org.assertj.core.api.Assertions.assertThat(l.pid()).isEqualTo(3496);
    org.assertj.core.api.Assertions.assertThat(l.connection()).isEqualTo(39847);
    org.assertj.core.api.Assertions.assertThat(l.message()).isEqualTo("SSL_read() failed");
    ErrorLogLine m = ErrorLogParser.parseFragment("err log: error] 47#47: *151276 peer closed connection in SSL "
        + "handshake while SSL handshaking to upstream");
    org.assertj.core.api.Assertions.assertThat(m.level()).isEqualTo("error");
    org.assertj.core.api.Assertions.assertThat(m.message()).isEqualTo("peer closed connection in SSL handshake");
    // an nginx-looking word without a process id after it is not a prefix
    ErrorLogLine n = ErrorLogParser.parseFragment("the [error] count was high: SSL_read() failed");
    org.assertj.core.api.Assertions.assertThat(n.level()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void verifyResultInParentheses_isNotAnErrno() {
    ErrorLogLine l = ErrorLogParser.parse("2016/09/06 23:32:53 [error] 23#23: *1 lua ssl certificate verify error: "
        + "(20: unable to get local issuer certificate), client: 172.17.0.4, server: _, request: \"GET / HTTP/1.1\"");
    org.assertj.core.api.Assertions.assertThat(l.message())
        .isEqualTo("lua ssl certificate verify error: (20: unable to get local issuer certificate)");
    org.assertj.core.api.Assertions.assertThat(l.errno()).isEqualTo(-1);
  }

  @org.junit.jupiter.api.Test
  void openrestyContext_splitFromMessage() {
    ErrorLogLine l = ErrorLogParser.parse("2016/09/05 10:00:00 [error] 7#7: *3 SSL_write() failed (SSL:) (32: Broken "
        + "pipe), context: ngx.timer, client: 192.0.2.4, server: 0.0.0.0:443");
    org.assertj.core.api.Assertions.assertThat(l.message()).isEqualTo("SSL_write() failed");
    org.assertj.core.api.Assertions.assertThat(l.context()).isEqualTo("ngx.timer");
    org.assertj.core.api.Assertions.assertThat(l.client()).isEqualTo("192.0.2.4");
  }
}
