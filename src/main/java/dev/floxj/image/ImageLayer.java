package dev.floxj.image;

import dev.floxj.store.StorePath;
import java.util.List;

/**
 * One layer of an image: its tar, and the store paths it holds (empty for the customisation
 * layer, which holds everything outside the store).
 */
public record ImageLayer(LayerContent content, List<StorePath> storePaths) {
  public ImageLayer {
    storePaths = List.copyOf(storePaths);
  }

  public boolean isCustomisation() {
    return storePaths.isEmpty();
  }

  /** The image history's comment for this layer. */
  public String comment() {
    return isCustomisation() ? "customisation layer" : "store paths: " + storePaths;
  }
}
