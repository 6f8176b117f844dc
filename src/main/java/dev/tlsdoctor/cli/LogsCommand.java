package dev.tlsdoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "logs", description = "Classifies TLS failures in nginx error logs.")
final class LogsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return ExitCodes.SOFTWARE;
  }
}
