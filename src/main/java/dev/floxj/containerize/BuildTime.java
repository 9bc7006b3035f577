package dev.floxj.containerize;

import dev.floxj.FloxjException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The image's {@code created} time. Fixed by default so that the same environment always gives
 * the same image; {@code SOURCE_DATE_EPOCH} (reproducible-builds.org) or {@code --created} change
 * it, and so does the manifest's {@code created}. Layer file times stay fixed whatever this says,
 * so layers are shared across builds.
 */
public final class BuildTime {
  public static final Instant DEFAULT = Instant.ofEpochSecond(1);

  /** The range RFC 3339 (and so the image config's {@code created}) can write: years 0000 to 9999. */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private BuildTime() {}

  /**
   * @param flag the {@code --created} value: {@code now}, an ISO-8601 instant or offset date-time
   *     (e.g. {@code 2024-05-01T12:00:00Z}), or null
   * @param sourceDateEpoch the {@code SOURCE_DATE_EPOCH} variable (seconds), or null
   */
  public static Instant parse(String flag, String sourceDateEpoch) {
    if (flag != null) {
      if (flag.equals("now")) {
        return Instant.ofEpochSecond(Instant.now().getEpochSecond());
      }
      Instant created;
      try {
        created = OffsetDateTime.parse(flag).toInstant();
      } catch (DateTimeParseException e) {
        throw new FloxjException(
            "--created '" + flag + "' is neither 'now' nor a timestamp like 2024-05-01T12:00:00Z.");
      }
      return inRange(created, "--created '" + flag + "'");
    }
    if (sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
      String what = "SOURCE_DATE_EPOCH '" + sourceDateEpoch + "'";
      long seconds;
      try {
        seconds = Long.parseLong(sourceDateEpoch.trim());
      } catch (NumberFormatException e) {
        throw new FloxjException(what + " is not a number of seconds since 1970.");
      }
      if (seconds < EARLIEST.getEpochSecond() || seconds > LATEST.getEpochSecond()) {
        throw outOfRange(what);
      }
      return Instant.ofEpochSecond(seconds);
    }
    return DEFAULT;
  }

  /**
   * As {@link #parse}, but null when neither is given, so that the manifest's {@code created}
   * (floxj's {@code [containerize] created}, flox.nix's {@code container.created}) can apply.
   */
  public static Instant parseIfGiven(String flag, String sourceDateEpoch) {
    boolean given = flag != null || (sourceDateEpoch != null && !sourceDateEpoch.isBlank());
    return given ? parse(flag, sourceDateEpoch) : null;
  }

  private static Instant inRange(Instant created, String what) {
    if (created.isBefore(EARLIEST) || created.isAfter(LATEST)) {
      throw outOfRange(what);
    }
    return created;
  }

  private static FloxjException outOfRange(String what) {
    return new FloxjException(
        what + " is outside the years 0000 to 9999, where an image's created time must be (Docker"
            + " cannot load the image otherwise); choose a time in that range.");
  }

  /** The time chosen on the command line, else the manifest's, else {@link #DEFAULT}. */
  static Instant choose(Instant fromCommandLine, String fromManifest) {
    if (fromCommandLine != null) {
      return fromCommandLine;
    }
    return fromManifest != null ? parse(fromManifest, null) : DEFAULT;
  }
}
