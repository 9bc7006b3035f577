package dev.floxj.image.model;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The uncompressed tar of one image layer. Its size is known before any content is read, so the
 * layer can be streamed into an outer archive whose entry header comes first.
 */
public interface LayerContent {
  /**
   * The exact number of bytes {@link #writeTo} will write, computed from metadata alone. The
   * archive writer calls it on a thread of its own, ahead of time, possibly while another
   * layer's {@link #writeTo} runs; {@code writeTo} of this layer comes after it returned.
   */
  long size() throws IOException;

  /** Writes the layer tar, exactly {@link #size()} bytes. */
  void writeTo(OutputStream out) throws IOException;

  /**
   * How much memory this layer holds from {@link #size()} until {@link #writeTo} (a store layer
   * keeps its measuring walk), so that the archive writer can bound what waits to be written.
   */
  default long keptBytes() {
    return 0;
  }

  /**
   * A text that determines every byte {@link #writeTo} writes (for a store layer: its store paths
   * with their NAR hashes, and how its tar is written), so that a layer-digest cache can know the
   * layer's digest before writing it; empty when no such text is known.
   */
  default Optional<String> identity() {
    return Optional.empty();
  }

  /**
   * Whether the layer is small and held in memory (the customisation layer), so that writing it
   * twice, once to learn its digest, costs nothing worth counting.
   */
  default boolean heldInMemory() {
    return false;
  }
}
