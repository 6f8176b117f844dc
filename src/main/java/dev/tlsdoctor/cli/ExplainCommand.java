package dev.tlsdoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "explain", description = "Explains a TLS error message.")
final class ExplainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return ExitCodes.SOFTWARE;
  }
}
