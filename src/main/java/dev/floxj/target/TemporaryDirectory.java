package dev.floxj.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A hidden working directory beside a destination (staged layers, an OCI archive's layout before
 * it is tarred, a layout directory a run creates), removed when closed and also when the JVM is
 * stopped (Ctrl-C), so that no run leaves one behind. {@link #keep()} hands it over instead.
 */
public final class TemporaryDirectory implements AutoCloseable {
  private final Path path;
  private final Thread cleanupOnExit;
  private boolean kept;

  private TemporaryDirectory(Path path) {
    this.path = path;
    this.cleanupOnExit = new Thread(() -> deleteTree(path), "floxj-remove-temporary-directory");
    Runtime.getRuntime().addShutdownHook(cleanupOnExit);
  }

  /** A new directory {@code parent/<prefix>…}. */
  public static TemporaryDirectory create(Path parent, String prefix) throws IOException {
    return new TemporaryDirectory(Files.createTempDirectory(parent, prefix));
  }

  /** Takes charge of {@code path}, which the caller has just created. */
  public static TemporaryDirectory adopt(Path path) {
    return new TemporaryDirectory(path);
  }

  public Path path() {
    return path;
  }

  /** The directory stays: it is complete, and no longer temporary. */
  public void keep() {
    kept = true;
    removeHook();
  }

  /** Removes the directory and everything in it, unless kept. Never throws. */
  @Override
  public void close() {
    if (!kept) {
      deleteTree(path);
      removeHook();
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a hidden directory, never referenced by an index
    }
  }
}
