package dev.floxj.target;

import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.WrittenLayer;
import java.util.List;

/**
 * What a destination wrote: the config's digest (the image ID Docker shows), the manifest's
 * descriptor where the destination stores one (a docker-archive has none), each layer as stored,
 * and the references written or pushed. What {@code --iidfile} and {@code --metadata-file} report.
 *
 * @param manifest null for a docker-archive
 */
public record WrittenImage(
    String destination,
    Digest config,
    Descriptor manifest,
    List<WrittenLayer> layers,
    List<String> references) {
  public WrittenImage {
    layers = List.copyOf(layers);
    references = List.copyOf(references);
  }
}
