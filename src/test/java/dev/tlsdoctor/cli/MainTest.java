package dev.tlsdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void noCommand_usageOnStderrExit2() {
    Cli.Result r = Cli.run();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("a command is needed (see the list below)\nUsage: tlsdoctor [-hV] [COMMAND]\n");
    assertThat(r.err()).contains("  logs ").contains("  diagnose ");
  }

  @Test
  void help_usageOnStdoutExit0() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: tlsdoctor [-hV] [COMMAND]\n");
    assertThat(r.err()).isEmpty();
  }
}
