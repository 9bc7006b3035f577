package dev.floxj.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A spinner on the status line while Nix works (locking evaluates nixpkgs and builds packages,
 * often for seconds): on a terminal only, and only once the work has taken longer than {@link
 * #DELAY_MILLIS}, so that quick steps show nothing. Nothing with {@code -q} (the console draws no
 * status then).
 */
final class Spinner {
  static final long DELAY_MILLIS = 300;
  private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

  private Spinner() {}

  /** Runs {@code work} with {@code message} spinning on {@code console}'s status line. */
  static <T> T during(Console console, boolean terminal, String message, Supplier<T> work) {
    if (!terminal) {
      return work.get();
    }
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "floxj-spinner");
              thread.setDaemon(true);
              return thread;
            });
    int[] frame = {0};
    ticker.scheduleAtFixedRate(
        () -> console.status("nix", FRAMES.charAt(frame[0]++ % FRAMES.length()) + " " + message),
        DELAY_MILLIS,
        100,
        TimeUnit.MILLISECONDS);
    try {
      return work.get();
    } finally {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      console.status("nix", "");
    }
  }

  /** Whether stderr is a terminal, as the launcher found ({@code test -t 2}). */
  static boolean stderrIsTerminal() {
    return Boolean.parseBoolean(System.getProperty("floxj.stderr.tty"));
  }
}
