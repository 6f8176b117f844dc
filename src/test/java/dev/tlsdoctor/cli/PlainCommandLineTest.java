package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command lines are run without picocli, and that each is run as picocli would run it. */
class PlainCommandLineTest {
  @Test
  void of_positionalArgumentsAndOneFormat_only() {
    assertThat(PlainCommandLine.of(new String[] {"scan", "a.example", "b.example:8443"}, "scan", a -> true))
        .isEqualTo(new PlainCommandLine(List.of("a.example", "b.example:8443"), "text"));
    assertThat(PlainCommandLine.of(new String[] {"scan", "--format", "json", "a.example"}, "scan", a -> true))
        .isEqualTo(new PlainCommandLine(List.of("a.example"), "json"));
    assertThat(PlainCommandLine.of(new String[] {"scan", "a.example", "--format=text"}, "scan", a -> true))
        .isEqualTo(new PlainCommandLine(List.of("a.example"), "text"));
    for (String[] other : new String[][] {
        {"scan"}, {"scan", "--format", "json"}, {"scan", "--format", "xml", "a"}, {"scan", "--sni", "x", "a"},
        {"scan", "-", "a"}, {"scan", "--", "a"}, {"scan", "@args.txt"}, {"scan", ""}, {"scan", "a", "--format"},
        {"scan", "--format", "json", "--format", "text", "a"}, {"scan", "--format=json", "--format=json", "a"},
        {"scan", "a", "-v"}, {"logs", "a"}, {"scan", "refused"}}) {
      assertThat(PlainCommandLine.of(other, "scan", a -> !a.equals("refused"))).as(String.join(" ", other))
          .isNull();
    }
  }

  @Test
  void explain_samePrintedAndExitCodeAsThroughPicocli() {
    String[][] lines = {
        {"explain", "error:0A0000C1:SSL routines::no shared cipher"},
        {"explain", "--format", "json", "SSL_do_handshake()", "failed", "(SSL:", "error:0A00010B:SSL",
            "routines::wrong", "version", "number)"},
        {"explain", "--format=text", "net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH"},
        {"explain", "nothing a TLS stack ever said"},
        {"explain", "--format", "json", "nothing a TLS stack ever said"},
        {"explain", "tlsv1 alert \u001b]0;title\u0007 unknown ca"}};
    for (String[] line : lines) {
      Cli.Result plain = Cli.runPlain(line);
      Cli.Result viaPicocli = Cli.run(line);
      String what = String.join(" ", line);
      assertThat(plain).as(what).isNotNull();
      assertThat(plain.code()).as(what).isEqualTo(viaPicocli.code());
      assertThat(plain.out()).as(what).isEqualTo(viaPicocli.out()).isNotEmpty();
      assertThat(plain.err()).as(what).isEqualTo(viaPicocli.err());
    }
    assertThat(Cli.runPlain("explain", "error:0A0000C1:SSL routines::no shared cipher").code())
        .isEqualTo(ExitCodes.OK);
    assertThat(Cli.runPlain("explain", "nothing a TLS stack ever said").code()).isEqualTo(ExitCodes.FOUND);
    // what only picocli reads, or reports
    assertThat(Cli.runPlain("explain", "--list")).isNull();
    assertThat(Cli.runPlain("explain", "-")).isNull();
    assertThat(Cli.runPlain("explain", " ")).isNull();
    assertThat(Cli.run("explain", " ").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void scanAndClients_aTargetThatDoesNotParse_isLeftToPicocli() {
    assertThat(Cli.runPlain("scan", "not a host")).isNull();
    Cli.Result r = Cli.run("scan", "not a host");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("target 'not a host': 'not a host' is not a host name or IP address\n");
    assertThat(Cli.runPlain("clients", "127.0.0.1:port")).isNull();
    assertThat(Cli.run("clients", "127.0.0.1:port").err()).startsWith("target '127.0.0.1:port': port 'port' is"
        + " not a number\n");
  }
}
