package dev.floxj.cli;

import java.io.PrintStream;

/** Messages for the user, all on standard error: stdout carries nothing but image bytes. */
final class Console {

  /** How much to say: {@code -q} keeps errors only, {@code -v} adds detail. */
  enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE
  }

  private final PrintStream err;
  private final Verbosity verbosity;

  Console(PrintStream err, Verbosity verbosity) {
    this.err = err;
    this.verbosity = verbosity;
  }

  PrintStream stream() {
    return err;
  }

  boolean verbose() {
    return verbosity == Verbosity.VERBOSE;
  }

  void info(String message) {
    if (verbosity != Verbosity.QUIET) {
      err.println(message);
    }
  }

  void detail(String message) {
    if (verbosity == Verbosity.VERBOSE) {
      err.println(message);
    }
  }

  void error(String message) {
    err.println("✘ ERROR: " + message);
  }
}
