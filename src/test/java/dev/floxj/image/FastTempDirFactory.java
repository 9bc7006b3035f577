package dev.floxj.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories in memory (/dev/shm) where possible: creating 100k files on disk is slow.
 */
final class FastTempDirFactory implements TempDirFactory {
  private static final Path SHARED_MEMORY = Path.of("/dev/shm");

  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
      throws IOException {
    if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
      return Files.createTempDirectory(SHARED_MEMORY, "floxj-test-");
    }
    return Files.createTempDirectory("floxj-test-");
  }
}
