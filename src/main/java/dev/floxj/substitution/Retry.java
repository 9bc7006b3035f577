package dev.floxj.substitution;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Runs an action again after a transient failure (an {@link IOException} other than a refusal),
 * waiting longer each time, a bounded number of times.
 */
record Retry(int attempts, Duration firstWait) {
  /** Four attempts, 0.25 s, 0.5 s and 1 s apart. */
  static final Retry DEFAULT = new Retry(4, Duration.ofMillis(250));

  /** An action that may fail transiently. */
  @FunctionalInterface
  interface Action<T> {
    T run() throws IOException;
  }

  /** Whether {@code failure} is worth another attempt. */
  static boolean isTransient(IOException failure) {
    return !(failure instanceof CacheRefusedException) && !(failure instanceof InterruptedIOException);
  }

  /**
   * Whether {@link #run} tries again after {@code failure}: a transient one, except a timeout. A
   * cache too slow once is left for the next one (as a cache that fails is, in Nix): retrying it
   * would multiply the wait.
   */
  static boolean retries(IOException failure) {
    return isTransient(failure) && !(failure instanceof java.net.http.HttpTimeoutException);
  }

  <T> T run(Action<T> action) throws IOException {
    long wait = firstWait.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return action.run();
      } catch (IOException e) {
        if (attempt >= attempts || !retries(e) || Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry");
      }
      wait *= 2;
    }
  }
}
