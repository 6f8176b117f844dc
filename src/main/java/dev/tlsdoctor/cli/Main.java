package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.Style;
import dev.tlsdoctor.report.TerminalWriter;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tlsdoctor} command line. */
@Command(name = "tlsdoctor",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    usageHelpAutoWidth = true,
    description = "Finds which TLS handshakes fail, for whom, why, and the configuration change that fixes them.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  tlsdoctor diagnose                # on an nginx host: nginx -T and its logs",
        "  tlsdoctor diagnose --config /etc/nginx/nginx.conf --log error.log",
        "  tlsdoctor logs /var/log/nginx/error.log",
        "  tlsdoctor explain 'error:0A0000C1:SSL routines::no shared cipher'",
        "  tlsdoctor scan example.com",
        "  tlsdoctor clients example.com     # which real clients can connect",
        "  tlsdoctor check staging.example.com --policy tls-policy.yml",
        "  tlsdoctor COMMAND --help",
        "",
        "Exit codes:",
        "  0   nothing wrong found (explain: the message was recognised)",
        "  1   failures found (explain: the message was not recognised)",
        "  2   usage error",
        "  3   some input could not be read completely (the rest was processed)",
        "  70  internal error"},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.SOFTWARE)
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("scan") || args[0].equals("check") || args[0].equals("watch"))) {
      dev.tlsdoctor.scan.Scanner.prepare();
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    if (args.length > 0 && args[0].equals("logs")) {
      LogsCommand.prepare();
    }
    Integer code = runPlain(args, out, err);
    System.exit(code != null ? code : run(args, out, err));
  }

  /**
   * Runs a plain command line of logs, scan, clients or explain (see {@link PlainCommandLine}) without picocli;
   * returns the exit code, or null for any other command line, which {@link #run} takes. Used by tests.
   */
  static Integer runPlain(String[] args, PrintWriter out, PrintWriter err) {
    java.util.concurrent.Callable<Integer> command = args.length == 0 ? null : switch (args[0]) {
      case "logs" -> LogsCommand.plain(args, out, err);
      case "scan" -> ScanCommand.plain(args, out, err);
      case "clients" -> ClientsCommand.plain(args, out, err);
      case "explain" -> ExplainCommand.plain(args, out);
      default -> null;
    };
    if (command == null) {
      return null;
    }
    int code;
    try {
      code = command.call();
    } catch (OutOfMemoryError e) {
      code = outOfMemory(err);
    } catch (Exception | Error e) {
      code = internalError(e, err);
    }
    out.flush();
    err.flush();
    return code;
  }

  /** The commands, in the order of the usage message. */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("explain", ExplainCommand::new);
    m.put("logs", LogsCommand::new);
    m.put("config", ConfigCommand::new);
    m.put("diagnose", DiagnoseCommand::new);
    m.put("scan", ScanCommand::new);
    m.put("ciphers", CiphersCommand::new);
    m.put("clients", ClientsCommand::new);
    m.put("capture-client", CaptureClientCommand::new);
    m.put("check", CheckCommand::new);
    m.put("watch", WatchCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return m;
  }

  /** Runs the CLI with the given streams; returns the exit code. Used by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    // building a command's model reads its annotations, which takes time: only the command asked for, when it is
    // one (the usage message, help and a mistyped name need them all)
    String first = args.length > 0 ? args[0] : "";
    for (Map.Entry<String, Supplier<Object>> c : COMMANDS.entrySet()) {
      if (!COMMANDS.containsKey(first) || first.equals("help") || c.getKey().equals(first)) {
        cl.addSubcommand(c.getKey(), c.getValue().get());
      }
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> internalError(ex, cmd.getErr()));
    int code;
    try {
      code = cl.execute(args);
    } catch (OutOfMemoryError e) {
      // an Error passes picocli by; uncaught, the JVM would exit with 1, which says "found" to a CI job
      code = outOfMemory(err);
    } catch (Error e) {
      code = internalError(e, err);
    }
    out.flush();
    err.flush();
    return code;
  }

  private static int outOfMemory(PrintWriter err) {
    err.println("tlsdoctor: out of memory: the input needs a larger Java heap (TLSDOCTOR_JAVA_OPTS=-Xmx4g gives"
        + " the launcher more)");
    return ExitCodes.SOFTWARE;
  }

  /** Reports an exception no command expected (a bug) and returns the exit code for it. */
  static int internalError(Throwable ex, PrintWriter err) {
    // the messages may quote what was being read (a certificate, a reply, a file): behind the safety net, which
    // keeps the tabs that indent the trace
    PrintWriter text = new PrintWriter(new TerminalWriter(err, new Style(false), true));
    text.println("tlsdoctor: internal error: " + ex);
    ex.printStackTrace(text);
    text.flush();
    return ExitCodes.SOFTWARE;
  }

  @Override
  public void run() {
    // no command: a usage error (exit 2), the usage on standard error as for any other
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed (see the list below)");
  }

  /** Reads the version from the jar's manifest-free resource. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tlsdoctor " + version(), "Java " + Runtime.version()};
    }
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0";
  }
}
