package dev.floxj.image;

import java.util.List;

/**
 * An image ready to be streamed: its layers bottom first (store layers, then the customisation
 * layer), and the config that the layers' digests complete.
 */
public record Image(ImageReference reference, List<ImageLayer> layers, ImageConfig config) {
  public Image {
    layers = List.copyOf(layers);
  }
}
