package dev.floxj.registry;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * How often and how long floxj waits before asking a registry again after a transient failure
 * (408, 429, 5xx, a reset connection): a bounded number of attempts, each wait twice the last,
 * or the registry's own {@code Retry-After} when it is short enough to wait for.
 *
 * @param attempts how many times a request is sent at most
 * @param firstWait the wait after the first failure
 * @param longestWait the longest Retry-After floxj waits for; a longer one ends the push
 */
record Backoff(int attempts, Duration firstWait, Duration longestWait) {
  /** Four attempts, 0.5 s, 1 s and 2 s apart; a Retry-After of up to 30 s is honoured. */
  static final Backoff DEFAULT = new Backoff(4, Duration.ofMillis(500), Duration.ofSeconds(30));

  /** Whether another attempt follows attempt number {@code attempt} (from 1). */
  boolean another(int attempt) {
    return attempt < attempts;
  }

  /**
   * The wait after attempt {@code attempt} failed, or empty when the registry asked for a wait
   * longer than floxj is willing to.
   */
  Optional<Duration> waitAfter(int attempt, Optional<String> retryAfter) {
    Duration wait = firstWait.multipliedBy(1L << Math.min(attempt - 1, 10));
    if (retryAfter.isPresent()) {
      try {
        Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.get().trim()));
        if (asked.compareTo(longestWait) > 0) {
          return Optional.empty();
        }
        if (asked.compareTo(wait) > 0) {
          wait = asked;
        }
      } catch (NumberFormatException e) {
        // An HTTP date: the doubling wait stands.
      }
    }
    return Optional.of(wait);
  }

  static void sleep(Duration wait) throws InterruptedIOException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to ask the registry again");
    }
  }
}
