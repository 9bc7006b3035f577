package dev.floxj.store;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/** Where the files of store paths are read from: a local store's directory, or a binary cache. */
public interface StoreContents {
  /** Visits {@code path} and everything below it, in NAR order. */
  void walk(StorePath path, StoreFileVisitor visitor) throws IOException;

  /**
   * Whether the regular files of {@code path} can be opened by name with {@link #open}, outside a
   * walk. Then a layer can keep the walk that measured it and write from it, rather than walking
   * its store paths a second time.
   */
  default boolean opensFilesByName(StorePath path) {
    return false;
  }

  /**
   * The NAR hash of {@code path} as the store or binary cache recorded it (e.g. {@code
   * sha256:…}), which, unlike the store path's name, changes with its content; empty when unknown.
   */
  default Optional<String> narHash(StorePath path) {
    return Optional.empty();
  }

  /**
   * Opens the regular file {@code name}, a full name as a walk gives it, in a store path for which
   * {@link #opensFilesByName} holds. The caller closes the channel.
   */
  default ReadableByteChannel open(String name) throws IOException {
    throw new UnsupportedOperationException("files are read during a walk only: " + name);
  }
}
