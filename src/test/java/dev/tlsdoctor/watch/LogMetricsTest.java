package dev.tlsdoctor.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import dev.tlsdoctor.logs.TlsEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exposition of {@link LogMetrics} over HTTP on loopback: bounded labels, upstreams cut, exact text. */
class LogMetricsTest {
  private static TlsEvent event(FailureClass c, Direction d, String server, String upstream, LocalDateTime t) {
    return new TlsEvent("error.log", 1, t, "info", c, d, "", "", "", "", "203.0.113.7", server, "", upstream, 1, "");
  }

  private static List<String> scrape(int port) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body().lines().filter(l -> !l.startsWith("#")).toList();
  }

  @Test
  void serverAndUpstreamCapped_laterValuesOther_upstreamPathDropped_clientNeverALabel() throws Exception {
    LogMetrics m = new LogMetrics(2, ZoneOffset.UTC);
    LocalDateTime t = LocalDateTime.of(2026, 12, 7, 1, 2, 3);
    m.record(event(FailureClass.NO_SHARED_CIPHER, Direction.CLIENT, "a.test", "", t));
    m.record(event(FailureClass.NO_SHARED_CIPHER, Direction.CLIENT, "b.test", "", t));
    m.record(event(FailureClass.NO_SHARED_CIPHER, Direction.CLIENT, "c.test", "", t));
    m.record(event(FailureClass.NO_SHARED_CIPHER, Direction.CLIENT, "d.test", "", t.plusSeconds(7)));
    m.record(event(FailureClass.NO_SHARED_CIPHER, Direction.CLIENT, "a.test", "", t));
    m.record(event(FailureClass.CERTIFICATE_UNTRUSTED, Direction.UPSTREAM, "a.test",
        "https://10.0.0.1:443/user/42/profile?token=x", t));
    m.record(event(FailureClass.CERTIFICATE_UNTRUSTED, Direction.UPSTREAM, "a.test", "https://10.0.0.1:443/other",
        t));
    m.record(event(FailureClass.UNCLASSIFIED, Direction.CLIENT, "a.test", "", t));
    m.linesRead(120);
    m.linesRead(100); // a smaller total never lowers a counter

    try (MetricsEndpoint e = MetricsEndpoint.start(MetricsEndpoint.Address.parse("127.0.0.1:0"), m.registry())) {
      assertThat(scrape(e.port())).containsExactlyInAnyOrder(
          "tlsdoctor_handshake_failures_total{class=\"certificate-untrusted\",direction=\"upstream\","
              + "server=\"a.test\",upstream=\"https://10.0.0.1:443\"} 2.0",
          "tlsdoctor_handshake_failures_total{class=\"no-shared-cipher\",direction=\"client\",server=\"a.test\","
              + "upstream=\"\"} 2.0",
          "tlsdoctor_handshake_failures_total{class=\"no-shared-cipher\",direction=\"client\",server=\"b.test\","
              + "upstream=\"\"} 1.0",
          "tlsdoctor_handshake_failures_total{class=\"no-shared-cipher\",direction=\"client\",server=\"other\","
              + "upstream=\"\"} 2.0",
          "tlsdoctor_last_event_timestamp_seconds{class=\"certificate-untrusted\",direction=\"upstream\"}"
              + " 1.796605323E9",
          "tlsdoctor_last_event_timestamp_seconds{class=\"no-shared-cipher\",direction=\"client\"} 1.79660533E9",
          "tlsdoctor_log_lines_total 120.0",
          "tlsdoctor_unclassified_lines_total 1.0");
    }
  }

  @Test
  void address_parse_literalsOnly() {
    assertThat(MetricsEndpoint.Address.parse("[::1]:9464").port()).isEqualTo(9464);
    assertThat(MetricsEndpoint.Address.parse("0.0.0.0:9464").ip().isAnyLocalAddress()).isTrue();
    assertThatThrownBy(() -> MetricsEndpoint.Address.parse("9464")).hasMessage("'9464' is not ADDRESS:PORT (such as"
        + " 127.0.0.1:9464, [::1]:9464 or 0.0.0.0:9464 for every interface)");
    assertThatThrownBy(() -> MetricsEndpoint.Address.parse("localhost:9464")).hasMessage("'localhost:9464': the"
        + " address is an IP address (no name is looked up)");
    assertThatThrownBy(() -> MetricsEndpoint.Address.parse("127.0.0.1:99999")).hasMessage("'127.0.0.1:99999': the"
        + " port is not a number from 0 to 65535");
    assertThatThrownBy(() -> MetricsEndpoint.Address.parse("::1:9464")).hasMessage("'::1:9464': an IPv6 address is"
        + " written in brackets: [::1]:9464");
  }
}
