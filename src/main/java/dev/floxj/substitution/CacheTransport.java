package dev.floxj.substitution;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the files of one binary cache by their path under its root. An {@link IOException} is a
 * transient failure worth retrying, unless it is a {@link CacheRefusedException}.
 */
interface CacheTransport {
  /** Opens a file, its content encoding undone; empty when the cache does not have it. */
  Optional<InputStream> open(String relativePath) throws IOException;

  /** The address of {@code relativePath}, for messages. */
  String describe(String relativePath);
}
