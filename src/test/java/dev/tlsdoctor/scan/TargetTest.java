package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void parse_hostOnly_port443AndHostAsSni() {
    assertThat(Target.parse("Example.COM", null)).isEqualTo(new Target("Example.COM", 443, "example.com"));
  }

  @Test
  void parse_ipv4WithPort_noSni() {
    assertThat(Target.parse("127.0.0.1:8443", null)).isEqualTo(new Target("127.0.0.1", 8443, null));
  }

  @Test
  void parse_bracketedIpv6WithPort_sniOverride() {
    Target t = Target.parse("[::1]:8443", "good.test");
    assertThat(t).isEqualTo(new Target("::1", 8443, "good.test"));
    assertThat(t.display()).isEqualTo("[::1]:8443");
  }

  @Test
  void parse_bareIpv6_port443() {
    assertThat(Target.parse("::1", null)).isEqualTo(new Target("::1", 443, null));
  }

  @Test
  void parse_badPort_throwsNamingIt() {
    assertThatThrownBy(() -> Target.parse("host:https", null)).hasMessage(
        "target 'host:https': port 'https' is not a number");
    assertThatThrownBy(() -> Target.parse("host:70000", null)).hasMessage("port 70000 is not in 1-65535");
    assertThatThrownBy(() -> Target.parse("[::1", null)).hasMessage("target '[::1': '[' without ']'");
  }

  @Test
  void parse_notAHostName_throwsWithoutALookup() {
    assertThatThrownBy(() -> Target.parse("not a host", null))
        .hasMessage("target 'not a host': 'not a host' is not a host name or IP address");
    assertThatThrownBy(() -> Target.parse("exa$mple.com:443", null))
        .hasMessage("target 'exa$mple.com:443': 'exa$mple.com' is not a host name or IP address");
    assertThatThrownBy(() -> Target.parse("-bad.example", null))
        .hasMessage("target '-bad.example': '-bad.example' is not a host name or IP address");
    assertThat(Target.parse("_dmarc-ok.example.com.", null).host()).isEqualTo("_dmarc-ok.example.com.");
    assertThat(Target.parse("bücher.example", null).sni()).isEqualTo("bücher.example");
  }

  @Test
  void parse_sniThatIsNoName_throwsNamingIt() {
    assertThatThrownBy(() -> Target.parse("127.0.0.1:443", "a b"))
        .hasMessage("--sni 'a b' is not a host name or IP address");
    assertThatThrownBy(() -> Target.parse("127.0.0.1:443", "")).hasMessage("--sni '' is not a host name or IP address");
    assertThat(Target.parse("127.0.0.1:443", "_acme.example.").sni()).isEqualTo("_acme.example.");
    assertThat(Target.parse("127.0.0.1:443", "fe80::1").sni()).isEqualTo("fe80::1");
  }

  /** Something with colons is an IPv6 address or a mistake: never a name (it could only fail to resolve). */
  @Test
  void parse_notAnIpv6Address_throwsSayingHowAPortIsWritten() {
    assertThatThrownBy(() -> Target.parse("::1:20455", null)).hasMessage("target '::1:20455': '::1:20455' is not an"
        + " IPv6 address (an address with a port is written [ADDRESS]:PORT)");
    assertThatThrownBy(() -> Target.parse("[fe80::1::2]:443", null))
        .hasMessage("target '[fe80::1::2]:443': 'fe80::1::2' is not an IPv6 address");
    assertThatThrownBy(() -> Target.parse("1:2:3:4:5:6:7", null)).hasMessageContaining("is not an IPv6 address");
    assertThatThrownBy(() -> Target.parse("::ffff:10.0.0.300", null)).hasMessageContaining("is not an IPv6 address");
    for (String ok : new String[] {"::", "::1", "fe80::1%eth0", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8",
        "::ffff:10.0.0.1", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "1::"}) {
      assertThat(Target.parse("[" + ok + "]:443", null).host()).as(ok).isEqualTo(ok);
    }
  }

  /** Four numbers with dots are an IPv4 address or nothing: never a name to look up (999.1.1.1 went to DNS). */
  @Test
  void parse_dottedQuadOutOfRange_throwsWithoutALookup() {
    assertThatThrownBy(() -> Target.parse("999.1.1.1:443", null))
        .hasMessage("target '999.1.1.1:443': '999.1.1.1' is not a host name or IP address");
    assertThatThrownBy(() -> Target.parse("10.0.0.256", null))
        .hasMessage("target '10.0.0.256': '10.0.0.256' is not a host name or IP address");
    assertThat(Target.parse("255.255.255.255:8443", null)).isEqualTo(new Target("255.255.255.255", 8443, null));
  }
}
