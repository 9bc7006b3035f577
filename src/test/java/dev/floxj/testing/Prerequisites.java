package dev.floxj.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test when a tool it needs is missing on a developer's machine, but fails it on CI
 * ({@code CI=true}), which must provide every tool so that no test is silently skipped there.
 */
public final class Prerequisites {
  private Prerequisites() {}

  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Continues when {@code available}; otherwise skips, or fails on CI, saying what is missing. */
  public static void require(boolean available, String whatIsMissing) {
    if (available) {
      return;
    }
    if (onCi()) {
      Assertions.fail(whatIsMissing + " (CI=true: every tool must be present, see .ci/run)");
    }
    Assumptions.abort(whatIsMissing + "; skipping (with CI=true this fails instead)");
  }

  /** The executable {@code program} in the first PATH directory that has it. */
  public static Optional<Path> findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The program's path, after {@link #require}-ing that it is on PATH. */
  public static Path requireOnPath(String program, String installHint) {
    Optional<Path> found = findOnPath(program);
    require(found.isPresent(), program + " is not on PATH (" + installHint + ")");
    return found.orElseThrow();
  }
}
