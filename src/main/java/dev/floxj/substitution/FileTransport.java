package dev.floxj.substitution;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A binary cache in a local directory ({@code file:///srv/cache}), as {@code nix copy} writes one.
 * Only regular files are opened: a FIFO or device in the directory would block or never end, so
 * it is a refusal, checked before opening.
 */
final class FileTransport implements CacheTransport {
  private final URI root;

  /** @param root the cache's directory as a {@code file:} URI ending in {@code /} */
  FileTransport(URI root) {
    this.root = root;
  }

  @Override
  public Optional<InputStream> open(String relativePath) throws IOException {
    Path file = file(relativePath);
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new CacheRefusedException(file + " is not a regular file (a directory, FIFO or device)");
    }
    try {
      return Optional.of(Files.newInputStream(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public String describe(String relativePath) {
    return file(relativePath).toString();
  }

  /** {@code relativePath} is a raw (percent-encoded) URI path, as in a narinfo's URL. */
  private Path file(String relativePath) {
    return Path.of(root.resolve(relativePath));
  }
}
