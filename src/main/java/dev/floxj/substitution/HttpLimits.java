package dev.floxj.substitution;

import java.time.Duration;

/**
 * How long floxj waits for a binary cache over HTTP before it gives up on it and tries the next:
 * for the response to start, for each read, for a minimum throughput over a window, and for a
 * whole download; and when it says it is still waiting. A slow cache is worse than a missing
 * one, since a missing one is left at once.
 *
 * <p>The defaults are generous for real networks; tests (and users on odd links) set the {@code
 * floxj.http.*} system properties, each an ISO-8601 duration such as {@code PT2S} or a number of
 * bytes per second.
 *
 * @param responseTimeout until the response's status line and headers have arrived
 * @param stallTimeout the longest one read may wait for a byte
 * @param minimumBytesPerSecond the least a download must average over each {@code window}
 * @param window how long the throughput is averaged over before it is judged
 * @param deadline the longest one download may take, however it flows
 * @param waitingNotice how long floxj waits in silence before saying it is still waiting
 */
record HttpLimits(
    Duration responseTimeout,
    Duration stallTimeout,
    long minimumBytesPerSecond,
    Duration window,
    Duration deadline,
    Duration waitingNotice) {

  static final HttpLimits DEFAULT =
      new HttpLimits(
          Duration.ofSeconds(60),
          Duration.ofSeconds(60),
          1024,
          Duration.ofSeconds(30),
          Duration.ofMinutes(60),
          Duration.ofSeconds(5));

  /** The defaults, each replaced by its {@code floxj.http.<name>} system property when set. */
  static HttpLimits fromSystemProperties() {
    return new HttpLimits(
        duration("responseTimeout", DEFAULT.responseTimeout),
        duration("stallTimeout", DEFAULT.stallTimeout),
        Long.getLong("floxj.http.minimumBytesPerSecond", DEFAULT.minimumBytesPerSecond),
        duration("window", DEFAULT.window),
        duration("deadline", DEFAULT.deadline),
        duration("waitingNotice", DEFAULT.waitingNotice));
  }

  /** These limits with another stall timeout. */
  HttpLimits withStallTimeout(Duration stall) {
    return new HttpLimits(responseTimeout, stall, minimumBytesPerSecond, window, deadline, waitingNotice);
  }

  private static Duration duration(String name, Duration fallback) {
    String value = System.getProperty("floxj.http." + name);
    return value == null ? fallback : Duration.parse(value);
  }
}
