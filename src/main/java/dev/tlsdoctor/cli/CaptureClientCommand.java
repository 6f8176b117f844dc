package dev.tlsdoctor.cli;

import dev.tlsdoctor.clients.ClientCapture;
import dev.tlsdoctor.clients.ClientDatabase;
import dev.tlsdoctor.clients.ClientProfile;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.tls.ClientHello;
import dev.tlsdoctor.tls.TlsDecodeException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Records a real client's ClientHello on loopback and writes it as a client profile (for the client database). */
@Command(name = "capture-client",
    hidden = true,
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "Record a real client's ClientHello as a client profile.",
    description = "Listens on 127.0.0.1, reads the first ClientHello a client sends, answers with a"
        + " handshake_failure alert and writes TEMPLATE with its protocols, suites, groups, key shares, signature"
        + " algorithms, SNI, ALPN and extensions replaced by what the hello offered, and the hello itself as"
        + " provenance.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor capture-client --template curl.json --out curl.json --port-file port &",
        "  curl -k https://localhost:$(cat port)/",
        "",
        "Exit codes:",
        "  0  captured",
        "  2  usage error",
        "  3  no client came before the timeout, or it sent no ClientHello"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
final class CaptureClientCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--template", required = true, paramLabel = "FILE", description = "Profile whose identity,"
      + " limits, trust and sources are kept.")
  Path template;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the profile (default: standard"
      + " output).")
  Path out;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port to listen on (default: a"
      + " free one).")
  int port;

  @Option(names = "--port-file", paramLabel = "FILE", description = "Write the port to FILE once listening.")
  Path portFile;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "How long to wait for"
      + " the client (default ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--client-command", paramLabel = "TEXT", description = "The client command, recorded as"
      + " provenance.")
  String command = "";

  @Override
  public Integer call() throws IOException {
    ClientProfile t;
    try {
      t = ClientDatabase.parse(Files.readString(template, StandardCharsets.UTF_8), template.toString());
    } catch (IOException | IllegalStateException e) {
      spec.commandLine().getErr().println("capture-client: " + template + ": " + e.getMessage());
      return ExitCodes.USAGE;
    }
    try (ClientCapture c = ClientCapture.listen(port)) {
      spec.commandLine().getErr().println("capture-client: listening on 127.0.0.1:" + c.port());
      spec.commandLine().getErr().flush();
      if (portFile != null) {
        Files.writeString(portFile, Integer.toString(c.port()));
      }
      ClientHello hello;
      try {
        hello = c.next(Duration.ofSeconds(timeout));
      } catch (SocketTimeoutException e) {
        spec.commandLine().getErr().println("capture-client: no client within " + timeout + " s");
        return ExitCodes.INPUT_ERROR;
      } catch (TlsDecodeException | IOException e) {
        spec.commandLine().getErr().println("capture-client: no ClientHello: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      }
      String date = LocalDate.now(ZoneOffset.UTC).toString();
      String json = Json.pretty(ClientCapture.profile(t, hello, command, date)) + "\n";
      if (out == null) {
        spec.commandLine().getOut().print(json);
      } else {
        Files.writeString(out, json);
      }
      return ExitCodes.OK;
    }
  }
}
