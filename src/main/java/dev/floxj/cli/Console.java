package dev.floxj.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Messages for the user, all on standard error: stdout carries nothing but image bytes. Safe to
 * use from several threads; a transient status line (a progress bar) is cleared before each
 * message and drawn again after it. Every message and status line has its control characters
 * escaped ({@link TerminalText}): messages quote files and cache replies floxj does not trust.
 */
final class Console {

  /** How much to say: {@code -q} keeps errors only, {@code -v} adds detail. */
  enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE
  }

  private final PrintStream err;
  private final Verbosity verbosity;
  private String status = "";
  // Parts of the status line by who draws them (downloads, layers, nix), shown side by side.
  private final java.util.Map<String, String> statusParts = new java.util.LinkedHashMap<>();

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
      println(message);
    }
  }

  void detail(String message) {
    if (verbosity == Verbosity.VERBOSE) {
      println(message);
    }
  }

  /** A warning the user must see, even with {@code -q}. */
  void warn(String message) {
    println("! " + message);
  }

  // Current flox's icons, one per kind of outcome: ⚡︎ made, ✔ changed, ━ removed, ℹ to know.

  /** Something was made (an environment, an image). */
  void created(String message) {
    info("⚡︎ " + message);
  }

  /** Something was changed (packages installed, a manifest updated, a lock written). */
  void updated(String message) {
    info("✔ " + message);
  }

  /** Something was removed. */
  void deleted(String message) {
    info("━ " + message);
  }

  /** Worth knowing, but nothing happened. */
  void notice(String message) {
    info("ℹ " + message);
  }

  void error(String message) {
    println("✘ ERROR: " + message);
  }

  /** Shows {@code line} as the whole status line (empty: none), unless quiet; for terminals only. */
  synchronized void status(String line) {
    statusParts.clear();
    draw(line);
  }

  /**
   * Shows {@code line} as one part of the status line, beside the other parts (empty: removes
   * it): downloads and the writing of layers run at the same time, each with its own part.
   */
  synchronized void status(String part, String line) {
    if (line.isEmpty()) {
      statusParts.remove(part);
    } else {
      statusParts.put(part, line);
    }
    draw(String.join("  ", statusParts.values()));
  }

  private void draw(String line) {
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    line = TerminalText.escape(line);
    synchronized (Interruption.OUTPUT) {
      if (Interruption.stopping()) {
        return;
      }
      if (!status.isEmpty() || !line.isEmpty()) {
        err.print("\r\033[K" + line);
        err.flush();
      }
    }
    status = line;
  }

  /** A stack trace (for {@code -v}), escaped line by line like every message but for its indent. */
  synchronized void trace(Throwable throwable) {
    StringWriter text = new StringWriter();
    throwable.printStackTrace(new PrintWriter(text));
    text.toString().lines().forEach(line -> {
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == '\t') {
        indent++;
      }
      printEscaped(line.substring(0, indent) + TerminalText.escape(line.substring(indent)));
    });
  }

  private void println(String message) {
    printEscaped(TerminalText.escape(message));
  }

  private synchronized void printEscaped(String message) {
    synchronized (Interruption.OUTPUT) {
      if (Interruption.stopping()) {
        return; // stopped by a signal: its line is the last
      }
      if (status.isEmpty()) {
        err.println(message);
      } else {
        err.print("\r\033[K");
        err.println(message);
        err.print(status);
        err.flush();
      }
    }
  }
}
