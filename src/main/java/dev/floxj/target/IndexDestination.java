package dev.floxj.target;

import dev.floxj.image.model.Image;
import java.io.IOException;
import java.util.List;

/**
 * A destination that can hold an image index, and so several platforms of one image under one
 * reference (an OCI layout or archive, a registry). A docker-archive or a runtime load holds one
 * image and is no IndexDestination.
 */
public interface IndexDestination extends Destination {
  /**
   * Writes one image per platform, then the index naming them (each entry with its platform),
   * under the destination's references; blobs the images share are stored or sent once.
   */
  WrittenIndex writeIndex(List<Image> images, WriteProgress progress) throws IOException;
}
