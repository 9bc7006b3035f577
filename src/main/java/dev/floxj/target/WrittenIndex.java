package dev.floxj.target;

import dev.floxj.image.model.Descriptor;
import java.util.List;

/**
 * What a destination wrote for a multi-platform image: the image index's descriptor (what the
 * references point at) and each platform's image, in the index's order. What {@code --iidfile}
 * and {@code --metadata-file} report for several platforms.
 */
public record WrittenIndex(
    String destination, Descriptor index, List<WrittenImage> images, List<String> references) {
  public WrittenIndex {
    images = List.copyOf(images);
    references = List.copyOf(references);
  }
}
