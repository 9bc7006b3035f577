package dev.floxj.target;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * What to tell a user whose output could not be written: "free some space" only when the disk is
 * full, and a permission problem said as one. Every destination that writes files asks it, so a
 * refused directory is never reported as a full disk.
 */
public final class WriteFailure {
  private WriteFailure() {}

  /**
   * The remedy for {@code cause}, a clause that follows a semicolon, e.g. "free some space there
   * or choose another file with -f".
   *
   * @param elsewhere how to choose another place, e.g. "choose another file with -f"
   */
  public static String remedy(IOException cause, String elsewhere) {
    String reason = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
    if (reason.contains("no space left") || reason.contains("disk quota")) {
      return "free some space there or " + elsewhere;
    }
    if (cause instanceof AccessDeniedException
        || reason.contains("permission denied")
        || reason.contains("read-only file system")) {
      return "make it writable for this user or " + elsewhere;
    }
    if (cause instanceof FileSystemException) {
      return "check that the path can be written or " + elsewhere;
    }
    return "check the disk or " + elsewhere;
  }
}
