package dev.floxj.image.model;

import java.util.List;

/**
 * An image ready to be written anywhere: its layers bottom first (store layers, then the
 * customisation layer), and the config that the layers' diff IDs complete. It carries no name:
 * references belong to where the image goes.
 */
public record Image(ImageConfig config, List<Layer> layers) {
  public Image {
    layers = List.copyOf(layers);
  }

  /** The same image with other layers (e.g. the same layers read back from stored blobs). */
  public Image withLayers(List<Layer> newLayers) {
    return new Image(config, newLayers);
  }
}
