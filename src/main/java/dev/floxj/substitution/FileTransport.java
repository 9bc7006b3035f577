package dev.floxj.substitution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A binary cache in a local directory ({@code file:///srv/cache}), as {@code nix copy} writes one. */
final class FileTransport implements CacheTransport {
  private final Path root;

  FileTransport(Path root) {
    this.root = root;
  }

  @Override
  public Optional<InputStream> open(String relativePath) throws IOException {
    try {
      return Optional.of(Files.newInputStream(root.resolve(relativePath)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public String describe(String relativePath) {
    return root.resolve(relativePath).toString();
  }
}
