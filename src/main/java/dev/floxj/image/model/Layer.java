package dev.floxj.image.model;

import dev.floxj.store.StorePath;
import java.util.List;

/**
 * One layer of an image: its uncompressed tar, the store paths it holds (empty for the
 * customisation layer, which holds everything outside the store), and its diff ID when that is
 * known before writing (a layer read back from a blob named by its digest). Otherwise the diff ID
 * is learned while the layer is written, by hashing the bytes as they pass. A layer may also carry
 * what an earlier run learned of it ({@link RememberedDigests}, from the layer-digest cache): a
 * destination holding such a blob already need not read the layer at all.
 *
 * @param knownDiffId null when it is to be learned
 * @param remembered null when no earlier run is remembered
 */
public record Layer(LayerContent content, List<StorePath> storePaths, Digest knownDiffId, RememberedDigests remembered) {
  public Layer {
    storePaths = List.copyOf(storePaths);
  }

  /** A layer whose diff ID is known, or else learned while it is written. */
  public Layer(LayerContent content, List<StorePath> storePaths, Digest knownDiffId) {
    this(content, storePaths, knownDiffId, null);
  }

  /** A layer whose diff ID is learned while it is written. */
  public Layer(LayerContent content, List<StorePath> storePaths) {
    this(content, storePaths, null);
  }

  /** This layer with what an earlier run learned of it. */
  public Layer withRemembered(RememberedDigests digests) {
    return new Layer(content, storePaths, knownDiffId, digests);
  }

  /** The blob an earlier run stored with {@code compression}, if remembered. */
  public java.util.Optional<RememberedDigests.Stored> remembered(Compression compression) {
    return remembered == null ? java.util.Optional.empty() : remembered.as(compression);
  }

  public boolean isCustomisation() {
    return storePaths.isEmpty();
  }

  /** The image history's comment for this layer. */
  public String comment() {
    return isCustomisation() ? "customisation layer" : "store paths: " + storePaths;
  }
}
