package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.scan.AddressPolicy;
import dev.tlsdoctor.scan.ScanOptions;
import dev.tlsdoctor.scan.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The scan options {@code check} and {@code watch} share: --sni, --ca-file, --timeout (a picocli mixin). */
final class LiveScanOptions {
  @Option(names = "--sni", paramLabel = "NAME", description = "The server name to send (default: the host when it"
      + " is a name; none for an IP address).")
  String sni;

  @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM file of CAs to trust besides the JDK's"
      + " trust store.")
  Path caFile;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
      description = "Deadline for each target (default ${DEFAULT-VALUE}).")
  double timeout;

  /** A usage error unless --timeout is positive. */
  void checkTimeout(CommandSpec spec) {
    if (timeout <= 0) {
      throw new ParameterException(spec.commandLine(), "--timeout: '" + timeout + "' must be more than 0");
    }
  }

  /** The targets as given, with --sni; a usage error names a bad one. */
  List<Target> targets(CommandSpec spec, List<String> given) {
    List<Target> list = new ArrayList<>();
    for (String t : given) {
      try {
        list.add(Target.parse(t, sni));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), Safe.text(e.getMessage()));
      }
    }
    return list;
  }

  /** The scanner's defaults with this deadline and these CAs; AIA downloads to public addresses only. */
  ScanOptions scanOptions(CommandSpec spec) {
    ScanOptions d = ScanOptions.defaults();
    return new ScanOptions(Duration.ofMillis((long) (timeout * 1000)), d.connectTimeout(), d.readTimeout(),
        d.connectionsPerTarget(), d.parallelTargets(), ScanCommand.readCas(spec, caFile), true,
        AddressPolicy.publicOnly());
  }
}
