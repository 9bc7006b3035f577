package dev.floxj.cli;

import java.io.PrintStream;

/**
 * The one line a run stopped by Ctrl-C or a signal (SIGINT, SIGTERM, SIGHUP) ends with. The JVM
 * answers those signals by running its shutdown hooks and exiting with 128 + the signal's number
 * (130 for Ctrl-C, as shells expect), and prints nothing: without this line, a run stopped from
 * outside would end silently, like one that succeeded with nothing to say. The destinations' and
 * the download cache's own hooks remove what was half written; this hook only says so.
 *
 * <p>A shutdown hook rather than a signal handler: it needs no JDK-internal API, and it leaves
 * the JVM's exit status as it is.
 */
final class Interruption {
  /**
   * Held while a line goes to stderr. Once stopping, the hook's line is the last: threads still
   * running (downloads, layers) while the JVM shuts down print nothing more.
   */
  static final Object OUTPUT = new Object();

  private static volatile boolean stopping;

  private final PrintStream stderr;
  private final boolean stderrIsTerminal;
  private volatile boolean finished;

  private Interruption(PrintStream stderr, boolean stderrIsTerminal) {
    this.stderr = stderr;
    this.stderrIsTerminal = stderrIsTerminal;
  }

  /** Starts watching for the JVM being stopped before {@link #finished()} is called. */
  static Interruption watch(PrintStream stderr, boolean stderrIsTerminal) {
    Interruption interruption = new Interruption(stderr, stderrIsTerminal);
    Runtime.getRuntime().addShutdownHook(new Thread(interruption::stopped, "floxj-interrupted"));
    return interruption;
  }

  /** The command returned: the JVM's exit from now on is floxj's own. */
  void finished() {
    finished = true;
  }

  private void stopped() {
    if (finished) {
      return;
    }
    synchronized (OUTPUT) {
      stopping = true;
      // On a terminal, over the progress bar's line rather than after it.
      stderr.print((stderrIsTerminal ? "\r\033[K" : "") + "✘ ERROR: " + message() + "\n");
      stderr.flush();
    }
  }

  /** Whether the JVM is being stopped from outside: nothing more is to be printed. */
  static boolean stopping() {
    return stopping;
  }

  static String message() {
    return "floxj was stopped (Ctrl-C or a signal) before it finished; what it had begun to write"
        + " is removed, so run the command again.";
  }
}
