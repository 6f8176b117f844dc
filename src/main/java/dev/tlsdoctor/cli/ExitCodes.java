package dev.tlsdoctor.cli;

/** Exit codes shared by all commands (documented in the README). */
public final class ExitCodes {
  /** The command ran and found nothing wrong (logs: no TLS failure; explain: the message was recognised). */
  public static final int OK = 0;
  /** The command ran and found what it looks for: TLS failures in the logs; explain: message not recognised. */
  public static final int FOUND = 1;
  /** Bad usage: an unknown option, a missing argument, an invalid value. */
  public static final int USAGE = 2;
  /** Some input could not be read completely (missing, unreadable, truncated); the rest was processed. */
  public static final int INPUT_ERROR = 3;
  /** An internal error: a bug in tlsdoctor. */
  public static final int SOFTWARE = 70;

  private ExitCodes() {
  }
}
