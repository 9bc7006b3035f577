package dev.floxj.target;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

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

  /**
   * Deletes {@code root} and everything in it, best effort and never throwing. On Ctrl-C this
   * runs while the writer threads are still going and while the hooks of directories nested in
   * this one delete their part: entries vanish under the walk and new ones may appear, so
   * vanished entries are skipped and the walk is repeated, a moment apart, until the root is
   * gone (at most about half a second).
   */
  private static void deleteTree(Path root) {
    for (int attempt = 0; attempt < 25 && Files.exists(root, LinkOption.NOFOLLOW_LINKS); attempt++) {
      if (attempt > 0) {
        pause();
      }
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                deleteQuietly(file);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone already, or unreadable: the next attempt
              }

              @Override
              public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                deleteQuietly(directory);
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException ignored) {
        // best effort: a hidden directory, never referenced by an index
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a directory something was just written into: the next attempt
    }
  }
}
