package dev.floxj.image.model;

import dev.floxj.store.StorePath;
import java.util.List;

/**
 * One layer of an image: its uncompressed tar, the store paths it holds (empty for the
 * customisation layer, which holds everything outside the store), and its diff ID when that is
 * known before writing (a layer read back from a blob named by its digest). Otherwise the diff ID
 * is learned while the layer is written, by hashing the bytes as they pass.
 *
 * @param knownDiffId null when it is to be learned
 */
public record Layer(LayerContent content, List<StorePath> storePaths, Digest knownDiffId) {
  public Layer {
    storePaths = List.copyOf(storePaths);
  }

  /** A layer whose diff ID is learned while it is written. */
  public Layer(LayerContent content, List<StorePath> storePaths) {
    this(content, storePaths, null);
  }

  public boolean isCustomisation() {
    return storePaths.isEmpty();
  }

  /** The image history's comment for this layer. */
  public String comment() {
    return isCustomisation() ? "customisation layer" : "store paths: " + storePaths;
  }
}
